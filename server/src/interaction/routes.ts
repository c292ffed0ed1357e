/**
 * 互动交流, the parts members write (G2 投诉建议, G3 their own questions) under /api/me, and the staff side that
 * answers them under /api/staff (service agents and administrators). HTTP only: parse, call the service, shape.
 */
import type Router from '@koa/router';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { currentMemberId } from '../http/member.js';
import { staffOf } from '../staff/auth.js';
import type { Interaction } from './index.js';
import * as s from './schema.js';

export function registerInteractionRoutes(router: Router, registry: OpenApiRegistry, { complaints, community }: Interaction): void {
  const member = ['互动交流 · 投诉建议与留言'];
  const staff = ['互动交流 (工作人员)'];

  // G2, member
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/complaints',
      summary: '提交投诉、建议或咨询（先经微信内容安全检测）',
      tags: member,
      auth: 'member',
      status: 201,
      body: s.complaintBody,
      response: s.complaintItem,
    },
    async ({ ctx, body }) => complaints.submit(currentMemberId(ctx), body),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/complaints',
      summary: '我的投诉建议，最新的在前',
      tags: member,
      auth: 'member',
      query: s.memberPageQuery,
      response: s.complaintPage,
    },
    async ({ ctx, query }) => complaints.list(currentMemberId(ctx), query),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/complaints/:id',
      summary: '投诉建议详情与答复',
      tags: member,
      auth: 'member',
      params: s.idParams,
      response: s.complaintItem,
    },
    async ({ ctx, params }) => complaints.get(currentMemberId(ctx), params.id),
  );

  // G3, member
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/community-questions',
      summary: '互动社区留言（先经微信内容安全检测；答复后由中心决定是否公开）',
      tags: member,
      auth: 'member',
      status: 201,
      body: s.questionBody,
      response: s.questionItem,
    },
    async ({ ctx, body }) => community.ask(currentMemberId(ctx), body.question),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/community-questions',
      summary: '我的留言：状态与答复',
      tags: member,
      auth: 'member',
      query: s.memberPageQuery,
      response: s.questionPage,
    },
    async ({ ctx, query }) => community.mine(currentMemberId(ctx), query),
  );

  // G2, staff
  const c = '/api/staff/complaints';
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: c,
      summary: '投诉建议工单，按状态、类型筛选',
      tags: staff,
      auth: 'staff',
      query: s.staffComplaintsQuery,
      response: s.staffComplaintPage,
    },
    async ({ ctx, query }) => complaints.staffList(staffOf(ctx), query),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: `${c}/:id`, summary: '工单详情', tags: staff, auth: 'staff', params: s.idParams, response: s.staffComplaintItem },
    async ({ ctx, params }) => complaints.staffGet(staffOf(ctx), params.id),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${c}/:id/claim`,
      summary: '领取办理（状态变为处理中）',
      tags: staff,
      auth: 'staff',
      params: s.idParams,
      response: s.staffComplaintItem,
    },
    async ({ ctx, params }) => complaints.claim(staffOf(ctx), params.id),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${c}/:id/reply`,
      summary: '答复（通知会员：我的消息与微信通知）',
      tags: staff,
      auth: 'staff',
      params: s.idParams,
      body: s.replyBody,
      response: s.staffComplaintItem,
    },
    async ({ ctx, params, body }) => complaints.reply(staffOf(ctx), params.id, body),
  );

  // G3, staff
  const q = '/api/staff/community-questions';
  defineRoute(
    router,
    registry,
    { method: 'get', path: q, summary: '互动社区留言，按状态筛选', tags: staff, auth: 'staff', query: s.staffQuestionsQuery, response: s.staffQuestionPage },
    async ({ ctx, query }) => community.staffList(staffOf(ctx), query),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${q}/:id/answer`,
      summary: '答复留言，可同时公开（通知留言人）',
      tags: staff,
      auth: 'staff',
      params: s.idParams,
      body: s.answerBody,
      response: s.staffQuestionItem,
    },
    async ({ ctx, params, body }) => community.answer(staffOf(ctx), params.id, body),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: `${q}/:id/publish`, summary: '公开已答复的留言', tags: staff, auth: 'staff', params: s.idParams, response: s.staffQuestionItem },
    async ({ ctx, params }) => community.publish(staffOf(ctx), params.id),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: `${q}/:id/hide`,
      summary: '不公开（从公开列表撤下）',
      tags: staff,
      auth: 'staff',
      params: s.idParams,
      response: s.staffQuestionItem,
    },
    async ({ ctx, params }) => community.hide(staffOf(ctx), params.id),
  );
}
