/**
 * Requests Node's HTTP parser refuses before Koa sees them (raw UTF-8 or spaces in the URL, broken headers, too
 * many headers, a request that never finishes): Node would answer an empty 400; the caller gets `{ code, message }`
 * like every other error instead.
 */
import type { Socket } from 'node:net';

const ANSWERS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'REQUEST_HEADERS_TOO_LARGE', '请求头过大'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'REQUEST_TIMEOUT', '请求超时，请重试'],
};
const MALFORMED: [number, string, string, string] = [400, 'Bad Request', 'MALFORMED_REQUEST', '请求格式有误（地址中的中文等字符须经 URL 编码）'];

export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] = ANSWERS[err.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ code, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}
