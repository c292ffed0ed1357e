/**
 * The de-duplication record of pushes (H1), in the database so that every instance shares it: the first
 * instance to insert a push's key works on it and stores its answer; a retry of the same push (WeChat repeats
 * up to 3 times) finds the key and answers with the stored answer, or waits for it while the first is still
 * working. A push taken but never answered (its instance died, or it is stuck) is taken over after `takeoverMs`.
 * Whichever attempt answers first is the push's answer: a later answer of the same push (the stuck first
 * attempt coming back after a take-over) is not stored, and a late answer is queued as a customer-service
 * message only by the attempt that recorded it (`deferAnswer`), so a member never gets it twice.
 * Claims and answers of concurrent pushes go to the database together (batch.ts).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { wechatPushLog } from './tables.js';
import { batched } from '../shared/batch.js';

/** Default of WECHAT_PUSH_TAKEOVER_MS: a claim older than this without an answer may be taken over by a retry. */
const STALE_MS = 10_000;
const POLL_MS = 50;
/** Rows deleted per statement by `purge` (short statements: the webhook inserts into the same table meanwhile). */
const PURGE_BATCH = 5000;

type Claim = { state: 'new' } | { state: 'answered'; reply: string } | { state: 'in_progress'; stale: boolean };

interface ClaimInput {
  key: string;
  openid: string;
  kind: string;
}
interface AnswerInput {
  key: string;
  reply: string;
  deferred: boolean;
}

export class PushLog {
  private readonly claimOne: (c: ClaimInput) => Promise<Claim>;
  private readonly answerOne: (a: AnswerInput) => Promise<void>;

  constructor(
    private readonly database: Database,
    private readonly takeoverMs = STALE_MS,
  ) {
    this.claimOne = batched(async (items: ClaimInput[]) => {
      // The same push twice in one batch: the first claims it, the second waits like any retry.
      const first = new Map<string, number>();
      items.forEach((c, i) => {
        if (!first.has(c.key)) first.set(c.key, i);
      });
      const unique = [...first.values()].map((i) => items[i]!);
      const inserted = new Set(
        (
          await database.query<{ dedupe_key: string }>(
            `INSERT INTO wechat_push_log (dedupe_key, openid, kind) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
            [unique.map((c) => c.key), unique.map((c) => c.openid), unique.map((c) => c.kind)],
          )
        ).map((r) => r.dedupe_key),
      );
      // Repeats (rare): what the first attempt answered, or whether it is still at work.
      const repeats = unique.filter((c) => !inserted.has(c.key)).map((c) => c.key);
      const known =
        repeats.length === 0
          ? []
          : await database.query<{ dedupe_key: string; reply: string | null; stale: boolean }>(
              `SELECT dedupe_key, reply, claimed_at < now() - make_interval(secs => $2::float8 / 1000) AS stale
         FROM wechat_push_log WHERE dedupe_key = ANY($1::text[])`,
              [repeats, takeoverMs],
            );
      const byKey = new Map(known.map((r) => [r.dedupe_key, r]));
      return items.map((c, i): Claim => {
        if (first.get(c.key) !== i) return { state: 'in_progress', stale: false };
        if (inserted.has(c.key)) return { state: 'new' };
        const r = byKey.get(c.key);
        if (!r) return { state: 'in_progress', stale: true }; // purged between the two statements: take it over
        return r.reply !== null ? { state: 'answered', reply: r.reply } : { state: 'in_progress', stale: !!r.stale };
      });
    });
    this.answerOne = batched(async (items: AnswerInput[]) => {
      // The first answer stays (an attempt that took the push over may have answered already).
      await database.query(
        `UPDATE wechat_push_log p SET reply = x.r, deferred = x.d, replied_at = now()
         FROM unnest($1::text[], $2::text[], $3::boolean[]) AS x(k, r, d) WHERE p.dedupe_key = x.k AND p.reply IS NULL`,
        [items.map((a) => a.key), items.map((a) => a.reply), items.map((a) => a.deferred)],
      );
      return items.map(() => undefined);
    });
  }

  claim(key: string, openid: string, kind: string): Promise<Claim> {
    return this.claimOne({ key, openid, kind });
  }

  /**
   * Records, in the caller's transaction, that the push was answered "success" and its answer goes out as a
   * customer-service message. False when the push has an answer already (another attempt of it answered or
   * queued one): the caller must then queue nothing. Two attempts running this at once are serialised by the
   * row lock, and the second sees the first's answer once it commits (READ COMMITTED re-checks the WHERE).
   */
  async deferAnswer(tx: Pick<Db, 'update'>, key: string): Promise<boolean> {
    const rows = await tx
      .update(wechatPushLog)
      .set({ reply: 'success', deferred: true, repliedAt: sql`now()` })
      .where(and(eq(wechatPushLog.dedupeKey, key), isNull(wechatPushLog.reply)))
      .returning({ key: wechatPushLog.dedupeKey });
    return rows.length === 1;
  }

  /** Stores the answer given (reply XML before encryption, or 'success') unless the push has one already. */
  answer(key: string, reply: string, deferred = false): Promise<void> {
    return this.answerOne({ key, reply, deferred });
  }

  /**
   * Waits for the answer of a push another attempt is working on, until `untilMs`. Returns the answer, or
   * 'take-over' once the claim went stale and this attempt took it, or undefined when time ran out.
   */
  async waitForAnswer(key: string, untilMs: number, stale: boolean): Promise<string | 'take-over' | undefined> {
    for (;;) {
      if (stale) {
        const [taken] = await this.database.query<{ dedupe_key: string }>(
          `UPDATE wechat_push_log SET claimed_at = now() WHERE dedupe_key = $1 AND reply IS NULL
             AND claimed_at < now() - make_interval(secs => $2::float8 / 1000) RETURNING dedupe_key`,
          [key, this.takeoverMs],
        );
        if (taken) return 'take-over';
      }
      const [row] = await this.database.query<{ reply: string | null; stale: boolean }>(
        `SELECT reply, claimed_at < now() - make_interval(secs => $2::float8 / 1000) AS stale FROM wechat_push_log WHERE dedupe_key = $1`,
        [key, this.takeoverMs],
      );
      if (row?.reply != null) return row.reply;
      if (Date.now() + POLL_MS >= untilMs) return undefined;
      await new Promise((r) => setTimeout(r, POLL_MS));
      stale = !!row?.stale;
    }
  }

  /**
   * Retention: forgets pushes received more than `minutes` ago (WeChat repeats within about 15 s; the answers may
   * hold a member's figures), in batches of PURGE_BATCH rows so that no statement holds many row locks for long.
   */
  async purge(minutes: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.database.query<{ n: number }>(
        `WITH d AS (DELETE FROM wechat_push_log WHERE dedupe_key IN (
           SELECT dedupe_key FROM wechat_push_log WHERE received_at < now() - make_interval(mins => $1::int) LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
        [minutes, PURGE_BATCH],
      );
      const n = row?.n ?? 0;
      total += n;
      if (n < PURGE_BATCH) return total;
    }
  }
}
