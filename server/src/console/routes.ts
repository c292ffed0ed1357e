/** The staff console's API (issue 8) beyond review: navigation, content, broadcasts, audit, statistics, staff accounts. */
import type Router from '@koa/router';
import type { Database } from '../db/client.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { staffOf } from '../review/staff.js';
import { registerContentAdminRoutes } from './content/routes.js';
import { meta } from './roles.js';

export interface ConsoleRouteDeps {
  database: Database;
  dataDir: string;
}

export function registerConsoleRoutes(router: Router, registry: OpenApiRegistry, deps: ConsoleRouteDeps): void {
  const tags = ['工作台 (工作人员)'];
  defineRoute(router, registry, { method: 'get', path: '/api/staff/meta', summary: '当前工作人员、角色与权限、导航菜单', tags, auth: 'staff' },
    async ({ ctx }) => meta(staffOf(ctx)));
  registerContentAdminRoutes(router, registry, { database: deps.database, env: { dataDir: deps.dataDir } });
}
