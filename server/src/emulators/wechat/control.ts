/**
 * The emulator's control surface: what a test (or the demo) does that in real life a member or the
 * platform would do — follow the account, open the mini-program, accept a subscription — plus
 * failure injection and inspection. Exposed in-process and over HTTP under /__control/.
 */
import { randomBytes } from 'node:crypto';
import { verifyWebhookUrl, type PushResult } from './push.js';
import type { CallRecord, EmulatorState, SentMessage } from './state.js';
import { expireTokens, invalidateTokens } from './tokens.js';
import type { AppWebhook, PushRecord, Webhooks } from './webhooks.js';

interface FollowerInput {
  appid?: string;
  openid: string;
  unionid?: string;
  /** Default true. A member who never followed (e.g. a spouse) is registered with follows: false. */
  follows?: boolean;
  /** Follows but refuses the account's messages: template sends end in "failed:user block". */
  blocksTemplates?: boolean;
}

interface FailureInput {
  /** The API path, e.g. "/cgi-bin/message/template/send". */
  path: string;
  errcode: number;
  times?: number;
  errmsg?: string;
  /** Answer only after this long, to exercise client timeouts. */
  delayMs?: number;
}

export interface WeChatEmulatorControl {
  addFollower(f: FollowerInput): void;
  setFollowing(openid: string, follows: boolean, appid?: string): void;
  /** What wx.login would hand the mini-program; registers the user for that app if new. */
  issueJsCode(u: { appid?: string; openid: string; unionid?: string }): string;
  /**
   * What the official account's OAuth page (connect/oauth2/authorize, snsapi_base by default) hands the web page's
   * redirect_uri as `code` for this follower (default app: the official account).
   */
  issueOAuthCode(u: { appid?: string; openid: string; unionid?: string; scope?: 'snsapi_base' | 'snsapi_userinfo' }): string;
  /** The member tapped "允许" in wx.requestSubscribeMessage (`times` accepts, default 1). */
  grantSubscription(s: { appid?: string; openid: string; templateId: string; times?: number }): void;
  addTemplate(templateId: string, kind?: 'template' | 'subscribe'): void;
  failNext(f: FailureInput): void;
  setFailRate(rate: number, errcodes?: number[]): void;
  /** Every call to `path` answers only after `ms` (0: at once again), as a slow WeChat does. */
  setLatency(path: string, ms: number): void;
  sentMessages(filter?: { kind?: SentMessage['kind']; appid?: string; touser?: string }): SentMessage[];
  /** Every token answers 42001 from now on (returns how many were touched). */
  expireTokens(appid?: string): number;
  /** Every token answers 40001 from now on. */
  invalidateTokens(appid?: string): number;
  /** Moves the emulator clock (token expiry, js code expiry, quotas) forward. */
  advanceClock(seconds: number): void;
  calls(filter?: { path?: string; errcode?: number }): CallRecord[];
  setWebhook(appid: string, target: AppWebhook | null): void;
  /** Delivers a push (buildTextMessage/buildEvent XML) to the app's webhook, as a member's action would. */
  push(message: string, appid?: string): Promise<PushResult>;
  /** Delivers a body that need not be valid push XML (malformed, entity-laden, oversized) from `openid`. */
  pushRaw(body: string, from: { openid: string; appid?: string }): Promise<PushResult>;
  pushLog(): PushRecord[];
  /** The platform's check of the server URL (GET with echostr), as when the URL is saved. */
  verifyServerUrl(appid?: string): Promise<{ ok: boolean; status: number; body: string }>;
  originalId(appid?: string): string;
  /** What a URL Link (wxa/generate_urllink) opens, as WeChat resolves it when tapped; undefined if unknown. */
  openUrlLink(url: string): { appid: string; path: string; query: string; expired: boolean } | undefined;
  /** Waits for scheduled pushes such as TEMPLATESENDJOBFINISH. */
  settle(): Promise<void>;
  reset(): void;
}

export function createControl(state: EmulatorState, webhooks: Webhooks): WeChatEmulatorControl {
  const app = (appid?: string) => {
    const id = appid ?? state.defaultAppId;
    if (!state.apps.has(id)) throw new Error(`unknown appid ${id}`);
    return id;
  };
  const ensureUser = (appid: string, openid: string, unionid?: string) => {
    const existing = state.follower(appid, openid);
    if (existing) {
      if (unionid) existing.unionid = unionid;
      return existing;
    }
    const now = state.nowMs();
    const f = { appid, openid, follows: false, blocksTemplates: false, subscribeTime: 0, lastSeenMs: now, ...(unionid ? { unionid } : {}) };
    state.putFollower(f);
    return f;
  };

  return {
    addFollower({ appid, openid, unionid, follows = true, blocksTemplates = false }) {
      const f = ensureUser(app(appid), openid, unionid);
      Object.assign(f, { follows, blocksTemplates, subscribeTime: follows ? state.nowSeconds() : 0 });
    },
    setFollowing(openid, follows, appid) {
      const f = ensureUser(app(appid), openid);
      f.follows = follows;
      if (follows) f.subscribeTime = state.nowSeconds();
    },
    issueJsCode({ appid, openid, unionid }) {
      const id = app(appid);
      ensureUser(id, openid, unionid);
      const code = randomBytes(16).toString('hex');
      state.jsCodes.set(code, { appid: id, openid, issuedMs: state.nowMs(), used: false, ...(unionid ? { unionid } : {}) });
      return code;
    },
    issueOAuthCode({ appid, openid, unionid, scope = 'snsapi_base' }) {
      const id = app(appid);
      ensureUser(id, openid, unionid);
      const code = randomBytes(16).toString('hex');
      state.oauthCodes.set(code, { appid: id, openid, scope, issuedMs: state.nowMs(), used: false, ...(unionid ? { unionid } : {}) });
      return code;
    },
    grantSubscription({ appid, openid, templateId, times = 1 }) {
      const id = app(appid);
      ensureUser(id, openid);
      const key = `${id}/${openid}/${templateId}`;
      state.subscriptions.set(key, (state.subscriptions.get(key) ?? 0) + times);
    },
    addTemplate(templateId, kind = 'template') {
      (kind === 'template' ? state.templateIds : state.subscribeTemplateIds).add(templateId);
    },
    failNext({ path, errcode, times = 1, errmsg, delayMs }) {
      state.failures.push({ path, errcode, remaining: times, ...(errmsg ? { errmsg } : {}), ...(delayMs ? { delayMs } : {}) });
    },
    setFailRate(rate, errcodes) {
      state.failRate = rate;
      if (errcodes) state.failRateErrcodes = errcodes;
    },
    setLatency(path, ms) {
      if (ms > 0) state.latencyMs.set(path, ms);
      else state.latencyMs.delete(path);
    },
    sentMessages(filter = {}) {
      return state.sent.filter(
        (m) => (!filter.kind || m.kind === filter.kind) && (!filter.appid || m.appid === filter.appid) && (!filter.touser || m.touser === filter.touser),
      );
    },
    expireTokens: (appid) => expireTokens(state, appid),
    invalidateTokens: (appid) => invalidateTokens(state, appid),
    advanceClock: (seconds) => state.advance(seconds),
    calls(filter = {}) {
      return state.calls.filter((c) => (!filter.path || c.path === filter.path) && (filter.errcode === undefined || c.errcode === filter.errcode));
    },
    setWebhook: (appid, target) => webhooks.set(app(appid), target),
    push: (message, appid) => webhooks.push(app(appid), message),
    pushRaw: (body, { openid, appid }) => webhooks.push(app(appid), body, { FromUserName: openid, ToUserName: webhooks.originalId(app(appid)) }),
    pushLog: () => webhooks.log,
    verifyServerUrl: (appid) => {
      const id = app(appid);
      const target = webhooks.get(id);
      if (!target) throw new Error(`no webhook configured for ${id}`);
      return verifyWebhookUrl({ ...target, appId: id });
    },
    originalId: (appid) => webhooks.originalId(app(appid)),
    openUrlLink(url) {
      const link = state.urlLinks.get(url);
      return link && { appid: link.appid, path: link.path, query: link.query, expired: state.nowMs() >= link.expiresMs };
    },
    settle: () => webhooks.settle(),
    reset() {
      state.reset();
      webhooks.log.length = 0;
    },
  };
}
