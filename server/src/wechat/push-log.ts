/**
 * The de-duplication record of pushes (H1), in the database so that every instance shares it: the first
 * instance to insert a push's key works on it and stores its answer; a retry of the same push (WeChat repeats
 * up to 3 times) finds the key and answers with the stored answer, or waits for it while the first is still
 * working. A push taken but never answered (its instance died) is taken over after STALE_MS.
 * Claims and answers of concurrent pushes go to the database together (batch.ts).
 */
import type { Database } from '../db/client.js';
import { batched } from './batch.js';

/** A claim older than this without an answer belongs to an instance that died: a retry may take it over. */
export const STALE_MS = 10_000;
const POLL_MS = 50;

export type Claim =
  | { state: 'new' }
  | { state: 'answered'; reply: string }
  | { state: 'in_progress'; stale: boolean };

interface ClaimInput { key: string; openid: string; kind: string }
interface AnswerInput { key: string; reply: string; deferred: boolean }

export class PushLog {
  private readonly claimOne: (c: ClaimInput) => Promise<Claim>;
  private readonly answerOne: (a: AnswerInput) => Promise<void>;

  constructor(private readonly database: Database) {
    this.claimOne = batched(async (items: ClaimInput[]) => {
      // The same push twice in one batch: the first claims it, the second waits like any retry.
      const first = new Map<string, number>();
      items.forEach((c, i) => { if (!first.has(c.key)) first.set(c.key, i); });
      const unique = [...first.values()].map((i) => items[i]!);
      const inserted = new Set((await database.query<{ dedupe_key: string }>(
        `INSERT INTO wechat_push_log (dedupe_key, openid, kind) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
        [unique.map((c) => c.key), unique.map((c) => c.openid), unique.map((c) => c.kind)],
      )).map((r) => r.dedupe_key));
      // Repeats (rare): what the first attempt answered, or whether it is still at work.
      const repeats = unique.filter((c) => !inserted.has(c.key)).map((c) => c.key);
      const known = repeats.length === 0 ? [] : await database.query<{ dedupe_key: string; reply: string | null; stale: boolean }>(
        `SELECT dedupe_key, reply, claimed_at < now() - make_interval(secs => $2::float8 / 1000) AS stale
         FROM wechat_push_log WHERE dedupe_key = ANY($1::text[])`,
        [repeats, STALE_MS],
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
      await database.query(
        `UPDATE wechat_push_log p SET reply = x.r, deferred = x.d, replied_at = now()
         FROM unnest($1::text[], $2::text[], $3::boolean[]) AS x(k, r, d) WHERE p.dedupe_key = x.k`,
        [items.map((a) => a.key), items.map((a) => a.reply), items.map((a) => a.deferred)],
      );
      return items.map(() => undefined);
    });
  }

  claim(key: string, openid: string, kind: string): Promise<Claim> {
    return this.claimOne({ key, openid, kind });
  }

  /** Stores the answer given (reply XML before encryption, or 'success'). */
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
          [key, STALE_MS],
        );
        if (taken) return 'take-over';
      }
      const [row] = await this.database.query<{ reply: string | null; stale: boolean }>(
        `SELECT reply, claimed_at < now() - make_interval(secs => $2::float8 / 1000) AS stale FROM wechat_push_log WHERE dedupe_key = $1`,
        [key, STALE_MS],
      );
      if (row?.reply != null) return row.reply;
      if (Date.now() + POLL_MS >= untilMs) return undefined;
      await new Promise((r) => setTimeout(r, POLL_MS));
      stale = !!row?.stale;
    }
  }

  /** Housekeeping: forgets answered pushes older than `hours` (the answers may hold a member's figures). */
  async purge(hours: number): Promise<number> {
    const rows = await this.database.query<{ n: number }>(
      `WITH d AS (DELETE FROM wechat_push_log WHERE received_at < now() - make_interval(hours => $1::int) RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [hours],
    );
    return rows[0]?.n ?? 0;
  }
}
