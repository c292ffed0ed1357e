/**
 * What each certificate states (001 3.3: 职工缴存证明, 个人公积金贷款结清证明, 异地转移接续申请回单), gathered from the
 * core gateway at the moment of issue, with the rules on when a certificate may be issued at all. The facts are
 * stored with the certificate; the PDF and the public verification answer are both drawn from them.
 */
import type { CoreGateway, CoreLoan, CoreMember, LedgerEntry } from '../core/gateway.js';
import type { CertificateKind } from './tables.js';
import type { IsoDate } from '../shared/dates.js';
import { conflict, notFound } from '../shared/errors.js';
import type { RepaymentMethod } from '../shared/loan-math.js';

export type { CertificateKind };

export interface DepositFacts {
  kind: 'deposit';
  accountNo: string;
  employerName: string | null;
  openedOn: IsoDate;
  status: 'normal' | 'suspended' | 'closed';
  depositBaseFen: number;
  unitRatioPercent: number;
  personalRatioPercent: number;
  unitMonthlyFen: number;
  personalMonthlyFen: number;
  monthlyTotalFen: number;
  paidUpTo: string | null; // YYYYMM
  balanceFen: number;
}

export interface LoanSettlementFacts {
  kind: 'loan-settlement';
  contractNo: string;
  role: 'borrower' | 'co-borrower';
  principalFen: number;
  months: number;
  method: RepaymentMethod;
  loanIssuedOn: IsoDate;
  settledOn: IsoDate | null;
}

export interface TransferReceiptFacts {
  kind: 'transfer-receipt';
  accountNo: string;
  employerName: string | null;
  transferredOn: IsoDate;
  amountFen: number; // what left the account, positive
  summary: string;
  reference: string | null;
  balanceAfterFen: number;
}

type CertificateSubject = DepositFacts | LoanSettlementFacts | TransferReceiptFacts;

/** Stored as the certificate's `facts` column. Personal data appears masked (the ID) or is masked when shown publicly. */
export interface CertificateFacts {
  version: 1;
  centerName: string;
  issuedOn: IsoDate;
  /** Printed on the certificate: where anyone checks it. */
  verifyUrl: string;
  holder: { name: string; idNumberMasked: string };
  subject: CertificateSubject;
}

export interface IssueRequest {
  kind: CertificateKind;
  /** Loan settlement only: which loan; the most recently settled one when absent. */
  contractNo?: string;
}

export async function gatherSubject(core: CoreGateway, memberId: number, request: IssueRequest): Promise<{ member: CoreMember; subject: CertificateSubject }> {
  const member = await core.getMember(memberId);
  if (!member) throw notFound('MEMBER_NOT_FOUND', '未找到您的缴存信息，请联系公积金中心');
  switch (request.kind) {
    case 'deposit':
      return { member, subject: await depositFacts(core, member) };
    case 'loan-settlement':
      return { member, subject: await loanSettlementFacts(core, memberId, request.contractNo) };
    case 'transfer-receipt':
      return { member, subject: await transferReceiptFacts(core, member) };
  }
}

async function fundAccountOf(core: CoreGateway, memberId: number) {
  const a = await core.getFundAccount(memberId);
  if (!a) throw notFound('FUND_ACCOUNT_NOT_FOUND', '未找到您的公积金个人账户');
  return a;
}

async function depositFacts(core: CoreGateway, member: CoreMember): Promise<DepositFacts> {
  const a = await fundAccountOf(core, member.id);
  return {
    kind: 'deposit',
    accountNo: a.accountNo,
    employerName: member.employer?.name ?? null,
    openedOn: a.openedOn,
    status: a.status,
    depositBaseFen: a.depositBaseFen,
    unitRatioPercent: a.unitRatioPercent,
    personalRatioPercent: a.personalRatioPercent,
    unitMonthlyFen: a.unitMonthlyFen,
    personalMonthlyFen: a.personalMonthlyFen,
    monthlyTotalFen: a.monthlyTotalFen,
    paidUpTo: a.paidUpTo,
    balanceFen: a.balanceFen,
  };
}

/** Only a loan of the member (as borrower or co-borrower) that is settled in full. */
async function loanSettlementFacts(core: CoreGateway, memberId: number, contractNo?: string): Promise<LoanSettlementFacts> {
  const loans = await core.listLoans(memberId);
  let loan: CoreLoan | undefined;
  if (contractNo !== undefined) {
    loan = loans.find((l) => l.contractNo === contractNo);
    if (!loan) throw notFound('LOAN_NOT_FOUND', `未找到您名下合同号为 ${contractNo} 的公积金贷款`);
    if (loan.status !== 'settled') throw conflict('LOAN_NOT_SETTLED', `借款合同 ${contractNo} 的贷款尚未结清，结清后方可开具贷款结清证明`);
  } else {
    if (!loans.length) throw conflict('NO_FUND_LOAN', '您没有公积金贷款，无法开具贷款结清证明');
    const settled = loans.filter((l) => l.status === 'settled').sort((x, y) => (x.settledOn ?? '').localeCompare(y.settledOn ?? ''));
    loan = settled[settled.length - 1];
    if (!loan) throw conflict('LOAN_NOT_SETTLED', '您的公积金贷款尚未结清，结清后方可开具贷款结清证明');
  }
  const settledOn = loan.settledOn ?? (await core.listRepayments(loan.id, {})).at(-1)?.paidOn ?? null;
  return {
    kind: 'loan-settlement',
    contractNo: loan.contractNo,
    role: loan.role,
    principalFen: loan.principalFen,
    months: loan.months,
    method: loan.method,
    loanIssuedOn: loan.issuedOn,
    settledOn,
  };
}

/** C13 / 001 2.5: a receipt exists only for a transfer that has left the account (a transfer_out posting). */
async function transferReceiptFacts(core: CoreGateway, member: CoreMember): Promise<TransferReceiptFacts> {
  const a = await fundAccountOf(core, member.id);
  const entry = await latestTransferOut(core, member.id);
  if (!entry) {
    throw conflict('NO_TRANSFER_OUT', '您的公积金账户没有异地转移接续（转出）记录，无法开具转移接续回单；转移接续办结后方可开具');
  }
  return {
    kind: 'transfer-receipt',
    accountNo: a.accountNo,
    employerName: member.employer?.name ?? null,
    transferredOn: entry.postedOn,
    amountFen: -entry.amountFen,
    summary: entry.summary,
    reference: entry.reference,
    balanceAfterFen: entry.balanceAfterFen,
  };
}

async function latestTransferOut(core: CoreGateway, memberId: number): Promise<LedgerEntry | null> {
  const limit = 500;
  for (let offset = 0; ; offset += limit) {
    const { entries, total } = await core.listLedger(memberId, {}, { limit, offset }, 'desc');
    const found = entries.find((e) => e.businessType === 'transfer_out');
    if (found) return found;
    if (offset + limit >= total || entries.length === 0) return null;
  }
}
