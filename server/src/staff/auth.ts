/**
 * The center's staff accounts and their sessions (I1; the console of issue 8 builds on them). Sessions are separate
 * from members': `hpfst_` tokens of which only the SHA-256 is stored in staff_sessions, so a member token is unknown
 * here and a staff token is unknown to identity's member guard.
 *
 * One session design for the console (issue 20): the login sets the token as an `HttpOnly; Secure; SameSite=Strict`
 * cookie, so every tab of the browser shares it and page scripts never read it; a request authenticated by that
 * cookie that changes something must also carry `X-CSRF-Token`, a value derived from the session (given by the
 * login and GET /api/staff/meta, which another site cannot read). API clients may still send `Authorization:
 * Bearer`, which a browser never adds by itself and so needs no CSRF token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Context, Middleware, Next } from 'koa';
import type { Database } from '../db/client.js';
import { z } from 'zod';
import { type ReviewNodeKey } from '../workflow/tables.js';
import { staffSessions, staffUsers, type StaffRole } from './tables.js';
import { PasswordHasher } from '../identity/passwords.js';
import type { LoginAttempt, LoginGuard } from '../limits/index.js';
import { DomainError, forbidden, unauthorized } from '../shared/errors.js';
import type { PiiCipher } from '../shared/pii-crypto.js';
import { auditStaff } from './audit.js';

/** A working day; the console logs in again the next morning. */
export const STAFF_SESSION_HOURS = 10;

export interface StaffPrincipal {
  id: number;
  username: string;
  name: string;
  role: StaffRole;
  /** The nodes this person may decide at (an administrator: all). */
  nodes: ReviewNodeKey[];
}

declare module 'koa' {
  interface DefaultState {
    /** Set on every /api/staff/… request except the login. */
    staff?: StaffPrincipal;
    /** The CSRF token of the request's staff session (given to the console by GET /api/staff/meta). */
    staffCsrf?: string;
  }
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');
/** The session's CSRF token: derived from the session token, so nothing more is stored and it ends with the session. */
const csrfTokenOf = (token: string) => createHash('sha256').update(`csrf:${token}`, 'utf8').digest('base64url');

const STAFF_COOKIE = 'hpf_staff';
const COOKIE_PATH = '/api/staff';
/** The session cookie (Secure: browsers keep it on https and on localhost, where the console is developed). */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${STAFF_COOKIE}=${token}; Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;
}
export const clearedSessionCookie = () => sessionCookie('', 0);
/** Every review node a reviewer can be given (withdrawals: 初审/复审/终审; D4 loans: 受理/审批/签约/放款). */
export const reviewNodeKey = z.enum(['first', 'second', 'final', 'acceptance', 'approval', 'signing', 'disbursement']);
const ALL_NODES: ReviewNodeKey[] = [...reviewNodeKey.options];

const staffPepper = (cipher: PiiCipher) => cipher.deriveKey('review/staff-password-pepper');

export class StaffAuth {
  private readonly hasher: PasswordHasher;

  /**
   * `guard`: the login limits of limits/login.ts (a throttle per IP, a challenge after repeated wrong passwords, no
   * lock-out); absent only where nobody logs in (the demo seed hashing passwords).
   */
  constructor(
    private readonly database: Database,
    cipher: PiiCipher,
    private readonly guard?: LoginGuard,
  ) {
    this.hasher = new PasswordHasher(staffPepper(cipher));
  }

  hashPassword(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  /**
   * An unknown username, an inactive account and a wrong password get the same answer (no count of attempts left,
   * which only existing accounts had). No lock-out: after repeated wrong passwords a challenge (limits/login.ts).
   */
  async login(
    username: string,
    password: string,
    from: { ip: string | null; challenge?: { id: string; answer: string } | undefined } = { ip: null },
  ): Promise<{ token: string; csrfToken: string; expiresAt: string; staff: StaffPrincipal }> {
    const db = this.database.db;
    const name = username.trim().toLowerCase();
    const attempt: LoginAttempt = { realm: 'staff', account: name, ip: from.ip, challenge: from.challenge };
    const [user] = await db.select().from(staffUsers).where(eq(staffUsers.username, name));
    const actor = user ? { id: user.id, username: user.username, name: user.name } : { id: null, username: name, name: '（未知账号）' };
    const audit = (action: string, detail: Record<string, unknown> = {}) => auditStaff(db, actor, action, `staff:${actor.username}`, detail);
    try {
      await this.guard?.before(attempt);
    } catch (err) {
      if (err instanceof DomainError) await audit('staff.login-failed', { reason: err.code });
      throw err;
    }
    const wrong = async (reason: string) => {
      await audit('staff.login-failed', { reason });
      const challenge = await this.guard?.failed(attempt);
      return new DomainError('STAFF_LOGIN_FAILED', '用户名或密码错误', 401, challenge ? { challenge } : undefined);
    };
    if (!user || !user.active) {
      await this.hasher.hash(password); // the same time whether the user exists or not
      throw await wrong(user ? 'inactive' : 'unknown-user');
    }
    if (!(await this.hasher.verify(password, user.passwordHash))) throw await wrong('wrong-password');
    await this.guard?.succeeded(attempt);
    const token = `hpfst_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + STAFF_SESSION_HOURS * 3600_000);
    await db.transaction(async (tx) => {
      await tx.insert(staffSessions).values({ staffId: user.id, tokenHash: hashToken(token), expiresAt });
      await auditStaff(tx, actor, 'staff.login', `staff:${actor.username}`, {});
    });
    return { token, csrfToken: csrfTokenOf(token), expiresAt: expiresAt.toISOString(), staff: principal(user) };
  }

  async authenticate(token: string): Promise<StaffPrincipal & { sessionId: number }> {
    const [row] = await this.database.db
      .select({ s: staffSessions, u: staffUsers })
      .from(staffSessions)
      .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
      .where(and(eq(staffSessions.tokenHash, hashToken(token)), isNull(staffSessions.revokedAt), gt(staffSessions.expiresAt, new Date())));
    if (!row || !row.u.active) throw unauthorized('STAFF_UNAUTHENTICATED', '请使用工作人员账号登录');
    return { ...principal(row.u), sessionId: row.s.id };
  }

  async logout(token: string, staff: StaffPrincipal): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx
        .update(staffSessions)
        .set({ revokedAt: new Date() })
        .where(eq(staffSessions.tokenHash, hashToken(token)));
      await auditStaff(tx, staff, 'staff.logout', `staff:${staff.username}`, {});
    });
  }
}

function principal(u: typeof staffUsers.$inferSelect): StaffPrincipal {
  return { id: u.id, username: u.username, name: u.name, role: u.role, nodes: u.role === 'admin' ? ALL_NODES : u.reviewNodes };
}

function bearer(ctx: Context): string | null {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,256})\s*$/i.exec(ctx.get('authorization'));
  return m ? m[1]! : null;
}

function cookieToken(ctx: Context): string | null {
  for (const part of ctx.get('cookie').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === STAFF_COOKIE && value && /^[A-Za-z0-9._~+/=-]{16,256}$/.test(value)) return value;
  }
  return null;
}

/** The staff session token of a request: the Authorization header, else the console's cookie. */
export const sessionToken = (ctx: Context): string | null => bearer(ctx) ?? cookieToken(ctx);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const STAFF_AREA = '/api/staff';
const PUBLIC = new Set(['/api/staff/login']);

/** Every /api/staff/… request but the login needs a staff session: 401 `{ code, message }` otherwise. */
export function guardStaffArea(auth: StaffAuth): Middleware {
  return async (ctx: Context, next: Next) => {
    if (!(ctx.path === STAFF_AREA || ctx.path.startsWith(`${STAFF_AREA}/`)) || PUBLIC.has(ctx.path)) return next();
    const header = bearer(ctx);
    const token = header ?? cookieToken(ctx);
    if (!token) throw unauthorized('STAFF_UNAUTHENTICATED', '请使用工作人员账号登录');
    ctx.state.staff = await auth.authenticate(token);
    ctx.state.staffCsrf = csrfTokenOf(token);
    if (!header && !SAFE_METHODS.has(ctx.method) && !sameText(ctx.get('x-csrf-token'), ctx.state.staffCsrf)) {
      throw forbidden('STAFF_CSRF_FAILED', '页面校验已失效，请刷新页面后重试');
    }
    return next();
  };
}

export function staffOf(ctx: Context): StaffPrincipal {
  const staff = ctx.state.staff;
  if (!staff) throw unauthorized('STAFF_UNAUTHENTICATED', '请使用工作人员账号登录');
  return staff;
}

/** I1: a reviewer (or an administrator) at the given node. */
export function mayReview(staff: StaffPrincipal, node?: ReviewNodeKey | null): boolean {
  if (staff.role !== 'reviewer' && staff.role !== 'admin') return false;
  return node ? staff.nodes.includes(node) : staff.nodes.length > 0;
}
