/**
 * Where the account's replies, menu and notices send the member: mini-program pages, each with a web fallback
 * for WeChat clients that cannot open mini-programs (the menu requires one; links carry it as href).
 * Paths are the mini-program's own (miniprogram/app.json: the three tabs and their subpackages; the names are
 * fixed in the session contract, and test/wechat-links.test.ts checks each against app.json).
 */
import { miniProgramLink } from './protocol/reply.js';

export const MP_PAGES = {
  mine: 'pages/mine/index/index',
  account: 'pages/mine/account/fund/index',
  /** B3 缴存明细 (the menu item and the 余额 reply's link open the statement, not the account page). */
  ledger: 'pages/mine/account/ledger/index',
  loans: 'pages/mine/loans/list/index',
  /** E1 业务进度 (000 (九)): every submitted application with 流水号 / 业务 / 日期 / 信息 / 状态 / 反馈信息. */
  progress: 'pages/mine/business/progress/index',
  /** 我的业务 (E2): tabs 待办 / 我发起的. */
  applications: 'pages/mine/business/applications/index',
  /** One application (?serialNo=): form, photos, review nodes, 修改 / 结束. */
  application: 'pages/mine/business/application/index',
  /** C12: the spouse's confirmation of one application (?serialNo=). */
  spouseConfirmation: 'pages/mine/business/spouse/index',
  notifications: 'pages/mine/messages/notifications/index',
  bind: 'pages/mine/auth/register/index',
  policy: 'pages/policy/index/index',
  articles: 'pages/policy/content/articles/index',
  projects: 'pages/policy/content/housing/index',
  forms: 'pages/policy/content/forms/index',
  interaction: 'pages/interaction/index/index',
  faq: 'pages/interaction/help/faq/index',
  community: 'pages/interaction/help/community/index',
  outlets: 'pages/interaction/help/outlets/index',
  /** One service hall (?id=). */
  outlet: 'pages/interaction/help/outlet/index',
  calculator: 'pages/interaction/tools/calculator/index',
  /** G2: the member's complaints, suggestions and consultations (list + new). */
  questions: 'pages/interaction/help/feedback/index',
  /** One of them with the center's reply (?id=). */
  question: 'pages/interaction/help/feedback-detail/index',
} as const;

export type MpPage = keyof typeof MP_PAGES;

export interface LinkConfig {
  /** The mini-program's AppID. */
  mpAppId: string;
  /** Public https address of this server (config.publicBaseUrl). */
  publicBaseUrl: string;
}

/** Page path with its query: pages/mine/progress/index?serialNo=… */
export function pagePath(page: MpPage, query: Record<string, string> = {}): string {
  const q = new URLSearchParams(query).toString();
  return q ? `${MP_PAGES[page]}?${q}` : MP_PAGES[page];
}

/** The web page opened instead of the mini-program (GET /wechat/open, served by webhook.ts). */
export function webFallback(links: LinkConfig, path: string): string {
  return `${links.publicBaseUrl.replace(/\/+$/, '')}/wechat/open?page=${encodeURIComponent(path)}`;
}

/** A link inside a text reply that opens a mini-program page (<a data-miniprogram-appid … href=fallback>). */
export function pageLink(links: LinkConfig, text: string, page: MpPage, query?: Record<string, string>): string {
  const path = pagePath(page, query);
  return miniProgramLink({ appId: links.mpAppId, path, text, fallbackUrl: webFallback(links, path) });
}
