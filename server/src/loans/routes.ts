import type Router from '@koa/router';
import { z } from 'zod';
import type { CoreGateway, LoanProgress } from '../core/gateway.js';
import type { Clock } from '../shared/clock.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { currentMemberId } from '../http/member.js';
import { contractParams, loanItem, overdueResponse, planResponse, progressResponse, rangeQuery, repaymentsResponse } from './schema.js';
import * as q from './queries.js';
import type { Database } from '../db/client.js';
import { offsetSignedLoanIds } from '../loanbusiness/monthly-offset.js';
import { PLAN_PRINT_CSP, planPrintHtml, planXlsx } from './plan-export.js';

/** 我的 · 贷款: contracts, repayments, plan (+ xlsx, print), overdue, application progress (B4–B8). */
export function registerLoanRoutes(
  router: Router,
  registry: OpenApiRegistry,
  deps: {
    core: CoreGateway;
    clock: Clock;
    database: Database;
    /** D4: the member's online loan applications as progress rows (loanbusiness/application.ts). */
    loanApplications?: ((memberId: number) => Promise<LoanProgress[]>) | undefined;
  },
): void {
  const tags = ['我的 · 贷款账户'];
  const base = '/api/me/loans/:contractNo';
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/me/loans', summary: '贷款账户，可有多个借款合同 (B4)', tags, auth: 'member', response: z.array(loanItem) },
    async ({ ctx }) => q.loans(deps.core, currentMemberId(ctx), (ids) => offsetSignedLoanIds(deps.database.db, ids)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${base}/repayments`,
      summary: '还款明细，按年度或日期范围 (B5)',
      tags,
      auth: 'member',
      params: contractParams,
      query: rangeQuery,
      response: repaymentsResponse,
    },
    async ({ ctx, params, query }) => q.repayments(deps.core, currentMemberId(ctx), params.contractNo, query, deps.clock.today()),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: `${base}/plan`, summary: '还款计划 (B6)', tags, auth: 'member', params: contractParams, query: rangeQuery, response: planResponse },
    async ({ ctx, params, query }) => q.plan(deps.core, currentMemberId(ctx), params.contractNo, query, deps.clock.today()),
  );

  const sheetFor = async (memberId: number, contractNo: string, query: { from?: string; to?: string }) => {
    const p = await q.plan(deps.core, memberId, contractNo, query, deps.clock.today());
    const borrower = await deps.core.getMember(p.borrowerMemberId);
    return { ...p, borrowerName: borrower?.name ?? '' };
  };
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${base}/plan.xlsx`,
      summary: '下载还款计划 Excel (B6)',
      tags,
      auth: 'member',
      params: contractParams,
      query: rangeQuery,
      produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    async ({ ctx, params, query }) => {
      const sheet = await sheetFor(currentMemberId(ctx), params.contractNo, query);
      ctx.set('Content-Disposition', `attachment; filename="plan.xlsx"; filename*=UTF-8''${encodeURIComponent(`还款计划-${params.contractNo}.xlsx`)}`);
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return planXlsx(sheet);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${base}/plan/print`,
      summary: '还款计划打印页 (B6)',
      tags,
      auth: 'member',
      params: contractParams,
      query: rangeQuery,
      produces: 'text/html',
    },
    async ({ ctx, params, query }) => {
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Content-Security-Policy', PLAN_PRINT_CSP);
      return planPrintHtml(await sheetFor(currentMemberId(ctx), params.contractNo, query));
    },
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: `${base}/overdue`, summary: '逾期记录 (B7)', tags, auth: 'member', params: contractParams, response: overdueResponse },
    async ({ ctx, params }) => q.overdue(deps.core, currentMemberId(ctx), params.contractNo),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/me/loan-progress', summary: '贷款申请进度 (B8)', tags, auth: 'member', response: progressResponse },
    async ({ ctx }) => q.progress(deps.core, currentMemberId(ctx), deps.loanApplications),
  );
}
