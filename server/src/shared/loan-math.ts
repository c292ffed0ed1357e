/**
 * Loan mathematics (PRODUCT G5 calculator, G6 / D1 prepayment trial, booked repayment plans).
 * Pure functions: money is integer fen, dates are 'YYYY-MM-DD' calendar strings (month arithmetic
 * is done on numbers by shared/dates.ts, never with a local-time Date, so no time zone shifts a due date).
 */
import { addMonths, daysBetween, daysInMonth, type IsoDate } from './dates.js';
import { DomainError } from './errors.js';
import { fen, roundFen, type Fen } from './money.js';

export type RepaymentMethod = 'equal-installment' | 'equal-principal'; // 等额本息 / 等额本金
/** '30/360': every period accrues one monthly rate. 'actual/360': balance × annual / 360 × days between due dates. */
export type DayCount = '30/360' | 'actual/360';
export type PrepaymentMode = 'keep-term' | 'keep-payment'; // 期限不变 / 月供不变

/** Amounts in are plain numbers of fen (route bodies, seeds) checked at run time; amounts out are `Fen`. */
interface LoanTerms {
  method: RepaymentMethod;
  principalFen: number;
  months: number;
  annualRatePercent: number;
}
interface CalculatorRow {
  period: number;
  principalFen: Fen;
  interestFen: Fen;
  paymentFen: Fen;
  principalBalanceFen: Fen;
  remainingFen: Fen;
}
interface CalculatorResult {
  monthlyPaymentFen: Fen;
  totalPaymentFen: Fen;
  totalInterestFen: Fen;
  schedule: CalculatorRow[];
}
interface BookedLoanInput extends LoanTerms {
  firstDueDate: IsoDate;
  /** Day of month the instalment falls due; defaults to firstDueDate's day; clamped to the month's end. */
  repaymentDay?: number;
  dayCount?: DayCount;
  /** Where period 1 starts accruing under 'actual/360' (the issue date); default: one month before firstDueDate. */
  accrualStartDate?: IsoDate;
}
export interface BookedRow {
  period: number;
  dueDate: IsoDate;
  principalFen: Fen;
  interestFen: Fen;
  paymentFen: Fen;
  balanceAfterFen: Fen;
}
interface BookedPlan {
  rows: BookedRow[];
  totalInterestFen: Fen;
}
interface PrepaymentInput {
  method: RepaymentMethod;
  remainingPrincipalFen: number;
  remainingMonths: number;
  annualRatePercent: number;
  prepayFen: number;
  mode: PrepaymentMode;
  nextDueDate: IsoDate;
  repaymentDay?: number;
  dayCount?: DayCount;
  /** The running instalment (等额本息: the payment; 等额本金: the monthly principal) when the caller knows it;
   * default: recomputed from the remaining principal over the remaining months. */
  currentInstallmentFen?: number;
}
interface PrepaymentResult {
  newPrincipalFen: Fen;
  newMonths: number;
  newMonthlyPaymentFen: Fen;
  interestSavedFen: Fen;
  schedule: BookedRow[];
}

const MAX_MONTHS = 360;
const MAX_ANNUAL_RATE_PERCENT = 20;

export function monthlyRate(annualRatePercent: number): number {
  return annualRatePercent / 1200;
}

/** Full-precision 等额本息 payment (yuan or fen, whatever unit the principal is in). */
export function annuityPayment(principal: number, months: number, annualRatePercent: number): number {
  const r = monthlyRate(annualRatePercent);
  const f = Math.pow(1 + r, months);
  return (principal * r * f) / (f - 1);
}

// ---- validation ---------------------------------------------------------------------------------

function checkTerms(principalFen: number, months: number, annualRatePercent: number): void {
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) throw new DomainError('LOAN_PRINCIPAL_INVALID', '贷款金额必须大于0元，且最多精确到分');
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) throw new DomainError('LOAN_TERM_INVALID', `贷款期限须为1至${MAX_MONTHS}个月`);
  // 0 % is refused rather than "handled": HPF loans always bear interest, and a 0 reaching here is an
  // unfilled rate field (003 5.1.2 shows 0.00 before the member types anything), not an interest-free loan.
  if (!Number.isFinite(annualRatePercent) || annualRatePercent <= 0 || annualRatePercent > MAX_ANNUAL_RATE_PERCENT)
    throw new DomainError('LOAN_RATE_INVALID', `贷款年利率须大于0且不超过${MAX_ANNUAL_RATE_PERCENT}%`);
}

// ---- calendar -----------------------------------------------------------------------------------

/** Accepts only real calendar dates, with a member-readable refusal (shared parseDate only checks the shape). */
function checkDate(text: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new DomainError('LOAN_DATE_INVALID', `日期“${text}”无效，应为YYYY-MM-DD`);
  return { y, m, d };
}

// ---- the calculator (G5) ------------------------------------------------------------------------

/**
 * The member-facing calculator. It keeps full precision and rounds only what it shows (003 5.1.2:
 * month 1 shows 410.93 + 677.08, while a fen-rounded ledger paying 1,088.02 would book 410.94). The shown rows
 * add up to the totals: each row's 月供 is its shown principal + interest, and the last row takes what the
 * rounding of the others left, so the principal column sums to the loan and the 月供 column to 还款总额
 * (003's 39.17万 / 14.17万 stay as they are: full precision, rounded once). 每月月供参考 is the full-precision
 * payment rounded (1,088.02); a row's shown 月供 may differ from it by a fen.
 * Two balances per row: `principalBalanceFen`, the principal still owed after the row (249,589.07 after
 * month 1), and `remainingFen`, the column 003 5.1.2 prints as 贷款余额, which is the total still to repay,
 * principal plus future interest: for 等额本息 payment × remaining months (1,088.0158 × 359 = 390,597.67);
 * for 等额本金 the sum of the remaining months' payments.
 */
export function calculate({ method, principalFen, months, annualRatePercent }: LoanTerms): CalculatorResult {
  checkTerms(principalFen, months, annualRatePercent);
  const r = monthlyRate(annualRatePercent);
  const P = principalFen;
  const exact: { principal: number; interest: number; remaining: number }[] = [];
  let total: number;
  let firstPayment: number;
  if (method === 'equal-installment') {
    const A = annuityPayment(P, months, annualRatePercent);
    total = A * months;
    firstPayment = A;
    let balance: number = P;
    for (let k = 1; k <= months; k++) {
      const interest = balance * r;
      balance -= A - interest;
      exact.push({ principal: A - interest, interest, remaining: A * (months - k) });
    }
  } else {
    const q = P / months;
    total = P + (r * P * (months + 1)) / 2;
    firstPayment = q + P * r;
    for (let k = 1; k <= months; k++) {
      const left = months - k; // future interest: r·q·(left + … + 1)
      exact.push({ principal: q, interest: (P - (k - 1) * q) * r, remaining: q * left + (r * q * left * (left + 1)) / 2 });
    }
  }
  const totalInterestFen = roundFen(total - P);
  const schedule: CalculatorRow[] = [];
  let principalShown = 0;
  let interestShown = 0;
  for (const [i, x] of exact.entries()) {
    const last = i === exact.length - 1;
    const principal = last ? P - principalShown : roundFen(x.principal);
    const interest = last ? totalInterestFen - interestShown : roundFen(x.interest);
    principalShown += principal;
    interestShown += interest;
    schedule.push({
      period: i + 1,
      principalFen: fen(principal),
      interestFen: fen(interest),
      paymentFen: fen(principal + interest),
      principalBalanceFen: fen(P - principalShown),
      remainingFen: roundFen(x.remaining),
    });
  }
  return {
    monthlyPaymentFen: roundFen(firstPayment),
    totalPaymentFen: fen(P + totalInterestFen),
    totalInterestFen,
    schedule,
  };
}

const sumInterest = (rows: BookedRow[]) => rows.reduce((s, x) => s + x.interestFen, 0);

// ---- booked plans -------------------------------------------------------------------------------

/**
 * A booked loan's plan as core systems compute it (INTEGRATIONS "HPF conventions"): 等额本息 payment
 * rounded half-up once, each period's interest = round(balance × monthly rate), principal = payment −
 * interest, the last period settles the remaining principal exactly; 等额本金 principal = round(P / n),
 * the last period absorbs the remainder. 000 (三) and 002 五 accrue 'actual/360' (see dayCount).
 */
export function bookedSchedule(input: BookedLoanInput): BookedPlan {
  checkTerms(input.principalFen, input.months, input.annualRatePercent);
  const rows = buildPlan(input);
  return { rows, totalInterestFen: fen(sumInterest(rows)) };
}

/** The engine behind bookedSchedule and partialPrepayment; `installmentFen` fixes the payment (等额本息)
 * or the monthly principal (等额本金) and lets the plan end early once the balance is settled. */
function buildPlan(o: BookedLoanInput & { installmentFen?: number }): BookedRow[] {
  const first = checkDate(o.firstDueDate);
  const day = o.repaymentDay ?? first.d;
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new DomainError('LOAN_REPAYMENT_DAY_INVALID', '还款日须为每月1至31日');
  const installment =
    o.installmentFen ??
    (o.method === 'equal-installment' ? roundFen(annuityPayment(o.principalFen, o.months, o.annualRatePercent)) : roundFen(o.principalFen / o.months));
  let accrued = o.accrualStartDate ?? addMonths(o.firstDueDate, -1, day);
  if (o.accrualStartDate) checkDate(o.accrualStartDate);
  let balance: number = o.principalFen;
  const rows: BookedRow[] = [];
  for (let k = 1; k <= o.months && balance > 0; k++) {
    // Period 1 falls on firstDueDate as given; later ones on the repayment day, clamped to the month's end.
    const due = k === 1 ? o.firstDueDate : addMonths(o.firstDueDate, k - 1, day);
    // balance × annual rate is formed before dividing: exact for rates like 3.25 %, so halves round up.
    const interest = roundFen(
      o.dayCount === 'actual/360' ? (balance * o.annualRatePercent * daysBetween(accrued, due)) / 36000 : (balance * o.annualRatePercent) / 1200,
    );
    accrued = due;
    let principal = o.method === 'equal-installment' ? installment - interest : installment;
    if (principal <= 0) throw new DomainError('LOAN_INSTALLMENT_TOO_LOW', '每期还款额过低，无法按期还清贷款本金');
    if (k === o.months || principal >= balance) principal = balance; // the last period settles exactly
    balance -= principal;
    rows.push({
      period: k,
      dueDate: due,
      principalFen: fen(principal),
      interestFen: interest,
      paymentFen: fen(principal + interest),
      balanceAfterFen: fen(balance),
    });
  }
  return rows;
}

// ---- partial prepayment (D1 / G6) ---------------------------------------------------------------

/**
 * 部分提前还款 trial. 期限不变 (keep-term): the reduced principal is re-planned over the same remaining
 * periods, so the payment drops. 月供不变 (keep-payment): the running instalment is kept (等额本息: the
 * payment; 等额本金: the monthly principal, as 000 (三) keeps 1,000 a month after its prepayment) and
 * the term shortens; the new last period settles whatever is left. Interest saved compares both plans
 * under the same rules. Repaying everything is 提前结清, a different business, so it is refused here.
 */
export function partialPrepayment(input: PrepaymentInput): PrepaymentResult {
  const { method, remainingPrincipalFen: remaining, remainingMonths, annualRatePercent, prepayFen } = input;
  checkTerms(remaining, remainingMonths, annualRatePercent);
  if (!Number.isSafeInteger(prepayFen) || prepayFen <= 0) throw new DomainError('PREPAY_AMOUNT_INVALID', '提前还款金额必须大于0元，且最多精确到分');
  if (prepayFen >= remaining) throw new DomainError('PREPAY_COVERS_BALANCE', '部分提前还款金额须小于剩余本金；如需一次还清，请办理提前结清');
  const base = {
    method,
    months: remainingMonths,
    annualRatePercent,
    firstDueDate: input.nextDueDate,
    repaymentDay: input.repaymentDay,
    dayCount: input.dayCount,
  };
  const current =
    input.currentInstallmentFen ??
    (method === 'equal-installment' ? roundFen(annuityPayment(remaining, remainingMonths, annualRatePercent)) : roundFen(remaining / remainingMonths));
  if (!Number.isSafeInteger(current) || current <= 0) throw new DomainError('LOAN_INSTALLMENT_INVALID', '当前每期还款额无效');
  const before = buildPlan({ ...base, principalFen: remaining, installmentFen: current });
  const newPrincipalFen = fen(remaining - prepayFen);
  const schedule =
    input.mode === 'keep-term'
      ? buildPlan({ ...base, principalFen: newPrincipalFen })
      : buildPlan({ ...base, principalFen: newPrincipalFen, installmentFen: current });
  return {
    newPrincipalFen,
    newMonths: schedule.length,
    newMonthlyPaymentFen: schedule[0]!.paymentFen,
    interestSavedFen: fen(sumInterest(before) - sumInterest(schedule)),
    schedule,
  };
}
