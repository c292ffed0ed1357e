import type Router from '@koa/router';
import { calculate } from '../shared/loan-math.js';
import type { CoreGateway } from '../core/gateway.js';
import type { Clock } from '../shared/clock.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { pageArray } from '../content/paging.js';
import { idParams } from '../content/schema.js';
import {
  businessTypesResponse,
  loanCalculatorRequest,
  loanCalculatorResponse,
  outletItem,
  outletListQuery,
  outletListResponse,
  outletQuery,
  prepaymentTrialRequest,
  prepaymentTrialResponse,
  rateTableQuery,
  rateTableResponse,
} from './schema.js';
import { listOutlets, outletBusinessTypes, outletDetail, prepaymentTrial, rateTable } from './service.js';

/** 便民工具 (G4 服务网点, G5 计算器, G6 提前还款试算, G7 利率表): public, no login. */
export function registerToolRoutes(router: Router, registry: OpenApiRegistry, deps: { core: CoreGateway; clock: Clock }): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/public/tools/loan-calculator',
      summary: '公积金贷款计算器（等额本息 / 等额本金）',
      tags: ['便民工具'],
      body: loanCalculatorRequest,
      response: loanCalculatorResponse,
    },
    async ({ body }) => {
      const r = calculate(body);
      return {
        monthlyPaymentFen: r.monthlyPaymentFen,
        totalPaymentFen: r.totalPaymentFen,
        totalInterestFen: r.totalInterestFen,
        schedule: r.schedule.map((s) => ({
          period: s.period,
          principalFen: s.principalFen,
          interestFen: s.interestFen,
          paymentFen: s.paymentFen,
          principalBalanceFen: s.principalBalanceFen,
          remainingFen: s.remainingFen,
        })),
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/public/tools/prepayment-trial',
      summary: '提前还款试算（期限不变 / 月供不变）：提前归还本金和利息、银行扣划金额、新月供、新期限、节省利息',
      tags: ['便民工具'],
      body: prepaymentTrialRequest,
      response: prepaymentTrialResponse,
    },
    async ({ body }) => prepaymentTrial(body, deps.clock.today()),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/tools/interest-rates',
      summary: '公积金利率表：现行利率与历次调整',
      tags: ['便民工具'],
      query: rateTableQuery,
      response: rateTableResponse,
    },
    ({ query }) => rateTable(deps.core, query.on ?? deps.clock.today()),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/outlets',
      summary: '服务网点：给出位置时按距离由近到远，可按业务类型筛选',
      tags: ['便民工具'],
      query: outletListQuery,
      response: outletListResponse,
    },
    async ({ query }) => pageArray(await listOutlets(deps.core, query), query),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/outlets/business-types',
      summary: '服务网点的业务类型（筛选项）',
      tags: ['便民工具'],
      response: businessTypesResponse,
    },
    async () => ({ items: await outletBusinessTypes(deps.core) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/outlets/:id',
      summary: '服务网点详情（业务类型、联系电话、服务时间、网点地址）',
      tags: ['便民工具'],
      params: idParams,
      query: outletQuery,
      response: outletItem,
    },
    ({ params, query }) => outletDetail(deps.core, params.id, query),
  );
}
