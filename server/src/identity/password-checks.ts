/**
 * Checking a login or business password with the lock-out of A3: 5 wrong entries in a row lock that password for
 * 15 minutes, and the message says so (with the minutes left). A right password clears the count.
 */
import { DomainError } from '../shared/errors.js';
import type { PasswordHasher } from './passwords.js';
import { LOCKOUT } from './policy.js';
import type { CredentialStore, Credentials, PasswordKind } from './store.js';

type CheckOutcome = 'ok' | 'wrong' | 'locked-now' | 'locked';

const LABEL: Record<PasswordKind, string> = { login: '登录密码', business: '业务密码' };

function lockedError(kind: PasswordKind, minutesLeft: number): DomainError {
  return new DomainError(
    kind === 'login' ? 'LOGIN_LOCKED' : 'BUSINESS_PASSWORD_LOCKED',
    `${LABEL[kind]}已连续输错${LOCKOUT.maxFailures}次，已锁定${LOCKOUT.minutes}分钟，请${minutesLeft}分钟后再试`,
    423,
    { retryAfterSeconds: minutesLeft * 60 },
  );
}

export const wrongHint = `连续输错${LOCKOUT.maxFailures}次将锁定${LOCKOUT.minutes}分钟`;

export class PasswordChecks {
  constructor(
    private readonly store: CredentialStore,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Throws the lock-out error while locked or when this failure locks; throws `wrong()` for a wrong password that
   * does not lock yet; returns the outcome for the audit otherwise.
   */
  async check(
    cred: Credentials,
    kind: PasswordKind,
    password: string,
    wrong: () => DomainError,
    onOutcome?: (o: CheckOutcome) => Promise<void>,
  ): Promise<void> {
    const lockedUntil = kind === 'login' ? cred.loginLockedUntil : cred.businessLockedUntil;
    const now = Date.now();
    if (lockedUntil && lockedUntil.getTime() > now) {
      await onOutcome?.('locked');
      throw lockedError(kind, Math.ceil((lockedUntil.getTime() - now) / 60_000));
    }
    const hash = kind === 'login' ? cred.loginPasswordHash : cred.businessPasswordHash;
    if (await this.hasher.verify(password, hash)) {
      const failures = kind === 'login' ? cred.loginFailures : cred.businessFailures;
      if (failures > 0 || lockedUntil) await this.store.clearFailures(cred.memberId, kind);
      await onOutcome?.('ok');
      return;
    }
    const failures = await this.store.addFailure(cred.memberId, kind);
    if (failures >= LOCKOUT.maxFailures) {
      await this.store.lock(cred.memberId, kind, new Date(now + LOCKOUT.minutes * 60_000));
      await onOutcome?.('locked-now');
      throw lockedError(kind, LOCKOUT.minutes);
    }
    await onOutcome?.('wrong');
    throw wrong();
  }
}
