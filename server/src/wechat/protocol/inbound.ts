/**
 * The whole inbound side of the push protocol as two pure functions, so the Koa webhook is only
 * "read body → openPush → dispatch → sealReply → respond" (the co-wechat middleware shape):
 *   openPush  – freshness, signature, (safe mode) msg_signature + decryption + appid, XML → typed push
 *   sealReply – plain mode: the reply XML as is; safe mode: the encrypted envelope
 */
import { protocolError } from './errors.js';
import { WXBizMsgCrypt, randomNonce } from './crypto.js';
import { assertFreshTimestamp, assertSignature, TIMESTAMP_WINDOW_SECONDS } from './signature.js';
import { parseEncryptedPush, parsePush } from './xml.js';
import type { WeChatPush } from './types.js';

export type PushMode = 'plain' | 'safe';

export interface WebhookSecrets {
  /** 令牌 (Token) configured on the platform. */
  token: string;
  /** The official account's AppID; safe mode checks the decrypted appid against it. */
  appId: string;
  /** 43-character EncodingAESKey; required for safe mode. */
  encodingAESKey?: string;
  /**
   * 'safe' refuses unencrypted pushes: a plain push's signature does not cover its body, so once
   * the account runs in safe mode a plain push can only be a forgery or a replay.
   * Defaults to 'safe' when an EncodingAESKey is configured, else 'plain'.
   */
  mode?: PushMode;
}

/** The query string WeChat appends to the webhook URL. */
export interface PushQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  openid?: string;
  encrypt_type?: string;
  msg_signature?: string;
  echostr?: string;
}

export interface OpenedPush {
  push: WeChatPush;
  /** How it arrived, which is how the reply must be sealed. */
  mode: PushMode;
  /** The (decrypted) push XML, for logging. */
  xml: string;
}

export interface OpenOptions {
  query: PushQuery;
  body: string;
  secrets: WebhookSecrets;
  nowMs?: number;
  windowSeconds?: number;
}

const expectedMode = (s: WebhookSecrets): PushMode => s.mode ?? (s.encodingAESKey ? 'safe' : 'plain');

/** One WXBizMsgCrypt (decoded key) per configuration, instead of one per push and reply. */
const cryptos = new Map<string, WXBizMsgCrypt>();

function cryptoFor(s: WebhookSecrets): WXBizMsgCrypt {
  if (!s.encodingAESKey) throw protocolError('WECHAT_AES_KEY_INVALID', 'safe mode needs an EncodingAESKey');
  const id = `${s.token}\u0000${s.encodingAESKey}\u0000${s.appId}`;
  let c = cryptos.get(id);
  if (!c) {
    c = new WXBizMsgCrypt({ token: s.token, encodingAESKey: s.encodingAESKey, appId: s.appId });
    if (cryptos.size >= 16) cryptos.clear(); // a handful of configurations per process; tests make more
    cryptos.set(id, c);
  }
  return c;
}

export function openPush({ query, body, secrets, nowMs = Date.now(), windowSeconds = TIMESTAMP_WINDOW_SECONDS }: OpenOptions): OpenedPush {
  // Cheap checks first: a stale or unsigned request never reaches the XML parser or AES.
  assertFreshTimestamp(query.timestamp, nowMs, windowSeconds);
  assertSignature({ token: secrets.token, timestamp: query.timestamp, nonce: query.nonce, signature: query.signature });

  const encrypted = query.encrypt_type === 'aes';
  if (!encrypted && expectedMode(secrets) === 'safe') throw protocolError('WECHAT_ENCRYPTION_REQUIRED');

  let xml = body;
  if (encrypted) {
    const envelope = parseEncryptedPush(body);
    xml = cryptoFor(secrets).decryptPush({
      msgSignature: query.msg_signature,
      timestamp: query.timestamp,
      nonce: query.nonce,
      encrypt: envelope.Encrypt,
    });
  }
  const push = parsePush(xml);
  // WeChat repeats the sender in the query; disagreement means someone edited one of them.
  if (query.openid !== undefined && query.openid !== push.FromUserName) {
    throw protocolError('WECHAT_PUSH_INVALID', 'openid in query does not match FromUserName');
  }
  return { push, mode: encrypted ? 'safe' : 'plain', xml };
}

/**
 * Seals a passive reply for the mode the push came in. "success" and "" are WeChat's "no reply"
 * answers and are never encrypted.
 */
export function sealReply(opts: { replyXml: string; mode: PushMode; secrets: WebhookSecrets; timestamp?: string; nonce?: string }): string {
  const { replyXml, mode, secrets } = opts;
  if (mode === 'plain' || replyXml === '' || replyXml === 'success') return replyXml;
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  return cryptoFor(secrets).encryptReply(replyXml, timestamp, opts.nonce ?? randomNonce());
}

/**
 * Server URL verification (the GET WeChat sends when the URL is saved): answer `echostr` verbatim
 * after checking the plain signature. Official accounts send echostr unencrypted in every mode.
 */
export function verifyServerUrl(query: PushQuery, secrets: Pick<WebhookSecrets, 'token'>, nowMs = Date.now()): string {
  assertFreshTimestamp(query.timestamp, nowMs);
  assertSignature({ token: secrets.token, timestamp: query.timestamp, nonce: query.nonce, signature: query.signature });
  if (!query.echostr) throw protocolError('WECHAT_PUSH_INVALID', 'missing echostr');
  return query.echostr;
}
