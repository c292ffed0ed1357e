/**
 * SMS SendSms (version 2021-01-11, cloud.tencent.com/document/api/382/55981).
 *
 * Request-level errors (Response.Error), codes from the SMS error-code list (…/382/59177, SmsErrorCode 2021-01-11):
 * InvalidParameterValue.SdkAppIdNotExist, FailedOperation.SignatureIncorrectOrUnapproved,
 * FailedOperation.TemplateIncorrectOrUnapproved, FailedOperation.TemplateParamSetNotMatchApprovedTemplate,
 * MissingParameter.EmptyPhoneNumberSet, LimitExceeded.PhoneNumberCountLimit (> 200 numbers), UnsupportedRegion.
 * Per-number outcomes (SendStatusSet[i].Code): Ok, InvalidParameterValue.IncorrectPhoneNumber,
 * LimitExceeded.PhoneNumberThirtySecondLimit / PhoneNumberOneHourLimit / PhoneNumberDailyLimit.
 *
 * Frequency limits per phone number are counted over sent messages: 30 s and 1 h sliding windows and the natural day
 * in Beijing time; defaults 1 / 5 / 10 (the console's default policy; the console lets a customer change them).
 * Fee follows the domestic length rule: ≤ 70 characters incl. 【签名】 is 1, longer messages are billed per 67.
 */
import { z } from 'zod';
import { randomInt } from 'node:crypto';
import { TcApiError, tcErrors } from './errors.js';
import { parseParams } from './params.js';
import { todayShanghai } from '../../shared/dates.js';

export const SMS_VERSION = '2021-01-11';
const SMS_REGIONS = ['ap-beijing', 'ap-guangzhou', 'ap-nanjing'];

export interface SmsLimits {
  thirtySeconds: number;
  oneHour: number;
  daily: number;
}

interface SmsConfig {
  appId: string;
  signNames: readonly string[];
  /** TemplateId → approved body with {1}, {2}, … placeholders. */
  templates: Readonly<Record<string, string>>;
  limits: SmsLimits;
  now: () => number;
}

/** One delivered message as the emulator's control API shows it. */
export interface SentSms {
  serialNo: string;
  phoneNumber: string;
  templateId: string;
  params: string[];
  signName: string;
  content: string;
  sessionContext: string;
  sentAt: string;
}

const sendSmsSchema = z.object({
  PhoneNumberSet: z.array(z.string()).optional(),
  SmsSdkAppId: z.string(),
  TemplateId: z.string(),
  SignName: z.string().optional(),
  TemplateParamSet: z.array(z.string()).optional(),
  ExtendCode: z.string().optional(),
  SessionContext: z.string().max(511).optional(),
  SenderId: z.string().optional(),
});

/** E.164 for a mainland number written any way the API accepts (+86…, 0086…, 86…, or the bare 11 digits). */
function normalizeMainlandPhone(raw: string): string | undefined {
  const m = /^(?:\+86|0086|86)?(1\d{10})$/.exec(raw.trim());
  return m ? `+86${m[1]}` : undefined;
}

const placeholders = (template: string) => new Set([...template.matchAll(/\{(\d+)\}/g)].map((m) => m[1])).size;

export class SmsEmulator {
  /** Sent messages per E.164 number, oldest first. */
  private readonly sent = new Map<string, Array<SentSms & { at: number }>>();

  constructor(private readonly cfg: SmsConfig) {}

  readonly actions: Record<string, (params: Record<string, unknown>, ctx: { region?: string }) => object> = {
    SendSms: (p, ctx) => this.sendSms(p, ctx.region),
  };

  /** Messages sent to a phone (any accepted spelling), newest first. */
  messagesTo(phone: string): SentSms[] {
    const e164 = normalizeMainlandPhone(phone) ?? phone;
    return [...(this.sent.get(e164) ?? [])].reverse().map(({ at: _at, ...m }) => m);
  }

  reset(): void {
    this.sent.clear();
  }

  private sendSms(params: Record<string, unknown>, region: string | undefined) {
    if (!region) throw tcErrors.missingParameter('Region');
    if (!SMS_REGIONS.includes(region)) throw tcErrors.unsupportedRegion(region);
    const p = parseParams(sendSmsSchema, params);
    const phones = p.PhoneNumberSet ?? [];
    if (phones.length === 0) throw new TcApiError('MissingParameter.EmptyPhoneNumberSet', 'The list of mobile numbers passed in is empty.');
    if (phones.length > 200) throw new TcApiError('LimitExceeded.PhoneNumberCountLimit', 'A single request supports at most 200 mobile numbers.');
    if (p.SmsSdkAppId !== this.cfg.appId) throw new TcApiError('InvalidParameterValue.SdkAppIdNotExist', 'The SdkAppId does not exist.');
    if (!p.SignName || !this.cfg.signNames.includes(p.SignName)) {
      throw new TcApiError('FailedOperation.SignatureIncorrectOrUnapproved', 'The signature is not approved or in an incorrect format.');
    }
    const template = this.cfg.templates[p.TemplateId];
    if (template === undefined) {
      throw new TcApiError('FailedOperation.TemplateIncorrectOrUnapproved', 'The template has not been approved or does not exist.');
    }
    const values = p.TemplateParamSet ?? [];
    if (values.length !== placeholders(template)) {
      throw new TcApiError(
        'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
        'The number of template parameters does not match the approved template.',
      );
    }
    const content = `【${p.SignName}】${template.replace(/\{(\d+)\}/g, (_, n: string) => values[Number(n) - 1] ?? '')}`;
    const fee = [...content].length <= 70 ? 1 : Math.ceil([...content].length / 67);
    const sessionContext = p.SessionContext ?? '';

    const SendStatusSet = phones.map((raw) => {
      const phoneNumber = normalizeMainlandPhone(raw);
      const fail = (Code: string, Message: string) => ({
        SerialNo: '',
        PhoneNumber: phoneNumber ?? raw,
        Fee: 0,
        SessionContext: sessionContext,
        Code,
        Message,
        IsoCode: phoneNumber ? 'CN' : 'DEF',
      });
      if (!phoneNumber) return fail('InvalidParameterValue.IncorrectPhoneNumber', 'incorrect number format');
      const limited = this.limitHit(phoneNumber);
      if (limited) return fail(limited.code, limited.message);
      const serialNo = `${randomInt(1000, 9999)}:${Array.from({ length: 28 }, () => randomInt(10)).join('')}`;
      const at = this.cfg.now();
      const log = this.sent.get(phoneNumber) ?? [];
      this.sent.set(phoneNumber, log);
      log.push({
        serialNo,
        phoneNumber,
        templateId: p.TemplateId,
        params: [...values],
        signName: p.SignName!,
        content,
        sessionContext,
        sentAt: new Date(at).toISOString(),
        at,
      });
      return { SerialNo: serialNo, PhoneNumber: phoneNumber, Fee: fee, SessionContext: sessionContext, Code: 'Ok', Message: 'send success', IsoCode: 'CN' };
    });
    return { SendStatusSet };
  }

  private limitHit(phoneNumber: string): { code: string; message: string } | undefined {
    const now = this.cfg.now();
    const mine = this.sent.get(phoneNumber) ?? [];
    const within = (ms: number) => mine.filter((m) => now - m.at < ms).length;
    const day = (t: number) => todayShanghai(new Date(t));
    const { thirtySeconds, oneHour, daily } = this.cfg.limits;
    if (within(30_000) >= thirtySeconds) {
      return {
        code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
        message: 'the number of sms messages sent from a single mobile number within 30 seconds exceeds the upper limit',
      };
    }
    if (within(3_600_000) >= oneHour) {
      return {
        code: 'LimitExceeded.PhoneNumberOneHourLimit',
        message: 'the number of sms messages sent from a single mobile number within 1 hour exceeds the upper limit',
      };
    }
    if (mine.filter((m) => day(m.at) === day(now)).length >= daily) {
      return {
        code: 'LimitExceeded.PhoneNumberDailyLimit',
        message: 'the number of sms messages sent from a single mobile number every day exceeds the upper limit',
      };
    }
    return undefined;
  }
}
