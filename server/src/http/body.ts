import type { Context } from 'koa';
import { DomainError } from '../shared/errors.js';

/** Reads the raw request body with a hard cap (Koa leaves bodies unread; XML and JSON both come through here). */
export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limitBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
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
