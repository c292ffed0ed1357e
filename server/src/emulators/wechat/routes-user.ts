/**
 * Who a member is: cgi-bin/user/info (official account follower), sns/jscode2session (mini-program login) and
 * sns/oauth2/access_token (the official account's web pages: the OAuth code of connect/oauth2/authorize). Since 2021-12-27 user/info no longer returns nickname or avatar, so
 * neither does the emulator.
 */
import type Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import { wxError } from './errors.js';
import { authenticate, fail, queryString, reply, withinQuota, type Ctx, type EmuState } from './http.js';
import type { EmulatorState, JsCode } from './state.js';
import { checkCredentials } from './tokens.js';

/** wx.login codes and OAuth codes are single-use and live five minutes. */
const JS_CODE_TTL_MS = 5 * 60_000;

/**
 * The common part of both code exchanges (grant_type, the app's credentials, the code): the code of this app,
 * unexpired and unused, used up now — or undefined after answering the errcode WeChat would.
 */
function takeCode<C extends JsCode>(ctx: Ctx, state: EmulatorState, codes: Map<string, C>, param: string): { appid: string; code: C } | undefined {
  if (queryString(ctx, 'grant_type') !== 'authorization_code') return void fail(ctx, wxError('INVALID_GRANT_TYPE'));
  const creds = checkCredentials(state, queryString(ctx, 'appid'), queryString(ctx, 'secret'));
  if (!creds.ok) return void fail(ctx, creds.error);
  const appid = (ctx.state.appid = creds.value);
  const value = queryString(ctx, param);
  if (!value) return void fail(ctx, wxError('CODE_MISSING'));
  const code = codes.get(value);
  // A code from another app, an unknown one and an expired one all read as "invalid code".
  if (!code || code.appid !== appid || state.nowMs() - code.issuedMs > JS_CODE_TTL_MS) return void fail(ctx, wxError('INVALID_CODE'));
  if (code.used) return void fail(ctx, wxError('CODE_BEEN_USED'));
  code.used = true;
  return { appid, code };
}

export function registerUserRoutes(router: Router<EmuState>, state: EmulatorState): void {
  router.get('/cgi-bin/user/info', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const follower = state.follower(appid, queryString(ctx, 'openid') ?? '');
    if (!follower) return fail(ctx, wxError('INVALID_OPENID'));
    if (!withinQuota(ctx, state, appid, 'user_info')) return;
    const unionid = follower.unionid ? { unionid: follower.unionid } : {};
    if (!follower.follows) {
      // subscribe = 0: "拉取不到其余信息" — nothing beyond the ids.
      return reply(ctx, { subscribe: 0, openid: follower.openid, ...unionid, tagid_list: [] });
    }
    reply(ctx, {
      subscribe: 1,
      openid: follower.openid,
      subscribe_time: follower.subscribeTime,
      ...unionid,
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: '',
    });
  });

  router.get('/sns/jscode2session', (ctx) => {
    const taken = takeCode(ctx, state, state.jsCodes, 'js_code');
    if (!taken) return;
    const { appid, code } = taken;
    const user = state.follower(appid, code.openid);
    if (user) user.lastSeenMs = state.nowMs();
    // Success carries no errcode at all; callers must not test `errcode === 0`.
    reply(ctx, {
      session_key: randomBytes(16).toString('base64'),
      openid: code.openid,
      ...(code.unionid ? { unionid: code.unionid } : {}),
    });
  });

  router.get('/sns/oauth2/access_token', (ctx) => {
    const code = takeCode(ctx, state, state.oauthCodes, 'code')?.code;
    if (!code) return;
    // The unionid only comes with snsapi_userinfo; snsapi_base gives the openid alone.
    reply(ctx, {
      access_token: `${state.nextSeq()}_${randomBytes(48).toString('base64url')}`,
      expires_in: 7200,
      refresh_token: randomBytes(48).toString('base64url'),
      openid: code.openid,
      scope: code.scope,
      is_snapshotuser: 0,
      ...(code.scope === 'snsapi_userinfo' && code.unionid ? { unionid: code.unionid } : {}),
    });
  });
}

/** Who is browsing in the emulated WeChat client's in-app browser (the test or demo plays the member's phone). */
export const EMULATED_OPENID_HEADER = 'x-emulator-openid';

/**
 * open.weixin.qq.com/connect/oauth2/authorize: the WeChat client opens it for a web page of the official account and
 * WeChat redirects to `redirect_uri?code=…&state=…` (snsapi_base: silently, for the user the client is logged in as).
 * The emulator learns that user from the X-Emulator-Openid header; without it the page says to open it in WeChat.
 */
export function registerOAuthAuthorizePage(
  router: Router<EmuState>,
  state: EmulatorState,
  issue: (u: { appid: string; openid: string; scope: 'snsapi_base' | 'snsapi_userinfo' }) => string,
): void {
  router.get('/connect/oauth2/authorize', (ctx) => {
    const appid = queryString(ctx, 'appid') ?? '';
    const redirect = queryString(ctx, 'redirect_uri') ?? '';
    const scope = queryString(ctx, 'scope');
    const openid = ctx.get(EMULATED_OPENID_HEADER);
    let target: URL | undefined;
    try {
      target = new URL(redirect);
    } catch {
      target = undefined;
    }
    ctx.type = 'text/html; charset=utf-8';
    if (!state.apps.has(appid) || !target || (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo') || queryString(ctx, 'response_type') !== 'code') {
      ctx.status = 400;
      ctx.body = '<!doctype html><p>参数错误</p>'; // what WeChat shows for a bad appid, redirect_uri or scope
      return;
    }
    if (!openid) {
      ctx.status = 403;
      ctx.body = '<!doctype html><p>请在微信客户端打开链接</p>';
      return;
    }
    target.searchParams.set('code', issue({ appid, openid, scope }));
    target.searchParams.set('state', queryString(ctx, 'state') ?? '');
    ctx.redirect(target.toString());
  });
}
