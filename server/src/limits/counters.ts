/**
 * Fixed-window counters in the database (rate_limit_counters), so that every instance sees the same counts.
 * `take` counts one hit against several limits at once, all or nothing: a request refused by one limit (say the
 * caller's IP) uses up nothing of the others (say the victim's phone). Each hit is one conditional upsert that
 * refuses once the window is full, so parallel requests on any instance cannot overshoot.
 */
import { createHmac } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { rateLimitCounters } from '../db/schema.js';

export interface Limit {
  /** What is limited, e.g. 'sms:phone'. */
  scope: string;
  /** Who is limited: a keyed hash (see keyOf), or '*' for everyone together. */
  key: string;
  /** Hits allowed per window; 0 switches the limit off. */
  max: number;
  windowSeconds: number;
}

export type Window = Pick<Limit, 'scope' | 'key' | 'windowSeconds'>;

export type Taken = { ok: true } | { ok: false; scope: string; retryAfterSeconds: number };

class Refused extends Error {
  constructor(readonly scope: string, readonly retryAfterSeconds: number) {
    super(`limit ${scope} reached`);
  }
}

const windowOf = (now: Date, windowSeconds: number) => {
  const size = windowSeconds * 1000;
  const start = Math.floor(now.getTime() / size) * size;
  return { start: new Date(start), retryAfterSeconds: Math.max(1, Math.ceil((start + size - now.getTime()) / 1000)) };
};

/** Windows end at most this long ago before their rows are deleted (the longest window in use is a day). */
const KEEP_SECONDS = 2 * 24 * 3600;
const target = [rateLimitCounters.scope, rateLimitCounters.key, rateLimitCounters.windowStart];

export class RateCounters {
  private takes = 0;

  constructor(private readonly database: Database, private readonly key: Buffer) {}

  private get db() {
    return this.database.db;
  }

  /** The stored key of a value (a phone, an IP, an account): a keyed hash, never the value itself. */
  keyOf(scope: string, value: string): string {
    return createHmac('sha256', this.key).update(`${scope}\n${value}`).digest('base64url').slice(0, 32);
  }

  /** Counts one hit against every limit, or none when one of them is full (that one's scope and wait). */
  async take(limits: Limit[], now: Date): Promise<Taken> {
    const active = limits.filter((l) => l.max > 0);
    if (++this.takes % 200 === 0) void this.sweep(now).catch(() => undefined);
    try {
      await this.db.transaction(async (tx) => {
        for (const l of active) {
          const w = windowOf(now, l.windowSeconds);
          const rows = await tx.insert(rateLimitCounters).values({ scope: l.scope, key: l.key, windowStart: w.start, hits: 1 })
            .onConflictDoUpdate({ target, set: { hits: sql`${rateLimitCounters.hits} + 1` }, setWhere: lt(rateLimitCounters.hits, l.max) })
            .returning({ hits: rateLimitCounters.hits });
          if (rows.length === 0) throw new Refused(l.scope, w.retryAfterSeconds);
        }
      });
      return { ok: true };
    } catch (err) {
      if (err instanceof Refused) return { ok: false, scope: err.scope, retryAfterSeconds: err.retryAfterSeconds };
      throw err;
    }
  }

  /** Hits in the limit's current window. */
  async count(l: Window, now: Date): Promise<number> {
    const [row] = await this.db.select({ hits: rateLimitCounters.hits }).from(rateLimitCounters).where(this.at(l, now));
    return row?.hits ?? 0;
  }

  /** Whether the limit's window is full now, without counting anything. */
  async full(l: Limit, now: Date): Promise<Taken> {
    if (l.max <= 0 || (await this.count(l, now)) < l.max) return { ok: true };
    return { ok: false, scope: l.scope, retryAfterSeconds: windowOf(now, l.windowSeconds).retryAfterSeconds };
  }

  /** Counts one hit whatever the count (a failure that happened); returns the count after it. */
  async add(l: Window, now: Date): Promise<number> {
    const [row] = await this.db.insert(rateLimitCounters).values({ scope: l.scope, key: l.key, windowStart: windowOf(now, l.windowSeconds).start, hits: 1 })
      .onConflictDoUpdate({ target, set: { hits: sql`${rateLimitCounters.hits} + 1` } })
      .returning({ hits: rateLimitCounters.hits });
    return row?.hits ?? 1;
  }

  /** Forgets every window of one key (e.g. the failures of an account after a right password). */
  async clear(scope: string, key: string): Promise<void> {
    await this.db.delete(rateLimitCounters).where(and(eq(rateLimitCounters.scope, scope), eq(rateLimitCounters.key, key)));
  }

  private at(l: Window, now: Date) {
    return and(eq(rateLimitCounters.scope, l.scope), eq(rateLimitCounters.key, l.key), eq(rateLimitCounters.windowStart, windowOf(now, l.windowSeconds).start));
  }

  private async sweep(now: Date): Promise<void> {
    await this.db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, new Date(now.getTime() - KEEP_SECONDS * 1000)));
  }
}
