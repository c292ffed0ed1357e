/**
 * Who a WeChat user is, as WeChat vouches for it (issue 15 point 2): the server exchanges a one-use code the client
 * got from WeChat for the openid — never takes an openid from the client.
 * - mini-program: `wx.login()` → code → `sns/jscode2session` (mini-program AppID + AppSecret);
 * - the official account's web pages: OAuth `connect/oauth2/authorize?scope=snsapi_base` → redirect with `code`
 *   → `sns/oauth2/access_token` (official-account AppID + AppSecret).
 * Both answer `{ openid, unionid? }` and need no access_token. A refused code (40029 invalid, 40163 used) is a
 * WeChatApiError with that errcode.
 */
import type { AppCredentials } from './client.js';
import { WeChatApiError } from './request.js';

interface VouchedIds {
  openid: string;
  unionid?: string;
}

export interface WeChatSns {
  miniProgramSession(code: string): Promise<VouchedIds>;
  officialAccountOAuth(code: string): Promise<VouchedIds>;
}

const TIMEOUT_MS = 5000;

export function createSns(apiBase: string, oa: AppCredentials, mp: AppCredentials): WeChatSns {
  const base = apiBase.replace(/\/+$/, '');
  const exchange = async (path: string, query: Record<string, string>): Promise<VouchedIds> => {
    const url = new URL(`${base}/sns/${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let body: { errcode?: number; errmsg?: string; openid?: unknown; unionid?: unknown };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      body = (await res.json()) as typeof body;
    } catch (err) {
      throw new WeChatApiError(undefined, `${path}: ${(err as Error).message}`, path);
    }
    // Success carries no errcode at all (or 0).
    if (body.errcode) throw new WeChatApiError(body.errcode, `${path}: ${body.errcode} ${body.errmsg ?? ''}`.trim(), path);
    if (typeof body.openid !== 'string' || !body.openid) throw new WeChatApiError(undefined, `${path}: no openid in the answer`, path);
    return { openid: body.openid, ...(typeof body.unionid === 'string' && body.unionid ? { unionid: body.unionid } : {}) };
  };
  return {
    miniProgramSession: (code) => exchange('jscode2session', { appid: mp.appId, secret: mp.appSecret, js_code: code, grant_type: 'authorization_code' }),
    officialAccountOAuth: (code) => exchange('oauth2/access_token', { appid: oa.appId, secret: oa.appSecret, code, grant_type: 'authorization_code' }),
  };
}
