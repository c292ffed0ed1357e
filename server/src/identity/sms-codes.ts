/**
 * SMS verification codes (A1, A4, A6, A7): 6 digits, valid 10 minutes, one use, a new one only after 60 s, void after
 * 5 wrong entries, at most 10 a phone in 24 hours (001 1.2; numbers in policy.ts). Sent through Tencent Cloud SMS
 * with the configured template ({1} code, {2} minutes). On top of these, the hourly limits of limits/sms.ts. Only a keyed hash of a code is stored; no code is ever
 * logged or returned.
 */
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { smsCodes, type SmsPurpose } from './tables.js';
import type { TencentCloud } from '../integrations/tencentcloud.js';
import { TencentCloudError } from '../integrations/tencentcloud.js';
import type { SmsLimits } from '../limits/index.js';
import { DomainError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { maskPhone } from '../shared/mask.js';
import type { PiiCipher } from '../shared/pii-crypto.js';
import type { Clock } from '../shared/clock.js';
import { SMS } from './policy.js';
import { CodeHasher, newSmsCode } from '../shared/tokens.js';

export interface SmsSent {
  phoneMasked: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

export class SmsCodes {
  private readonly hasher: CodeHasher;

  constructor(private readonly deps: { database: Database; cipher: PiiCipher; tencentCloud: TencentCloud; logger: Logger; limits: SmsLimits; clock: Clock }) {
    this.hasher = new CodeHasher(deps.cipher.deriveKey('identity/sms-code'));
  }

  private get db() {
    return this.deps.database.db;
  }

  /** `ip`: the client asking, for the per-IP limit (limits/sms.ts). */
  async send(p: { purpose: SmsPurpose; phone: string; memberId: number; ip: string | null }): Promise<SmsSent> {
    const phoneHash = this.deps.cipher.lookupHash('phone', p.phone);
    const now = this.deps.clock.now();
    const code = newSmsCode(SMS.digits);
    // The frequency checks and the insert hold a per-phone lock, so two quick requests cannot both pass them.
    const id = await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`sms:${phoneHash}`}))`);
      const recent = await tx
        .select({ createdAt: smsCodes.createdAt })
        .from(smsCodes)
        .where(and(eq(smsCodes.phoneHash, phoneHash), gt(smsCodes.createdAt, new Date(now.getTime() - 24 * 3600_000))))
        .orderBy(desc(smsCodes.createdAt));
      const last = recent[0]?.createdAt;
      const wait = last ? SMS.resendAfterSeconds - Math.floor((now.getTime() - last.getTime()) / 1000) : 0;
      if (wait > 0) throw new DomainError('SMS_RESEND_TOO_SOON', `验证码已发送，请${wait}秒后再重新获取`, 429, { retryAfterSeconds: wait });
      if (recent.length >= SMS.maxPerDay) {
        throw new DomainError('SMS_DAILY_LIMIT', `该手机号今日获取验证码已达${SMS.maxPerDay}次，请明天再试`, 429);
      }
      const [row] = await tx
        .insert(smsCodes)
        .values({
          phoneHash,
          purpose: p.purpose,
          memberId: p.memberId,
          codeHash: this.hasher.hash(code),
          createdAt: now,
          expiresAt: new Date(now.getTime() + SMS.validSeconds * 1000),
        })
        .returning({ id: smsCodes.id });
      return row!.id;
    });
    try {
      // The hourly limits (account, phone, IP, overall) count only what passed the checks above.
      await this.deps.limits.take({ memberId: p.memberId, phone: p.phone, ip: p.ip });
    } catch (err) {
      await this.db.delete(smsCodes).where(eq(smsCodes.id, id));
      throw err;
    }
    try {
      await this.deps.tencentCloud.sendSms(p.phone, [code, String(SMS.validSeconds / 60)]);
    } catch (err) {
      // Not delivered: the row must not hold back a retry nor count towards the day's sends.
      await this.db.delete(smsCodes).where(eq(smsCodes.id, id));
      throw this.sendFailure(err);
    }
    return { phoneMasked: maskPhone(p.phone), expiresInSeconds: SMS.validSeconds, resendAfterSeconds: SMS.resendAfterSeconds };
  }

  private sendFailure(err: unknown): DomainError {
    const tc = err instanceof TencentCloudError ? err : null;
    this.deps.logger.warn({ tencentCloudError: tc?.code ?? 'unknown', tencentCloudRequestId: tc?.requestId, err: tc ? undefined : err }, 'SMS not sent');
    if (tc?.code.startsWith('LimitExceeded.PhoneNumber')) {
      return new DomainError('SMS_RATE_LIMITED', '该手机号获取验证码过于频繁，请稍后再试', 429);
    }
    if (tc?.code === 'InvalidParameterValue.IncorrectPhoneNumber') return new DomainError('PHONE_INVALID', '手机号码有误，请核对', 400);
    return new DomainError('SMS_SEND_FAILED', '短信发送失败，请稍后再试', 502);
  }

  /** Checks a code against the latest one sent to the phone for this purpose and member, and uses it up. */
  async verify(p: { purpose: SmsPurpose; phone: string; memberId: number; code: string }): Promise<void> {
    const phoneHash = this.deps.cipher.lookupHash('phone', p.phone);
    const now = this.deps.clock.now();
    const [row] = await this.db
      .select()
      .from(smsCodes)
      .where(and(eq(smsCodes.phoneHash, phoneHash), eq(smsCodes.purpose, p.purpose)))
      .orderBy(desc(smsCodes.createdAt), desc(smsCodes.id))
      .limit(1);
    if (!row || row.memberId !== p.memberId) throw new DomainError('SMS_CODE_NOT_SENT', '请先获取短信验证码', 400);
    if (row.consumedAt) throw new DomainError('SMS_CODE_USED', '验证码已使用，请重新获取', 400);
    if (row.expiresAt <= now) throw new DomainError('SMS_CODE_EXPIRED', '验证码已过期（10分钟内有效），请重新获取', 400);
    if (row.failedAttempts >= SMS.maxAttempts) throw attemptsExceeded();
    if (!this.hasher.matches(p.code, row.codeHash)) {
      const [after] = await this.db
        .update(smsCodes)
        .set({ failedAttempts: sql`${smsCodes.failedAttempts} + 1` })
        .where(eq(smsCodes.id, row.id))
        .returning({ failed: smsCodes.failedAttempts });
      const left = SMS.maxAttempts - (after?.failed ?? SMS.maxAttempts);
      if (left <= 0) throw attemptsExceeded();
      throw new DomainError('SMS_CODE_INCORRECT', `验证码错误，还可输入${left}次`, 400);
    }
    const used = await this.db
      .update(smsCodes)
      .set({ consumedAt: now })
      .where(and(eq(smsCodes.id, row.id), isNull(smsCodes.consumedAt), lt(smsCodes.failedAttempts, SMS.maxAttempts)))
      .returning({ id: smsCodes.id });
    if (!used.length) throw new DomainError('SMS_CODE_USED', '验证码已使用，请重新获取', 400);
  }
}

const attemptsExceeded = () => new DomainError('SMS_CODE_ATTEMPTS_EXCEEDED', `验证码已输错${SMS.maxAttempts}次，请重新获取`, 400);
