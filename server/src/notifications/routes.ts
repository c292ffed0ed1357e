import type Router from '@koa/router';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { currentMemberId } from '../http/member.js';
import { actionResponse, idParams, listQuery, listResponse, notification, unreadResponse } from './schema.js';
import type { Notifications } from './service.js';

/** E3 消息: list (消息 / 未读消息 / 已阅, paged: 更多), unread count, view, mark read, delete (004 2.1–2.3). */
export function registerNotificationRoutes(router: Router, registry: OpenApiRegistry, notifications: Notifications): void {
  const tags = ['我的消息 · 通知'];
  const base = '/api/me/notifications';
  defineRoute(
    router,
    registry,
    { method: 'get', path: base, summary: '通知消息列表，可按未读 / 已阅筛选，分页 (E3)', tags, auth: 'member', query: listQuery, response: listResponse },
    async ({ ctx, query }) => notifications.list(currentMemberId(ctx), query),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: `${base}/unread-count`, summary: '未读消息数 (E3)', tags, auth: 'member', response: unreadResponse },
    async ({ ctx }) => notifications.unreadCount(currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: `${base}/read-all`, summary: '全部标为已阅 (E3)', tags, auth: 'member', response: actionResponse },
    async ({ ctx }) => notifications.markAllRead(currentMemberId(ctx)),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: `${base}/:id`, summary: '查看消息 (E3)', tags, auth: 'member', params: idParams, response: notification },
    async ({ ctx, params }) => notifications.get(currentMemberId(ctx), params.id),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: `${base}/:id/read`, summary: '标为已阅 (E3)', tags, auth: 'member', params: idParams, response: actionResponse },
    async ({ ctx, params }) => notifications.markRead(currentMemberId(ctx), params.id),
  );
  defineRoute(
    router,
    registry,
    { method: 'delete', path: `${base}/:id`, summary: '删除消息 (E3)', tags, auth: 'member', params: idParams, response: actionResponse },
    async ({ ctx, params }) => notifications.remove(currentMemberId(ctx), params.id),
  );
}
