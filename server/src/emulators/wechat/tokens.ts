/**
 * access_token rules as the platform documents them:
 * - cgi-bin/token: every call issues a new token; the previous one keeps working for a short overlap
 *   (documented as five minutes) and then answers 40001. Uncoordinated instances knock each other out.
 * - cgi-bin/stable_token: isolated from cgi-bin/token. Normal mode returns the same token until
 *   five minutes before expiry; force_refresh invalidates it at once, at most 20 times a day and
 *   30 s apart.
 * - using a token: missing → 41001, expired → 42001, superseded/revoked → 40001, malformed → 40014.
 */
import { wxError, type WeChatErrorBody } from './errors.js';
import type { EmulatorState, TokenRecord } from './state.js';

type Result<T> = { ok: true; value: T } | { ok: false; error: WeChatErrorBody };

const fail = <T>(error: WeChatErrorBody): Result<T> => ({ ok: false, error });

interface TokenGrant {
  access_token: string;
  expires_in: number;
}

/** appid/secret check shared by token, stable_token and jscode2session. */
export function checkCredentials(state: EmulatorState, appid: unknown, secret: unknown): Result<string> {
  if (typeof appid !== 'string' || appid === '') return fail(wxError('APPID_MISSING'));
  const expected = state.apps.get(appid);
  if (expected === undefined) return fail(wxError('INVALID_APPID'));
  if (typeof secret !== 'string' || secret === '') return fail(wxError('APPSECRET_MISSING'));
  if (secret !== expected) return fail(wxError('INVALID_APPSECRET'));
  return { ok: true, value: appid };
}

function issue(state: EmulatorState, appid: string, kind: TokenRecord['kind']): TokenRecord {
  const now = state.nowMs();
  const record: TokenRecord = { appid, kind, token: state.newToken(), issuedMs: now, expiresMs: now + state.opts.tokenTtlSeconds * 1000 };
  state.tokens.set(record.token, record);
  state.currentToken.set(`${kind}/${appid}`, record);
  return record;
}

const grant = (state: EmulatorState, r: TokenRecord): TokenGrant => ({
  access_token: r.token,
  expires_in: Math.max(0, Math.floor((r.expiresMs - state.nowMs()) / 1000)),
});

export function issueClassicToken(state: EmulatorState, appid: string): TokenGrant {
  const previous = state.currentToken.get(`classic/${appid}`);
  if (previous) {
    const overlapEnd = state.nowMs() + state.opts.oldTokenGraceSeconds * 1000;
    previous.invalidAfterMs = Math.min(previous.invalidAfterMs ?? Infinity, overlapEnd);
  }
  return grant(state, issue(state, appid, 'classic'));
}

export function issueStableToken(state: EmulatorState, appid: string, forceRefresh: boolean): Result<TokenGrant> {
  const now = state.nowMs();
  const current = state.currentToken.get(`stable/${appid}`);
  if (forceRefresh) {
    const last = state.forceRefreshMs.get(appid);
    if ((last !== undefined && now - last < 30_000) || !state.takeQuota(appid, 'stable_token_force_refresh')) {
      return fail(wxError('FORCE_REFRESH_TOO_FREQUENT'));
    }
    state.forceRefreshMs.set(appid, now);
    if (current) current.invalidAfterMs = now;
    return { ok: true, value: grant(state, issue(state, appid, 'stable')) };
  }
  // The platform renews five minutes early; short test TTLs scale that down so a token is reusable.
  const renewAheadMs = Math.min(300, state.opts.tokenTtlSeconds / 2) * 1000;
  const usable = current && current.invalidAfterMs === undefined && current.expiresMs - now > renewAheadMs;
  // A token renewed early stays valid until its own expiry, so callers holding it are not broken.
  return { ok: true, value: grant(state, usable ? current : issue(state, appid, 'stable')) };
}

const TOKEN_SHAPE = /^\d+_[A-Za-z0-9_-]{32,}$/;

/** Resolves the access_token query parameter to its app, or the errcode WeChat would answer. */
export function checkAccessToken(state: EmulatorState, token: unknown): Result<string> {
  if (typeof token !== 'string' || token === '') return fail(wxError('ACCESS_TOKEN_MISSING'));
  const record = state.tokens.get(token);
  if (!record) {
    // A well-formed token we do not know (issued before a restart, or by another app) is "not latest".
    return fail(wxError(TOKEN_SHAPE.test(token) ? 'INVALID_CREDENTIAL' : 'INVALID_ACCESS_TOKEN'));
  }
  const now = state.nowMs();
  if (now >= record.expiresMs) return fail(wxError('ACCESS_TOKEN_EXPIRED'));
  if (record.invalidAfterMs !== undefined && now >= record.invalidAfterMs) return fail(wxError('INVALID_CREDENTIAL'));
  return { ok: true, value: record.appid };
}

/** Test controls: make every token of an app (or all apps) answer 42001 / 40001 from now on. */
export function expireTokens(state: EmulatorState, appid?: string): number {
  return touchTokens(state, appid, (r, now) => (r.expiresMs = Math.min(r.expiresMs, now)));
}

export function invalidateTokens(state: EmulatorState, appid?: string): number {
  return touchTokens(state, appid, (r, now) => (r.invalidAfterMs = Math.min(r.invalidAfterMs ?? Infinity, now)));
}

function touchTokens(state: EmulatorState, appid: string | undefined, f: (r: TokenRecord, now: number) => void): number {
  const now = state.nowMs();
  let n = 0;
  for (const r of state.tokens.values()) {
    if (appid === undefined || r.appid === appid) {
      f(r, now);
      n++;
    }
  }
  return n;
}
