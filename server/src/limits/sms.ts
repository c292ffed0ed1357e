/**
 * SMS limits against pumping (issue 15 point 3): per account, per phone, per client IP and for the whole centre,
 * per hour, counted in the database so that every instance shares them. Refused: 429 SMS_RATE_LIMITED with the
 * seconds until the window ends (the error middleware turns them into Retry-After).
 */
import type { Config } from '../config.js';
import { DomainError } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import type { Limit, RateCounters } from './counters.js';

export type SmsLimitConfig = Pick<Config, 'SMS_LIMIT_PER_ACCOUNT_HOUR' | 'SMS_LIMIT_PER_PHONE_HOUR' | 'SMS_LIMIT_PER_IP_HOUR' | 'SMS_LIMIT_TOTAL_HOUR'>;

const HOUR = 3600;

const WHO: Record<string, string> = {
  'sms:account': '您的账户获取验证码过于频繁',
  'sms:phone': '该手机号获取验证码过于频繁',
  'sms:ip': '当前网络获取验证码过于频繁',
  'sms:all': '短信验证码发送繁忙',
};

export const retryIn = (seconds: number) => (seconds >= 60 ? `${Math.ceil(seconds / 60)}分钟` : `${seconds}秒`);

export class SmsLimits {
  constructor(
    private readonly counters: RateCounters,
    private readonly config: SmsLimitConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts one SMS against every limit, or throws 429 SMS_RATE_LIMITED without counting any. */
  async take(p: { memberId: number; phone: string; ip: string | null }): Promise<void> {
    const c = this.counters;
    const limit = (scope: string, value: string, max: number): Limit => ({ scope, key: value === '*' ? '*' : c.keyOf(scope, value), max, windowSeconds: HOUR });
    const taken = await c.take(
      [
        limit('sms:phone', p.phone, this.config.SMS_LIMIT_PER_PHONE_HOUR),
        limit('sms:account', String(p.memberId), this.config.SMS_LIMIT_PER_ACCOUNT_HOUR),
        ...(p.ip ? [limit('sms:ip', p.ip, this.config.SMS_LIMIT_PER_IP_HOUR)] : []),
        limit('sms:all', '*', this.config.SMS_LIMIT_TOTAL_HOUR),
      ],
      this.clock.now(),
    );
    if (!taken.ok) {
      throw new DomainError('SMS_RATE_LIMITED', `${WHO[taken.scope] ?? '获取验证码过于频繁'}，请${retryIn(taken.retryAfterSeconds)}后再试`, 429, {
        retryAfterSeconds: taken.retryAfterSeconds,
      });
    }
  }
}
