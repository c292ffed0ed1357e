/**
 * Signatures between the product and the core (issue 17): HMAC-SHA256 with the product's CORE_SECRET over
 * `METHOD \n PATH \n TIMESTAMP \n NONCE \n BODY`, hex. The product signs its requests; the core signs its answers
 * the same way (method `RESPONSE`, the request's path, a fresh timestamp and nonce), so that an event feed read
 * through a proxy cannot be forged either. A timestamp more than five minutes away or a nonce seen within that
 * window is refused (replay).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SIGNATURE_HEADERS = {
  appId: 'x-core-app-id',
  timestamp: 'x-core-timestamp',
  nonce: 'x-core-nonce',
  signature: 'x-core-signature',
} as const;

const SIGNATURE_WINDOW_SECONDS = 300;

export interface SignedHeaders {
  'x-core-app-id': string;
  'x-core-timestamp': string;
  'x-core-nonce': string;
  'x-core-signature': string;
}

function signature(secret: string, method: string, path: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(`${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${body}`).digest('hex');
}

/** Headers that sign one request (or, with method 'RESPONSE', one answer). `nowSeconds` is the machine's time. */
export function sign(appId: string, secret: string, method: string, path: string, body: string, nowSeconds = Math.floor(Date.now() / 1000)): SignedHeaders {
  const timestamp = String(nowSeconds);
  const nonce = randomBytes(12).toString('hex');
  return {
    'x-core-app-id': appId,
    'x-core-timestamp': timestamp,
    'x-core-nonce': nonce,
    'x-core-signature': signature(secret, method, path, timestamp, nonce, body),
  };
}

type VerifyFailure = 'SIGNATURE_MISSING' | 'APP_UNKNOWN' | 'TIMESTAMP_OUT_OF_WINDOW' | 'NONCE_REPLAYED' | 'SIGNATURE_INVALID';

/** Nonces seen within the window, forgotten after it. */
export class NonceStore {
  private readonly seen = new Map<string, number>();
  /** False when the nonce was already used within the window. */
  remember(nonce: string, nowSeconds: number): boolean {
    for (const [n, at] of this.seen) if (at < nowSeconds - SIGNATURE_WINDOW_SECONDS) this.seen.delete(n);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, nowSeconds);
    return true;
  }
}

/** Checks one signed message; `secretOf` answers the secret of an app id (undefined: unknown app). */
export function verify(
  headers: Record<string, string | string[] | undefined> | Headers,
  method: string,
  path: string,
  body: string,
  secretOf: (appId: string) => string | undefined,
  nonces: NonceStore,
  nowSeconds = Math.floor(Date.now() / 1000),
): { ok: true; appId: string } | { ok: false; failure: VerifyFailure } {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const appId = get(SIGNATURE_HEADERS.appId);
  const timestamp = get(SIGNATURE_HEADERS.timestamp);
  const nonce = get(SIGNATURE_HEADERS.nonce);
  const given = get(SIGNATURE_HEADERS.signature);
  if (!appId || !timestamp || !nonce || !given) return { ok: false, failure: 'SIGNATURE_MISSING' };
  const secret = secretOf(appId);
  if (secret === undefined) return { ok: false, failure: 'APP_UNKNOWN' };
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return { ok: false, failure: 'TIMESTAMP_OUT_OF_WINDOW' };
  const expected = Buffer.from(signature(secret, method, path, timestamp, nonce, body), 'hex');
  const actual = Buffer.from(given, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, failure: 'SIGNATURE_INVALID' };
  if (!nonces.remember(`${appId}:${nonce}`, nowSeconds)) return { ok: false, failure: 'NONCE_REPLAYED' };
  return { ok: true, appId };
}
