/**
 * wxa/generate_urllink (获取加密 URL Link): a https://wxaurl.cn/… address that opens a mini-program page from an
 * SMS, a mail or a web page outside WeChat. Rules of the API page: `path` is a page of the published
 * mini-program and carries no query (40165), `query` ≤ 1024 characters of a restricted set (40212), links always
 * expire (is_expire is taken as true) and live at most 30 days (expire_time 85401, expire_interval 85402),
 * generation counts against a daily limit. Called with the mini-program's own token.
 */
import type Router from '@koa/router';
import { randomBytes } from 'node:crypto';
import { ok, wxErrcode } from './errors.js';
import { authenticate, fail, jsonBody, reply, withinQuota, type EmuState } from './http.js';
import type { EmulatorState } from './state.js';

const URL_LINK_HOST = 'https://wxaurl.cn/';
const MAX_DAYS = 30;
const QUERY_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/;
const PATH_CHARS = /^[0-9A-Za-z_\-/]+$/;

export interface UrlLinkRecord {
  appid: string;
  path: string;
  query: string;
  envVersion: string;
  expiresMs: number;
}

export function registerUrlLinkRoutes(router: Router<EmuState>, state: EmulatorState): void {
  router.post('/wxa/generate_urllink', (ctx) => {
    const appid = authenticate(ctx, state);
    if (!appid) return;
    const body = jsonBody(ctx);
    if (!body) return;
    const path = typeof body['path'] === 'string' ? body['path'] : '';
    const query = typeof body['query'] === 'string' ? body['query'] : '';
    if (path !== '' && (path.includes('?') || path.startsWith('/') || !PATH_CHARS.test(path))) return fail(ctx, wxErrcode(40165, 'invalid weapp pagepath'));
    if (query.length > 1024 || !QUERY_CHARS.test(query)) return fail(ctx, wxErrcode(40212, 'invalid query'));
    const now = state.nowMs();
    let expiresMs: number;
    if (Number(body['expire_type'] ?? 0) === 1) {
      const days = Number(body['expire_interval']);
      if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) return fail(ctx, wxErrcode(85402, 'invalid expire_interval'));
      expiresMs = now + days * 86_400_000;
    } else {
      const at = Number(body['expire_time']) * 1000;
      if (!Number.isFinite(at) || at <= now + 60_000 || at > now + MAX_DAYS * 86_400_000)
        return fail(ctx, wxErrcode(85401, 'time limit between 1min and 30days'));
      expiresMs = at;
    }
    if (!withinQuota(ctx, state, appid, 'generate_urllink')) return;
    const url = `${URL_LINK_HOST}${randomBytes(8).toString('base64url').slice(0, 11)}`;
    state.urlLinks.set(url, { appid, path, query, envVersion: typeof body['env_version'] === 'string' ? body['env_version'] : 'release', expiresMs });
    reply(ctx, ok({ url_link: url }));
  });
}
