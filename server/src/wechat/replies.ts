/**
 * The bot's words: what a member reads in the chat. Money is formatted from fen here and nowhere else in the
 * bot; account numbers are shown by their last four digits (a chat is easily seen over a shoulder).
 */
import { shanghaiMinute } from '../shared/dates.js';
import type { CoreFundAccount, CoreLoan, Outlet } from '../core/gateway.js';
import { formatYuan, yuanWithUnit } from '../shared/money.js';
import { maskBankAccount } from '../shared/mask.js';
import { pageLink, type LinkConfig } from './links.js';
import { CORE_UNAVAILABLE_MESSAGE } from '../core/protocol.js';

export const HOTLINE = '12329';

export { shanghaiMinute }; // 2026-11-26 10:05 in Asia/Shanghai (shared/dates.ts)

const ACCOUNT_STATUS: Record<CoreFundAccount['status'], string> = { normal: '正常', suspended: '封存', closed: '销户' };
const LOAN_STATUS: Record<CoreLoan['status'], string> = { repaying: '还款中', settled: '已结清', overdue: '逾期' };
const METHOD: Record<CoreLoan['method'], string> = { 'equal-installment': '等额本息', 'equal-principal': '等额本金' };

export const KEYWORDS_HELP = ['回复以下关键词即可查询：', '「余额」公积金账户余额', '「贷款」公积金贷款', '「网点」服务网点', '「计算」贷款计算器'].join('\n');

export function welcome(links: LinkConfig, bound: boolean): string {
  if (bound) return `欢迎回来！您的公积金账户已绑定。\n\n${KEYWORDS_HELP}\n\n服务热线 ${HOTLINE}。`;
  return [
    '欢迎关注住房公积金服务号！',
    '',
    `首次使用请先绑定公积金账户：${pageLink(links, '点此注册绑定', 'bind')}，输入本人姓名、身份证号码和在公积金中心预留的手机号码，勾选《个人用户协议》并填写短信验证码即可（也可刷脸验证）。`,
    '',
    `绑定后${KEYWORDS_HELP}`,
    '',
    `其他问题请直接留言，我们为您查找常见问题解答；服务热线 ${HOTLINE}。`,
  ].join('\n');
}

export function bindFirst(links: LinkConfig, what: string): string {
  return `查询${what}需要先绑定您的公积金账户：${pageLink(links, '点此注册绑定', 'bind')}，输入本人姓名、身份证号码和预留手机号码即可。\n如信息不一致，请携带身份证到公积金中心服务网点办理。`;
}

export function balanceSummary(links: LinkConfig, a: CoreFundAccount, now: Date): string {
  return [
    '【公积金账户】',
    `个人账号：${maskBankAccount(a.accountNo)}`,
    `账户状态：${ACCOUNT_STATUS[a.status]}`,
    `账户余额：${yuanWithUnit(a.balanceFen)}`,
    `月缴存额：${yuanWithUnit(a.monthlyTotalFen)}（单位 ${formatYuan(a.unitMonthlyFen, { grouping: true })}，个人 ${formatYuan(a.personalMonthlyFen, { grouping: true })}）`,
    ...(a.paidUpTo ? [`缴至年月：${a.paidUpTo.slice(0, 4)}年${a.paidUpTo.slice(4)}月`] : []),
    `查询时间：${shanghaiMinute(now)}`,
    '',
    `缴存明细：${pageLink(links, '打开小程序查看', 'ledger')}`,
  ].join('\n');
}

export function noAccount(): string {
  return `未查询到您的公积金账户信息，请拨打服务热线 ${HOTLINE} 咨询。`;
}

export function loanSummary(links: LinkConfig, loans: CoreLoan[]): string {
  if (loans.length === 0) return `您暂无公积金贷款。\n试算贷款可回复「计算」，或${pageLink(links, '打开贷款计算器', 'calculator')}。`;
  const parts = loans.map((l) =>
    [
      `合同号：${l.contractNo}${l.role === 'co-borrower' ? '（共同借款人）' : ''}`,
      `贷款金额：${yuanWithUnit(l.principalFen)}，${l.months} 个月，年利率 ${l.annualRatePercent}%`,
      `还款方式：${METHOD[l.method]}，每月 ${l.repaymentDay} 日扣款（${l.repaymentBank}）`,
      `贷款余额：${yuanWithUnit(l.balanceFen)}，已还 ${l.periodsPaid} 期`,
      ...(l.status !== 'settled' && l.currentPaymentFen !== null ? [`本期月还款额：${yuanWithUnit(l.currentPaymentFen)}`] : []),
      `贷款状态：${LOAN_STATUS[l.status]}`,
    ].join('\n'),
  );
  return ['【公积金贷款】', ...parts, `还款明细与还款计划：${pageLink(links, '打开小程序查看', 'loans')}`].join('\n\n');
}

export interface OutletWithDistance extends Outlet {
  distanceKm?: number;
}

export function outletList(links: LinkConfig, outlets: OutletWithDistance[], located: boolean): string {
  const lines = outlets.map((o, i) =>
    [
      `${i + 1}. ${o.name}${o.distanceKm !== undefined ? `（约 ${o.distanceKm < 1 ? o.distanceKm.toFixed(1) : Math.round(o.distanceKm)} 公里）` : ''}`,
      `地址：${o.address}`,
      `电话：${o.phone}`,
      `办理：${o.businessTypes.join('、')}`,
    ].join('\n'),
  );
  return [
    located ? '【离您最近的服务网点】' : '【服务网点】',
    ...lines,
    `办公时间：${outlets[0]?.hours ?? ''}`,
    located
      ? `全部网点与地图导航：${pageLink(links, '打开小程序', 'outlets')}`
      : `发送您的位置（＋ → 位置）可查看离您最近的网点；全部网点与地图导航：${pageLink(links, '打开小程序', 'outlets')}`,
  ].join('\n\n');
}

export function outletDetail(links: LinkConfig, o: Outlet): string {
  return [
    `【${o.name}】`,
    `地址：${o.address}`,
    `电话：${o.phone}`,
    `办公时间：${o.hours}`,
    `可办理：${o.businessTypes.join('、')}`,
    '',
    `地图导航：${pageLink(links, '打开小程序', 'outlet', { id: String(o.id) })}`,
  ].join('\n');
}

export function calculator(links: LinkConfig): string {
  return `公积金贷款计算器（等额本息 / 等额本金，含逐月还款计划）：${pageLink(links, '点此打开', 'calculator')}\n提前还款试算也在其中。`;
}

export function hotline(): string {
  return `住房公积金服务热线：${HOTLINE}\n人工服务时间：工作日 9:00—12:00，14:30—17:30。\n回复「网点」查看服务网点地址。`;
}

export function faqAnswer(links: LinkConfig, matches: { question: string; answer: string }[]): string {
  if (matches.length === 0) {
    return `抱歉，没有找到相关的问题解答。\n您可以${pageLink(links, '在互动社区留言', 'community')}，或拨打服务热线 ${HOTLINE}。\n\n${KEYWORDS_HELP}`;
  }
  const [best, ...more] = matches;
  return [
    `【${best!.question}】`,
    best!.answer.length > 300 ? `${best!.answer.slice(0, 300)}…` : best!.answer,
    ...(more.length ? ['', '您可能还想了解：', ...more.map((m) => `· ${m.question}`)] : []),
    '',
    `更多问题：${pageLink(links, '常见问题', 'faq')}`,
  ].join('\n');
}

export function unsupported(): string {
  return `暂时只能处理文字消息。\n\n${KEYWORDS_HELP}`;
}

export function busy(): string {
  return `系统繁忙，请稍后再试；急事请拨打服务热线 ${HOTLINE}。`;
}

/** The center's 核心业务系统 did not answer (CORE_UNAVAILABLE): the member's figures cannot be read just now. */
export function coreUnavailable(): string {
  return CORE_UNAVAILABLE_MESSAGE;
}
