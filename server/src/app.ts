import Koa from 'koa';
import Router from '@koa/router';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Logger } from './shared/logger.js';
import type { CoreGateway } from './core/gateway.js';
import type { PiiCipher } from './shared/pii-crypto.js';
import type { TencentCloud } from './integrations/tencentcloud.js';
import type { ExternalEndpoints } from './integrations/sandbox.js';
import { errorHandler, requestContext } from './http/middleware.js';
import { OpenApiRegistry } from './http/openapi.js';
import { registerToolRoutes } from './tools/routes.js';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  core: CoreGateway;
  cipher: PiiCipher;
  tencentCloud: TencentCloud;
  /** Where the WeChat API and Tencent Cloud are (the emulators in sandbox mode). */
  external: ExternalEndpoints;
}

/** Builds the Koa app. The middleware order is the order below; each line says what it is for. */
export function buildApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: true });
  const registry = new OpenApiRegistry();
  const router = new Router();

  // Liveness for load balancers: 200 only while the database answers.
  router.get('/healthz', async (ctx) => {
    const ok = await deps.database.ping();
    ctx.status = ok ? 200 : 503;
    ctx.body = ok ? { status: 'ok' } : { status: 'unavailable', code: 'DATABASE_UNAVAILABLE', message: '数据库暂时无法访问' };
  });
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = registry.document({ title: '住房公积金 会员自助服务 API', version: '0.1.0' });
  });

  // Public routes (no login).
  registerToolRoutes(router, registry);

  app.use(requestContext(deps.logger)); // request id + one log line per request (personal data masked)
  app.use(errorHandler()); //               typed errors → { code, message }; anything else → 500 without internals
  app.use(securityHeaders()); //            no sniffing, no framing, no caching of personal data
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

function securityHeaders() {
  return async (ctx: Koa.Context, next: Koa.Next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
