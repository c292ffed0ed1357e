/**
 * member_credentials: who is registered, their password hashes, lock-out counters and the auto-login switch.
 * The counters move in single UPDATE statements so that parallel wrong attempts all count.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { memberCredentials } from './tables.js';

export type Credentials = typeof memberCredentials.$inferSelect;
export type Executor = Pick<Database['db'], 'insert' | 'update' | 'select' | 'delete'>;
export type PasswordKind = 'login' | 'business';

const columns = {
  login: {
    failures: memberCredentials.loginFailures,
    lockedUntil: memberCredentials.loginLockedUntil,
    failuresKey: 'loginFailures',
    lockedKey: 'loginLockedUntil',
  },
  business: {
    failures: memberCredentials.businessFailures,
    lockedUntil: memberCredentials.businessLockedUntil,
    failuresKey: 'businessFailures',
    lockedKey: 'businessLockedUntil',
  },
} as const;

export class CredentialStore {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  async get(memberId: number): Promise<Credentials | null> {
    const [row] = await this.db.select().from(memberCredentials).where(eq(memberCredentials.memberId, memberId));
    return row ?? null;
  }

  /** Registration (and re-registration, 001 1.2): fresh passwords, counters cleared. */
  async upsert(
    executor: Executor,
    v: { memberId: number; loginPasswordHash: string; businessPasswordHash: string; autoLogin: boolean; registeredBy: 'sms' | 'face' },
  ): Promise<void> {
    const now = new Date();
    const fresh = {
      loginPasswordHash: v.loginPasswordHash,
      businessPasswordHash: v.businessPasswordHash,
      autoLogin: v.autoLogin,
      registeredBy: v.registeredBy,
      loginFailures: 0,
      loginLockedUntil: null,
      businessFailures: 0,
      businessLockedUntil: null,
      registeredAt: now,
      loginPasswordChangedAt: now,
      businessPasswordChangedAt: now,
    };
    await executor
      .insert(memberCredentials)
      .values({ memberId: v.memberId, ...fresh })
      .onConflictDoUpdate({ target: memberCredentials.memberId, set: fresh });
  }

  async setPassword(memberId: number, kind: PasswordKind, hash: string, executor: Executor = this.db): Promise<void> {
    const now = new Date();
    const set =
      kind === 'login'
        ? { loginPasswordHash: hash, loginPasswordChangedAt: now, loginFailures: 0, loginLockedUntil: null }
        : { businessPasswordHash: hash, businessPasswordChangedAt: now, businessFailures: 0, businessLockedUntil: null };
    await executor.update(memberCredentials).set(set).where(eq(memberCredentials.memberId, memberId));
  }

  async setAutoLogin(memberId: number, enabled: boolean): Promise<void> {
    await this.db.update(memberCredentials).set({ autoLogin: enabled }).where(eq(memberCredentials.memberId, memberId));
  }

  /** Counts one failure; returns the count after it. */
  async addFailure(memberId: number, kind: PasswordKind): Promise<number> {
    const c = columns[kind];
    const [row] = await this.db
      .update(memberCredentials)
      .set({ [c.failuresKey]: sql`${c.failures} + 1` })
      .where(eq(memberCredentials.memberId, memberId))
      .returning({ failures: c.failures });
    return row?.failures ?? 0;
  }

  async lock(memberId: number, kind: PasswordKind, until: Date): Promise<void> {
    const c = columns[kind];
    await this.db
      .update(memberCredentials)
      .set({ [c.failuresKey]: 0, [c.lockedKey]: until })
      .where(eq(memberCredentials.memberId, memberId));
  }

  async clearFailures(memberId: number, kind: PasswordKind): Promise<void> {
    const c = columns[kind];
    await this.db
      .update(memberCredentials)
      .set({ [c.failuresKey]: 0, [c.lockedKey]: null })
      .where(eq(memberCredentials.memberId, memberId));
  }

  /** A7: the registration is deleted; the member must register (bind) again. */
  async delete(memberId: number, executor: Executor = this.db): Promise<void> {
    await executor.delete(memberCredentials).where(eq(memberCredentials.memberId, memberId));
  }
}
