/** C12 配偶确认 (001 2.13–2.14) for the spouse, and for the borrower how the spouse was told. */
import type Router from '@koa/router';
import { z } from 'zod';
import { currentMemberId } from '../http/member.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute, parseInput } from '../http/route.js';
import { photoQuery } from '../workflow/schema.js';
import { readPhotoUpload } from '../workflow/upload.js';
import { spouseConfirmationView, spousePendingList, spouseRequestStatus } from './schema.js';
import type { SpouseConfirmations } from './service.js';

const serialParams = z.object({ serialNo: z.string().regex(/^\d{14,20}$/, '流水号格式有误') });
const confirmBody = z.object({
  confirmationToken: z
    .string()
    .min(16)
    .max(256)
    .describe('A9: POST /api/me/security/confirmations with purpose spouse-confirmation and the serial number as reference'),
});
const declineBody = z.object({ reason: z.string().trim().min(1).max(200).optional() });

export function registerSpouseRoutes(router: Router, registry: OpenApiRegistry, spouse: SpouseConfirmations): void {
  const tags = ['配偶确认'];
  const base = '/api/me/spouse-confirmations';
  defineRoute(
    router,
    registry,
    { method: 'get', path: base, summary: '待我确认的配偶申请 (C12)', tags, auth: 'member', response: spousePendingList },
    async ({ ctx }) => spouse.listPending(currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${base}/:serialNo`,
      summary: '配偶确认详情：借款人（脱敏）、从我账户提取的金额、贷款',
      tags,
      auth: 'member',
      params: serialParams,
      response: spouseConfirmationView,
    },
    async ({ ctx, params }) => spouse.view(currentMemberId(ctx), params.serialNo),
  );
  registry.add({
    method: 'post',
    path: `${base}/:serialNo/photos`,
    summary: '配偶拍摄身份证、人像（spouseIdFront / spouseLivePhoto）',
    tags,
    auth: 'member',
    params: serialParams,
    query: photoQuery,
    response: spouseConfirmationView,
  });
  router.post(`${base}/:serialNo/photos`, async (ctx) => {
    const { serialNo } = parseInput(serialParams, ctx.params, '路径参数');
    const memberId = currentMemberId(ctx);
    const { bytes, category } = await readPhotoUpload(ctx);
    ctx.body = await spouse.addPhoto(memberId, serialNo, category, bytes);
  });
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${base}/:serialNo/confirm`,
      summary: '配偶确认（须 A9 身份确认：人脸或业务密码）',
      tags,
      auth: 'member',
      params: serialParams,
      body: confirmBody,
      response: spouseConfirmationView,
    },
    async ({ ctx, params, body }) => spouse.confirm(currentMemberId(ctx), params.serialNo, body.confirmationToken),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${base}/:serialNo/decline`,
      summary: '配偶拒绝：申请结束并通知借款人',
      tags,
      auth: 'member',
      params: serialParams,
      body: declineBody,
      response: spouseConfirmationView,
    },
    async ({ ctx, params, body }) => spouse.decline(currentMemberId(ctx), params.serialNo, body.reason),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/spouse-requests/:serialNo',
      summary: '借款人查看：配偶如何被通知（公众号消息或短信）及确认状态',
      tags,
      auth: 'member',
      params: serialParams,
      response: spouseRequestStatus,
    },
    async ({ ctx, params }) => spouse.requestStatus(currentMemberId(ctx), params.serialNo),
  );
}
