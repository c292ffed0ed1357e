/**
 * Binding from the official account (issue 15 point 2): the account's menu opens `/wechat/web/bind` in WeChat's
 * in-app browser. Without a code the page sends the browser to WeChat's OAuth (connect/oauth2/authorize,
 * snsapi_base: silent), which comes back with a one-use `code`; the page then asks for the member's login and
 * binds with it — the code is exchanged with WeChat (sns/oauth2/access_token) for the openid only then, by the same
 * login as the mini-program's (identity/login.ts). The openid is never taken from the browser. A `state` kept in a
 * cookie ties the return to the browser that started it. The page keeps no session: the login's is ended at once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import { readRawBody } from '../http/body.js';
import { pageCsp } from '../http/security-headers.js';
import { DomainError } from '../shared/errors.js';
import { requestMeta } from './audit.js';
import type { IdentityContext } from './context.js';
import { loginWithPassword } from './login.js';

const WEB_BIND_PATH = '/wechat/web/bind';
const STATE_COOKIE = 'hpf_oauth_state';
const CODE = /^[\w-]{8,128}$/;

interface WebBindOptions {
  /** The official account's AppID. */
  appId: string;
  /** Where WeChat's OAuth page is: https://open.weixin.qq.com, or the emulator in sandbox mode. */
  authorizeBase: string;
  /** This server's public address (redirect_uri must be on the account's 网页授权域名). */
  publicBaseUrl: string;
}

export function registerWebBindRoutes(router: Router, id: IdentityContext, opts: WebBindOptions): void {
  router.get(WEB_BIND_PATH, (ctx) => {
    const code = typeof ctx.query['code'] === 'string' ? ctx.query['code'] : '';
    const state = typeof ctx.query['state'] === 'string' ? ctx.query['state'] : '';
    if (!code) return startOAuth(ctx, opts);
    if (!CODE.test(code) || !stateMatches(ctx, state)) return page(ctx, 400, restart('链接已失效，请从公众号菜单重新进入。'));
    page(ctx, 200, form({ code, state }));
  });

  router.post(WEB_BIND_PATH, async (ctx) => {
    const fields = new URLSearchParams((await readRawBody(ctx, 8 * 1024)).toString('utf8'));
    const field = (k: string) => (fields.get(k) ?? '').slice(0, 128);
    const [code, state, account, password] = [field('code'), field('state'), field('account').trim(), field('password')];
    if (!CODE.test(code) || !stateMatches(ctx, state)) return page(ctx, 400, restart('链接已失效，请从公众号菜单重新进入。'));
    if (!account || !password) return page(ctx, 400, form({ code, state, account, error: '请输入身份证号码或手机号码和登录密码。' }));
    const challengeId = field('challengeId');
    try {
      const session = await loginWithPassword(
        id,
        {
          account,
          password,
          wechat: { oaCode: code },
          ...(challengeId ? { challenge: { id: challengeId, answer: field('challengeAnswer') } } : {}),
        },
        requestMeta(ctx),
      );
      await id.sessions.revoke(session.sessionId, 'web-bind'); // the page needed the binding, not a session
      ctx.cookies.set(STATE_COOKIE, null, { path: WEB_BIND_PATH });
      page(ctx, 200, `<h1>绑定成功</h1><p>您的微信已与公积金账户绑定。返回公众号，发送“余额”即可查询。</p>`);
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500) throw err;
      if (err.code === 'WECHAT_CODE_INVALID') return page(ctx, 400, restart(err.message));
      const challenge = err.details?.['challenge'] as { id?: string; question?: string } | undefined;
      page(
        ctx,
        err.status,
        form({
          code,
          state,
          account,
          error: err.message,
          ...(challenge?.id && challenge.question ? { challenge: { id: challenge.id, question: challenge.question } } : {}),
        }),
      );
    }
  });
}

function startOAuth(ctx: Context, opts: WebBindOptions): void {
  const state = randomBytes(16).toString('hex');
  ctx.cookies.set(STATE_COOKIE, state, { path: WEB_BIND_PATH, httpOnly: true, sameSite: 'lax', maxAge: 10 * 60_000 });
  const url = new URL('/connect/oauth2/authorize', opts.authorizeBase);
  url.searchParams.set('appid', opts.appId);
  url.searchParams.set('redirect_uri', new URL(WEB_BIND_PATH, opts.publicBaseUrl).toString());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'snsapi_base');
  url.searchParams.set('state', state);
  ctx.redirect(`${url.toString()}#wechat_redirect`);
}

function stateMatches(ctx: Context, state: string): boolean {
  const kept = ctx.cookies.get(STATE_COOKIE) ?? '';
  return /^[0-9a-f]{32}$/.test(state) && kept.length === state.length && timingSafeEqual(Buffer.from(kept), Buffer.from(state));
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function restart(message: string): string {
  return `<h1>无法绑定</h1><p>${esc(message)}</p><p><a href="${WEB_BIND_PATH}">重新进入</a></p>`;
}

function form(f: { code: string; state: string; account?: string; error?: string; challenge?: { id: string; question: string } }): string {
  return `<h1>绑定公积金账户</h1>
<p>请输入您在住房公积金的登录账号和密码，绑定后可在公众号中查询余额、接收业务通知。</p>
${f.error ? `<p role="alert" style="color:#c00">${esc(f.error)}</p>` : ''}
<form method="post" action="${WEB_BIND_PATH}">
<input type="hidden" name="code" value="${esc(f.code)}"><input type="hidden" name="state" value="${esc(f.state)}">
<p><label>身份证号码或手机号码<br><input name="account" autocomplete="username" maxlength="32" value="${esc(f.account ?? '')}" style="font-size:16px;width:100%"></label></p>
<p><label>登录密码<br><input name="password" type="password" autocomplete="current-password" maxlength="32" style="font-size:16px;width:100%"></label></p>
${f.challenge ? `<input type="hidden" name="challengeId" value="${esc(f.challenge.id)}"><p><label>请回答：${esc(f.challenge.question)}<br><input name="challengeAnswer" inputmode="numeric" maxlength="8" style="font-size:16px;width:100%"></label></p>` : ''}
<p><button type="submit" style="font-size:16px;min-height:44px;width:100%">绑定</button></p>
</form>`;
}

function page(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  // The form posts to this page only.
  ctx.set('Content-Security-Policy', pageCsp().replace("form-action 'none'", "form-action 'self'"));
  ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>绑定公积金账户</title></head><body style="font:16px/1.6 sans-serif;margin:1.5em">${body}
<p style="color:#666">服务热线：12329</p></body></html>`;
}
