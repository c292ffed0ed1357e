/**
 * Limits on the public doors (issue 15), shared by every instance through the database: SMS sends (per account,
 * phone, IP and overall) and logins (per IP, and a challenge per account after repeated wrong passwords).
 * main.ts / app.ts build one `Limits` and hand it to identity (members) and review (staff).
 */
import type { Database } from '../db/client.js';
import type { PiiCipher } from '../shared/pii-crypto.js';
import type { Clock } from '../shared/clock.js';
import { LoginChallenges } from './challenges.js';
import { RateCounters } from './counters.js';
import { LoginGuard, type LoginLimitConfig } from './login.js';
import { SmsLimits, type SmsLimitConfig } from './sms.js';

export { LoginGuard, type LoginAttempt } from './login.js';
export { SmsLimits } from './sms.js';

export interface Limits {
  sms: SmsLimits;
  login: LoginGuard;
}

interface LimitsDeps {
  database: Database;
  cipher: PiiCipher;
  config: SmsLimitConfig & LoginLimitConfig;
  clock: Clock;
}

export function createLimits(deps: LimitsDeps): Limits {
  const counters = new RateCounters(deps.database, deps.cipher.deriveKey('limits/keys'));
  const challenges = new LoginChallenges(deps.database, deps.cipher.deriveKey('limits/challenge-answers'));
  return { sms: new SmsLimits(counters, deps.config, deps.clock), login: new LoginGuard(counters, challenges, deps.config, deps.clock) };
}
