/**
 * Authentication of member requests: `Authorization: Bearer <token>` from POST /api/auth/login (or registration,
 * face login). `requireMember()` sets `ctx.state.member = { id, sessionId }` or answers 401 `{ code, message }`.
 *
 * app.ts mounts `guardMemberArea()` before the routes, so every route whose path starts with `/api/me/` is
 * authenticated without doing anything: a capability defines its member routes on the main router with
 * `defineRoute(router, registry, { path: '/api/me/…', auth: 'member', … })` and reads the member with
 * http/member.ts `currentMember(ctx)` / `currentMemberId(ctx)`. Never take a member id from the path or query.
 */
import type { Context, Middleware, Next } from 'koa';
import { unauthorized } from '../shared/errors.js';
import type { MemberPrincipal, Sessions } from './sessions.js';

declare module 'koa' {
  interface DefaultState {
    /** Set by requireMember() on every authenticated request (all of /api/me/…). */
    member?: MemberPrincipal;
  }
}

const MEMBER_AREA = '/api/me';

function bearerToken(ctx: Context): string | null {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,256})\s*$/i.exec(ctx.get('authorization'));
  return m ? m[1]! : null;
}

/** Authenticates the request or answers 401 `{ code, message }`. */
export function requireMember(sessions: Sessions): Middleware {
  return async (ctx: Context, next: Next) => {
    const token = bearerToken(ctx);
    if (!token) throw unauthorized('UNAUTHENTICATED', '请先登录');
    const s = await sessions.authenticate(token);
    ctx.state.member = { id: s.id, sessionId: s.sessionId };
    await next();
  };
}

/** requireMember() for every request under /api/me (mounted once in app.ts). */
export function guardMemberArea(sessions: Sessions): Middleware {
  const guard = requireMember(sessions);
  return (ctx, next) => (ctx.path === MEMBER_AREA || ctx.path.startsWith(`${MEMBER_AREA}/`) ? guard(ctx, next) : next());
}
