/** GET cgi-bin/token and POST cgi-bin/stable_token (获取接口调用凭据 / 获取稳定版接口调用凭据). */
import type Router from '@koa/router';
import { wxError } from './errors.js';
import { fail, jsonBody, queryString, reply, withinQuota, type EmuState } from './http.js';
import type { EmulatorState } from './state.js';
import { checkCredentials, issueClassicToken, issueStableToken } from './tokens.js';

export function registerTokenRoutes(router: Router<EmuState>, state: EmulatorState): void {
  router.get('/cgi-bin/token', (ctx) => {
    if (queryString(ctx, 'grant_type') !== 'client_credential') return fail(ctx, wxError('INVALID_GRANT_TYPE'));
    const creds = checkCredentials(state, queryString(ctx, 'appid'), queryString(ctx, 'secret'));
    if (!creds.ok) return fail(ctx, creds.error);
    ctx.state.appid = creds.value;
    if (!withinQuota(ctx, state, creds.value, 'token')) return;
    reply(ctx, issueClassicToken(state, creds.value));
  });

  // The stable token is POST-JSON only.
  router.get('/cgi-bin/stable_token', (ctx) => fail(ctx, wxError('REQUIRE_POST')));

  router.post('/cgi-bin/stable_token', (ctx) => {
    const body = jsonBody(ctx);
    if (!body) return;
    if (body['grant_type'] !== 'client_credential') return fail(ctx, wxError('INVALID_GRANT_TYPE'));
    const creds = checkCredentials(state, body['appid'], body['secret']);
    if (!creds.ok) return fail(ctx, creds.error);
    ctx.state.appid = creds.value;
    if (!withinQuota(ctx, state, creds.value, 'stable_token')) return;
    const issued = issueStableToken(state, creds.value, body['force_refresh'] === true);
    if (!issued.ok) return fail(ctx, issued.error);
    reply(ctx, issued.value);
  });
}
