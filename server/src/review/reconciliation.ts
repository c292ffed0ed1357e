/**
 * 对账 for the administrators (issue 17): the differences the daily comparison of the product's ended business with
 * the center's core found (workflow/core-submissions.ts reconcile), newest first, in words they read.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { yuanWithUnit } from '../shared/money.js';
import { requireRole } from '../staff/roles.js';

const PROBLEM_LABELS: Record<string, string> = {
  MISSING_AT_CORE: '核心业务系统没有这笔业务',
  STATUS_DIFFERS: '办理结果与核心业务系统不一致',
  AMOUNT_DIFFERS: '记账金额与核心业务系统不一致',
  NOT_FINISHED: '超过一天未收到核心业务系统的结果',
};

const reconciliationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const reconciliationResponse = z.object({
  items: z.array(
    z.object({
      checkedOn: z.string().describe('对账日期'),
      serialNo: z.string().describe('流水号'),
      problem: z.string().describe('差异类型 (MISSING_AT_CORE, STATUS_DIFFERS, AMOUNT_DIFFERS, NOT_FINISHED)'),
      problemLabel: z.string().describe('差异说明'),
      productAmount: z.string().describe('本系统记账金额'),
      coreAmount: z.string().describe('核心业务系统记账金额'),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export function registerReconciliationRoutes(router: Router, registry: OpenApiRegistry, database: Database): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/staff/core/reconciliation',
      summary: '对账差异（管理员）：本系统已办结业务与核心业务系统的差异',
      tags: ['staff'],
      auth: 'staff',
      query: reconciliationQuery,
      response: reconciliationResponse,
    },
    async ({ ctx, query }) => {
      requireRole(ctx);
      const [rows, [count]] = await Promise.all([
        database.query<{ checked_on: string; serial_no: string; problem: string; product_fen: number | null; core_fen: number | null }>(
          `SELECT checked_on::text, serial_no, problem, product_fen, core_fen FROM core_reconciliation_differences
            ORDER BY checked_on DESC, id DESC LIMIT $1 OFFSET $2`,
          [query.pageSize, (query.page - 1) * query.pageSize],
        ),
        database.query<{ n: number }>('SELECT count(*)::int AS n FROM core_reconciliation_differences'),
      ]);
      const amount = (fen: number | null) => (fen === null ? '—' : yuanWithUnit(Math.abs(Number(fen))));
      return {
        items: rows.map((r) => ({
          checkedOn: r.checked_on,
          serialNo: r.serial_no,
          problem: r.problem,
          problemLabel: PROBLEM_LABELS[r.problem] ?? r.problem,
          productAmount: amount(r.product_fen),
          coreAmount: amount(r.core_fen),
        })),
        total: Number(count?.n ?? 0),
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  );
}
