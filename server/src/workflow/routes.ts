import type Router from '@koa/router';
import type { Context } from 'koa';
import { currentMemberId } from '../http/member.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute, parseInput } from '../http/route.js';
import { DomainError } from '../shared/errors.js';
import type { MemberBusiness } from './progress.js';
import {
  applicationResponse,
  createBody,
  endBody,
  initiatedResponse,
  pageQuery,
  photoParams,
  photoQuery,
  progressResponse,
  serialParams,
  submitBody,
  todoResponse,
  updateBody,
} from './schema.js';
import type { Workflow } from './service.js';
import { readPhotoUpload } from './upload.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,64}$/;

/** Idempotency-Key: the same key sent again (a double tap, a retry after a timeout) gets the same application. */
function idempotencyKey(ctx: Context): string | null {
  const key = ctx.get('idempotency-key');
  if (!key) return null;
  if (!IDEMPOTENCY_KEY.test(key)) throw new DomainError('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key 须为 8～64 位字母、数字或 _ . : -', 400);
  return key;
}

/** 我要提取 / 我的业务: drafts, photos, submit, end (C, E2) and the progress lists (E1, E2). */
export function registerWorkflowRoutes(router: Router, registry: OpenApiRegistry, workflow: Workflow, business: MemberBusiness): void {
  const tags = ['业务申请'];
  const base = '/api/me/applications';
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: base,
      summary: '新建业务申请（草稿）；Idempotency-Key 相同则返回同一申请',
      tags,
      auth: 'member',
      body: createBody,
      response: applicationResponse,
    },
    async ({ ctx, body }) => workflow.create(currentMemberId(ctx), body, idempotencyKey(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${base}/:serialNo`,
      summary: '业务申请详情：表单、照片、流程节点',
      tags,
      auth: 'member',
      params: serialParams,
      response: applicationResponse,
    },
    async ({ ctx, params }) => workflow.get(currentMemberId(ctx), params.serialNo),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'patch',
      path: `${base}/:serialNo`,
      summary: '修改草稿或被退回的申请（表单、收款银行卡）',
      tags,
      auth: 'member',
      params: serialParams,
      body: updateBody,
      response: applicationResponse,
    },
    async ({ ctx, params, body }) => workflow.update(currentMemberId(ctx), params.serialNo, body),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${base}/:serialNo/submit`,
      summary: '提交中心审批（须 A9 身份确认凭证）；Idempotency-Key 相同的重复提交返回同一结果',
      tags,
      auth: 'member',
      params: serialParams,
      body: submitBody,
      response: applicationResponse,
    },
    async ({ ctx, params, body }) => workflow.submit(currentMemberId(ctx), params.serialNo, body.confirmationToken, idempotencyKey(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${base}/:serialNo/end`,
      summary: '结束流程 (E2)',
      tags,
      auth: 'member',
      params: serialParams,
      body: endBody,
      response: applicationResponse,
    },
    async ({ ctx, params, body }) => workflow.end(currentMemberId(ctx), params.serialNo, body.reason),
  );

  registry.add({
    method: 'post',
    path: `${base}/:serialNo/photos`,
    summary: '上传材料照片（JPEG/PNG，每类最多4张）：multipart/form-data 字段 file + category，或图片原文',
    tags,
    auth: 'member',
    params: serialParams,
    query: photoQuery,
    response: applicationResponse,
  });
  router.post(`${base}/:serialNo/photos`, async (ctx) => {
    const { serialNo } = parseInput(serialParams, ctx.params, '路径参数');
    const memberId = currentMemberId(ctx);
    const { bytes, category } = await readPhotoUpload(ctx);
    ctx.body = applicationResponse.parse(await workflow.addPhoto(memberId, serialNo, category, bytes));
  });
  registry.add({
    method: 'get',
    path: `${base}/:serialNo/photos/:photoId`,
    summary: '查看材料照片',
    tags,
    auth: 'member',
    params: photoParams,
    produces: 'image/jpeg',
  });
  router.get(`${base}/:serialNo/photos/:photoId`, async (ctx) => {
    const { serialNo, photoId } = parseInput(photoParams, ctx.params, '路径参数');
    const photo = await workflow.photo(currentMemberId(ctx), serialNo, photoId);
    ctx.type = photo.mediaType;
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = photo.bytes;
  });
  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: `${base}/:serialNo/photos/:photoId`,
      summary: '删除材料照片',
      tags,
      auth: 'member',
      params: photoParams,
      response: applicationResponse,
    },
    async ({ ctx, params }) => workflow.removePhoto(currentMemberId(ctx), params.serialNo, params.photoId),
  );

  const btags = ['我的消息 · 业务进度'];
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/progress',
      summary: '业务办理进度，各渠道 (E1)',
      tags: btags,
      auth: 'member',
      query: pageQuery,
      response: progressResponse,
    },
    async ({ ctx, query }) => business.progress(currentMemberId(ctx), query),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/business/todo',
      summary: '我的业务 · 待办事项：中心退回的申请 (E2)',
      tags: btags,
      auth: 'member',
      query: pageQuery,
      response: todoResponse,
    },
    async ({ ctx, query }) => business.todo(currentMemberId(ctx), query),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/business/initiated',
      summary: '我的业务 · 我发起的：流程节点与耗时 (E2)',
      tags: btags,
      auth: 'member',
      query: pageQuery,
      response: initiatedResponse,
    },
    async ({ ctx, query }) => business.initiated(currentMemberId(ctx), query),
  );
}
