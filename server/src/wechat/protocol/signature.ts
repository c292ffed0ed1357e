/**
 * Push signatures (官方文档「消息加解密说明」/「接入指南」):
 *   signature     = sha1(sort(token, timestamp, nonce).join(''))
 *   msg_signature = sha1(sort(token, timestamp, nonce, Encrypt).join(''))
 * In plain mode the signature does not cover the body, so it only proves the URL came from WeChat
 * recently: the freshness window is what keeps a captured URL from being replayed for long.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { protocolError } from './errors.js';

/** WeChat retries for ~15 s; five minutes also absorbs ordinary clock skew between the two sides. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

export function sha1Sorted(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

export const signPush = (token: string, timestamp: string, nonce: string): string => sha1Sorted([token, timestamp, nonce]);

export const signEncrypted = (token: string, timestamp: string, nonce: string, encrypt: string): string => sha1Sorted([token, timestamp, nonce, encrypt]);

/** Constant-time string comparison, so a forger cannot learn a signature byte by byte. */
export function safeEqual(expected: string, candidate: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(candidate, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a); // keep the work done independent of the candidate's length
    return false;
  }
  return timingSafeEqual(a, b);
}

export function isFreshTimestamp(timestamp: string, nowMs: number = Date.now(), windowSeconds: number = TIMESTAMP_WINDOW_SECONDS): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  // Symmetric: a timestamp far in the future is as suspicious as an old one.
  return Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) <= windowSeconds;
}

export function assertFreshTimestamp(timestamp: string | undefined, nowMs?: number, windowSeconds?: number): void {
  if (timestamp === undefined || !isFreshTimestamp(timestamp, nowMs, windowSeconds)) {
    throw protocolError('WECHAT_TIMESTAMP_STALE', `timestamp=${timestamp ?? '(missing)'}`);
  }
}

export interface SignedQuery {
  token: string;
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
}

export function verifySignature({ token, timestamp, nonce, signature }: SignedQuery): boolean {
  if (!timestamp || !nonce || !signature) return false;
  return safeEqual(signPush(token, timestamp, nonce), signature.toLowerCase());
}

export function assertSignature(query: SignedQuery): void {
  if (!verifySignature(query)) throw protocolError('WECHAT_SIGNATURE_INVALID', 'signature');
}

export interface EncryptedSignedQuery {
  token: string;
  timestamp: string | undefined;
  nonce: string | undefined;
  encrypt: string;
  msgSignature: string | undefined;
}

export function verifyMsgSignature({ token, timestamp, nonce, encrypt, msgSignature }: EncryptedSignedQuery): boolean {
  if (!timestamp || !nonce || !msgSignature) return false;
  return safeEqual(signEncrypted(token, timestamp, nonce, encrypt), msgSignature.toLowerCase());
}

export function assertMsgSignature(query: EncryptedSignedQuery): void {
  if (!verifyMsgSignature(query)) throw protocolError('WECHAT_SIGNATURE_INVALID', 'msg_signature');
}
