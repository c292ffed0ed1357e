import type { Context } from 'koa';
import { DomainError } from '../shared/errors.js';

const readBodies = new WeakMap<Context['req'], Buffer>();

/**
 * Reads the raw request body with a hard cap (Koa leaves bodies unread; XML and JSON both come through here). It is
 * kept, so a request tried again (http/retry.ts) reads the same body.
 */
export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const kept = readBodies.get(ctx.req);
  if (kept) return kept;
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  readBodies.set(ctx.req, body);
  return body;
}

/** The request can run again with the same body: it has none, or it was read through readRawBody. */
export function bodyReplayable(ctx: Context): boolean {
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || !!ctx.get('transfer-encoding');
  return !hasBody || readBodies.has(ctx.req);
}

const tooLarge = () => new DomainError('PAYLOAD_TOO_LARGE', '请求内容过大', 413);

export async function readJsonBody(ctx: Context, limitBytes = 64 * 1024): Promise<unknown> {
  const raw = await readRawBody(ctx, limitBytes);
  if (raw.length === 0) return {};
  if (!ctx.is('application/json') && !ctx.is('+json')) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '请求内容须为 JSON 格式', 415);
  }
  const text = raw.toString('utf8');
  // JSON can carry a NUL only as the escape \u0000 (an odd run of backslashes before u0000): PostgreSQL refuses it in
  // text and jsonb, and no form field needs it.
  if (/(?<!\\)(?:\\\\)*\\u0000/i.test(text)) throw new DomainError('VALIDATION_FAILED', '请求内容含有不允许的字符（NUL）', 400);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('INVALID_JSON', '请求内容不是有效的 JSON', 400);
  }
}
