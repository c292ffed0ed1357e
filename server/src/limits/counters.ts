/**
 * Rate counters in the database (rate_limit_counters), so that every instance sees the same counts. A window
 * begins with the first hit and lasts `windowSeconds`; the first hit after it ended begins the next one.
 * `take` counts one hit against several limits at once, all or nothing: a request refused by one limit (say the
 * caller's IP) uses up nothing of the others (say the victim's phone). Each hit is one conditional upsert that
 * refuses once the window is full, so parallel requests on any instance cannot overshoot.
 */
import { createHmac } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { rateLimitCounters } from './tables.js';

export interface Limit {
  /** What is limited, e.g. 'sms:phone'. One window length per scope. */
  scope: string;
  /** Who is limited: a keyed hash (see keyOf), or '*' for everyone together. */
  key: string;
  /** Hits allowed per window; 0 switches the limit off. */
  max: number;
  windowSeconds: number;
}

export type Window = Pick<Limit, 'scope' | 'key' | 'windowSeconds'>;

type Taken = { ok: true } | { ok: false; scope: string; retryAfterSeconds: number };

class Refused extends Error {
  constructor(
    readonly scope: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`limit ${scope} reached`);
  }
}

/** Rows whose window ended this long ago are deleted (the longest window in use is a day). */
const KEEP_SECONDS = 2 * 24 * 3600;
const target = [rateLimitCounters.scope, rateLimitCounters.key];
const c = rateLimitCounters;

export class RateCounters {
  private takes = 0;

  constructor(
    private readonly database: Database,
    private readonly key: Buffer,
  ) {}

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
          const ended = endedBy(l, now);
          const rows = await tx
            .insert(c)
            .values({ scope: l.scope, key: l.key, windowStart: now, hits: 1 })
            .onConflictDoUpdate({ target, set: restartOr(ended, sql`${c.hits} + 1`, now), setWhere: sql`${ended} OR ${c.hits} < ${l.max}` })
            .returning({ hits: c.hits });
          if (rows.length === 0) {
            const [row] = await tx
              .select({ windowStart: c.windowStart })
              .from(c)
              .where(and(eq(c.scope, l.scope), eq(c.key, l.key)));
            throw new Refused(l.scope, secondsLeft(l, row?.windowStart ?? now, now));
          }
        }
      });
      return { ok: true };
    } catch (err) {
      if (err instanceof Refused) return { ok: false, scope: err.scope, retryAfterSeconds: err.retryAfterSeconds };
      throw err;
    }
  }

  /** Hits in the key's current window. */
  async count(l: Window, now: Date): Promise<number> {
    const [row] = await this.db
      .select({ hits: c.hits })
      .from(c)
      .where(and(eq(c.scope, l.scope), eq(c.key, l.key), gt(c.windowStart, new Date(now.getTime() - l.windowSeconds * 1000))));
    return row?.hits ?? 0;
  }

  /** Whether the key's window is full now, without counting anything. */
  async full(l: Limit, now: Date): Promise<Taken> {
    if (l.max <= 0) return { ok: true };
    const [row] = await this.db
      .select({ hits: c.hits, windowStart: c.windowStart })
      .from(c)
      .where(and(eq(c.scope, l.scope), eq(c.key, l.key), gt(c.windowStart, new Date(now.getTime() - l.windowSeconds * 1000))));
    return row && row.hits >= l.max ? { ok: false, scope: l.scope, retryAfterSeconds: secondsLeft(l, row.windowStart, now) } : { ok: true };
  }

  /** Counts one hit whatever the count (a failure that happened); returns the count after it. */
  async add(l: Window, now: Date): Promise<number> {
    const [row] = await this.db
      .insert(c)
      .values({ scope: l.scope, key: l.key, windowStart: now, hits: 1 })
      .onConflictDoUpdate({ target, set: restartOr(endedBy(l, now), sql`${c.hits} + 1`, now) })
      .returning({ hits: c.hits });
    return row?.hits ?? 1;
  }

  /** Forgets the key (e.g. the failures of an account after a right password). */
  async clear(scope: string, key: string): Promise<void> {
    await this.db.delete(c).where(and(eq(c.scope, scope), eq(c.key, key)));
  }

  private async sweep(now: Date): Promise<void> {
    await this.db.delete(c).where(lt(c.windowStart, new Date(now.getTime() - KEEP_SECONDS * 1000)));
  }
}

/** The stored window has ended by `now`. */
const endedBy = (l: Window, now: Date) => sql`${c.windowStart} <= ${new Date(now.getTime() - l.windowSeconds * 1000).toISOString()}::timestamptz`;

/** A new window from `now` with one hit when the stored one ended; otherwise `hits` in the same window. */
const restartOr = (ended: ReturnType<typeof sql>, hits: ReturnType<typeof sql>, now: Date) => ({
  windowStart: sql`CASE WHEN ${ended} THEN ${now.toISOString()}::timestamptz ELSE ${c.windowStart} END`,
  hits: sql`CASE WHEN ${ended} THEN 1 ELSE ${hits} END`,
});

const secondsLeft = (l: Window, windowStart: Date, now: Date) =>
  Math.max(1, Math.ceil((windowStart.getTime() + l.windowSeconds * 1000 - now.getTime()) / 1000));
