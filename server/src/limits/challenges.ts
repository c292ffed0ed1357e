/**
 * The extra step of a login after repeated wrong passwords (issue 15): instead of locking the account — which
 * anyone who knows an ID number could do to its owner — each further attempt must also answer a question the
 * server asked (a sum, as the manuals' web halls ask a captcha). One use, five minutes; only hashes are stored.
 * A centre that wants a stronger test swaps this class for Tencent Cloud Captcha behind the same two methods.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { loginChallenges } from './tables.js';
import { CodeHasher, tokenHash } from '../shared/tokens.js';

export interface Challenge {
  /** Hand back with the answer. */
  id: string;
  /** What the person is asked, in Chinese. */
  question: string;
  expiresAt: string;
}

const VALID_SECONDS = 5 * 60;

export class LoginChallenges {
  private readonly hasher: CodeHasher;
  private issued = 0;

  constructor(
    private readonly database: Database,
    key: Buffer,
  ) {
    this.hasher = new CodeHasher(key);
  }

  async issue(now: Date): Promise<Challenge> {
    const a = randomInt(10, 50);
    const b = randomInt(1, 10);
    const id = `hpfq_${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(now.getTime() + VALID_SECONDS * 1000);
    await this.database.db.insert(loginChallenges).values({ tokenHash: tokenHash(id), answerHash: this.hasher.hash(String(a + b)), createdAt: now, expiresAt });
    if (++this.issued % 100 === 0)
      void this.database.db
        .delete(loginChallenges)
        .where(lt(loginChallenges.expiresAt, now))
        .catch(() => undefined);
    return { id, question: `请计算：${a} + ${b} = ?`, expiresAt: expiresAt.toISOString() };
  }

  /** True once for a right answer to a live challenge; the challenge is used up either way. */
  async solve(id: string, answer: string, now: Date): Promise<boolean> {
    const [row] = await this.database.db
      .update(loginChallenges)
      .set({ consumedAt: now })
      .where(and(eq(loginChallenges.tokenHash, tokenHash(id)), isNull(loginChallenges.consumedAt), gt(loginChallenges.expiresAt, now)))
      .returning({ answerHash: loginChallenges.answerHash });
    return !!row && this.hasher.matches(answer.trim(), row.answerHash);
  }
}
