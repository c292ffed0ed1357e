import type { Context } from 'koa';
import { unauthorized } from '../shared/errors.js';

/** The member of a request and the session it came with (identity's sessions issue both). */
interface CurrentMember {
  id: number;
  sessionId: number;
}

/**
 * The member a request acts for, as set by identity's requireMember() middleware on every /api/me route.
 * Routes never take a member id from the path or query: a member can only ever reach their own data.
 */
export function currentMember(ctx: Context): CurrentMember {
  const member = (ctx.state as { member?: Partial<CurrentMember> }).member;
  if (typeof member?.id !== 'number' || typeof member.sessionId !== 'number') throw unauthorized('UNAUTHENTICATED', '请先登录');
  return { id: member.id, sessionId: member.sessionId };
}

/** The id of the member a request acts for (see currentMember). */
export const currentMemberId = (ctx: Context): number => currentMember(ctx).id;
