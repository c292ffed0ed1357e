/**
 * The rule check as a reviewer reads it (issue 20 point 8): each rule of the kind as it stands today (pass / fail
 * with the figures behind it), whether the amount applied for still fits, and the figures the kind's rules worked
 * from, under Chinese names. A figure whose name is not known here is left out, never shown raw.
 */
import type { Eligibility, RuleResult } from '../workflow/index.js';
import { compared } from '../withdrawals/rule-book.js';
import { yuanWithUnit } from '../shared/money.js';

const FIGURES: Record<string, string> = {
  balanceFen: '账户余额',
  lastWithdrawalOn: '上次提取日期',
  limitFen: '可提取上限',
  maxFen: '最多可提取',
  interestFen: '利息',
  closingInterestFen: '销户利息',
  registeredContractNo: '登记的合同号',
  registeredBalanceFen: '登记的贷款余额',
  repaidLastYearFen: '上年度还款额',
  alreadyWithdrawnFen: '本年度已提取',
  totalFen: '合计',
  accountStatus: '账户状态',
  nextPossibleOn: '下次可提取日期',
  loanYear: '贷款年度',
  contractNo: '合同号',
  postedOn: '记账日期',
};
const STATUS: Record<string, string> = { normal: '正常', suspended: '封存', closed: '销户' };

type RuleCheck = RuleResult;

/**
 * The kind's own rules as it checked them today (each with its figures), then whether the amount applied for still
 * fits: 申请金额 ≤ 可提取金额 (500.00 元 < 30,921.43 元). A kind that reports no rules shows its verdict as one line.
 */
export function ruleCheck(rules: Eligibility, amountFen: number | null) {
  const checks: RuleCheck[] = rules.checks?.length
    ? [...rules.checks]
    : [{ rule: '按现行规则可以办理', pass: rules.allowed, figures: rules.allowed ? '符合' : (rules.reason ?? '不符合') }];
  if (amountFen !== null && rules.amountFen !== null) {
    checks.push({ rule: '申请金额 ≤ 可提取金额', pass: amountFen <= rules.amountFen, figures: compared(amountFen, rules.amountFen) });
  }
  const balance = rules.details.balanceFen;
  if (amountFen !== null && typeof balance === 'number') {
    checks.push({ rule: '申请金额 ≤ 账户余额', pass: amountFen <= balance, figures: compared(amountFen, balance) });
  }
  const figures = Object.entries(rules.details).flatMap(([k, v]) => {
    const label = FIGURES[k];
    if (!label || v === null || v === undefined || v === '') return [];
    const value = typeof v === 'number' && k.endsWith('Fen') ? yuanWithUnit(v) : typeof v === 'boolean' ? (v ? '是' : '否') : (STATUS[String(v)] ?? String(v));
    return [{ label, value }];
  });
  return { checks, figures };
}
