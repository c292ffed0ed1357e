/**
 * Member sessions: an opaque random bearer token, of which the database keeps only the SHA-256. A session ends
 * after a while without requests (idle) and after a fixed time in any case (absolute); an auto-login session
 * (001 1.1 / 4.4 自动登录) is the same with longer limits. Logout, password changes and unbinding revoke sessions.
 */
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { memberSessions, type SessionKind } from './tables.js';
import { unauthorized } from '../shared/errors.js';
import type { RequestMeta } from './audit.js';
import { SESSION } from './policy.js';
import { repeatableWrite } from '../db/write-tracker.js';
import { newToken, tokenHash } from '../shared/tokens.js';
import { SessionCache } from './session-cache.js';
import { batched, coalesced } from '../shared/batch.js';

export interface IssuedSession {
  token: string;
  expiresAt: string;
  sessionId: number;
  kind: SessionKind;
}

export interface MemberPrincipal {
  id: number;
  sessionId: number;
}

type Executor = Pick<Database['db'], 'insert' | 'update' | 'select'>;

const limits = (kind: SessionKind) => (kind === 'auto-login' ? SESSION.autoLogin : SESSION.standard);
const expiry = (idle: Date, absolute: Date) => new Date(Math.min(idle.getTime(), absolute.getTime()));

export class Sessions {
  private readonly byTokenHash;
  /** Sessions remembered for a few seconds, forgotten on any change (session-cache.ts). */
  readonly cache: SessionCache;
  /**
   * The idle slide: sessions used at the same moment are written by one statement (never a burst of them), and
   * one session once however many of its requests find it due at once (they all wait for that write).
   */
  private readonly touch: (t: { id: number; seen: Date; idle: Date }) => Promise<void>;

  constructor(
    private readonly database: Database,
    cacheSeconds = 0,
  ) {
    this.cache = new SessionCache(database, cacheSeconds);
    const touchMany = batched(
      async (items: { id: number; seen: Date; idle: Date }[]) => {
        await database.query(
          `UPDATE member_sessions s SET last_seen_at = x.seen, idle_expires_at = x.idle
         FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) AS x(id, seen, idle) WHERE s.id = x.id`,
          [items.map((t) => t.id), items.map((t) => t.seen.toISOString()), items.map((t) => t.idle.toISOString())],
        );
        this.cache.forget(items.map((t) => t.id));
        return items.map(() => undefined);
      },
      { maxInFlight: 1 },
    );
    this.touch = coalesced(touchMany, (t) => t.id);
    this.byTokenHash = database.db
      .select()
      .from(memberSessions)
      .where(eq(memberSessions.tokenHash, sql.placeholder('hash')))
      .prepare('identity_session_by_token');
  }

  async issue(memberId: number, kind: SessionKind, meta: RequestMeta | null, executor: Executor = this.database.db): Promise<IssuedSession> {
    const token = newToken('s');
    const now = new Date();
    const l = limits(kind);
    const absolute = new Date(now.getTime() + l.absoluteSeconds * 1000);
    const idle = expiry(new Date(now.getTime() + l.idleSeconds * 1000), absolute);
    const [row] = await executor
      .insert(memberSessions)
      .values({
        memberId,
        tokenHash: tokenHash(token),
        kind,
        createdAt: now,
        lastSeenAt: now,
        idleExpiresAt: idle,
        absoluteExpiresAt: absolute,
        ip: meta?.ip ?? null,
        userAgent: meta?.userAgent ?? null,
      })
      .returning({ id: memberSessions.id });
    return { token, expiresAt: idle.toISOString(), sessionId: row!.id, kind };
  }

  /** The member of a live session, sliding its idle expiry forward; 401 otherwise. */
  async authenticate(token: string): Promise<MemberPrincipal & { kind: SessionKind; expiresAt: Date }> {
    // Every authenticated request comes through here: remembered for a few seconds, else a prepared query.
    const hash = tokenHash(token);
    let s = this.cache.get(hash);
    if (!s) {
      const epoch = this.cache.epoch;
      [s] = await this.byTokenHash.execute({ hash });
      if (s) this.cache.remember(hash, s, epoch);
    }
    const now = new Date();
    if (!s || s.revokedAt || s.idleExpiresAt <= now || s.absoluteExpiresAt <= now) {
      throw unauthorized('SESSION_EXPIRED', '登录已失效，请重新登录');
    }
    let expiresAt = s.idleExpiresAt;
    if (now.getTime() - s.lastSeenAt.getTime() >= SESSION.touchEverySeconds * 1000) {
      expiresAt = expiry(new Date(now.getTime() + limits(s.kind).idleSeconds * 1000), s.absoluteExpiresAt);
      await repeatableWrite(() => this.touch({ id: s.id, seen: now, idle: expiresAt })); // a retried request may slide it again
    }
    return { id: s.memberId, sessionId: s.id, kind: s.kind, expiresAt };
  }

  async revoke(sessionId: number, reason: string): Promise<void> {
    await this.database.db
      .update(memberSessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(memberSessions.id, sessionId), isNull(memberSessions.revokedAt)));
    this.cache.forget([sessionId]);
  }

  /** Revokes every live session of the member (but `except`, when given); returns how many. */
  async revokeAll(memberId: number, reason: string, opts: { except?: number; kind?: SessionKind; executor?: Executor } = {}): Promise<number> {
    const rows = await (opts.executor ?? this.database.db)
      .update(memberSessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(
        and(
          eq(memberSessions.memberId, memberId),
          isNull(memberSessions.revokedAt),
          gt(memberSessions.absoluteExpiresAt, new Date()),
          opts.except !== undefined ? ne(memberSessions.id, opts.except) : undefined,
          opts.kind ? eq(memberSessions.kind, opts.kind) : undefined,
        ),
      )
      .returning({ id: memberSessions.id });
    this.cache.forget(rows.map((r) => r.id));
    return rows.length;
  }

  /** A8: turns the current session into an auto-login session or back; its limits count from now. */
  async changeKind(sessionId: number, kind: SessionKind): Promise<string> {
    const l = limits(kind);
    const now = new Date();
    const absolute = new Date(now.getTime() + l.absoluteSeconds * 1000);
    const idle = expiry(new Date(now.getTime() + l.idleSeconds * 1000), absolute);
    await this.database.db
      .update(memberSessions)
      .set({ kind, lastSeenAt: now, idleExpiresAt: idle, absoluteExpiresAt: absolute })
      .where(eq(memberSessions.id, sessionId));
    this.cache.forget([sessionId]);
    return idle.toISOString();
  }
}
