import Koa from 'koa';
import Router from '@koa/router';
import { DATABASE_UNAVAILABLE_MESSAGE, errorHandler, methodOverride, refuseNulInUrl, requestContext } from './http/middleware.js';
import { OpenApiRegistry } from './http/openapi.js';
import { clientIp, parseTrustedProxies } from './http/client-ip.js';
import { securityHeaders } from './http/security-headers.js';
import { guardMemberArea } from './identity/index.js';
import { retryWhenNothingWritten } from './http/retry.js';
import { serveConsole } from './console/static.js';
import type { Root } from './root.js';

/** Builds the Koa app. The middleware order is the order below; each line says what it is for. */
export function buildApp(c: Root): Koa {
  const app = new Koa({ proxy: false }); // forwarded headers only from TRUSTED_PROXIES (clientIp below)
  const registry = new OpenApiRegistry();
  const router = new Router();

  // Readiness for load balancers: 200 only while the database answers a query (checked on every call); the process
  // itself stays up while it does not and serves again as soon as it is back.
  router.get('/healthz', async (ctx) => {
    const ok = await c.database.ping();
    ctx.status = ok ? 200 : 503;
    ctx.body = ok ? { status: 'ok' } : { status: 'unavailable', code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE };
  });
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = registry.document({ title: '住房公积金 会员自助服务 API', version: '0.1.0' });
  });

  // Every capability is built once in root.ts; here its routes are mounted. Member routes live under /api/me/…
  // (auth: 'member', read the member with http/member.ts), staff routes under /api/staff/… (auth: 'staff').
  c.tools.routes(router, registry); //        G4–G7 便民工具 (public)
  c.content.routes(router, registry); //      F1–F7, G1, G3, G8 政策业务 / 互动交流 (public)
  c.interaction.routes(router, registry); //  G2 投诉建议, G3 members' questions under /api/me; their staff side under /api/staff
  c.identity.routes(router, registry); //     A1–A9, G9: /api/auth/…, the public agreements, /api/me/security/…
  c.certificates.routes(router, registry); // E4 电子凭证 under /api/me + K2 public verification
  c.business.routes(router, registry); //     C1–C14, E1–E3, I1: withdrawals, applications, notifications, loan business; staff review
  c.account.routes(router, registry); //      B1–B3, B9 我的 · 公积金账户
  c.loans.routes(router, registry); //        B4–B8 我的 · 贷款账户
  c.console.routes(router, registry); //      I2, I4, I5 staff console: navigation, content, broadcasts, audit, statistics, staff accounts
  c.sandboxClock.routes(router, registry); // sandbox only (403 in production): the business clock moved forward
  c.wechat.routes(router, registry); //       H1: WeChat's signed pushes at /wechat, no member session

  app.use(clientIp(parseTrustedProxies(c.config.TRUSTED_PROXIES))); // ctx.ip: the TCP peer, or behind a trusted proxy its X-Forwarded-For
  app.use(requestContext(c.logger)); // request id + one log line per request (personal data masked)
  app.use(errorHandler()); //               typed errors → { code, message }; anything else → 500 without internals
  app.use(retryWhenNothingWritten(app, c.database)); // connection lost before anything was written: once more (PostgreSQL)
  app.use(refuseNulInUrl()); //            %00 in a path or query: 400 VALIDATION_FAILED (PostgreSQL text cannot hold it)
  app.use(securityHeaders({ hsts: c.config.APP_MODE === 'production' })); // no sniffing, framing, caching of personal data; a locked CSP; HSTS in production
  app.use(serveConsole()); //              the staff console's built pages at /console/ (SPA fallback, strict CSP)
  app.use(methodOverride()); //             POST + X-HTTP-Method-Override: PATCH from wx.request, which cannot send PATCH
  app.use(guardMemberArea(c.identity.service.sessions)); // every /api/me/… request needs a member session: 401 { code, message } otherwise
  app.use(c.business.service.staffGuard); //          every /api/staff/… request but the login needs a staff session (member tokens are refused)
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
