/**
 * The core gateway (J1): everything the product knows about members, fund accounts, ledgers and loans comes
 * through this interface. The product ships a built-in core on its own tables (./builtin); a center plugs in
 * an adapter to its 核心业务系统 that implements the same interface. Field names follow the glossary in
 * STYLE.md; ./jgj320.ts holds the industry data standard's code lists, and ./external/wire-names.ts maps the field
 * names to its data element identifiers for the external core's wire.
 */
import type { Fen } from '../shared/money.js';
import type { IsoDate } from '../shared/dates.js';
import type { LedgerBusinessType, MaritalStatus, MemberStatus, RateKind, RegistrationKind, RepaymentKind } from '../shared/core-vocabulary.js';
import type { RepaymentMethod } from '../shared/loan-math.js';

export type { LedgerBusinessType, RateKind };

export interface CoreMember {
  id: number;
  name: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  gender: 'male' | 'female';
  birthDate: IsoDate;
  maritalStatus: MaritalStatus;
  spouseMemberId: number | null;
  education: string | null;
  occupation: string | null;
  title: string | null;
  position: string | null;
  address: string | null;
  postalCode: string | null;
  householdMonthlyIncomeFen: Fen | null;
  employer: { code: string; name: string; /** 单位账号 */ accountNo: string | null } | null;
  status: MemberStatus;
  statusSince: IsoDate | null;
}

export interface MemberProfilePatch {
  education?: string | null;
  occupation?: string | null;
  title?: string | null;
  position?: string | null;
  address?: string | null;
  postalCode?: string | null;
}

export interface CoreFundAccount {
  id: number;
  memberId: number;
  accountNo: string;
  balanceFen: Fen;
  depositBaseFen: Fen;
  unitRatioPercent: number;
  personalRatioPercent: number;
  unitMonthlyFen: Fen;
  personalMonthlyFen: Fen;
  monthlyTotalFen: Fen;
  paidUpTo: string | null; // YYYYMM
  openedOn: IsoDate;
  bankName: string | null;
  bankAccountNo: string | null;
  status: 'normal' | 'suspended' | 'closed';
  closedOn: IsoDate | null;
  lastWithdrawalOn: IsoDate | null;
  /** 启缴年月 YYYYMM (003 4.2 (2)). */
  firstPaidMonth: string | null;
}

export interface LedgerEntry {
  id: number;
  postedOn: IsoDate;
  businessType: LedgerBusinessType;
  summary: string;
  amountFen: Fen;
  interestFen: Fen;
  balanceAfterFen: Fen;
  withdrawalReason: string | null;
  withdrawalMethod: string | null;
  reference: string | null;
}

export interface LedgerPosting {
  memberId: number;
  postedOn: IsoDate;
  businessType: LedgerBusinessType;
  summary: string;
  amountFen: number;
  interestFen?: number;
  withdrawalReason?: string;
  withdrawalMethod?: string;
  /** Application serial no. or voucher: the same reference and type never posts twice to one account. */
  reference?: string;
}

export interface CoreLoan {
  id: number;
  contractNo: string;
  loanAccountNo: string;
  borrowerMemberId: number;
  coBorrowerMemberId: number | null;
  /** The asking member's part in the loan. */
  role: 'borrower' | 'co-borrower';
  principalFen: Fen;
  annualRatePercent: number;
  months: number;
  method: RepaymentMethod;
  dayCount: '30/360' | 'actual/360';
  issuedOn: IsoDate;
  maturityOn: IsoDate;
  repaymentDay: number;
  repaymentBank: string;
  repaymentAccountNo: string;
  collectionMethod: string;
  status: 'repaying' | 'settled' | 'overdue';
  balanceFen: Fen;
  periodsPaid: number;
  archiveNo: string | null;
  /** 贷款编号 (000 (三)); the contract number where the core has none apart. */
  loanNo: string;
  /** 贷款类型 (003 4.2 (3)). */
  loanType: 'provident' | 'combined';
  houseAddress: string | null;
  settledOn: IsoDate | null;
  /**
   * 月还款额: the current period's payment from the plan; of a settled loan the last regular one (the final period
   * settles the rounding: 张健's 3,312.29, not his last 3,312.33, 004 我的贷款).
   */
  currentPaymentFen: Fen | null;
  /** The plan's last period and its due date: after 月供不变 prepayments earlier than `months` / `maturityOn`. */
  planPeriods: number | null;
  planFinalDueOn: IsoDate | null;
}

export interface LoanRepayment {
  id: number;
  period: number | null;
  paidOn: IsoDate;
  kind: RepaymentKind;
  principalFen: Fen;
  interestFen: Fen;
  penaltyFen: Fen;
  amountFen: Fen;
  balanceAfterFen: Fen;
  reference: string | null;
}

interface LockedLoan {
  id: number;
  status: CoreLoan['status'];
  balanceFen: Fen;
  periodsPaid: number;
}

export interface UnpaidInstalment {
  loanId: number;
  contractNo: string;
  borrowerMemberId: number;
  coBorrowerMemberId: number | null;
  period: number;
  dueOn: IsoDate;
  principalFen: Fen;
  interestFen: Fen;
  paymentFen: Fen;
}

export interface LoanRepaymentInput {
  paidOn: IsoDate;
  kind: RepaymentKind;
  /** The plan period an instalment pays (counts as paid); null for prepayments and withdrawals towards the balance. */
  period: number | null;
  principalFen: number;
  interestFen: number;
  penaltyFen?: number;
  reference: string;
}

export interface PlanPeriod {
  period: number;
  dueOn: IsoDate;
  principalFen: Fen;
  interestFen: Fen;
  paymentFen: Fen;
  balanceAfterFen: Fen;
}

/** D4 放款: the contract the channel's loan application brings about, with its plan (loans/math.ts bookedSchedule). */
export interface NewLoan {
  borrowerMemberId: number;
  coBorrowerMemberId: number | null;
  principalFen: number;
  annualRatePercent: number;
  months: number;
  method: RepaymentMethod;
  issuedOn: IsoDate;
  repaymentDay: number;
  repaymentBank: string;
  repaymentAccountNo: string;
  houseAddress: string;
  /** The application's serial number: the loan's archive number (档案号), so that a repeat finds the loan made. */
  applicationNo: string;
  plan: PlanPeriod[];
}

/** Of a loan not settled, the first period of its plan due on or after the day asked (B1's 下期还款). */
export interface NextDue {
  loanId: number;
  period: number;
  dueOn: IsoDate;
  paymentFen: Fen;
}

/**
 * B1 账户总览 in one round trip: the member, their fund account (null without one), their loans as listLoans answers
 * them, and of each loan not settled the first period of its plan due on or after `on` (as listPlan from `on`'s first
 * row; none for a loan whose plan has no period left from `on`).
 */
export interface MemberOverview {
  member: CoreMember;
  account: CoreFundAccount | null;
  loans: CoreLoan[];
  nextDues: NextDue[];
}

export interface OverdueRecord {
  period: number;
  dueOn: IsoDate;
  principalFen: Fen;
  interestFen: Fen;
  penaltyFen: Fen;
  overdueDays: number;
  repaidOn: IsoDate | null;
}

export interface LoanProgress {
  applicationNo: string;
  contractNo: string | null;
  amountFen: Fen;
  months: number;
  appliedOn: IsoDate;
  currentNode: string;
  nodes: { node: string; handler: string; opinion: string; at: string }[];
}

export interface CounterRegistration {
  kind: RegistrationKind;
  registeredOn: IsoDate;
  contractNo: string | null;
  counterparty: string | null;
  amountFen: Fen | null;
  balanceFen: Fen | null;
  intervalMonths: number;
  limitFen: Fen | null;
  lastWithdrawalOn: IsoDate | null;
}

/**
 * A transaction on the product's own database, which the built-in core shares with the applications (the *Within
 * methods of same-database cores). Opaque here: the gateway knows no database; the built-in core opens it.
 */
export type CoreTransaction = object;

export interface DateRange {
  from?: IsoDate;
  to?: IsoDate;
}
export interface LedgerPage {
  entries: LedgerEntry[];
  total: number;
  totals: { depositsFen: Fen; withdrawalsFen: Fen };
  /** As ledgerYearSpan: the first and last years with postings (any range), null without any. */
  span: { firstYear: number; lastYear: number } | null;
}
export interface Page {
  limit: number;
  offset: number;
}

export interface Outlet {
  id: number;
  name: string;
  address: string;
  phone: string;
  hours: string;
  businessTypes: string[];
  latitude: number;
  longitude: number;
}
export interface HousingProject {
  id: number;
  name: string;
  location: string;
  developer: string;
  contact: string;
  phone: string;
}
export interface InterestRate {
  kind: RateKind;
  annualRatePercent: number;
  effectiveOn: IsoDate;
}

export interface CoreGateway {
  findMemberByIdNumber(idNumber: string): Promise<CoreMember | null>;
  findMemberByPhone(phone: string): Promise<CoreMember | null>;
  getMember(memberId: number): Promise<CoreMember | null>;
  /** The whole ID number and phone, for the member's own screens, SMS and FaceID only; never log them. */
  revealContact(memberId: number): Promise<{ idNumber: string; phone: string | null } | null>;
  /** A6: the member's new mobile number on record (000 (六), 003 5.1.3), after identity verified it by SMS. */
  updatePhone(memberId: number, phone: string): Promise<void>;
  /** B9: the fields a member may change themselves (000 (七), 001 2.7). */
  updateMemberProfile(memberId: number, patch: MemberProfilePatch): Promise<CoreMember>;

  /**
   * The member's account: a member may hold several (004 1.3, a closed 提取销户 one beside the open one); every
   * query by member (this, getMemberWithAccount, getFundAccounts, the ledger's, post, closeAccountWithin) means the
   * one not closed, else the most recently closed. Never two accounts' rows or sums merged.
   */
  getFundAccount(memberId: number): Promise<CoreFundAccount | null>;
  /** All the member's accounts: the member's account (as getFundAccount) first, then the closed ones, latest closed first. */
  listFundAccounts(memberId: number): Promise<CoreFundAccount[]>;
  /** The member and their fund account in one round trip (B2 is read on every visit to 我的); null without the member. */
  getMemberWithAccount(memberId: number): Promise<{ member: CoreMember; account: CoreFundAccount | null } | null>;
  /** B1 on every visit to 首页 / 我的: member, account, loans and their next instalments in one round trip; null without the member. */
  getMemberOverview(memberId: number, on: IsoDate): Promise<MemberOverview | null>;
  /** Several members' accounts in one call (the official-account bot answers many members at once); optional for adapters. */
  getFundAccounts?(memberIds: number[]): Promise<CoreFundAccount[]>;
  /** Ledger rows within the range, paged; oldest first unless `order` is 'desc' (the statements show newest first). */
  listLedger(memberId: number, range: DateRange, page: Page, order?: 'asc' | 'desc'): Promise<{ entries: LedgerEntry[]; total: number }>;
  /**
   * One screen of B3 in one round trip: the page of rows (as listLedger), their total count, the range's deposits
   * and withdrawals (as sumLedger) and the year span (as ledgerYearSpan); null when the member has no fund account.
   * With `accountNo`, of that account of the member's (listFundAccounts); null when the member has none so numbered.
   */
  ledgerPage(memberId: number, range: DateRange, page: Page, order: 'asc' | 'desc', accountNo?: string): Promise<LedgerPage | null>;
  /** Deposits (amounts > 0) and withdrawals (amounts < 0, as a positive sum) within the range. */
  sumLedger(memberId: number, range: DateRange): Promise<{ depositsFen: Fen; withdrawalsFen: Fen }>;
  /** The first and last years that hold postings (the year arrows of B3), or null without any. */
  ledgerYearSpan(memberId: number): Promise<{ firstYear: number; lastYear: number } | null>;
  /** Posts all entries in one transaction, or none; throws INSUFFICIENT_BALANCE if one would overdraw. */
  post(postings: LedgerPosting[]): Promise<LedgerEntry[]>;
  /**
   * Same-database cores only (the built-in one): posts inside the caller's transaction, so that an application's
   * state change and its postings commit together or not at all. Throws INSUFFICIENT_BALANCE / DUPLICATE_POSTING;
   * the postings are undone to a savepoint, the caller decides about the rest of its transaction.
   */
  postWithin?(tx: CoreTransaction, postings: LedgerPosting[]): Promise<LedgerEntry[]>;
  /** 销户 (C2, C3, C13): closes the emptied fund account and marks the member closed, inside the caller's transaction. */
  closeAccountWithin?(tx: CoreTransaction, memberId: number, on: IsoDate): Promise<void>;

  listLoans(memberId: number): Promise<CoreLoan[]>;
  /** Same-database cores only: the loan's row locked in the caller's transaction (D1–D3, C12 postings), or null. */
  lockLoanWithin?(tx: CoreTransaction, loanId: number): Promise<LockedLoan | null>;
  /**
   * Same-database cores only: records a repayment inside the caller's transaction (the database applies it to the
   * balance); a repayment that brings the balance to 0 marks the loan 结清. Throws LOAN_OVERPAID beyond the balance.
   */
  repayWithin?(tx: CoreTransaction, loanId: number, r: LoanRepaymentInput): Promise<{ balanceAfterFen: Fen; settled: boolean }>;
  /** Instalments of loans not settled whose period is not paid yet, due within the range (J2 reminders, D2 offsets). */
  listUnpaidInstalments?(range: { from: IsoDate; to: IsoDate }): Promise<UnpaidInstalment[]>;
  /**
   * Same-database cores only: D5 还款银行账户变更 (001 二), the bank and account the loan's instalments are deducted
   * from from now on, inside the caller's transaction (the channel records the change and consumes A9 in it).
   */
  changeRepaymentAccountWithin?(tx: CoreTransaction, loanId: number, to: { bank: string; accountNo: string }): Promise<void>;
  /** Same-database cores only: replaces the plan from `fromPeriod` on (D1 after a partial prepayment). */
  rewritePlanWithin?(tx: CoreTransaction, loanId: number, fromPeriod: number, rows: PlanPeriod[]): Promise<void>;
  /**
   * Same-database cores only: D4 放款, the contract and its plan inside the caller's transaction (the application's
   * state change commits with it). Answers the new contract number and 贷款账号.
   */
  createLoanWithin?(tx: CoreTransaction, loan: NewLoan): Promise<{ loanId: number; contractNo: string; loanAccountNo: string }>;
  listRepayments(loanId: number, range: DateRange): Promise<LoanRepayment[]>;
  listPlan(loanId: number, range: DateRange): Promise<PlanPeriod[]>;
  listOverdue(loanId: number): Promise<OverdueRecord[]>;
  listLoanProgress(memberId: number): Promise<LoanProgress[]>;
  listCounterRegistrations(memberId: number): Promise<CounterRegistration[]>;

  listOutlets(): Promise<Outlet[]>;
  listHousingProjects(nameContains?: string): Promise<HousingProject[]>;
  listInterestRates(): Promise<InterestRate[]>;
}
