/**
 * Reads a request body with a hard size cap. Koa's body parsers leave text/xml bodies empty, so the
 * webhook reads the raw stream itself; the cap stops a slow or huge body before it is buffered.
 * Works on any async iterable of chunks (an IncomingMessage is one), so it stays free of Koa.
 */
import { protocolError } from './errors.js';
import { MAX_XML_BYTES } from './xml.js';

export async function readBodyCapped(source: AsyncIterable<Buffer | string>, maxBytes: number = MAX_XML_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += buf.length;
    if (total > maxBytes) throw protocolError('WECHAT_BODY_TOO_LARGE', `more than ${maxBytes} bytes`);
    chunks.push(buf);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(Buffer.concat(chunks));
  } catch {
    throw protocolError('WECHAT_XML_INVALID', 'body is not UTF-8');
  }
}
