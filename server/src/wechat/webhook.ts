/**
 * The official account's server URL (H1), the protocol adapter in front of the dispatcher (co-wechat's shape):
 *   GET  /wechat        echostr check when the URL is saved on the platform
 *   POST /wechat        read the body (capped) → openPush (timestamp, signature, decryption, entity-free XML)
 *                       → dispatch (dedupe, bot, 5-second deadline) → sealReply (encrypted in safe mode)
 *   GET  /wechat/open   the web fallback of mini-program links, for WeChat clients that cannot open them
 * Refused pushes are 4xx with a stable code (WeChat only cares that it is not 200) and one warning line.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { pageCsp } from '../http/security-headers.js';
import { MP_PAGES } from './links.js';
import { MAX_XML_BYTES, openPush, readBodyCapped, sealReply, verifyServerUrl, WeChatProtocolError, type OpenedPush, type PushQuery } from './protocol/index.js';
import type { WeChat } from './index.js';

const QUERY_KEYS = ['signature', 'timestamp', 'nonce', 'openid', 'encrypt_type', 'msg_signature', 'echostr'] as const;

/** Only single string values: a repeated parameter is not WeChat's. */
function pushQuery(ctx: Context): PushQuery {
  const q: PushQuery = {};
  for (const key of QUERY_KEYS) {
    const v = ctx.query[key];
    if (typeof v === 'string') q[key] = v;
  }
  return q;
}

function refused(ctx: Context, err: unknown): never {
  // (The logger redacts a field named "code", kept for SMS codes.)
  if (err instanceof WeChatProtocolError) ctx.state.log.warn({ reason: err.code }, 'wechat push refused');
  throw err;
}

export function registerWeChatRoutes(router: Router, wechat: WeChat): void {
  router.get('/wechat', (ctx) => {
    try {
      ctx.type = 'text/plain';
      ctx.body = verifyServerUrl(pushQuery(ctx), wechat.secrets);
    } catch (err) {
      refused(ctx, err);
    }
  });

  router.post('/wechat', async (ctx) => {
    let opened: OpenedPush;
    try {
      const body = await readBodyCapped(ctx.req, MAX_XML_BYTES);
      opened = openPush({ query: pushQuery(ctx), body, secrets: wechat.secrets });
    } catch (err) {
      refused(ctx, err);
    }
    const replyXml = await wechat.dispatch(opened.push);
    const sealed = sealReply({ replyXml, mode: opened.mode, secrets: wechat.secrets });
    ctx.type = sealed === 'success' ? 'text/plain' : 'application/xml';
    ctx.body = sealed;
  });

  router.get('/wechat/open', (ctx) => {
    const page = typeof ctx.query['page'] === 'string' ? ctx.query['page'] : '';
    const known = (Object.values(MP_PAGES) as string[]).includes(page.split('?')[0] ?? '');
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', pageCsp());
    ctx.body = fallbackPage(known);
  });
}

/** A plain page: this content lives in the mini-program, which this client cannot open. */
function fallbackPage(known: boolean): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>住房公积金</title></head><body style="font:16px/1.6 sans-serif;margin:2em">
<h1 style="font-size:20px">${known ? '请在微信中打开住房公积金小程序' : '页面不存在'}</h1>
<p>您的微信版本暂不支持直接打开小程序。请升级微信后，在公众号菜单或消息中点击链接，或在微信中搜索“住房公积金”小程序。</p>
<p>服务热线：12329</p></body></html>`;
}
