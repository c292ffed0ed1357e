/**
 * How each outbox channel is sent, and what a failure means for the row: try again later (network, system
 * busy, 45009 rate limits, SMS frequency limits), a final answer (43004 not following, 43101 no subscription),
 * or a failure that no retry will fix (bad openid, bad template).
 */
import type { CoreGateway } from '../../core/gateway.js';
import { TencentCloudError, type TencentCloud } from '../../integrations/tencentcloud.js';
import type { WeChatClients } from '../api/client.js';
import { sendCustomText } from '../api/custom.js';
import { WeChatApiError } from '../api/request.js';
import { sendSubscribeMessage } from '../api/subscribe.js';
import { sendTemplate, type TemplateData } from '../api/template.js';
import type { UrlLinks } from '../url-links.js';
import type { OutboxRow } from './store.js';

/** Sends one row; resolves with the provider's message id when there is one (template msgid, SMS serial). */
export type SendRow = (row: OutboxRow) => Promise<string | null>;

interface SenderDeps {
  clients: WeChatClients;
  tencentCloud: TencentCloud;
  core: CoreGateway;
  /** SMS template of the notice-with-a-link fallback. */
  smsTemplateId: string;
  /** Mini-program URL Links for the SMS link (the web fallback stays when WeChat will not give one). */
  urlLinks?: UrlLinks;
}

class PermanentSendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

export function createSender(deps: SenderDeps): SendRow {
  const oa = deps.clients.officialAccount.call;
  const mp = deps.clients.miniProgram.call;
  return async (row) => {
    const p = row.payload;
    switch (row.channel) {
      case 'template':
        return sendTemplate(oa, {
          touser: row.touser!,
          templateId: row.templateId!,
          data: p['data'] as TemplateData,
          clientMsgId: row.clientMsgId,
          ...(typeof p['url'] === 'string' ? { url: p['url'] } : {}),
          ...(p['miniprogram'] ? { miniprogram: p['miniprogram'] as { appid: string; pagepath: string } } : {}),
        });
      case 'subscribe':
        await sendSubscribeMessage(mp, { touser: row.touser!, templateId: row.templateId!, page: String(p['page']), data: p['data'] as TemplateData });
        return null;
      case 'custom':
        await sendCustomText(oa, row.touser!, String(p['text']));
        return null;
      case 'sms': {
        const phone = row.memberId === null ? null : (await deps.core.revealContact(row.memberId))?.phone;
        if (!phone) throw new PermanentSendError('NO_PHONE', 'the member has no phone on record');
        const params = [...(p['params'] as string[])];
        if (typeof p['page'] === 'string' && deps.urlLinks) params[1] = await smsLink(deps.urlLinks, p['page'], params[1] ?? '');
        const { serialNo } = await deps.tencentCloud.sendSms(phone, params, deps.smsTemplateId);
        return `sms:${serialNo}`;
      }
    }
  };
}

/**
 * A URL Link opens the page straight from the SMS (the web fallback only says "open the mini-program"). When
 * WeChat gives none (quota, an error), the SMS still goes out, with the web fallback: the notice matters more
 * than the form of its link.
 */
async function smsLink(urlLinks: UrlLinks, page: string, webFallback: string): Promise<string> {
  try {
    return await urlLinks.linkFor(page);
  } catch {
    return webFallback;
  }
}

type Outcome =
  | { kind: 'retry'; baseDelayMs: number; errcode: number | null; message: string }
  | { kind: 'not_following'; errcode: number; message: string }
  | { kind: 'final'; status: 'declined' | 'failed'; errcode: number | null; message: string };

const SMS_RETRYABLE = /^(InternalError|RequestLimitExceeded|NetworkError|HttpError\.5\d\d|LimitExceeded\.PhoneNumber)/;

/** What a failed send means for its row. */
export function classify(err: unknown, row: OutboxRow): Outcome {
  if (err instanceof WeChatApiError) {
    const message = err.message;
    if (err.errcode === 43004 && (row.channel === 'template' || row.channel === 'custom')) return { kind: 'not_following', errcode: 43004, message };
    if (err.errcode === 43101 && row.channel === 'subscribe') return { kind: 'final', status: 'declined', errcode: 43101, message };
    // 45009: a daily quota or a burst limit; give the platform time before asking again.
    if (err.errcode === 45009) return { kind: 'retry', baseDelayMs: 1000, errcode: 45009, message };
    if (err.retryable) return { kind: 'retry', baseDelayMs: 500, errcode: err.errcode ?? null, message };
    return { kind: 'final', status: 'failed', errcode: err.errcode ?? null, message };
  }
  if (err instanceof TencentCloudError) {
    if (SMS_RETRYABLE.test(err.code))
      return { kind: 'retry', baseDelayMs: err.code.startsWith('LimitExceeded') ? 30_000 : 1000, errcode: null, message: `${err.code}: ${err.message}` };
    return { kind: 'final', status: 'failed', errcode: null, message: `${err.code}: ${err.message}` };
  }
  if (err instanceof PermanentSendError) return { kind: 'final', status: 'failed', errcode: null, message: `${err.code}: ${err.message}` };
  // Anything else (the database, a bug) is retried a bounded number of times.
  return { kind: 'retry', baseDelayMs: 1000, errcode: null, message: (err as Error)?.message ?? String(err) };
}

/** Exponential backoff with ±25 % jitter, at most ten minutes. */
export function backoffMs(baseDelayMs: number, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(baseDelayMs * 2 ** Math.max(0, attempt - 1), 10 * 60_000);
  return Math.round(exp * (0.75 + random() * 0.5));
}
