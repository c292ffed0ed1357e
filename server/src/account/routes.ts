import type Router from '@koa/router';

import type { CoreGateway } from '../core/gateway.js';
import type { Clock } from '../shared/clock.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { currentMemberId } from '../http/member.js';
import {
  accountsResponse,
  fundAccountResponse,
  ledgerQuery,
  ledgerResponse,
  overviewResponse,
  profilePatch,
  profileResponse,
  statementQuery,
  statementResponse,
} from './schema.js';
import { statement } from './statement.js';
import * as account from './service.js';

/** 我的: overview, fund account, ledger, personal information (B1–B3, B9). `router` is behind requireMember(). */
export function registerAccountRoutes(router: Router, registry: OpenApiRegistry, deps: { core: CoreGateway; clock: Clock }): void {
  const tags = ['我的 · 公积金账户'];
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/me/overview', summary: '账户总览 (B1)', tags, auth: 'member', response: overviewResponse },
    async ({ ctx }) => account.overview(deps.core, currentMemberId(ctx), deps.clock.today()),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/me/account', summary: '公积金账户 (B2)', tags, auth: 'member', response: fundAccountResponse },
    async ({ ctx }) => account.fundAccount(deps.core, currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/accounts',
      summary: '我的公积金：全部个人账户，当前账户在前，销户的在后 (004 1.3)',
      tags,
      auth: 'member',
      response: accountsResponse,
    },
    async ({ ctx }) => account.accounts(deps.core, currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/ledger',
      summary: '缴存提取明细，按年度或日期范围 (B3)',
      tags,
      auth: 'member',
      query: ledgerQuery,
      response: ledgerResponse,
    },
    async ({ ctx, query }) => account.ledger(deps.core, currentMemberId(ctx), query, deps.clock.today()),
  );
  for (const kind of ['deposits', 'withdrawals'] as const) {
    defineRoute(
      router,
      registry,
      {
        method: 'get',
        path: `/api/me/ledger/${kind}`,
        tags,
        auth: 'member',
        query: statementQuery,
        response: statementResponse,
        summary:
          kind === 'deposits'
            ? '缴存明细：上期余额、本期发生、本期余额、合计余额与合计 (002 三)'
            : '提取明细：上期余额、本期发生、本期余额、合计余额与合计 (002 四)',
      },
      async ({ ctx, query }) => statement(deps.core, currentMemberId(ctx), kind, query, deps.clock.today()),
    );
  }
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/me/profile', summary: '个人信息 (B9)', tags, auth: 'member', response: profileResponse },
    async ({ ctx }) => account.profile(deps.core, currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'patch',
      path: '/api/me/profile',
      summary: '修改个人信息：学历、职业、职称、职务、住址、邮编 (B9)',
      tags,
      auth: 'member',
      body: profilePatch,
      response: profileResponse,
    },
    async ({ ctx, body }) => account.updateProfile(deps.core, currentMemberId(ctx), body),
  );
}
