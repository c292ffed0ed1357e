/**
 * How a certificate reads: title, opening sentence, the table of what it states, and the closing line, in the
 * wording of a center's paper certificates. The PDF shows the holder's own view; the public verification
 * answer shows the same rows with the name and account number masked.
 */
import type { CertificateKind } from './tables.js';
import { parseDate } from '../shared/dates.js';
import { maskBankAccount, maskName } from '../shared/mask.js';
import { yuanWithUnit } from '../shared/money.js';
import type { CertificateFacts, DepositFacts, LoanSettlementFacts, TransferReceiptFacts } from './facts.js';

export const CERTIFICATE_TITLES: Record<CertificateKind, string> = {
  deposit: '住房公积金缴存证明',
  'loan-settlement': '住房公积金贷款结清证明',
  'transfer-receipt': '住房公积金异地转移接续回单',
};

interface CertificateRow {
  label: string;
  value: string;
}

interface CertificateText {
  title: string;
  intro: string;
  rows: CertificateRow[];
  closing: string;
}

const ACCOUNT_STATUS = { normal: '正常', suspended: '封存', closed: '销户' } as const;
const METHOD = { 'equal-installment': '等额本息', 'equal-principal': '等额本金' } as const;

/** 2026-11-26 → 2026年11月26日 */
export function chineseDate(date: string | null): string {
  if (!date) return '—';
  const { y, m, d } = parseDate(date);
  return `${y}年${m}月${d}日`;
}

const month = (yyyymm: string | null) => (yyyymm ? `${yyyymm.slice(0, 4)}年${Number(yyyymm.slice(4))}月` : '—');
const term = (months: number) => `${months}个月${months % 12 === 0 ? `（${months / 12}年）` : ''}`;
const percent = (p: number) => `${Number(p.toFixed(2))}%`;

export function presentCertificate(facts: CertificateFacts, opts: { masked?: boolean } = {}): CertificateText {
  const name = opts.masked ? maskName(facts.holder.name) : facts.holder.name;
  const account = (no: string) => (opts.masked ? maskBankAccount(no) : no);
  const who = `${name}（证件号码：${facts.holder.idNumberMasked}）`;
  const s = facts.subject;
  const title = CERTIFICATE_TITLES[s.kind];
  switch (s.kind) {
    case 'deposit':
      return {
        title,
        intro: `兹证明${who}在我中心缴存住房公积金，截至${chineseDate(facts.issuedOn)}，其个人账户情况如下：`,
        rows: depositRows(s, name, facts, account),
        closing: '特此证明。',
      };
    case 'loan-settlement':
      return {
        title,
        intro: `兹证明${who}作为${s.role === 'borrower' ? '借款人' : '共同借款人'}在我中心办理的住房公积金个人住房贷款，本息已全部结清。贷款情况如下：`,
        rows: loanRows(s, name, facts),
        closing: '特此证明。',
      };
    case 'transfer-receipt':
      return {
        title,
        intro: `${who}的住房公积金已办理异地转移接续，个人账户资金已从我中心转出。办理情况如下：`,
        rows: transferRows(s, name, facts, account),
        closing: '本回单为异地转移接续业务的办理凭证。',
      };
  }
}

function depositRows(s: DepositFacts, name: string, f: CertificateFacts, account: (no: string) => string): CertificateRow[] {
  return [
    { label: '姓名', value: name },
    { label: '证件号码', value: f.holder.idNumberMasked },
    { label: '个人账号', value: account(s.accountNo) },
    { label: '单位名称', value: s.employerName ?? '—' },
    { label: '开户日期', value: chineseDate(s.openedOn) },
    { label: '账户状态', value: ACCOUNT_STATUS[s.status] },
    { label: '缴存基数', value: yuanWithUnit(s.depositBaseFen) },
    { label: '缴存比例', value: `单位 ${percent(s.unitRatioPercent)}，个人 ${percent(s.personalRatioPercent)}` },
    { label: '月缴存额', value: `${yuanWithUnit(s.monthlyTotalFen)}（单位 ${yuanWithUnit(s.unitMonthlyFen)}，个人 ${yuanWithUnit(s.personalMonthlyFen)}）` },
    { label: '缴至年月', value: month(s.paidUpTo) },
    { label: '账户余额', value: yuanWithUnit(s.balanceFen) },
  ];
}

function loanRows(s: LoanSettlementFacts, name: string, f: CertificateFacts): CertificateRow[] {
  return [
    { label: s.role === 'borrower' ? '借款人' : '共同借款人', value: name },
    { label: '证件号码', value: f.holder.idNumberMasked },
    { label: '借款合同号', value: s.contractNo },
    { label: '贷款金额', value: yuanWithUnit(s.principalFen) },
    { label: '贷款期限', value: term(s.months) },
    { label: '还款方式', value: METHOD[s.method] },
    { label: '发放日期', value: chineseDate(s.loanIssuedOn) },
    { label: '结清日期', value: chineseDate(s.settledOn) },
    { label: '贷款状态', value: '已全部结清' },
  ];
}

function transferRows(s: TransferReceiptFacts, name: string, f: CertificateFacts, account: (no: string) => string): CertificateRow[] {
  return [
    { label: '姓名', value: name },
    { label: '证件号码', value: f.holder.idNumberMasked },
    { label: '个人账号', value: account(s.accountNo) },
    { label: '原缴存单位', value: s.employerName ?? '—' },
    { label: '转出日期', value: chineseDate(s.transferredOn) },
    { label: '转出金额', value: yuanWithUnit(s.amountFen) },
    { label: '业务摘要', value: s.summary },
    { label: '业务流水号', value: s.reference ?? '—' },
    { label: '转出后账户余额', value: yuanWithUnit(s.balanceAfterFen) },
  ];
}
