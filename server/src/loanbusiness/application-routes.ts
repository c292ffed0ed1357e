/** D4 贷款申请: the page's setup and its live trial (the application itself goes through /api/me/applications, kind loanApplication). */
import type Router from '@koa/router';
import { currentMemberId } from '../http/member.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { loanApplicationForm, loanApplicationSetup, loanApplicationTrial } from './application.js';
import type { LoanBusinessDeps } from './rules.js';
import { z } from 'zod';

const setupResponse = z.object({
  applicant: z.object({ name: z.string(), balanceFen: z.number().int(), depositMonths: z.number().int() }),
  spouse: z.object({ name: z.string().describe('配偶姓名（脱敏）'), balanceFen: z.number().int() }).nullable(),
  settings: z.array(z.object({ key: z.string(), value: z.number() })),
  rates: z.array(z.object({ kind: z.string(), label: z.string(), annualRatePercent: z.number() })),
  usedLoans: z.number().int(),
  openLoans: z.number().int(),
});
const trialResponse = z.object({
  rateKind: z.string(),
  annualRatePercent: z.number(),
  maxAmountFen: z.number().int().describe('最高可贷额度'),
  firstPaymentFen: z.number().int().describe('首月还款额'),
  totalInterestFen: z.number().int(),
  totalPaymentFen: z.number().int(),
  checks: z.array(z.object({ key: z.string(), label: z.string(), limit: z.string(), actual: z.string(), ok: z.boolean(), reason: z.string().nullable() })),
  ok: z.boolean(),
  problems: z.array(z.string()),
});

const trialBody = loanApplicationForm
  .pick({ secondHome: true, housePriceFen: true, amountFen: true, months: true, method: true, monthlyIncomeFen: true })
  .extend({ spouseCoBorrower: loanApplicationForm.shape.spouseCoBorrower.optional() });

export function registerLoanApplicationRoutes(router: Router, registry: OpenApiRegistry, deps: LoanBusinessDeps): void {
  const tags = ['贷款业务'];
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/loan-application',
      summary: 'D4 贷款申请：申请人、配偶、中心的贷款参数与利率',
      tags,
      auth: 'member',
      response: setupResponse,
    },
    async ({ ctx }) => loanApplicationSetup(deps, currentMemberId(ctx), deps.clock.today()),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/loan-application/trial',
      summary: 'D4 贷款试算：利率、最高可贷额度、首月还款额与各项额度校验',
      tags,
      auth: 'member',
      body: trialBody,
      response: trialResponse,
    },
    async ({ ctx, body }) => (await loanApplicationTrial(deps, currentMemberId(ctx), body, deps.clock.today())).trial,
  );
}
