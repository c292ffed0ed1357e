/**
 * What the loan business (C12, D1–D3) shares: the member's loan as borrower, the 12-period rule, the dues of the
 * month (arrears first), the interest accrued on an early repayment, and who is free of the 70 % cap.
 */
import type { CoreFundAccount, CoreGateway, CoreLoan, CoreMember, LoanRepaymentInput, PlanPeriod } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import type { PushNotice } from '../notifications/service.js';
import { addMonths, daysBetween, parseDate, type IsoDate } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import { roundFen } from '../shared/money.js';
import { SUBMITTED_FEEDBACK, queueCoreSubmission, type Clock, type SettleInput, type SettleResult } from '../workflow/index.js';
import { isCoreBusiness, type LoanRepaymentRequest } from '../core/protocol.js';

export interface LoanBusinessDeps {
  core: CoreGateway;
  database: Database;
  clock: Clock;
  push?: PushNotice | undefined;
}

/** 001 2.3, 003 6.3.1: 还款满 12 期（一年）. */
const MIN_PERIODS_PAID = 12;

/** The member's loans not yet settled on which they are the borrower (一次性偿还贷款办理仅限借款人本人). */
async function borrowerLoans(core: CoreGateway, memberId: number): Promise<CoreLoan[]> {
  return (await core.listLoans(memberId)).filter((l) => l.role === 'borrower' && l.status !== 'settled' && l.balanceFen > 0);
}

/** The loan named by its contract number, or the member's only open loan as borrower. */
export async function pickLoan(core: CoreGateway, memberId: number, contractNo?: string): Promise<CoreLoan | null> {
  const loans = await borrowerLoans(core, memberId);
  if (contractNo) return loans.find((l) => l.contractNo === contractNo) ?? null;
  return loans[0] ?? null;
}

/** Plan periods not yet paid whose due day has come (当月应还 and arrears): paid first (003 6.3.1 说明). */
export async function duesOf(core: CoreGateway, loan: CoreLoan, today: IsoDate): Promise<PlanPeriod[]> {
  const plan = await core.listPlan(loan.id, { to: today });
  return plan.filter((p) => p.period > loan.periodsPaid && p.dueOn <= today);
}

/** The dues as the instalments a business pays first, each referenced `<serial>:<period>` (D1, D3, C12). */
export const duesPaid = (dues: PlanPeriod[], serialNo: string, today: IsoDate): LoanRepaymentInput[] =>
  dues.map((d) => ({
    paidOn: today,
    kind: 'regular' as const,
    period: d.period,
    principalFen: d.principalFen,
    interestFen: d.interestFen,
    reference: `${serialNo}:${d.period}`,
  }));

/** The remaining plan after the dues: periods after `paidThrough`. */
export async function remainingPlan(core: CoreGateway, loan: CoreLoan, paidThrough: number): Promise<PlanPeriod[]> {
  return (await core.listPlan(loan.id, {})).filter((p) => p.period > paidThrough);
}

/**
 * Interest on principal repaid before its due day, from the last due day to today (000 (五): 款项组成由申请还款额和截止
 * 还款日的应还款利息组成): principal × annual rate × days ÷ 360, rounded half-up to the fen. On a due day it is 0 (003 6.3.1
 * shows 提前归还利息 0.00).
 */
export function accruedInterest(loan: CoreLoan, principalFen: number, today: IsoDate): number {
  const { y, m, d } = parseDate(today);
  const thisMonthDue = addMonths(`${y}-${String(m).padStart(2, '0')}-01`, 0, loan.repaymentDay);
  const lastDue = d >= parseDate(thisMonthDue).d ? thisMonthDue : addMonths(thisMonthDue, -1, loan.repaymentDay);
  const days = Math.max(0, daysBetween(lastDue, today));
  return roundFen((principalFen * loan.annualRatePercent * days) / 36000);
}

/**
 * INTEGRATIONS (HPF conventions): a prepayment is refused within 2 days of the repayment day, while the bank's
 * collection of the instalment is under way.
 */
function nearRepaymentDay(loan: CoreLoan, today: IsoDate): boolean {
  const { y, m } = parseDate(today);
  const month = `${y}-${String(m).padStart(2, '0')}-01`;
  return [-1, 0, 1].some((k) => Math.abs(daysBetween(today, addMonths(month, k, loan.repaymentDay))) <= 2);
}

/**
 * 001 2.3 (3): 经审批停缴的退休职工及离职 6 个月后未新开户的职工 may use the whole balance (不受 70% 的限制).
 * The built-in core keeps one account a member: "no new account" is an account still suspended, not paying in.
 */
export function freeOf70(member: CoreMember, account: CoreFundAccount, today: IsoDate): boolean {
  if (member.status === 'retired') return true;
  if (member.status !== 'employment_ended' || account.status === 'normal' || !member.statusSince) return false;
  return addMonths(member.statusSince, 6) <= today;
}

/** The common refusals of the loan business, as a tile shows them. */
export function loanRefusal(loan: CoreLoan | null, today: IsoDate, opts: { checkRepaymentDay?: boolean } = {}): { code: string; reason: string } | null {
  if (!loan) return { code: 'NOT_BORROWER', reason: '您名下没有未结清的公积金贷款（本业务仅限借款人本人办理）' };
  if (loan.periodsPaid < MIN_PERIODS_PAID) {
    return { code: 'PERIODS_NOT_REACHED', reason: `贷款还款须满${MIN_PERIODS_PAID}期（一年）方可办理，您已还${loan.periodsPaid}期` };
  }
  if (opts.checkRepaymentDay && nearRepaymentDay(loan, today)) {
    return { code: 'NEAR_REPAYMENT_DAY', reason: `每月还款日（${loan.repaymentDay}日）前后2天内银行正在扣款，暂不能办理提前还款，请错开还款日办理` };
  }
  return null;
}

/**
 * A core that shares the product's transaction (the built-in one) books the loan business inside the approval (true);
 * an external core gets it as a request instead (false: queue it with `queueLoanRepayment`). Any other core cannot.
 */
export function booksWithin(core: CoreGateway, what: string): boolean {
  if (core.lockLoanWithin) return true;
  if (isCoreBusiness(core)) return false;
  throw new DomainError('CORE_TRANSACTION_UNSUPPORTED', `核心业务系统暂不支持在线${what}，请到柜面办理`, 503);
}

/**
 * An external core: the loan business goes as a LoanRepaymentRequest keyed by the serial number, queued in the
 * approval's transaction; the application rests at 审批通过 · 入账中 until the core answers, then ends with
 * `doneFeedback` or the core's reason (workflow/core-submissions.ts). `amountFen` is what the built-in path reports.
 */
export async function queueLoanRepayment(
  input: SettleInput<unknown>,
  request: Omit<LoanRepaymentRequest, 'serial' | 'type' | 'memberId' | 'channel'>,
  doneFeedback: string,
  amountFen: number,
): Promise<SettleResult> {
  const { app } = input;
  await queueCoreSubmission(input.tx, { serial: app.serialNo, type: 'loan_repayment', memberId: app.memberId, channel: app.channel, ...request }, doneFeedback);
  return { feedback: SUBMITTED_FEEDBACK, paid: false, amountFen };
}

export function requireWithin<T>(fn: T | undefined, what: string): T {
  if (!fn) throw new DomainError('CORE_TRANSACTION_UNSUPPORTED', `核心业务系统暂不支持在线${what}，请到柜面办理`, 503);
  return fn;
}
