import type Router from '@koa/router';
import { calculate } from '../loans/math.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { loanCalculatorRequest, loanCalculatorResponse } from './schema.js';

/** 便民工具 (G5): public, no login. */
export function registerToolRoutes(router: Router, registry: OpenApiRegistry): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/public/tools/loan-calculator',
    summary: '公积金贷款计算器（等额本息 / 等额本金）',
    tags: ['便民工具'],
    body: loanCalculatorRequest,
    response: loanCalculatorResponse,
  }, async ({ body }) => {
    const r = calculate(body);
    return {
      monthlyPaymentFen: r.monthlyPaymentFen,
      totalPaymentFen: r.totalPaymentFen,
      totalInterestFen: r.totalInterestFen,
      schedule: r.schedule.map((s) => ({
        period: s.period, principalFen: s.principalFen, interestFen: s.interestFen, paymentFen: s.paymentFen, remainingFen: s.remainingFen,
      })),
    };
  });
}
