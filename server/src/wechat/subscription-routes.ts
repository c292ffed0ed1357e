import type Router from '@koa/router';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { currentMemberId } from '../http/member.js';
import type { Clock } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';
import { grantsOf, recordAnswers, subscribeTemplates } from './subscriptions.js';

const answer = z.enum(['accept', 'reject', 'ban', 'filter']);
const stateResponse = z.object({
  templates: z
    .array(
      z.object({
        key: z.enum(['progress', 'spouse_confirmation', 'question_reply']).describe('progress: 提交申请、配偶确认时; question_reply: 提问时'),
        templateId: z.string(),
        title: z.string(),
      }),
    )
    .describe('the tmplIds to pass to wx.requestSubscribeMessage'),
  grants: z.array(z.object({ templateId: z.string(), lastAnswer: answer, remaining: z.number().int().describe('还可发送的订阅消息条数') })),
});
const answersBody = z.object({
  answers: z.record(z.string().min(1).max(128), answer).describe('wx.requestSubscribeMessage 的结果：模板ID → accept / reject / ban / filter'),
});

/** H5 订阅消息: the templates the mini-program asks for, and the member's answers remembered per template. */
export function registerSubscriptionRoutes(router: Router, registry: OpenApiRegistry, deps: { config: Config; database: Database; clock: Clock }): void {
  const tags = ['我的 · 消息'];
  const state = async (memberId: number) => ({ templates: subscribeTemplates(deps.config), grants: await grantsOf(deps.database.db, memberId) });
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/me/subscriptions', summary: '订阅消息模板与本人的授权', tags, auth: 'member', response: stateResponse },
    async ({ ctx }) => state(currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/subscriptions',
      summary: '记录 wx.requestSubscribeMessage 的结果',
      tags,
      auth: 'member',
      body: answersBody,
      response: stateResponse,
    },
    async ({ ctx, body }) => {
      const known = new Set(subscribeTemplates(deps.config).map((t) => t.templateId));
      const unknown = Object.keys(body.answers).find((id) => !known.has(id));
      if (unknown) throw new DomainError('SUBSCRIBE_TEMPLATE_UNKNOWN', '不支持的订阅消息模板', 400);
      const memberId = currentMemberId(ctx);
      await recordAnswers(deps.database.db, memberId, body.answers, deps.clock.now());
      return state(memberId);
    },
  );
}
