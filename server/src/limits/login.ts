/**
 * What stands before a password check, for members and staff alike (issue 15 point 5):
 * - per client IP: at most LOGIN_LIMIT_PER_IP failed logins per LOGIN_LIMIT_WINDOW_MINUTES, then 429
 *   LOGIN_RATE_LIMITED with Retry-After;
 * - per account, known or not (a keyed hash of what was typed, so unknown accounts behave exactly like known ones):
 *   after LOGIN_CHALLENGE_AFTER_FAILURES wrong passwords in a day every attempt must also answer a challenge.
 *   Nothing locks: the owner with the right password and the answer always gets in; a right password clears the count.
 */
import type { Config } from '../config.js';
import { DomainError } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import type { Challenge, LoginChallenges } from './challenges.js';
import type { RateCounters, Window } from './counters.js';
import { retryIn } from './sms.js';

export type LoginLimitConfig = Pick<Config, 'LOGIN_LIMIT_PER_IP' | 'LOGIN_LIMIT_WINDOW_MINUTES' | 'LOGIN_CHALLENGE_AFTER_FAILURES'>;

export interface LoginAttempt {
  /** Member and staff accounts are counted apart. */
  realm: 'member' | 'staff';
  /** The account as typed (normalised by the caller). */
  account: string;
  ip: string | null;
  challenge?: { id: string; answer: string } | undefined;
}

const DAY = 24 * 3600;

const challengeRequired = (challenge: Challenge) => new DomainError('LOGIN_CHALLENGE_REQUIRED', '密码错误次数较多，请先完成安全验证再登录', 401, { challenge });
const challengeFailed = (challenge: Challenge) => new DomainError('LOGIN_CHALLENGE_FAILED', '安全验证未通过，请重新作答', 401, { challenge });

export class LoginGuard {
  constructor(
    private readonly counters: RateCounters,
    private readonly challenges: LoginChallenges,
    private readonly config: LoginLimitConfig,
    private readonly clock: Clock,
  ) {}

  /** The hint after a wrong password: what happens after more of them. */
  get hint(): string {
    return `连续输错${this.config.LOGIN_CHALLENGE_AFTER_FAILURES}次后需完成安全验证`;
  }

  private ipWindow(ip: string): Window & { max: number } {
    const scope = 'login:ip';
    return { scope, key: this.counters.keyOf(scope, ip), max: this.config.LOGIN_LIMIT_PER_IP, windowSeconds: this.config.LOGIN_LIMIT_WINDOW_MINUTES * 60 };
  }

  private accountWindow(a: Pick<LoginAttempt, 'realm' | 'account'>): Window {
    const scope = `login:${a.realm}`;
    return { scope, key: this.counters.keyOf(scope, a.account), windowSeconds: DAY };
  }

  /** Throws 429 while the IP is throttled, and the challenge errors while the account needs one not answered. */
  async before(a: LoginAttempt): Promise<void> {
    const now = this.clock.now();
    if (a.ip) {
      const ip = await this.counters.full(this.ipWindow(a.ip), now);
      if (!ip.ok)
        throw new DomainError('LOGIN_RATE_LIMITED', `登录尝试过于频繁，请${retryIn(ip.retryAfterSeconds)}后再试`, 429, {
          retryAfterSeconds: ip.retryAfterSeconds,
        });
    }
    if ((await this.counters.count(this.accountWindow(a), now)) < this.config.LOGIN_CHALLENGE_AFTER_FAILURES) return;
    if (!a.challenge) throw challengeRequired(await this.challenges.issue(now));
    if (!(await this.challenges.solve(a.challenge.id, a.challenge.answer, now))) throw challengeFailed(await this.challenges.issue(now));
  }

  /** Counts a wrong password; returns the challenge the next attempt must answer, when one is needed from now on. */
  async failed(a: LoginAttempt): Promise<Challenge | null> {
    const now = this.clock.now();
    if (a.ip) await this.counters.add(this.ipWindow(a.ip), now);
    const failures = await this.counters.add(this.accountWindow(a), now);
    return failures >= this.config.LOGIN_CHALLENGE_AFTER_FAILURES ? this.challenges.issue(now) : null;
  }

  /** A right password (or the owner proving themself otherwise, e.g. A4 by SMS) clears the account's failures. */
  async succeeded(a: Pick<LoginAttempt, 'realm' | 'account'>): Promise<void> {
    const w = this.accountWindow(a);
    await this.counters.clear(w.scope, w.key);
  }
}
