import type { Context } from 'koa';
import { unauthorized } from '../shared/errors.js';

/**
 * The member a request acts for, as set by identity's requireMember() middleware on every /api/me route.
 * Routes never take a member id from the path or query: a member can only ever reach their own data.
 */
export function currentMemberId(ctx: Context): number {
  const id = (ctx.state as { member?: { id?: number } }).member?.id;
  if (typeof id !== 'number') throw unauthorized('UNAUTHENTICATED', '请先登录');
  return id;
}
