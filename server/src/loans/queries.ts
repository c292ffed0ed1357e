/** Loan queries of 我的 (B4–B8). A contract is found only among the asking member's own loans. */
import type { CoreGateway, CoreLoan, DateRange, LoanProgress } from '../core/gateway.js';
import { DomainError } from '../shared/errors.js';
import { maskBankAccount } from '../shared/mask.js';
import { yearMonth, type IsoDate } from '../shared/dates.js';

const METHOD = { 'equal-installment': '等额本息', 'equal-principal': '等额本金' } as const;
const STATUS = { repaying: '正常还款', settled: '结清', overdue: '逾期' } as const;
const KIND = {
  regular: '正常还款',
  overdue: '逾期还款',
  prepayment: '提前还款',
  settlement: '提前结清',
  offset: '按月抵扣',
  withdrawal_repay: '公积金提取还款',
} as const;
/** 004 3.5's first row: the loan paid out (放款金额), before any repayment. */
const ISSUE = '贷款发放';
export const NO_OVERDUE_MESSAGE = '您暂无逾期还款记录'; // 003 4.2(6)

export async function loanOf(core: CoreGateway, memberId: number, contractNo: string): Promise<CoreLoan> {
  const loan = (await core.listLoans(memberId)).find((l) => l.contractNo === contractNo);
  // The same answer whether the contract does not exist or belongs to someone else.
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', '未找到该借款合同', 404);
  return loan;
}

const LOAN_TYPE = { provident: '公积金贷款', combined: '组合贷款' } as const;

/** `offsetSigned`: 是否对冲, from the loan business's 按月抵扣 signings (none known: 否). */
export async function loans(core: CoreGateway, memberId: number, offsetSigned: (loanIds: number[]) => Promise<Set<number>> = async () => new Set()) {
  const [member, list] = await Promise.all([core.getMember(memberId), core.listLoans(memberId)]);
  const offset = await offsetSigned(list.map((l) => l.id));
  // The borrower and co-borrower of each contract (the asking member is one of them), looked up together.
  const ids = [...new Set(list.flatMap((l) => [l.borrowerMemberId, l.coBorrowerMemberId ?? 0]).filter(Boolean))];
  const names = new Map(await Promise.all(ids.map(async (id) => [id, (await core.getMember(id))?.name ?? ''] as const)));
  return list.map((l) => ({
    contractNo: l.contractNo,
    loanAccountNo: l.loanAccountNo,
    role: l.role,
    borrowerName: names.get(l.borrowerMemberId) ?? '',
    coBorrowerName: l.coBorrowerMemberId ? (names.get(l.coBorrowerMemberId) ?? null) : null,
    idNumberMasked: l.role === 'borrower' ? (member?.idNumberMasked ?? null) : null,
    employer: member?.employer ?? null,
    principalFen: l.principalFen,
    balanceFen: l.balanceFen,
    annualRatePercent: l.annualRatePercent,
    months: l.months,
    method: l.method,
    methodLabel: METHOD[l.method],
    collectionMethod: l.collectionMethod,
    repaymentDay: l.repaymentDay,
    repaymentBank: l.repaymentBank,
    repaymentAccountNoMasked: maskBankAccount(l.repaymentAccountNo),
    monthlyPaymentFen: l.currentPaymentFen,
    issuedOn: l.issuedOn,
    maturityOn: l.maturityOn,
    periodsPaid: l.periodsPaid,
    // After 月供不变 prepayments the plan ends before the contract: 已还/剩余 and 到期 follow the plan (000 (三)).
    totalPeriods: l.planPeriods ?? l.months,
    remainingPeriods: Math.max(0, (l.planPeriods ?? l.months) - l.periodsPaid),
    finalDueOn: l.planFinalDueOn ?? l.maturityOn,
    status: l.status,
    statusLabel: STATUS[l.status],
    archiveNo: l.archiveNo,
    settledOn: l.settledOn,
    loanNo: l.loanNo,
    loanType: l.loanType,
    loanTypeLabel: LOAN_TYPE[l.loanType],
    offsetSigned: offset.has(l.id),
  }));
}

function yearRange(year: number | undefined, from?: string, to?: string): DateRange & { year: number | null } {
  if (year) return { year, from: `${year}-01-01`, to: `${year}-12-31` };
  return { year: null, from, to };
}

/**
 * B5 as 003 4.2 (4) and 004 3.5 show it: each row with its 还款年月 (the plan month of the period it pays, else the
 * month it was paid), the running 已还本金 / 已还利息 since the loan was issued, and a 贷款发放 row (放款金额) when the
 * issue falls in the range. Newest first.
 */
export async function repayments(core: CoreGateway, memberId: number, contractNo: string, q: { year?: number; from?: string; to?: string }, today: IsoDate) {
  const loan = await loanOf(core, memberId, contractNo);
  const range = yearRange(q.year ?? (q.from || q.to ? undefined : Number(today.slice(0, 4))), q.from, q.to);
  // The running totals count every repayment since the issue, so the rows are read from the start, not from `from`.
  const [rows, plan] = await Promise.all([core.listRepayments(loan.id, { to: range.to }), core.listPlan(loan.id, { to: range.to })]);
  const dueMonth = new Map(plan.map((p) => [p.period, yearMonth(p.dueOn)]));
  const inRange = (d: IsoDate) => (!range.from || d >= range.from) && (!range.to || d <= range.to);
  const items = [];
  if (inRange(loan.issuedOn)) {
    items.push({
      period: null,
      totalPeriods: loan.months,
      paidOn: loan.issuedOn,
      yearMonth: null,
      kind: ISSUE,
      principalFen: 0,
      interestFen: 0,
      penaltyFen: 0,
      amountFen: 0,
      loanAmountFen: loan.principalFen,
      repaidPrincipalFen: 0,
      repaidInterestFen: 0,
      balanceAfterFen: loan.principalFen,
    });
  }
  let repaidPrincipalFen = 0;
  let repaidInterestFen = 0;
  for (const r of rows) {
    repaidPrincipalFen += r.principalFen;
    repaidInterestFen += r.interestFen;
    if (!inRange(r.paidOn)) continue;
    items.push({
      period: r.period,
      totalPeriods: loan.months,
      paidOn: r.paidOn,
      yearMonth: (r.period !== null ? dueMonth.get(r.period) : undefined) ?? yearMonth(r.paidOn),
      kind: KIND[r.kind],
      principalFen: r.principalFen,
      interestFen: r.interestFen,
      penaltyFen: r.penaltyFen,
      amountFen: r.amountFen,
      loanAmountFen: 0,
      repaidPrincipalFen,
      repaidInterestFen,
      balanceAfterFen: r.balanceAfterFen,
    });
  }
  const firstYear = Number(loan.issuedOn.slice(0, 4));
  const lastYear = Number((loan.settledOn ?? today).slice(0, 4));
  return {
    contractNo,
    year: range.year,
    from: range.from ?? null,
    to: range.to ?? null,
    previousYear: range.year && range.year > firstYear ? range.year - 1 : null,
    nextYear: range.year && range.year < lastYear ? range.year + 1 : null,
    items: items.reverse(),
  };
}

/** 004 3.4, 3.6: what the plan says instead of rows for a loan that has none left to pay. */
export function planMessage(loan: CoreLoan, today: IsoDate): string | null {
  if (loan.status === 'settled') return `此合同【${loan.contractNo}】的贷款已结清`;
  if (loan.issuedOn > today) return `此合同【${loan.contractNo}】的贷款未发放`;
  return null;
}

/** B6: the plan (004 3.6 columns). Without a range: from today on. */
export async function plan(core: CoreGateway, memberId: number, contractNo: string, q: { from?: string; to?: string }, today: IsoDate) {
  const loan = await loanOf(core, memberId, contractNo);
  const rows = await core.listPlan(loan.id, { from: q.from ?? (q.to ? undefined : today), to: q.to });
  return {
    contractNo,
    borrowerMemberId: loan.borrowerMemberId,
    from: q.from ?? null,
    to: q.to ?? null,
    message: planMessage(loan, today),
    items: rows.map((p, i) => ({
      seq: i + 1,
      period: p.period,
      yearMonth: yearMonth(p.dueOn),
      dueOn: p.dueOn,
      principalFen: p.principalFen,
      interestFen: p.interestFen,
      paymentFen: p.paymentFen,
      balanceAfterFen: p.balanceAfterFen,
    })),
  };
}

export async function overdue(core: CoreGateway, memberId: number, contractNo: string) {
  const loan = await loanOf(core, memberId, contractNo);
  const items = await core.listOverdue(loan.id);
  return { contractNo, items, message: items.length ? null : NO_OVERDUE_MESSAGE };
}

/** B8: 004 2.2's nodes (任务发起人 → 初审 → 复审 → 终审 …), newest application first. */
export async function progress(core: CoreGateway, memberId: number, online?: (memberId: number) => Promise<LoanProgress[]>) {
  // D4: applications made online (受理 → 审批 → 签约 → 放款) beside those the core holds.
  const [list, mine] = await Promise.all([core.listLoanProgress(memberId), online ? online(memberId) : []]);
  const all = [...list, ...mine].sort((a, b) => (a.appliedOn < b.appliedOn ? 1 : a.appliedOn > b.appliedOn ? -1 : 0));
  return all.map((p) => ({ ...p, finished: p.currentNode === '贷款发放' }));
}
