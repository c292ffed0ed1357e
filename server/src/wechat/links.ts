/**
 * Where the account's replies, menu and notices send the member: mini-program pages, each with a web fallback
 * for WeChat clients that cannot open mini-programs (the menu requires one; links carry it as href).
 * Paths are the mini-program's (miniprogram/app.json); pages beyond the three tabs are the ones the
 * mini-program's capabilities add under these names.
 */
import { miniProgramLink } from './protocol/reply.js';

export const MP_PAGES = {
  mine: 'pages/mine/index/index',
  account: 'pages/mine/account/index',
  loans: 'pages/mine/loans/index',
  progress: 'pages/mine/progress/index',
  bind: 'pages/mine/register/index',
  policy: 'pages/policy/index/index',
  articles: 'pages/policy/articles/index',
  projects: 'pages/policy/projects/index',
  forms: 'pages/policy/forms/index',
  interaction: 'pages/interaction/index/index',
  faq: 'pages/interaction/faq/index',
  community: 'pages/interaction/community/index',
  outlets: 'pages/interaction/outlets/index',
  calculator: 'pages/interaction/calculator/index',
  questions: 'pages/interaction/feedback/index',
  spouseConfirmation: 'pages/withdrawals/spouse-confirmation/index',
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
