/**
 * The push side of WeChat: deliver a message or event to the account's webhook exactly as the
 * platform does, and judge the answer as the platform would.
 * - query: signature, timestamp, nonce, openid; safe mode adds encrypt_type=aes and msg_signature,
 *   and the body becomes <xml><ToUserName/><Encrypt/></xml>
 * - waits at most 5 s, then drops the connection and retries (3 retries), re-signing each attempt
 * - "success" or an empty body mean "no reply"; anything else must be a valid passive reply,
 *   encrypted in safe mode, addressed back to the sender, with CreateTime in seconds.
 * When delivery or the reply fails, the member sees "该公众号暂时无法提供服务，请稍后再试".
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomNonce, WXBizMsgCrypt } from '../../wechat/protocol/crypto.js';
import { assertMsgSignature, signPush } from '../../wechat/protocol/signature.js';
import { cdata } from '../../wechat/protocol/reply.js';
import { parseEncryptedReply, parseReply, parseXmlFields } from '../../wechat/protocol/xml.js';
import type { PassiveReply } from '../../wechat/protocol/types.js';

const MEMBER_SEES_ON_FAILURE = '该公众号暂时无法提供服务，请稍后再试';

export interface WebhookTarget {
  webhookUrl: string;
  token: string;
  appId: string;
  encodingAESKey?: string;
  mode: 'plain' | 'safe';
  /** Signs with a clock this many seconds off (negative: a replay of an old push). */
  clockOffsetSeconds?: number;
}

export interface PushOptions extends WebhookTarget {
  /** The push XML (buildTextMessage / buildEvent). */
  message: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** Pause before retry n (index n-1); the last value repeats. WeChat retries at once. */
  retryDelaysMs?: number[];
  signal?: AbortSignal;
  /**
   * Sender and account for a message that is not valid push XML (malformed, entity-laden, oversized):
   * it is then delivered as is, without being parsed first.
   */
  addressing?: { FromUserName: string; ToUserName: string };
}

type PushReply = PassiveReply | 'success' | '';

export interface PushResult {
  reply: PushReply;
  attempts: number;
  status: number;
  /** The raw response body. */
  body: string;
}

export class WebhookPushError extends Error {
  readonly memberSees = MEMBER_SEES_ON_FAILURE;
  constructor(
    message: string,
    readonly attempts: number,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(message);
    this.name = 'WebhookPushError';
  }
}

type Attempt = { kind: 'response'; status: number; body: string } | { kind: 'retryable'; reason: string; status?: number };

export async function pushToWebhook(opts: PushOptions): Promise<PushResult> {
  const { timeoutMs = 5000, maxRetries = 3, retryDelaysMs = [0] } = opts;
  const fields: Readonly<Record<string, string>> = opts.addressing ?? parseXmlFields(opts.message);
  const openid = fields['FromUserName'] ?? '';
  const crypto = opts.mode === 'safe' ? cryptoFor(opts) : undefined;
  let last: Attempt | undefined;
  for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
    if (attempt > 1) await sleep(retryDelaysMs[Math.min(attempt - 2, retryDelaysMs.length - 1)] ?? 0, undefined, { signal: opts.signal });
    last = await deliver(opts, openid, fields['ToUserName'] ?? '', crypto, timeoutMs);
    if (last.kind === 'response') {
      if (last.status < 200 || last.status > 299) {
        throw new WebhookPushError(`webhook answered HTTP ${last.status}`, attempt, last.status, last.body);
      }
      return { reply: judgeReply(last.body, fields, crypto, attempt), attempts: attempt, status: last.status, body: last.body };
    }
    if (opts.signal?.aborted) break;
  }
  const reason = last?.kind === 'retryable' ? last.reason : 'unknown';
  throw new WebhookPushError(
    `webhook failed after ${maxRetries + 1} attempts: ${reason}`,
    maxRetries + 1,
    last?.kind === 'retryable' ? last.status : undefined,
  );
}

/**
 * The server URL check WeChat makes when the URL is saved (服务器配置): a signed GET with an echostr that the
 * webhook must answer verbatim. `ok` is what the platform would conclude.
 */
export async function verifyWebhookUrl(target: WebhookTarget, timeoutMs = 5000): Promise<{ ok: boolean; status: number; body: string }> {
  const timestamp = String(Math.floor(Date.now() / 1000) + (target.clockOffsetSeconds ?? 0));
  const nonce = randomNonce();
  const echostr = String(randomBytes(8).readBigUInt64BE(0));
  const url = new URL(target.webhookUrl);
  url.searchParams.set('signature', signPush(target.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('echostr', echostr);
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  return { ok: res.status === 200 && body === echostr, status: res.status, body };
}

function cryptoFor(t: WebhookTarget): WXBizMsgCrypt {
  if (!t.encodingAESKey) throw new Error('safe mode needs an encodingAESKey');
  return new WXBizMsgCrypt({ token: t.token, encodingAESKey: t.encodingAESKey, appId: t.appId });
}

async function deliver(opts: PushOptions, openid: string, toUserName: string, crypto: WXBizMsgCrypt | undefined, timeoutMs: number): Promise<Attempt> {
  const timestamp = String(Math.floor(Date.now() / 1000) + (opts.clockOffsetSeconds ?? 0));
  const nonce = randomNonce();
  const url = new URL(opts.webhookUrl);
  url.searchParams.set('signature', signPush(opts.token, timestamp, nonce));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('openid', openid);
  let body = opts.message;
  if (crypto) {
    const sealed = crypto.seal(opts.message, timestamp, nonce);
    url.searchParams.set('encrypt_type', 'aes');
    url.searchParams.set('msg_signature', sealed.msgSignature);
    body = `<xml><ToUserName>${cdata(toUserName)}</ToUserName><Encrypt>${cdata(sealed.encrypt)}</Encrypt></xml>`;
  }
  const signals = [AbortSignal.timeout(timeoutMs), ...(opts.signal ? [opts.signal] : [])];
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body, signal: AbortSignal.any(signals) });
    const text = await res.text(); // the 5 s budget covers reading the body too
    if (res.status >= 500) return { kind: 'retryable', reason: `HTTP ${res.status}`, status: res.status };
    return { kind: 'response', status: res.status, body: text };
  } catch (err) {
    const e = err as Error;
    return { kind: 'retryable', reason: e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : e.message };
  }
}

function judgeReply(body: string, push: Readonly<Record<string, string>>, crypto: WXBizMsgCrypt | undefined, attempts: number): PushReply {
  const text = body.trim();
  if (text === '') return '';
  if (text === 'success') return 'success';
  const invalid = (why: string) => new WebhookPushError(`invalid reply: ${why}`, attempts, 200, body);
  let xml = text;
  try {
    if (crypto) {
      const env = parseEncryptedReply(text);
      assertMsgSignature({ token: crypto.token, timestamp: env.TimeStamp, nonce: env.Nonce, encrypt: env.Encrypt, msgSignature: env.MsgSignature });
      xml = crypto.decrypt(env.Encrypt);
    }
    const reply = parseReply(xml);
    if (reply.ToUserName !== push['FromUserName'] || reply.FromUserName !== push['ToUserName']) {
      throw invalid('ToUserName/FromUserName must be swapped from the push');
    }
    if (reply.CreateTime > 1e11) throw invalid(`CreateTime ${reply.CreateTime} is in milliseconds`);
    return reply;
  } catch (err) {
    if (err instanceof WebhookPushError) throw err;
    throw invalid((err as Error).message);
  }
}
