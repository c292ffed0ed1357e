/**
 * Every route of the identity capability: /api/auth/… (public), /api/me/security/… (members) and G9
 * /api/public/agreements/:kind (public).
 */
import type Router from '@koa/router';
import { defineRoute } from '../http/route.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { currentAgreement } from './agreements.js';
import type { IdentityContext } from './context.js';
import { registerAuthRoutes } from './routes-auth.js';
import { registerSecurityRoutes } from './routes-security.js';
import * as s from './schema.js';

export function registerIdentityRoutes(router: Router, registry: OpenApiRegistry, identity: IdentityContext): void {
  registerAuthRoutes(router, registry, identity);
  registerSecurityRoutes(router, registry, identity);

  // G9 (003 7.3 隐私声明): the current version, which registration must accept.
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/agreements/:kind',
      summary: 'G9 个人用户协议 / 隐私声明（当前版本）',
      tags: ['便民工具'],
      params: s.agreementParams,
      response: s.agreement,
    },
    async ({ params }) => {
      const a = await currentAgreement(identity.database, params.kind, identity.clock.today());
      return { kind: a.kind, version: a.version, title: a.title, body: a.body, effectiveOn: a.effectiveOn };
    },
  );
}
