/** D1 / D3 trials (the apply flows go through /api/me/applications with kinds partialPrepayment and earlySettlement). */
import type Router from '@koa/router';
import { z } from 'zod';
import { currentMemberId } from '../http/member.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { cancelOffset, offsetState, offsetStateView, signOffset, type OffsetDeps } from './monthly-offset.js';
import { prepaymentTrial, prepaymentTrialView } from './prepayment.js';
import { answerConsent } from './offset-consent.js';
import type { LoanBusinessDeps } from './rules.js';
import { settlementTrial, settlementTrialView } from './settlement.js';
import { changeRepaymentAccount, repaymentAccount, repaymentAccountView, type RepaymentAccountDeps } from './repayment-account.js';

const prepayBody = z.object({
  contractNo: z.string().trim().min(1).max(60).optional(),
  prepayFen: z.number().int().positive().describe('提前还款金额（分）'),
  mode: z.enum(['keep-term', 'keep-payment']).describe('keep-term 期限不变 / keep-payment 月供不变'),
});
const settleBody = z.object({ contractNo: z.string().trim().min(1).max(60).optional(), fundFen: z.number().int().min(0).optional() });

export function registerLoanBusinessTrialRoutes(router: Router, registry: OpenApiRegistry, deps: LoanBusinessDeps): void {
  const tags = ['贷款业务'];
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/loan-business/prepayment-trial',
      summary: 'D1 提前还本试算：提前归还利息、本金、还款后月还额、银行扣划金额',
      tags,
      auth: 'member',
      body: prepayBody,
      response: prepaymentTrialView,
    },
    async ({ ctx, body }) => prepaymentTrial(deps, currentMemberId(ctx), body, deps.clock.today()),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/loan-business/settlement-trial',
      summary: 'D3 提前结清试算：提前还款合计、支取公积金还款金额、待还款金额',
      tags,
      auth: 'member',
      body: settleBody,
      response: settlementTrialView,
    },
    async ({ ctx, body }) => {
      const { dues: _d, loanId: _l, periodsPaid: _p, ...trial } = await settlementTrial(deps, currentMemberId(ctx), body, deps.clock.today());
      return trial;
    },
  );
}

const contractNo = z.string().trim().min(1).max(60).describe('借款合同编号');
const confirmationToken = z
  .string()
  .min(1)
  .describe('A9 身份确认：purpose loan.monthly-offset，reference 为贷款账号（见 GET /api/me/loan-business/offset 的 confirmation）');
const signBody = z.object({
  contractNo,
  payers: z
    .array(z.enum(['borrower', 'spouse', 'co-borrower']))
    .min(1)
    .max(3)
    .describe('扣划人，按扣划顺序：借款人、配偶、共同借款人（可只选其中几位，顺序不可颠倒）'),
  confirmationToken,
});
const cancelBody = z.object({ contractNo, confirmationToken });
const consentBody = z.object({
  contractNo,
  confirmationToken: z
    .string()
    .min(1)
    .describe('A9 身份确认：purpose loan.monthly-offset-consent，reference 为贷款账号（见 GET …/offset 的 myConsent.confirmation）'),
});

/** D2 按月抵扣签约 / 取消签约 (003 6.3.2): loanbusiness/monthly-offset.ts. */
export function registerOffsetRoutes(router: Router, registry: OpenApiRegistry, deps: OffsetDeps): void {
  const tags = ['贷款业务'];
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/loan-business/offset',
      summary: 'D2 按月抵扣签约：各笔贷款是否按月委托提取、签约的扣划人及顺序',
      tags,
      auth: 'member',
      response: offsetStateView,
    },
    async ({ ctx }) => offsetState(deps, currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/loan-business/offset/sign',
      summary: 'D2 我要签约（仅借款人本人，需 A9 身份确认）',
      tags,
      auth: 'member',
      body: signBody,
      response: offsetStateView,
    },
    async ({ ctx, body }) => signOffset(deps, currentMemberId(ctx), body),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/loan-business/offset/cancel',
      summary: 'D2 取消签约（仅借款人本人，需 A9 身份确认）',
      tags,
      auth: 'member',
      body: cancelBody,
      response: offsetStateView,
    },
    async ({ ctx, body }) => cancelOffset(deps, currentMemberId(ctx), body),
  );
  // Issue 18 point 11: the spouse / co-borrower named by the borrower answers within 48 hours.
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/loan-business/offset/consent',
      summary: 'D2 配偶（共同借款人）确认同意从本人公积金账户按月扣划（需本人 A9，48小时内）',
      tags,
      auth: 'member',
      body: consentBody,
      response: offsetStateView,
    },
    async ({ ctx, body }) => {
      await answerConsent(deps, currentMemberId(ctx), { ...body, accept: true });
      return offsetState(deps, currentMemberId(ctx));
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/loan-business/offset/decline',
      summary: 'D2 配偶（共同借款人）拒绝从本人公积金账户按月扣划',
      tags,
      auth: 'member',
      body: z.object({ contractNo }),
      response: offsetStateView,
    },
    async ({ ctx, body }) => {
      await answerConsent(deps, currentMemberId(ctx), { ...body, accept: false });
      return offsetState(deps, currentMemberId(ctx));
    },
  );
}

const accountParams = z.object({ contractNo });
const changeAccountBody = z.object({
  cardId: z.number().int().positive().describe('本人已绑定的同名银行卡（GET /api/me/bank-cards 或本接口的 cards）'),
  confirmationToken: z.string().min(1).describe('A9 身份确认：purpose loan.repayment-account，reference 为贷款账号（见 GET 的 confirmation）'),
});

/** D5 还款银行账户变更 (001 二): loanbusiness/repayment-account.ts. */
export function registerRepaymentAccountRoutes(router: Router, registry: OpenApiRegistry, deps: RepaymentAccountDeps): void {
  const tags = ['贷款业务'];
  const path = '/api/me/loans/:contractNo/repayment-account';
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path,
      summary: 'D5 还款银行账户：当前账户、可选的本人同名银行卡、办理须知与变更记录',
      tags,
      auth: 'member',
      params: accountParams,
      response: repaymentAccountView,
    },
    async ({ ctx, params }) => repaymentAccount(deps, currentMemberId(ctx), params.contractNo),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path,
      summary: 'D5 还款银行账户变更（仅借款人本人，同名银行卡，需 A9 身份确认）',
      tags,
      auth: 'member',
      params: accountParams,
      body: changeAccountBody,
      response: repaymentAccountView,
    },
    async ({ ctx, params, body }) => changeRepaymentAccount(deps, currentMemberId(ctx), { contractNo: params.contractNo, ...body }),
  );
}
