import type Router from '@koa/router';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute, parseInput } from '../http/route.js';
import {
  applicationResponse,
  approveBody,
  claimResponse,
  detailResponse,
  loginBody,
  loginResponse,
  meResponse,
  messageResponse,
  photoParams,
  queueQuery,
  kindsResponse,
  queueResponse,
  reasonBody,
  serialParams,
} from './schema.js';
import type { Review } from './service.js';
import { requestMeta } from '../identity/index.js';
import { STAFF_SESSION_HOURS, clearedSessionCookie, sessionCookie, sessionToken, staffOf, type StaffAuth } from '../staff/auth.js';

/** I1 审批 for the center's staff (the console of issue 8 uses these). Every route but the login needs a staff session. */
export function registerReviewRoutes(router: Router, registry: OpenApiRegistry, deps: { auth: StaffAuth; review: Review }): void {
  const { auth, review } = deps;
  const tags = ['中心审批 (工作人员)'];
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/staff/login',
      summary: '工作人员登录（与缴存职工会话分开）：设置 HttpOnly 会话 Cookie，改动类请求须带 X-CSRF-Token',
      tags,
      body: loginBody,
      response: loginResponse,
    },
    async ({ ctx, body }) => {
      const session = await auth.login(body.username, body.password, { ip: requestMeta(ctx).ip, challenge: body.challenge });
      ctx.append('Set-Cookie', sessionCookie(session.token, STAFF_SESSION_HOURS * 3600));
      return session;
    },
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/staff/logout', summary: '退出登录', tags, auth: 'staff', response: messageResponse },
    async ({ ctx }) => {
      await auth.logout(sessionToken(ctx)!, staffOf(ctx));
      ctx.append('Set-Cookie', clearedSessionCookie());
      return { message: '已退出' };
    },
  );
  defineRoute(router, registry, { method: 'get', path: '/api/staff/me', summary: '当前工作人员', tags, auth: 'staff', response: meResponse }, async ({ ctx }) =>
    staffOf(ctx),
  );

  const base = '/api/staff/applications';
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/staff/review/queue',
      summary: '待审队列，按节点、业务、渠道、领取状态、提交时间筛选 (I1)',
      tags,
      auth: 'staff',
      query: queueQuery,
      response: queueResponse,
    },
    async ({ ctx, query }) => review.queue(staffOf(ctx), query),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/staff/review/kinds', summary: '可按其筛选待审队列的业务种类', tags, auth: 'staff', response: kindsResponse },
    async ({ ctx }) => review.kinds(staffOf(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: `${base}/:serialNo`,
      summary: '申请详情：表单、照片、账户与贷款、流程、当前规则 (I1)',
      tags,
      auth: 'staff',
      params: serialParams,
      response: detailResponse,
    },
    async ({ ctx, params }) => review.detail(staffOf(ctx), params.serialNo),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${base}/:serialNo/claim`,
      summary: '领取办理（同一时间只有一人）',
      tags,
      auth: 'staff',
      params: serialParams,
      response: claimResponse,
    },
    async ({ ctx, params }) => review.claim(staffOf(ctx), params.serialNo),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: `${base}/:serialNo/release`, summary: '放回待审队列', tags, auth: 'staff', params: serialParams, response: messageResponse },
    async ({ ctx, params }) => review.release(staffOf(ctx), params.serialNo),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${base}/:serialNo/approve`,
      summary: '审批通过（终审通过即记账）',
      tags,
      auth: 'staff',
      params: serialParams,
      body: approveBody,
      response: applicationResponse,
    },
    async ({ ctx, params, body }) => review.decide(staffOf(ctx), params.serialNo, 'approve', body.opinion, body.node),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${base}/:serialNo/return`,
      summary: '退回申请人修改（须填写原因）',
      tags,
      auth: 'staff',
      params: serialParams,
      body: reasonBody,
      response: applicationResponse,
    },
    async ({ ctx, params, body }) => review.decide(staffOf(ctx), params.serialNo, 'return', body.opinion, body.node),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${base}/:serialNo/reject`,
      summary: '不予通过（须填写原因）',
      tags,
      auth: 'staff',
      params: serialParams,
      body: reasonBody,
      response: applicationResponse,
    },
    async ({ ctx, params, body }) => review.decide(staffOf(ctx), params.serialNo, 'reject', body.opinion, body.node),
  );

  registry.add({
    method: 'get',
    path: `${base}/:serialNo/photos/:photoId`,
    summary: '查看材料照片（该业务审批节点的审核人员及管理员；每次查看记入操作日志）',
    tags,
    auth: 'staff',
    params: photoParams,
    produces: 'image/jpeg',
  });
  router.get(`${base}/:serialNo/photos/:photoId`, async (ctx) => {
    const { serialNo, photoId } = parseInput(photoParams, ctx.params, '路径参数');
    const photo = await review.photo(staffOf(ctx), serialNo, photoId);
    ctx.type = photo.mediaType;
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = photo.bytes;
  });
}
