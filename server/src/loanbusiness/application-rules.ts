/**
 * D4 贷款申请 (004 1.3, 3.3): the trial of a loan application against the center's limits, as a pure function of the
 * applicant's facts, the settings (0045_loan_applications.sql) and the rate in force. The same function answers the
 * member's live trial, refuses a submit that exceeds a limit and fixes the plan at 放款.
 */
import { annuityPayment, bookedSchedule, monthlyRate, type RepaymentMethod } from '../shared/loan-math.js';
import { addMonths, parseDate, type IsoDate } from '../shared/dates.js';
import type { RateKind } from '../shared/core-vocabulary.js';

/** The settings' keys (loan_application_settings), each a number. */
export const SETTING_KEYS = [
  'max_amount_first_fen',
  'max_amount_second_fen',
  'balance_multiple',
  'max_ratio_first_percent',
  'max_ratio_second_percent',
  'repayment_income_percent',
  'age_term_limit_years',
  'max_months',
  'min_months',
  'min_deposit_months',
  'max_fund_loans',
] as const;
type SettingKey = (typeof SETTING_KEYS)[number];
export type LoanSettings = Record<SettingKey, number>;

export interface ApplicantFacts {
  name: string;
  birthDate: IsoDate | null;
  balanceFen: number;
  /** 公积金账户状态 normal (正常缴存) and the member employed. */
  depositing: boolean;
  /** Whole months since the account was opened (连续缴存). */
  depositMonths: number;
  /** Fund loans of the family not yet settled (as borrower or co-borrower, the spouse's too). */
  openLoans: number;
  /** Fund loans the family has had, settled ones included (第二套 / 第三次 rules). */
  usedLoans: number;
  spouse: { memberId: number; name: string; balanceFen: number; birthDate: IsoDate | null } | null;
}

export interface ApplicationTerms {
  secondHome: boolean;
  housePriceFen: number;
  amountFen: number;
  months: number;
  method: RepaymentMethod;
  monthlyIncomeFen: number;
  spouseCoBorrower: boolean;
}

interface LimitCheck {
  key: string;
  label: string;
  limit: string;
  actual: string;
  ok: boolean;
  reason: string | null;
}

export interface LoanTrial {
  rateKind: RateKind;
  annualRatePercent: number;
  /** The most this applicant may borrow on these terms (the least of the limits below), whole yuan. */
  maxAmountFen: number;
  /** 首月还款额 (等额本金: the largest payment). */
  firstPaymentFen: number;
  totalInterestFen: number;
  totalPaymentFen: number;
  checks: LimitCheck[];
  ok: boolean;
  /** The failed checks' reasons, in Chinese, in the order above. */
  problems: string[];
}

const yuan = (f: number) => (f / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const floorYuan = (f: number) => Math.max(0, Math.floor(f / 100) * 100);

/** 贷款期限五年以下（含）/ 五年以上, first or second home (G7's rate kinds). */
const rateKindOf = (secondHome: boolean, months: number): RateKind => `loan_${secondHome ? 'second' : 'first'}_${months <= 60 ? 'le5' : 'gt5'}`;

/** Full years of age on `today`. */
function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const b = parseDate(birthDate);
  const t = parseDate(today);
  return t.y - b.y - (t.m < b.m || (t.m === b.m && t.d < b.d) ? 1 : 0);
}

/** The repayment day of a loan paid out on `issuedOn`: the same day of the month, at most the 28th (every month has it). */
export const repaymentDayOf = (issuedOn: IsoDate) => Math.min(parseDate(issuedOn).d, 28);

/** The plan of a loan paid out on `issuedOn` (30/360, the first instalment a month later). */
export function planOf(t: Pick<ApplicationTerms, 'amountFen' | 'months' | 'method'>, annualRatePercent: number, issuedOn: IsoDate) {
  const day = repaymentDayOf(issuedOn);
  return bookedSchedule({
    method: t.method,
    principalFen: t.amountFen,
    months: t.months,
    annualRatePercent,
    firstDueDate: addMonths(issuedOn, 1, day),
    repaymentDay: day,
    accrualStartDate: issuedOn,
  });
}

export function assess(facts: ApplicantFacts, terms: ApplicationTerms, s: LoanSettings, annualRatePercent: number, today: IsoDate): LoanTrial {
  const checks: LimitCheck[] = [];
  const check = (key: string, label: string, limit: string, actual: string, ok: boolean, reason: string) =>
    checks.push({ key, label, limit, actual, ok, reason: ok ? null : reason });
  const withSpouse = terms.spouseCoBorrower && facts.spouse !== null;

  // Who may borrow at all (004 1.3: 贷款申请 from the member's home page).
  check(
    'depositing',
    '正常缴存',
    `连续缴存满${s.min_deposit_months}个月`,
    facts.depositing ? `已缴存${facts.depositMonths}个月` : '账户非正常缴存',
    facts.depositing && facts.depositMonths >= s.min_deposit_months,
    `申请公积金贷款须正常连续缴存满${s.min_deposit_months}个月`,
  );
  check(
    'openLoans',
    '未结清公积金贷款',
    '无',
    facts.openLoans ? `${facts.openLoans}笔` : '无',
    facts.openLoans === 0,
    '您家庭尚有未结清的住房公积金贷款，结清后方可再次申请',
  );
  check(
    'usedLoans',
    '使用公积金贷款次数',
    `不超过${s.max_fund_loans}次`,
    `已使用${facts.usedLoans}次`,
    facts.usedLoans < s.max_fund_loans,
    `您家庭已使用住房公积金贷款${facts.usedLoans}次，不再受理第${facts.usedLoans + 1}次贷款申请`,
  );
  // 第二套: a family that has used a fund loan buys its second home, whatever the form says.
  check(
    'homeKind',
    '住房套数',
    facts.usedLoans > 0 ? '第二套' : '首套或第二套',
    terms.secondHome ? '第二套' : '首套',
    terms.secondHome || facts.usedLoans === 0,
    '您家庭已使用过住房公积金贷款，请按第二套住房申请',
  );

  const ratioPercent = terms.secondHome ? s.max_ratio_second_percent : s.max_ratio_first_percent;
  const ceiling = terms.secondHome ? s.max_amount_second_fen : s.max_amount_first_fen;
  const balanceFen = facts.balanceFen + (withSpouse ? facts.spouse!.balanceFen : 0);
  const byBalance = floorYuan(balanceFen * s.balance_multiple);
  const byPrice = floorYuan((terms.housePriceFen * ratioPercent) / 100);
  const r = monthlyRate(annualRatePercent);
  const incomeCap = (terms.monthlyIncomeFen * s.repayment_income_percent) / 100;
  // The principal whose (first) payment is exactly the income cap.
  const byIncome = floorYuan(
    terms.method === 'equal-installment' ? incomeCap / (annuityPayment(1, terms.months, annualRatePercent) || 1) : incomeCap / (1 / terms.months + r),
  );
  const maxAmountFen = Math.min(ceiling, byBalance, byPrice, byIncome);

  check(
    'term',
    '贷款期限',
    `${s.min_months}–${s.max_months}个月`,
    `${terms.months}个月`,
    terms.months >= s.min_months && terms.months <= s.max_months,
    `贷款期限须为${s.min_months}至${s.max_months}个月`,
  );
  const age = facts.birthDate ? ageOn(facts.birthDate, today) : 0;
  const years = Math.ceil(terms.months / 12);
  check(
    'ageTerm',
    '年龄与贷款期限之和',
    `不超过${s.age_term_limit_years}年`,
    `${age}岁 + ${years}年 = ${age + years}年`,
    age + years <= s.age_term_limit_years,
    `借款人年龄与贷款期限之和不得超过${s.age_term_limit_years}年，请缩短贷款期限（最长${Math.max(0, s.age_term_limit_years - age)}年）`,
  );
  check(
    'ceiling',
    terms.secondHome ? '第二套住房最高额度' : '首套住房最高额度',
    `${yuan(ceiling)}元`,
    `${yuan(terms.amountFen)}元`,
    terms.amountFen <= ceiling,
    `贷款金额不得超过最高额度${yuan(ceiling)}元`,
  );
  check(
    'balance',
    `账户余额的${s.balance_multiple}倍`,
    `${yuan(byBalance)}元`,
    `${yuan(terms.amountFen)}元`,
    terms.amountFen <= byBalance,
    `贷款金额不得超过${withSpouse ? '借款人及配偶' : ''}账户余额${yuan(balanceFen)}元的${s.balance_multiple}倍（${yuan(byBalance)}元）`,
  );
  check(
    'price',
    `房价的${ratioPercent}%`,
    `${yuan(byPrice)}元`,
    `${yuan(terms.amountFen)}元`,
    terms.amountFen <= byPrice,
    `${terms.secondHome ? '第二套' : '首套'}住房贷款金额不得超过房价的${ratioPercent}%（${yuan(byPrice)}元）`,
  );

  const plan = terms.amountFen > 0 && terms.months >= 1 && terms.months <= 360 ? planOf(terms, annualRatePercent, today) : null;
  const firstPaymentFen = plan?.rows[0]?.paymentFen ?? 0;
  const totalInterestFen = plan?.totalInterestFen ?? 0;
  check(
    'income',
    `月还款额不超过家庭月收入的${s.repayment_income_percent}%`,
    `${yuan(Math.floor(incomeCap))}元`,
    `${yuan(firstPaymentFen)}元`,
    firstPaymentFen <= incomeCap,
    `月还款额${yuan(firstPaymentFen)}元超过家庭月收入的${s.repayment_income_percent}%（${yuan(Math.floor(incomeCap))}元），请减少贷款金额或延长期限`,
  );

  const problems = checks.filter((c) => !c.ok).map((c) => c.reason!);
  return {
    rateKind: rateKindOf(terms.secondHome, terms.months),
    annualRatePercent,
    maxAmountFen,
    firstPaymentFen,
    totalInterestFen,
    totalPaymentFen: terms.amountFen + totalInterestFen,
    checks,
    ok: problems.length === 0,
    problems,
  };
}
