/**
 * Koa plumbing shared by the emulated endpoints: JSON body reading, replies in WeChat's shape
 * (always HTTP 200 with errcode), the access_token guard, fault injection and the call log.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Middleware, ParameterizedContext } from 'koa';
import { readBodyCapped } from '../../wechat/protocol/body.js';
import { WeChatProtocolError } from '../../wechat/protocol/errors.js';
import { wxErrcode, wxError, type WeChatErrorBody } from './errors.js';
import type { EmulatorState, QuotaName } from './state.js';
import { checkAccessToken } from './tokens.js';

export interface EmuState {
  rawBody?: string;
  errcode?: number;
  appid?: string;
  injected?: boolean;
}

export type Ctx = ParameterizedContext<EmuState>;

const MAX_API_BODY = 1024 * 1024;

export function reply(ctx: Ctx, body: object): void {
  ctx.status = 200;
  ctx.body = body;
  const errcode = (body as Partial<WeChatErrorBody>).errcode;
  ctx.state.errcode = typeof errcode === 'number' ? errcode : 0;
}

/** For bodies JSON.stringify cannot write, such as 19-digit msgids that must stay bare numbers. */
export function replyRawJson(ctx: Ctx, json: string, errcode = 0): void {
  ctx.status = 200;
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = json;
  ctx.state.errcode = errcode;
}

export const fail = (ctx: Ctx, body: WeChatErrorBody): void => reply(ctx, body);

/** The parsed JSON body as an object, or undefined after answering 47001. */
export function jsonBody(ctx: Ctx): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(ctx.state.rawBody ?? '');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: WeChat answers malformed JSON with 47001
  }
  fail(ctx, wxError('DATA_FORMAT_ERROR'));
  return undefined;
}

/** Resolves ?access_token= to its appid, or answers the token error and returns undefined. */
export function authenticate(ctx: Ctx, state: EmulatorState): string | undefined {
  const result = checkAccessToken(state, ctx.query['access_token']);
  if (!result.ok) {
    fail(ctx, result.error);
    return undefined;
  }
  ctx.state.appid = result.value;
  return result.value;
}

/** Counts a call against the app's daily quota, or answers 45009. */
export function withinQuota(ctx: Ctx, state: EmulatorState, appid: string, quota: QuotaName): boolean {
  if (state.takeQuota(appid, quota)) return true;
  fail(ctx, wxError('QUOTA_REACHED'));
  return false;
}

export const queryString = (ctx: Ctx, key: string): string | undefined => {
  const v = ctx.query[key];
  return typeof v === 'string' ? v : undefined;
};

export function readBody(): Middleware<EmuState> {
  return async (ctx, next) => {
    if (ctx.method === 'POST' || ctx.method === 'PUT') {
      try {
        ctx.state.rawBody = await readBodyCapped(ctx.req, MAX_API_BODY);
      } catch (err) {
        if (!(err instanceof WeChatProtocolError)) throw err;
        ctx.status = err.status;
        ctx.body = { errcode: -1, errmsg: err.message };
        return;
      }
    }
    await next();
  };
}

/** Injected failures first (next-N rules, then the random fail rate), then the real handler (after its latency, if set); every API call is logged. */
export function faultsAndLog(state: EmulatorState): Middleware<EmuState> {
  return async (ctx, next) => {
    if (ctx.path.startsWith('/__control')) return next();
    const rule = state.failures.find((r) => r.path === ctx.path && r.remaining > 0);
    if (rule) {
      rule.remaining--;
      if (rule.remaining === 0) state.failures.splice(state.failures.indexOf(rule), 1);
      if (rule.delayMs) await sleep(rule.delayMs);
      ctx.state.injected = true;
      fail(ctx, wxErrcode(rule.errcode, rule.errmsg));
    } else if (state.failRate > 0 && state.random() < state.failRate) {
      const codes = state.failRateErrcodes;
      ctx.state.injected = true;
      fail(ctx, wxErrcode(codes[Math.floor(state.random() * codes.length)] ?? -1));
    } else {
      const latency = state.latencyMs.get(ctx.path);
      if (latency) await sleep(latency);
      await next();
    }
    state.calls.push({
      atMs: state.nowMs(),
      method: ctx.method,
      path: ctx.path,
      errcode: ctx.state.errcode ?? (ctx.status === 200 ? 0 : -1),
      ...(ctx.state.appid ? { appid: ctx.state.appid } : {}),
      ...(ctx.state.injected ? { injected: true } : {}),
    });
  };
}
