/**
 * Member sessions remembered for a few seconds, so that an authenticated request costs the database one query
 * (its own) instead of two: every /api/me/… request looks its session up first (sessions.ts authenticate).
 *
 * It never keeps a session alive that the database has ended:
 * - every change to a member_sessions row, by this instance, another one or by hand, fires a trigger that
 *   NOTIFYs member_session_changed with the row's id (migration 0012); every instance LISTENs and forgets it;
 * - while the listening connection is down, nothing is remembered (and all is forgotten when it goes down);
 * - a lookup that started before a change was heard is not remembered (the epoch moved meanwhile);
 * - this instance's own revocations are forgotten at once, without waiting for the notification;
 * - an entry is used for `ttlSeconds` at most in any case (SESSION_CACHE_SECONDS; 0 turns the cache off).
 * Expiry is still decided on every request from the remembered row's instants, as from a fresh read.
 */
import type { Database } from '../db/client.js';
import type { memberSessions } from './tables.js';

type SessionRow = typeof memberSessions.$inferSelect;

const SESSION_CHANNEL = 'member_session_changed';
/** Entries beyond this are dropped oldest first (a few hundred bytes each). */
const MAX_ENTRIES = 50_000;

interface Entry {
  row: SessionRow;
  until: number;
}

export class SessionCache {
  private readonly byHash = new Map<string, Entry>();
  private readonly hashById = new Map<number, string>();
  private live = false;
  /** Moves on every change heard: a lookup remembers its row only if the epoch did not move while it ran. */
  private epochValue = 0;
  private syncs = new Map<string, () => void>();
  private syncSeq = 0;

  constructor(
    private readonly database: Database,
    private readonly ttlSeconds: number,
  ) {
    if (ttlSeconds <= 0) return;
    database.listen(SESSION_CHANNEL, {
      message: (payload) => this.heard(payload),
      up: () => {
        this.epochValue++;
        this.live = true;
      },
      down: () => {
        this.live = false;
        this.forgetAll();
      },
    });
  }

  get epoch(): number {
    return this.epochValue;
  }

  get(hash: string, now = Date.now()): SessionRow | undefined {
    const e = this.byHash.get(hash);
    if (!e) return undefined;
    if (e.until <= now || !this.live) {
      this.drop(hash, e.row.id);
      return undefined;
    }
    return e.row;
  }

  /** Remembers a row read from the database when the lookup began at `epoch` and nothing changed since. */
  remember(hash: string, row: SessionRow, epoch: number): void {
    if (!this.live || epoch !== this.epochValue || row.revokedAt) return;
    if (this.byHash.size >= MAX_ENTRIES) {
      const oldest = this.byHash.keys().next().value as string;
      this.drop(oldest, this.byHash.get(oldest)!.row.id);
    }
    this.byHash.set(hash, { row, until: Date.now() + this.ttlSeconds * 1000 });
    this.hashById.set(row.id, hash);
  }

  /** Forgets sessions this instance just changed (the notification will say so too, a moment later). */
  forget(ids: number[]): void {
    this.epochValue++;
    for (const id of ids) {
      const hash = this.hashById.get(id);
      if (hash !== undefined) this.drop(hash, id);
    }
  }

  /**
   * Resolves once every change committed before the call has been heard (notifications arrive in commit order):
   * for tools and tests that change sessions by hand and then expect every instance to know.
   */
  async settled(timeoutMs = 5000): Promise<void> {
    if (!this.live) return; // nothing is remembered
    const token = `sync:${process.pid}:${++this.syncSeq}`;
    const heard = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.syncs.delete(token);
        reject(new Error('session changes were not heard in time'));
      }, timeoutMs);
      this.syncs.set(token, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await this.database.query('SELECT pg_notify($1, $2)', [SESSION_CHANNEL, token]);
    await heard;
  }

  private heard(payload: string): void {
    if (payload.startsWith('sync:')) {
      const done = this.syncs.get(payload);
      this.syncs.delete(payload);
      done?.();
      return;
    }
    if (payload === '*') {
      this.forgetAll();
      return;
    }
    this.forget([Number(payload)]);
  }

  private forgetAll(): void {
    this.epochValue++;
    this.byHash.clear();
    this.hashById.clear();
  }

  private drop(hash: string, id: number): void {
    this.byHash.delete(hash);
    if (this.hashById.get(id) === hash) this.hashById.delete(id);
  }
}
