/**
 * Everything the emulated WeChat servers remember, in memory. One emulator can host several apps
 * (the official account and the mini-program), each with its own secret, tokens and users.
 * Time is an emulator clock (real time plus an offset) so tests can age tokens and js codes
 * without waiting; pushes to the webhook use real time, since the webhook checks them against its own clock.
 */
import { randomBytes } from 'node:crypto';
import { seededRandom } from '../../shared/prng.js';
import { todayShanghai } from '../../shared/dates.js';
import type { UrlLinkRecord } from './routes-link.js';

export type QuotaName =
  | 'token'
  | 'stable_token'
  | 'stable_token_force_refresh'
  | 'template_send'
  | 'subscribe_send'
  | 'user_info'
  | 'menu_create'
  | 'msg_sec_check'
  | 'generate_urllink';

/** Daily limits from the API pages (2,000 token calls, 100,000 template messages, …). */
export const DEFAULT_QUOTAS: Record<QuotaName, number> = {
  token: 2000,
  stable_token: 500_000,
  stable_token_force_refresh: 20,
  template_send: 100_000,
  subscribe_send: Number.POSITIVE_INFINITY,
  user_info: 5_000_000,
  menu_create: 1000,
  msg_sec_check: 2_000_000,
  // URL Links and URL Schemes generated per mini-program and day.
  generate_urllink: 500_000,
};

interface Follower {
  appid: string;
  openid: string;
  unionid?: string;
  /** Whether the member currently follows the account (subscribe = 1). */
  follows: boolean;
  /** Follows, but has switched off messages from the account: sends succeed, delivery fails. */
  blocksTemplates: boolean;
  subscribeTime: number;
  /** Last time the member used the mini-program (msg_sec_check wants one within 2 h). */
  lastSeenMs: number;
}

export interface TokenRecord {
  appid: string;
  kind: 'classic' | 'stable';
  token: string;
  issuedMs: number;
  expiresMs: number;
  /** Set when a newer token superseded this one (after the overlap) or a test revoked it. */
  invalidAfterMs?: number;
}

export interface JsCode {
  appid: string;
  openid: string;
  unionid?: string;
  issuedMs: number;
  used: boolean;
}

/** A web-page OAuth code (connect/oauth2/authorize → redirect_uri?code=…), exchanged at sns/oauth2/access_token. */
interface OAuthCode extends JsCode {
  scope: 'snsapi_base' | 'snsapi_userinfo';
}

export interface SentMessage {
  kind: 'template' | 'subscribe' | 'custom';
  appid: string;
  msgid: string;
  touser: string;
  templateId: string;
  data: Record<string, { value: string }>;
  url?: string;
  miniprogram?: { appid: string; pagepath?: string };
  page?: string;
  /** Customer-service text messages. */
  text?: string;
  clientMsgId?: string;
  sentMs: number;
  /** Delivery result reported by TEMPLATESENDJOBFINISH (template messages only). */
  status?: string;
}

export interface CallRecord {
  atMs: number;
  method: string;
  path: string;
  errcode: number;
  appid?: string;
  injected?: boolean;
}

interface FailureRule {
  path: string;
  errcode: number;
  errmsg?: string;
  remaining: number;
  delayMs?: number;
}

export interface MenuButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  media_id?: string;
  article_id?: string;
  sub_button?: MenuButton[];
}

interface StateOptions {
  apps: Record<string, string>;
  tokenTtlSeconds: number;
  oldTokenGraceSeconds: number;
  quotas: Record<QuotaName, number>;
  templateIds: string[];
  subscribeTemplateIds: string[];
  failRate: number;
  failRateErrcodes: number[];
  seed: number;
  largeMsgIds: boolean;
}

export class EmulatorState {
  readonly apps = new Map<string, string>();
  readonly followers = new Map<string, Follower>(); // key: appid/openid
  readonly tokens = new Map<string, TokenRecord>(); // key: token string
  readonly currentToken = new Map<string, TokenRecord>(); // key: kind/appid
  readonly jsCodes = new Map<string, JsCode>();
  readonly oauthCodes = new Map<string, OAuthCode>();
  readonly subscriptions = new Map<string, number>(); // key: appid/openid/templateId → sends left
  readonly templateIds = new Set<string>();
  readonly subscribeTemplateIds = new Set<string>();
  readonly sent: SentMessage[] = [];
  readonly calls: CallRecord[] = [];
  readonly failures: FailureRule[] = [];
  /** API path → how long a (successful) answer takes: a slow WeChat, so that calls are still in flight. */
  readonly latencyMs = new Map<string, number>();
  readonly menus = new Map<string, { button: MenuButton[]; menuid?: number }>();
  readonly quotaUse = new Map<string, number>(); // key: day/appid/quota
  readonly forceRefreshMs = new Map<string, number>(); // appid → last force_refresh
  readonly urlLinks = new Map<string, UrlLinkRecord>(); // url_link → what it opens
  failRate: number;
  failRateErrcodes: number[];
  random: () => number;
  private offsetMs = 0;
  private seq = 0;

  constructor(readonly opts: StateOptions) {
    for (const [appid, secret] of Object.entries(opts.apps)) this.apps.set(appid, secret);
    opts.templateIds.forEach((t) => this.templateIds.add(t));
    opts.subscribeTemplateIds.forEach((t) => this.subscribeTemplateIds.add(t));
    this.failRate = opts.failRate;
    this.failRateErrcodes = opts.failRateErrcodes;
    this.random = seededRandom(opts.seed);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  get defaultAppId(): string {
    const first = this.apps.keys().next();
    if (first.done) throw new Error('the WeChat emulator has no apps configured');
    return first.value;
  }

  follower(appid: string, openid: string): Follower | undefined {
    return this.followers.get(`${appid}/${openid}`);
  }

  putFollower(f: Follower): void {
    this.followers.set(`${f.appid}/${f.openid}`, f);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** access_token lookalike: "<seq>_<random>", about the length of real ones (≥ 512 chars reserved). */
  newToken(): string {
    return `${this.nextSeq()}_${randomBytes(96).toString('base64url')}`;
  }

  /** Real msgids are 19-digit integers past 2^53, which breaks JSON.parse; emulate that unless told not to. */
  newMsgId(): string {
    if (!this.opts.largeMsgIds) return String(200_000_000 + this.nextSeq());
    const big = (BigInt(`0x${randomBytes(8).toString('hex')}`) % 6_000_000_000_000_000_000n) + 3_000_000_000_000_000_000n;
    return String(big);
  }

  /** Counts one call against a daily quota; false once the quota is spent. Days follow Beijing time. */
  takeQuota(appid: string, quota: QuotaName): boolean {
    const day = todayShanghai(new Date(this.nowMs()));
    const key = `${day}/${appid}/${quota}`;
    const used = this.quotaUse.get(key) ?? 0;
    if (used >= this.opts.quotas[quota]) return false;
    this.quotaUse.set(key, used + 1);
    return true;
  }

  reset(): void {
    this.followers.clear();
    this.tokens.clear();
    this.currentToken.clear();
    this.jsCodes.clear();
    this.oauthCodes.clear();
    this.subscriptions.clear();
    this.sent.length = 0;
    this.calls.length = 0;
    this.failures.length = 0;
    this.latencyMs.clear();
    this.menus.clear();
    this.quotaUse.clear();
    this.forceRefreshMs.clear();
    this.urlLinks.clear();
    this.templateIds.clear();
    this.subscribeTemplateIds.clear();
    this.opts.templateIds.forEach((t) => this.templateIds.add(t));
    this.opts.subscribeTemplateIds.forEach((t) => this.subscribeTemplateIds.add(t));
    this.failRate = this.opts.failRate;
    this.failRateErrcodes = this.opts.failRateErrcodes;
    this.random = seededRandom(this.opts.seed);
    this.offsetMs = 0;
  }
}
