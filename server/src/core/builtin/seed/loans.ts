/**
 * Builds a booked loan's plan, repayment history and overdue records up to the seeding day, with the loan
 * mathematics module (shared/loan-math.ts) for every schedule.
 */
import { addDays, addMonths, daysBetween, parseDate, type IsoDate } from '../../../shared/dates.js';
import { roundFen } from '../../../shared/money.js';
import { bookedSchedule, partialPrepayment, type DayCount, type RepaymentMethod } from '../../../shared/loan-math.js';

export interface LoanSpec {
  contractNo: string;
  loanAccountNo: string;
  borrowerKey: string;
  coBorrowerKey?: string;
  principalFen: number;
  annualRatePercent: number;
  months: number;
  method: RepaymentMethod;
  /** Interest accrual; the core of manual 000 charges actual days / 360. Default 30/360. */
  dayCount?: DayCount;
  issuedOn: IsoDate;
  repaymentDay: number;
  repaymentBank: string;
  repaymentAccountNo: string;
  archiveNo?: string;
  /** 贷款编号 when it differs from the contract number (000 (三)). */
  loanNo?: string;
  houseAddress?: string;
  /** Partial prepayments (提前还本) a week after a period's due date. */
  prepayments?: { afterPeriod: number; amountFen: number; mode: 'keep-term' | 'keep-payment' }[];
  /** Periods repaid late (逾期), with days late; penalty = overdue amount × daily rate × 1.5 × days. */
  overdue?: { period: number; daysLate: number }[];
}

interface PlanRow {
  period: number;
  dueOn: IsoDate;
  principalFen: number;
  interestFen: number;
  paymentFen: number;
  balanceAfterFen: number;
}
interface RepaymentRow {
  period: number | null;
  paidOn: IsoDate;
  kind: 'regular' | 'overdue' | 'prepayment';
  principalFen: number;
  interestFen: number;
  penaltyFen: number;
}
interface OverdueRow {
  period: number;
  dueOn: IsoDate;
  principalFen: number;
  interestFen: number;
  penaltyFen: number;
  overdueDays: number;
  repaidOn: IsoDate;
}

const PENALTY_FACTOR = 1.5;

/** Banks debit on the next working day when the repayment day falls on a weekend (000 (三): 20170515, 20170814). */
function nextWorkingDay(d: IsoDate): IsoDate {
  const p = parseDate(d);
  const dow = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
  return dow === 6 ? addDays(d, 2) : dow === 0 ? addDays(d, 1) : d;
}

export function buildLoan(spec: LoanSpec, today: IsoDate) {
  const firstDue = addMonths(spec.issuedOn, 1, spec.repaymentDay);
  let plan: PlanRow[] = toPlan(
    bookedSchedule({
      method: spec.method,
      principalFen: spec.principalFen,
      months: spec.months,
      annualRatePercent: spec.annualRatePercent,
      firstDueDate: firstDue,
      repaymentDay: spec.repaymentDay,
      dayCount: spec.dayCount,
      accrualStartDate: spec.issuedOn,
    }).rows,
  );
  const repayments: RepaymentRow[] = [];
  const prepayments = [...(spec.prepayments ?? [])].sort((a, b) => a.afterPeriod - b.afterPeriod);
  for (const pre of prepayments) {
    const cut = plan.find((p) => p.period === pre.afterPeriod);
    if (!cut) throw new Error(`${spec.contractNo}: no period ${pre.afterPeriod}`);
    const paidOn = addDays(cut.dueOn, 7);
    // 000 (五): a prepayment pays the amount asked plus the interest accrued since the last due date.
    const interest = roundFen((cut.balanceAfterFen * spec.annualRatePercent * daysBetween(cut.dueOn, paidOn)) / 36000);
    repayments.push({ period: null, paidOn, kind: 'prepayment', principalFen: pre.amountFen, interestFen: interest, penaltyFen: 0 });
    const next = plan[pre.afterPeriod]!;
    const tail = toPlan(
      partialPrepayment({
        method: spec.method,
        remainingPrincipalFen: cut.balanceAfterFen,
        remainingMonths: plan.length - pre.afterPeriod,
        annualRatePercent: spec.annualRatePercent,
        prepayFen: pre.amountFen,
        mode: pre.mode,
        nextDueDate: next.dueOn,
        repaymentDay: spec.repaymentDay,
        dayCount: spec.dayCount,
        currentInstallmentFen: spec.method === 'equal-principal' ? next.principalFen : next.paymentFen,
      }).schedule,
    ).map((row) => ({ ...row, period: row.period + pre.afterPeriod }));
    plan = [...plan.slice(0, pre.afterPeriod), ...tail];
  }

  const overdueByPeriod = new Map((spec.overdue ?? []).map((o) => [o.period, o.daysLate]));
  const overdue: OverdueRow[] = [];
  for (const p of plan) {
    const late = overdueByPeriod.get(p.period);
    const paidOn = late ? addDays(p.dueOn, late) : nextWorkingDay(p.dueOn);
    if (paidOn > today) break;
    let penalty = 0;
    if (late) {
      penalty = roundFen(((p.paymentFen * spec.annualRatePercent) / 100 / 360) * PENALTY_FACTOR * late);
      overdue.push({
        period: p.period,
        dueOn: p.dueOn,
        principalFen: p.principalFen,
        interestFen: p.interestFen,
        penaltyFen: penalty,
        overdueDays: late,
        repaidOn: paidOn,
      });
    }
    repayments.push({
      period: p.period,
      paidOn,
      kind: late ? 'overdue' : 'regular',
      principalFen: p.principalFen,
      interestFen: p.interestFen,
      penaltyFen: penalty,
    });
  }
  repayments.sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));
  const last = plan[plan.length - 1]!;
  return { plan, repayments, overdue, maturityOn: addMonths(spec.issuedOn, spec.months, spec.repaymentDay), finalDueOn: last.dueOn };
}

function toPlan(
  rows: readonly { period: number; dueDate: string; principalFen: number; interestFen: number; paymentFen: number; balanceAfterFen: number }[],
): PlanRow[] {
  return rows.map((x) => ({
    period: x.period,
    dueOn: x.dueDate,
    principalFen: x.principalFen,
    interestFen: x.interestFen,
    paymentFen: x.paymentFen,
    balanceAfterFen: x.balanceAfterFen,
  }));
}
