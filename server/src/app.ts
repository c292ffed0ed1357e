import Koa from 'koa';
import Router from '@koa/router';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Logger } from './shared/logger.js';
import type { CoreGateway } from './core/gateway.js';
import type { PiiCipher } from './shared/pii-crypto.js';
import type { TencentCloud } from './integrations/tencentcloud.js';
import type { ExternalEndpoints } from './integrations/sandbox.js';
import { DATABASE_UNAVAILABLE_MESSAGE, errorHandler, methodOverride, refuseNulInUrl, requestContext } from './http/middleware.js';
import { OpenApiRegistry } from './http/openapi.js';
import { clientIp, parseTrustedProxies } from './http/client-ip.js';
import { securityHeaders } from './http/security-headers.js';
import { retryWhenNothingWritten } from './http/retry.js';
import { registerToolRoutes } from './tools/routes.js';
import { registerWeChatRoutes } from './wechat/webhook.js';
import type { WeChat } from './wechat/index.js';
import { createIdentity, guardMemberArea, registerIdentityRoutes } from './identity/index.js';
import { registerWebBindRoutes } from './identity/web-bind.js';
import { registerContentRoutes } from './content/routes.js';
import { registerInteractionRoutes } from './interaction/routes.js';
import { registerCertificateRoutes } from './certificates/routes.js';
import { createBusiness, registerBusinessRoutes } from './workflow/capability.js';
import { registerAccountRoutes } from './account/routes.js';
import { registerLoanRoutes } from './loans/routes.js';
import type { Sessions } from './identity/sessions.js';
import { serveConsole } from './console/static.js';
import { registerConsoleRoutes } from './console/routes.js';
import { createConsole, type StaffConsole } from './console/index.js';
import type { LoanJobs } from './jobs/loan-jobs.js';
import { registerSandboxClockRoutes } from './sandbox/clock-routes.js';
import { systemClock, type ServerClock } from './shared/clock.js';
import { createLimits, type Limits } from './limits/index.js';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  core: CoreGateway;
  cipher: PiiCipher;
  /** The server's one clock for business decisions (shared/clock.ts); capabilities see it as a Clock. */
  clock: ServerClock;
  tencentCloud: TencentCloud;
  /** Where the WeChat API and Tencent Cloud are (the emulators in sandbox mode). */
  external: ExternalEndpoints;
  /** The official account: webhook dispatcher, WeChat API clients, notice outbox (wechat/index.ts). */
  wechat: WeChat;
  /** The member sessions (main.ts: with the session cache); made uncached by the identity capability when absent. */
  sessions?: Sessions;
  /** The staff console's broadcasts and their job (main.ts starts and stops it); built here when absent. */
  console?: StaffConsole;
  /** J2 loan jobs (main.ts starts them): the sandbox clock runs the ones that fall due when it is moved forward. */
  loanJobs?: LoanJobs;
  /** SMS and login limits (limits/), shared by all instances through the database; built here when absent. */
  limits?: Limits;
}

/** Builds the Koa app. The middleware order is the order below; each line says what it is for. */
export function buildApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false }); // forwarded headers only from TRUSTED_PROXIES (clientIp below)
  const registry = new OpenApiRegistry();
  const router = new Router();

  // Readiness for load balancers: 200 only while the database answers a query (checked on every call); the process
  // itself stays up while it does not and serves again as soon as it is back.
  router.get('/healthz', async (ctx) => {
    const ok = await deps.database.ping();
    ctx.status = ok ? 200 : 503;
    ctx.body = ok ? { status: 'ok' } : { status: 'unavailable', code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE };
  });
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = registry.document({ title: '住房公积金 会员自助服务 API', version: '0.1.0' });
  });

  // Public routes (no login).
  registerToolRoutes(router, registry, deps); // G4–G7 便民工具
  registerContentRoutes(router, registry, deps); // F1–F7, G1, G3, G8 政策业务 / 互动交流
  registerInteractionRoutes(router, registry, deps); // G2 投诉建议, G3 members' questions under /api/me; their staff side under /api/staff (guarded below)

  // Identity (A1–A9, G9): /api/auth/… and the public agreements, /api/me/security/… behind the member guard below.
  // Member routes of any capability: define them under /api/me/… (auth: 'member'); read identity/auth.ts memberOf(ctx).
  // Limits count attempts per hour: elapsed time on the machine's clock, whatever the business clock says.
  const limits = deps.limits ?? createLimits({ ...deps, clock: systemClock });
  const identity = createIdentity({ ...deps, limits, wechatSns: deps.wechat.clients.sns });
  registerIdentityRoutes(router, registry, identity);
  // The official account's web page that binds a follower to a member through WeChat's OAuth (snsapi_base).
  registerWebBindRoutes(router, identity, { appId: deps.config.WECHAT_APP_ID, publicBaseUrl: deps.config.publicBaseUrl, authorizeBase: deps.config.APP_MODE === 'sandbox' ? deps.external.wechatApiBase : 'https://open.weixin.qq.com' });
  registerCertificateRoutes(router, router, registry, deps); // E4 电子凭证 under /api/me (guarded below) + K2 public verification
  // Business (C1–C14, E1–E3, I1): withdrawals, applications, notifications under /api/me; staff review under /api/staff.
  const business = createBusiness({ ...deps, limits });
  registerBusinessRoutes(router, registry, business);
  registerAccountRoutes(router, registry, deps); // B1–B3, B9 我的 · 公积金账户 (guarded below)
  registerLoanRoutes(router, registry, deps); // B4–B8 我的 · 贷款账户 (guarded below)
  // Staff console (I2, I4, I5): navigation, content, broadcasts, audit, statistics, staff accounts under /api/staff.
  registerConsoleRoutes(router, registry, {
    database: deps.database, dataDir: deps.config.DATA_DIR, clock: deps.clock, staffAuth: business.staffAuth, kinds: business.kinds,
    console: deps.console ?? createConsole(deps),
  });

  // Sandbox only (403 in production): an administrator moves the business clock forward; the jobs due in between run.
  if (deps.loanJobs) registerSandboxClockRoutes(router, registry, { config: deps.config, database: deps.database, clock: deps.clock, loanJobs: deps.loanJobs });

  // Official-account webhook (H1): WeChat's signed pushes at /wechat, no member session.
  registerWeChatRoutes(router, deps.wechat);

  app.use(clientIp(parseTrustedProxies(deps.config.TRUSTED_PROXIES))); // ctx.ip: the TCP peer, or behind a trusted proxy its X-Forwarded-For
  app.use(requestContext(deps.logger)); // request id + one log line per request (personal data masked)
  app.use(errorHandler()); //               typed errors → { code, message }; anything else → 500 without internals
  app.use(retryWhenNothingWritten(app, deps.database)); // connection lost before anything was written: once more (PostgreSQL)
  app.use(refuseNulInUrl()); //            %00 in a path or query: 400 VALIDATION_FAILED (PostgreSQL text cannot hold it)
  app.use(securityHeaders({ hsts: deps.config.APP_MODE === 'production' })); // no sniffing, framing, caching of personal data; a locked CSP; HSTS in production
  app.use(serveConsole()); //              the staff console's built pages at /console/ (SPA fallback, strict CSP)
  app.use(methodOverride()); //             POST + X-HTTP-Method-Override: PATCH from wx.request, which cannot send PATCH
  app.use(guardMemberArea(identity.sessions)); // every /api/me/… request needs a member session: 401 { code, message } otherwise
  app.use(business.staffGuard); //          every /api/staff/… request but the login needs a staff session (member tokens are refused)
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
