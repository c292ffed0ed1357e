/** C12 配偶确认 (001 2.13–2.14) for the spouse, and for the borrower how the spouse was told. */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { readRawBody } from '../http/body.js';
import { currentMemberId } from '../http/member.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { DomainError } from '../shared/errors.js';
import { PHOTO_MAX_BYTES } from '../workflow/photos.js';
import type { SpouseConfirmations } from './service.js';

const serialParams = z.object({ serialNo: z.string().regex(/^\d{14,20}$/, '流水号格式有误') });
const confirmBody = z.object({
  confirmationToken: z.string().min(16).max(256).describe('A9: POST /api/me/security/confirmations with purpose spouse-confirmation and the serial number as reference'),
});
const declineBody = z.object({ reason: z.string().trim().min(1).max(200).optional() });
const categoryQuery = z.object({ category: z.string().regex(/^[a-z][A-Za-z0-9]{1,39}$/).optional() });

/** wx.uploadFile (multipart, field file + category) or the raw image; the content decides what it is. */
async function readUpload(ctx: Context): Promise<{ bytes: Buffer; category: string | undefined }> {
  const raw = await readRawBody(ctx, PHOTO_MAX_BYTES + 64 * 1024);
  const queryCategory = categoryQuery.parse(ctx.query).category;
  if (ctx.is('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': ctx.get('content-type') }, body: new Uint8Array(raw) }).formData();
    } catch {
      throw new DomainError('UPLOAD_MALFORMED', '上传内容格式有误', 400);
    }
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new DomainError('PHOTO_EMPTY', '请选择要上传的照片（字段 file）', 400);
    const field = form.get('category');
    return { bytes: Buffer.from(await file.arrayBuffer()), category: typeof field === 'string' && field ? field : queryCategory };
  }
  if (ctx.is('image/*') || ctx.is('application/octet-stream')) return { bytes: raw, category: queryCategory };
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 或图片格式上传照片', 415);
}

export function registerSpouseRoutes(router: Router, registry: OpenApiRegistry, spouse: SpouseConfirmations): void {
  const tags = ['配偶确认'];
  const base = '/api/me/spouse-confirmations';
  defineRoute(router, registry, { method: 'get', path: base, summary: '待我确认的配偶申请 (C12)', tags, auth: 'member' },
    async ({ ctx }) => spouse.listPending(currentMemberId(ctx)));
  defineRoute(router, registry, { method: 'get', path: `${base}/:serialNo`, summary: '配偶确认详情：借款人（脱敏）、从我账户提取的金额、贷款', tags, auth: 'member', params: serialParams },
    async ({ ctx, params }) => spouse.view(currentMemberId(ctx), params.serialNo));
  registry.add({ method: 'post', path: `${base}/:serialNo/photos`, summary: '配偶拍摄身份证、人像（spouseIdFront / spouseLivePhoto）', tags, auth: 'member', params: serialParams, query: categoryQuery });
  router.post(`${base}/:serialNo/photos`, async (ctx) => {
    const { serialNo } = serialParams.parse(ctx.params);
    const memberId = currentMemberId(ctx);
    const { bytes, category } = await readUpload(ctx);
    if (!category) throw new DomainError('PHOTO_CATEGORY_REQUIRED', '请指明材料分类（category）', 400);
    ctx.body = await spouse.addPhoto(memberId, serialNo, category, bytes);
  });
  defineRoute(router, registry, { method: 'post', path: `${base}/:serialNo/confirm`, summary: '配偶确认（须 A9 身份确认：人脸或业务密码）', tags, auth: 'member', params: serialParams, body: confirmBody },
    async ({ ctx, params, body }) => spouse.confirm(currentMemberId(ctx), params.serialNo, body.confirmationToken));
  defineRoute(router, registry, { method: 'post', path: `${base}/:serialNo/decline`, summary: '配偶拒绝：申请结束并通知借款人', tags, auth: 'member', params: serialParams, body: declineBody },
    async ({ ctx, params, body }) => spouse.decline(currentMemberId(ctx), params.serialNo, body.reason));
  defineRoute(router, registry, { method: 'get', path: '/api/me/spouse-requests/:serialNo', summary: '借款人查看：配偶如何被通知（公众号消息或短信）及确认状态', tags, auth: 'member', params: serialParams },
    async ({ ctx, params }) => spouse.requestStatus(currentMemberId(ctx), params.serialNo));
}
