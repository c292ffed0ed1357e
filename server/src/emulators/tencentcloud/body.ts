import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}

/** Reads the raw request body (the TC3 signature covers the exact bytes, so no body parser may touch it first). */
export async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new BodyTooLargeError();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function readJsonObject(req: IncomingMessage, limitBytes = 64 * 1024): Promise<Record<string, unknown>> {
  const raw = await readRawBody(req, limitBytes);
  if (raw.length === 0) return {};
  const parsed: unknown = JSON.parse(raw.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('expected a JSON object');
  return parsed as Record<string, unknown>;
}
