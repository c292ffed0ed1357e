/** The staff console's API (issue 8) beyond review: navigation, content, broadcasts, audit, statistics, staff accounts. */
import type Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { pageQuery, searchText } from '../content/paging.js';
import { idParams } from '../content/schema.js';
import { staffOf, type StaffAuth } from '../staff/auth.js';
import { STATUS_LABELS, type KindRegistry } from '../workflow/index.js';
import { desk } from './desk.js';
import type { OverdueLimits } from '../review/overdue.js';
import { searchAudit } from '../staff/audit.js';
import { AUDIT_ACTIONS } from '../staff/audit-labels.js';
import { createBroadcastBody } from './broadcasts.js';
import type { ContentEditor } from '../content/editor/index.js';
import { registerContentAdminRoutes } from './content/routes.js';
import { registerBusinessGuideRoutes } from './content/guides.js';
import type { StaffConsole } from './index.js';
import { meta, requireRole } from '../staff/roles.js';
import { StaffUsers, createStaffBody, staffUserQuery, updateStaffBody } from '../staff/users.js';
import { statistics, statsQuery } from './stats.js';
import { statsXlsx } from './stats-export.js';
import type { ReferenceSource } from './content/reference.js';
import {
  auditActionsResponse,
  auditResponse,
  broadcastListResponse,
  broadcastResponse,
  deskResponse,
  metaResponse,
  staffUserListResponse,
  staffUserResponse,
  statsResponse,
} from './schema.js';

interface ConsoleRouteDeps {
  database: Database;
  dataDir: string;
  clock: Clock;
  staffAuth: StaffAuth;
  console: StaffConsole;
  kinds: KindRegistry;
  /** Content's editor: the console edits articles, FAQs, forms and agreements through it (content owns them). */
  contentEditor: ContentEditor;
  /** Where the reference data (rates, outlets, housing projects) lives: the built-in core's store, or an external core (read only). */
  reference: ReferenceSource;
  /** Per-node 超时 limits for the desk (the review's, from config). */
  overdue?: OverdueLimits;
}

const auditQuery = pageQuery.extend({
  staff: searchText(40).describe('工作人员用户名或姓名'),
  action: searchText(64).describe('操作（前缀）：content. / review. / broadcasts. / staff-users. / staff.login …'),
  from: z.iso.date().optional().describe('YYYY-MM-DD（含）'),
  to: z.iso.date().optional().describe('YYYY-MM-DD（含）'),
});

export function registerConsoleRoutes(router: Router, registry: OpenApiRegistry, deps: ConsoleRouteDeps): void {
  const { database } = deps;
  const tags = ['工作台 (工作人员)'];
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/staff/meta', summary: '当前工作人员、角色与权限、导航菜单', tags, auth: 'staff', response: metaResponse },
    async ({ ctx }) => ({ ...meta(staffOf(ctx)), csrfToken: ctx.state.staffCsrf }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/staff/desk',
      summary: '首页工作台：我在办理、各环节待审与超时、退回待改、推送失败、今日数字',
      tags,
      auth: 'staff',
      response: deskResponse,
    },
    async ({ ctx }) => desk(database, deps.clock, staffOf(ctx), deps.overdue),
  );

  registerContentAdminRoutes(router, registry, {
    database,
    env: { dataDir: deps.dataDir, clock: deps.clock },
    editor: deps.contentEditor,
    reference: deps.reference,
  });
  registerBusinessGuideRoutes(router, registry, database);

  // I4
  const { broadcasts } = deps.console;
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/staff/broadcasts',
      summary: '群发通知：全体职工或按单位、城市、是否有贷款筛选 (I4)',
      tags,
      auth: 'staff',
      body: createBroadcastBody,
      response: broadcastResponse,
      status: 201,
    },
    async ({ ctx, body }) => broadcasts.create(requireRole(ctx, 'content-editor'), body),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/staff/broadcasts', summary: '群发记录与进度', tags, auth: 'staff', query: pageQuery, response: broadcastListResponse },
    async ({ ctx, query }) => {
      requireRole(ctx, 'content-editor');
      return broadcasts.list(query);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/staff/broadcasts/:id',
      summary: '群发进度：人数、已通知、模板消息已发送 / 失败',
      tags,
      auth: 'staff',
      params: idParams,
      response: broadcastResponse,
    },
    async ({ ctx, params }) => {
      requireRole(ctx, 'content-editor');
      return broadcasts.get(params.id);
    },
  );

  // I5
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/staff/audit', summary: '操作日志查询（管理员）', tags, auth: 'staff', query: auditQuery, response: auditResponse },
    async ({ ctx, query }) => {
      requireRole(ctx);
      return searchAudit(database.db, query);
    },
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/staff/audit/actions', summary: '操作日志可按其筛选的操作（中文名称）', tags, auth: 'staff', response: auditActionsResponse },
    async ({ ctx }) => {
      requireRole(ctx);
      return { items: AUDIT_ACTIONS };
    },
  );
  const labels = { kind: (k: string) => deps.kinds.get(k)?.name ?? k, state: (s: string) => STATUS_LABELS[s as keyof typeof STATUS_LABELS] ?? s };
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/staff/stats',
      summary: '统计：每日业务量（按业务、状态）、平均审批时长、推送成功 / 失败、活跃职工',
      tags,
      auth: 'staff',
      query: statsQuery,
      response: statsResponse,
    },
    async ({ ctx, query }) => {
      requireRole(ctx);
      return statistics(database, query, labels, deps.clock.today());
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/staff/stats.xlsx',
      summary: '统计导出 Excel（每日业务、平均审批用时、推送、活跃会员）',
      tags,
      auth: 'staff',
      query: statsQuery,
      produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    async ({ ctx, query }) => {
      requireRole(ctx);
      const s = await statistics(database, query, labels, deps.clock.today());
      ctx.set('Content-Disposition', `attachment; filename="stats.xlsx"; filename*=UTF-8''${encodeURIComponent(`统计-${s.from}-${s.to}.xlsx`)}`);
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return statsXlsx(s);
    },
  );

  // Staff accounts (administrators)
  const users = new StaffUsers(database, deps.staffAuth);
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/staff/users',
      summary: '工作人员账号列表（管理员）',
      tags,
      auth: 'staff',
      query: staffUserQuery,
      response: staffUserListResponse,
    },
    async ({ ctx, query }) => {
      requireRole(ctx);
      return users.list(query);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/staff/users',
      summary: '新建工作人员账号（管理员）',
      tags,
      auth: 'staff',
      body: createStaffBody,
      response: staffUserResponse,
      status: 201,
    },
    async ({ ctx, body }) => users.create(requireRole(ctx), body),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/staff/users/:id',
      summary: '修改角色、审批环节、停用 / 启用、重置密码（管理员）',
      tags,
      auth: 'staff',
      params: idParams,
      body: updateStaffBody,
      response: staffUserResponse,
    },
    async ({ ctx, params, body }) => users.update(requireRole(ctx), params.id, body),
  );
}
