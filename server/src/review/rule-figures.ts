/**
 * The rule check as a reviewer reads it (issue 20 point 8): the kind's verdict as it stands today, each check that
 * can be made from what the application and the verdict say (pass / fail with the figures), and the figures the
 * kind's rules worked from, under Chinese names. A figure whose name is not known here is left out, never shown raw.
 */
import type { Eligibility } from '../workflow/index.js';
import { yuanWithUnit } from '../shared/money.js';


const FIGURES: Record<string, string> = {
  balanceFen: '账户余额', lastWithdrawalOn: '上次提取日期', limitFen: '可提取上限', maxFen: '最多可提取', interestFen: '利息',
  closingInterestFen: '销户利息', registeredContractNo: '登记的合同号', registeredBalanceFen: '登记的贷款余额', repaidLastYearFen: '上年度还款额',
  alreadyWithdrawnFen: '本年度已提取', totalFen: '合计', accountStatus: '账户状态', nextPossibleOn: '下次可提取日期', loanYear: '贷款年度',
  contractNo: '合同号', postedOn: '记账日期',
};
const STATUS: Record<string, string> = { normal: '正常', suspended: '封存', closed: '销户' };

export interface RuleCheck { rule: string; pass: boolean; figures: string }

export function ruleCheck(rules: Eligibility, amountFen: number | null) {
  const checks: RuleCheck[] = [
    { rule: '按现行规则可以办理', pass: rules.allowed, figures: rules.allowed ? '符合' : rules.reason ?? '不符合' },
  ];
  if (amountFen !== null && rules.amountFen !== null) {
    checks.push({ rule: '申请金额不超过现在可提取的金额', pass: amountFen <= rules.amountFen, figures: `申请 ${yuanWithUnit(amountFen)}，可提取 ${yuanWithUnit(rules.amountFen)}` });
  }
  const balance = rules.details.balanceFen;
  if (amountFen !== null && typeof balance === 'number') {
    checks.push({ rule: '申请金额不超过账户余额', pass: amountFen <= balance, figures: `申请 ${yuanWithUnit(amountFen)}，余额 ${yuanWithUnit(balance)}` });
  }
  const figures = Object.entries(rules.details).flatMap(([k, v]) => {
    const label = FIGURES[k];
    if (!label || v === null || v === undefined || v === '') return [];
    const value = typeof v === 'number' && k.endsWith('Fen') ? yuanWithUnit(v) : typeof v === 'boolean' ? (v ? '是' : '否') : STATUS[String(v)] ?? String(v);
    return [{ label, value }];
  });
  return { checks, figures };
}
