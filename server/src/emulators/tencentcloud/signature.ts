/**
 * TC3-HMAC-SHA256 ("signature v3"), verified the way Tencent Cloud API 3.0 documents it:
 *
 *   CanonicalRequest = Method \n CanonicalURI(/) \n CanonicalQueryString("" for POST) \n CanonicalHeaders \n
 *                      SignedHeaders \n Lowercase(Hex(SHA256(payload)))
 *   CanonicalHeaders = for each signed header, sorted: lowercase(key) ":" lowercase(trim(value)) "\n"
 *                      (content-type and host are mandatory)
 *   StringToSign     = "TC3-HMAC-SHA256" \n X-TC-Timestamp \n Date/service/tc3_request \n Hex(SHA256(CanonicalRequest))
 *   SecretDate = HMAC("TC3" + SecretKey, Date); SecretService = HMAC(SecretDate, service);
 *   SecretSigning = HMAC(SecretService, "tc3_request"); Signature = Hex(HMAC(SecretSigning, StringToSign))
 *
 * Date is the UTC date of X-TC-Timestamp; the timestamp may be at most 5 minutes off the server clock; the service
 * in the credential scope must be the service the request is addressed to (the first label of Host).
 *
 * Host: tencentcloud-sdk-nodejs signs `host:<hostname>` WITHOUT the port (sign.js: `urlObj.hostname`) while sending
 * `Host: <hostname>:<port>`. On the real service the port is the default one, so both agree; against the emulator
 * the port is explicit, so the canonical host is accepted with or without the port.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { tcErrors } from './errors.js';

const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
const MAX_CLOCK_SKEW_SECONDS = 300;

interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

interface VerifyInput {
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  timestamp: number;
}

interface VerifyOptions {
  /** SecretId → SecretKey. */
  secrets: ReadonlyMap<string, string>;
  /** Services the emulator answers for; a Host whose first label is one of them addresses that service. */
  services: ReadonlySet<string>;
  /** Server time in milliseconds (real clock: the SDK stamps requests with the real clock). */
  nowMs: number;
}

interface Verified {
  secretId: string;
  service: string;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

const utcDate = (timestampSeconds: number) => new Date(timestampSeconds * 1000).toISOString().slice(0, 10);

const AUTH_RE = /^TC3-HMAC-SHA256\s+Credential=([^/\s,]+)\/([^/\s,]+)\/([^/\s,]+)\/([^/\s,]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/;

function parseAuthorization(header: string): ParsedAuthorization {
  if (!header.startsWith(`${TC3_ALGORITHM} `)) throw tcErrors.invalidAuthorization(`algorithm must be ${TC3_ALGORITHM}`);
  const m = AUTH_RE.exec(header);
  if (!m) throw tcErrors.invalidAuthorization('expected "TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."');
  const [, secretId, date, service, terminator, signedHeaders, signature] = m as unknown as string[];
  if (terminator !== 'tc3_request') throw tcErrors.invalidAuthorization('credential scope must end with tc3_request');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date!)) throw tcErrors.invalidAuthorization('credential date must be YYYY-MM-DD');
  const headers = signedHeaders!.split(';').map((h) => h.trim().toLowerCase());
  if (!headers.includes('content-type') || !headers.includes('host')) {
    throw tcErrors.invalidAuthorization('SignedHeaders must include content-type and host');
  }
  return { secretId: secretId!, date: date!, service: service!, signedHeaders: [...new Set(headers)].sort(), signature: signature!.toLowerCase() };
}

/** The service a Host header addresses: its first label when that is an emulated service (`faceid.localhost:1234`). */
function addressedService(host: string | undefined, services: ReadonlySet<string>): string | undefined {
  const label = (host ?? '').split('.')[0]?.toLowerCase() ?? '';
  return services.has(label) ? label : undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function canonicalRequest(p: {
  method: string;
  signedHeaders: readonly string[];
  headerValues: Readonly<Record<string, string>>;
  payload: string | Buffer;
}): string {
  const canonicalHeaders = p.signedHeaders.map((h) => `${h}:${(p.headerValues[h] ?? '').trim().toLowerCase()}\n`).join('');
  // API 3.0: CanonicalURI is always "/", and CanonicalQueryString is "" for POST.
  return [p.method.toUpperCase(), '/', '', canonicalHeaders, p.signedHeaders.join(';'), sha256Hex(p.payload)].join('\n');
}

function stringToSign(timestamp: number, service: string, canonical: string): string {
  return [TC3_ALGORITHM, String(timestamp), `${utcDate(timestamp)}/${service}/tc3_request`, sha256Hex(canonical)].join('\n');
}

function tc3Signature(secretKey: string, timestamp: number, service: string, toSign: string): string {
  const kDate = hmac(`TC3${secretKey}`, utcDate(timestamp));
  const kService = hmac(kDate, service);
  const kSigning = hmac(kService, 'tc3_request');
  return createHmac('sha256', kSigning).update(toSign).digest('hex');
}

/** Builds the headers a conforming client sends (used by tests that craft raw requests). */
export function signRequest(p: {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  action: string;
  version: string;
  payload: string;
  timestamp?: number;
  region?: string;
  contentType?: string;
}): Record<string, string> {
  const timestamp = p.timestamp ?? Math.floor(Date.now() / 1000);
  const contentType = p.contentType ?? 'application/json';
  const signedHeaders = ['content-type', 'host'];
  const canonical = canonicalRequest({ method: 'POST', signedHeaders, headerValues: { 'content-type': contentType, host: p.host }, payload: p.payload });
  const signature = tc3Signature(p.secretKey, timestamp, p.service, stringToSign(timestamp, p.service, canonical));
  return {
    Authorization: `${TC3_ALGORITHM} Credential=${p.secretId}/${utcDate(timestamp)}/${p.service}/tc3_request, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
    'Content-Type': contentType,
    Host: p.host,
    'X-TC-Action': p.action,
    'X-TC-Version': p.version,
    'X-TC-Timestamp': String(timestamp),
    ...(p.region ? { 'X-TC-Region': p.region } : {}),
  };
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies the request's Authorization header; throws a TcApiError shaped like Tencent Cloud's answer. */
export function verifyTc3(req: VerifyInput, opts: VerifyOptions): Verified {
  const authorization = headerValue(req.headers, 'authorization');
  if (!authorization) throw tcErrors.missingParameter('Authorization');
  const auth = parseAuthorization(authorization);

  const nowSeconds = Math.floor(opts.nowMs / 1000);
  if (Math.abs(nowSeconds - req.timestamp) > MAX_CLOCK_SKEW_SECONDS) throw tcErrors.signatureExpire(req.timestamp, nowSeconds);
  if (auth.date !== utcDate(req.timestamp)) throw tcErrors.signatureFailure('credential date is not the UTC date of X-TC-Timestamp');

  const host = headerValue(req.headers, 'host') ?? '';
  const addressed = addressedService(host, opts.services);
  if (addressed && addressed !== auth.service) {
    throw tcErrors.signatureFailure(`credential scope service \`${auth.service}\` does not match the requested service \`${addressed}\``);
  }

  const secretKey = opts.secrets.get(auth.secretId);
  if (secretKey === undefined) throw tcErrors.secretIdNotFound();

  const values: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = headerValue(req.headers, name);
    if (value === undefined) throw tcErrors.signatureFailure(`signed header \`${name}\` is missing`);
    values[name] = value;
  }
  const hostVariants = [host, host.replace(/:\d+$/, '')];
  const matches = [...new Set(hostVariants)].some((h) => {
    const canonical = canonicalRequest({ method: req.method, signedHeaders: auth.signedHeaders, headerValues: { ...values, host: h }, payload: req.body });
    return safeEqualHex(tc3Signature(secretKey, req.timestamp, auth.service, stringToSign(req.timestamp, auth.service, canonical)), auth.signature);
  });
  if (!matches) throw tcErrors.signatureFailure();
  return { secretId: auth.secretId, service: auth.service };
}
