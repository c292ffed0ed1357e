import type Router from '@koa/router';
import { currentMemberId } from '../http/member.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import type { BankCards } from './cards.js';
import { bindBody, cardParams, cardResponse, cardsResponse, eligibilityResponse, kindParams, messageResponse, tilesResponse } from './schema.js';
import type { Withdrawals } from './service.js';

/** 我要提取: tiles with live eligibility (C1–C13) and the same-name bank cards (C14). Applying: /api/me/applications. */
export function registerWithdrawalRoutes(router: Router, registry: OpenApiRegistry, withdrawals: Withdrawals, cards: BankCards): void {
  const tags = ['业务办理 · 提取'];
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/withdrawals',
      summary: '提取业务列表：每项是否可办理、原因、可提取金额 (C1–C13)',
      tags,
      auth: 'member',
      response: tilesResponse,
    },
    async ({ ctx }) => withdrawals.tiles(currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/withdrawals/:kind',
      summary: '一项提取业务：条件、可提取金额、表单、材料、收款银行卡',
      tags,
      auth: 'member',
      params: kindParams,
      response: eligibilityResponse,
    },
    async ({ ctx, params }) => withdrawals.eligibility(currentMemberId(ctx), params.kind),
  );

  const ctags = ['业务办理 · 银行卡'];
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/me/bank-cards', summary: '已绑定的本人银行卡与可选银行 (C14)', tags: ctags, auth: 'member', response: cardsResponse },
    async ({ ctx }) => cards.list(currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/bank-cards',
      summary: '绑定本人银行卡：持卡人须为本人 (C14)',
      tags: ctags,
      auth: 'member',
      body: bindBody,
      response: cardResponse,
    },
    async ({ ctx, body }) => cards.bind(currentMemberId(ctx), body),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/api/me/bank-cards/:id',
      summary: '解除绑定银行卡 (C14)',
      tags: ctags,
      auth: 'member',
      params: cardParams,
      response: messageResponse,
    },
    async ({ ctx, params }) => cards.unbind(currentMemberId(ctx), params.id),
  );
}
