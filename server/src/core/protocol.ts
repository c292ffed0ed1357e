/**
 * The protocol between the product and a center's 核心业务系统 (issue 17), shared by the external adapter
 * (./external/client.ts), the core emulator (../emulators/core) and the built-in core's business executor.
 *
 * - Queries: every read of CoreGateway is one operation `POST {CORE_BASE_URL}/v1/ops/{name}` whose JSON body
 *   names the arguments as CORE_OPERATIONS lists them; the answer is `{ "result": … }` (null where the gateway
 *   answers null), an error `{ "code", "message" }` with a 4xx/5xx status.
 * - Business: the product submits a request keyed by a serial number (`submitBusiness`): the application's, or for a
 *   member's instant change (D5) one made for it and kept for its retries; the core executes it once whatever the
 *   number of retries and answers accepted / done / refused (`businessStatus` asks again later).
 * - Events: the product pulls the core's events from a cursor feed (`listEvents`, oldest first, `after` the last id
 *   it applied). Events may come twice, late or out of order: the product applies each `eventId` once.
 * - Every request is signed by the product and every answer by the core (./external/signing.ts).
 * - On the wire, every field carries its JGJ/T 320 data element name (GRZH, GRZHYE, JKHTBH …), mapped from the names
 *   here in one dictionary (./external/wire-names.ts) that both ends encode and decode with.
 *
 * Nothing here imports the product's database: a core is reached by these types only.
 */
import type { IsoDate } from '../shared/dates.js';
import type { Fen } from '../shared/money.js';
import type { CoreGateway, LedgerEntry, LedgerPosting, LoanRepaymentInput, NewLoan, PlanPeriod } from './gateway.js';

/** Where a business was done (000 (九): 柜台、网厅、12329、APP、微信 …). */
export type CoreChannel = 'counter' | 'web-hall' | 'hotline' | 'app' | 'mini-program' | 'official-account';

export const CORE_CHANNEL_LABELS: Record<CoreChannel, string> = {
  counter: '柜台业务',
  'web-hall': '网上服务大厅',
  hotline: '12329服务热线',
  app: '手机APP',
  'mini-program': '小程序',
  'official-account': '微信公众号',
};

/**
 * A withdrawal's payout (C1–C14): the postings the approval books (their `reference` is the serial number) and,
 * for a 销户提取, the closing of the emptied account on `closeAccountOn`. Executed in one core transaction.
 */
export interface WithdrawalRequest {
  serial: string;
  type: 'withdrawal';
  memberId: number;
  /** 业务名称, as the core's records and the member's messages name it. */
  business: string;
  channel: CoreChannel;
  postings: LedgerPosting[];
  closeAccountOn?: IsoDate;
}

/**
 * The loan business paid to a loan (D1 提前还本, D3 提前结清, C12 一次性提取还贷 with the spouse), executed in one core
 * transaction: the loan is locked and must still be as the trial saw it (`expected`, else refused LOAN_CHANGED); the
 * fund's withdrawals are booked (`postings`, reference = serial), the repayments recorded in order, and the plan
 * replaced from `planFrom` on when `plan` is given (D1). `settles`: the repayments must bring the loan to 结清 (D3),
 * else refused LOAN_NOT_SETTLED.
 */
export interface LoanRepaymentRequest {
  serial: string;
  type: 'loan_repayment';
  /** The borrower who applied. */
  memberId: number;
  business: string;
  channel: CoreChannel;
  loanId: number;
  expected: { balanceFen: number; periodsPaid: number };
  /** The withdrawals from the fund (the borrower's, the spouse's for C12); empty when none. */
  postings: LedgerPosting[];
  repayments: LoanRepaymentInput[];
  planFrom?: number;
  plan?: PlanPeriod[];
  settles?: boolean;
}

/**
 * D4 放款: the contract and its plan the channel's loan application brings about, booked in one core transaction; the
 * core makes the contract number and 贷款账号 and answers them (`BusinessResult.loan`).
 */
export interface LoanDisbursementRequest {
  serial: string;
  type: 'loan_disbursement';
  memberId: number;
  business: string;
  channel: CoreChannel;
  loan: NewLoan;
}

/** D5 还款银行账户变更: the bank and account the loan's instalments are deducted from from now on (borrower only). */
export interface RepaymentAccountChangeRequest {
  serial: string;
  type: 'repayment_account_change';
  memberId: number;
  business: string;
  channel: CoreChannel;
  loanId: number;
  bank: string;
  accountNo: string;
}

/** 借款人, 配偶, 共同借款人: the payers of D2 按月抵扣, always debited in that order. */
export type OffsetPayerRole = 'borrower' | 'spouse' | 'co-borrower';

/** A payer of a D2 signing: the borrower's part is confirmed by the signing; another's waits for their own A9. */
interface OffsetPayer {
  memberId: number;
  role: OffsetPayerRole;
  consent: 'confirmed' | 'pending';
  /**
   * Pending: until when their confirmation counts (ISO 8601 with offset), as the channel keeps it (it sends their
   * `consent` only before then); a payer still pending is never debited.
   */
  consentBefore?: string;
}

/**
 * D2 按月抵扣签约 / 取消签约 (003 6.3.2): the channel signs and cancels, the core keeps the signing and takes each
 * instalment from the payers' fund accounts on the repayment day (the shortfall from the bank card), recording
 * `instalment_deducted`. `sign` (the borrower, memberId): the payers in the manual's order; refused ALREADY_SIGNED,
 * NOT_BORROWER, LOAN_SETTLED, PAYER_ORDER, PAYER_NOT_ON_LOAN. `cancel` (the borrower): refused NOT_SIGNED.
 * `consent` (memberId the spouse or co-borrower named): their answer (`accept`) to being debited; refused
 * CONSENT_NOT_FOUND, CONSENT_ANSWERED.
 */
export interface OffsetSigningRequest {
  serial: string;
  type: 'offset_signing';
  memberId: number;
  business: string;
  channel: CoreChannel;
  action: 'sign' | 'cancel' | 'consent';
  loanId: number;
  /** sign: who pays, in order. */
  payers?: OffsetPayer[];
  /** consent: confirmed (true) or declined. */
  accept?: boolean;
}

export type BusinessRequest = WithdrawalRequest | LoanRepaymentRequest | LoanDisbursementRequest | RepaymentAccountChangeRequest | OffsetSigningRequest;

type BusinessStatus = 'accepted' | 'done' | 'refused';

export interface BusinessResult {
  serial: string;
  type: BusinessRequest['type'];
  status: BusinessStatus;
  /** Refused: the core's stable code (INSUFFICIENT_BALANCE …) and its reason in Chinese, shown to the member. */
  code?: string;
  reason?: string;
  /** Done: when the core finished it (ISO 8601 with offset) and the ledger rows it booked. */
  doneAt?: string;
  entries?: LedgerEntry[];
  /** Done, of a loan_disbursement: the contract the core made. */
  loan?: { loanId: number; contractNo: string; loanAccountNo: string };
}

interface EventBase {
  /** The feed's cursor: increasing in the order the core recorded the events. */
  id: number;
  /** Unique per event at the core: a repeat of the same event carries the same eventId. */
  eventId: string;
  memberId: number;
  /** When it happened at the core (ISO 8601 with offset): may be earlier than an event already seen. */
  occurredAt: string;
  channel: CoreChannel;
}

/** 汇缴入账: the month's deposit arrived (004 2.1). */
export interface DepositEvent extends EventBase {
  type: 'deposit';
  data: { month: string; amountFen: Fen; balanceAfterFen: Fen };
}
/** 补缴: back pay for months missed (004 2.1 "补缴的公积金已到账"). */
interface BackPayEvent extends EventBase {
  type: 'back_pay';
  data: { fromMonth: string; toMonth: string; amountFen: Fen; balanceAfterFen: Fen };
}
/** 基数/比例调整. */
interface BaseChangeEvent extends EventBase {
  type: 'base_change';
  data: { effectiveMonth: string; depositBaseFen: Fen; unitRatioPercent: number; personalRatioPercent: number; monthlyTotalFen: Fen };
}
/**
 * A business accepted / progressed / done at the core (in any channel: 柜台, 网厅, 12329, APP, or the product's own
 * submission). `stepNo` orders the steps of one serial: a lower step arriving later is not shown.
 */
interface BusinessProgressEvent extends EventBase {
  type: 'business_progress';
  data: { serial: string; business: string; step: string; stepNo: number; done: boolean; result?: string };
}
/** 贷款发放. */
interface LoanDisbursedEvent extends EventBase {
  type: 'loan_disbursed';
  /** `serial`: the business that made the loan, when a channel's (the product's own 放款 is told by its application). */
  data: { contractNo: string; amountFen: Fen; months: number; serial?: string };
}
/**
 * 扣款: an instalment deducted (`balanceAfterFen` the loan's). Of D2 按月抵扣 (`method: 'monthly_offset'`): one event
 * per fund account debited, to its owner — `amountFen` what their account gave, `accountBalanceAfterFen` its balance
 * after, `paymentFen` the instalment, `shortfallFen` the part left to the borrower's bank card; the borrower gets one
 * also when their own account gave nothing (`amountFen` 0).
 */
interface InstalmentDeductedEvent extends EventBase {
  type: 'instalment_deducted';
  data: {
    contractNo: string;
    period: number;
    amountFen: Fen;
    balanceAfterFen: Fen;
    method?: 'monthly_offset';
    paymentFen?: Fen;
    accountBalanceAfterFen?: Fen;
    shortfallFen?: Fen;
  };
}
/** 逾期. */
interface OverdueEvent extends EventBase {
  type: 'overdue';
  data: { contractNo: string; period: number; amountFen: Fen; overdueDays: number };
}

/**
 * D2 按月抵扣 取消签约 done at the core, in any channel (a counter's included), to the borrower: the signing of the loan
 * `loanId` no longer debits anyone's fund account. `serial` is the cancelling business's (the channel's own when it
 * cancelled). Sent beside the business's `business_progress`; a channel that keeps a copy of the signing ends it.
 */
interface OffsetSigningEndedEvent extends EventBase {
  type: 'offset_signing_ended';
  data: { loanId: number; contractNo: string; serial: string };
}

export type CoreEvent =
  DepositEvent | BackPayEvent | BaseChangeEvent | BusinessProgressEvent | LoanDisbursedEvent | InstalmentDeductedEvent | OverdueEvent | OffsetSigningEndedEvent;

export interface EventPage {
  events: CoreEvent[];
  /** The cursor to ask `after` next time (the last id of this page, or `after` when empty). */
  next: number;
}

/** Business and events, as a core offers them beside the queries of CoreGateway. */
export interface CoreBusiness {
  submitBusiness(request: BusinessRequest): Promise<BusinessResult>;
  /** The result of an earlier submission, or null when the core never received that serial. */
  businessStatus(serial: string): Promise<BusinessResult | null>;
  listEvents(after: number, limit: number): Promise<EventPage>;
}

/** The query operations of CoreGateway on the wire, each with its arguments' names in order. */
export const CORE_OPERATIONS = {
  findMemberByIdNumber: ['idNumber'],
  findMemberByPhone: ['phone'],
  getMember: ['memberId'],
  revealContact: ['memberId'],
  updatePhone: ['memberId', 'phone'],
  updateMemberProfile: ['memberId', 'patch'],
  getFundAccount: ['memberId'],
  getMemberWithAccount: ['memberId'],
  getFundAccounts: ['memberIds'],
  listFundAccounts: ['memberId'],
  getMemberOverview: ['memberId', 'on'],
  listLedger: ['memberId', 'range', 'page', 'order'],
  ledgerPage: ['memberId', 'range', 'page', 'order', 'accountNo'],
  sumLedger: ['memberId', 'range'],
  ledgerYearSpan: ['memberId'],
  listLoans: ['memberId'],
  listUnpaidInstalments: ['range'],
  listRepayments: ['loanId', 'range'],
  listPlan: ['loanId', 'range'],
  listOverdue: ['loanId'],
  listLoanProgress: ['memberId'],
  listCounterRegistrations: ['memberId'],
  listOutlets: [],
  listHousingProjects: ['nameContains'],
  listInterestRates: [],
  submitBusiness: ['request'],
  businessStatus: ['serial'],
  listEvents: ['after', 'limit'],
} as const satisfies Record<string, readonly string[]>;

export type CoreOperation = keyof typeof CORE_OPERATIONS;

/** What answers the operations: a CoreGateway's queries and CoreBusiness (the emulator serves a BuiltinCore so). */
export type CoreSystem = Pick<CoreGateway, Exclude<CoreOperation, keyof CoreBusiness> & keyof CoreGateway> & CoreBusiness;

export const CORE_UNAVAILABLE_MESSAGE = '核心业务系统暂时无法访问，请稍后再试';

/** A core that takes business by request (the external one): the product hands it the postings instead of booking them. */
export function isCoreBusiness<C extends object>(core: C): core is C & CoreBusiness {
  return typeof (core as Partial<CoreBusiness>).submitBusiness === 'function' && typeof (core as Partial<CoreBusiness>).businessStatus === 'function';
}
