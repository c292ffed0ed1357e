/**
 * Headers on every answer: no sniffing, no framing, no referrer, no caching of personal data, and a CSP that lets
 * nothing load or run (JSON, photos and files need nothing; a photo crafted to look like HTML still cannot run; PDFs
 * go without). The server's own HTML pages (the mini-program link fallback, the plan print page) set pageCsp with the
 * hashes of their inline scripts; the staff console sets its own. In production the browser is told to use HTTPS
 * only (HSTS).
 */
import { createHash } from 'node:crypto';
import type { Context, Next } from 'koa';

const LOCKED = ["default-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"];

/** HSTS: a year, subdomains too (the center's domain serves nothing over plain HTTP). */
const HSTS = 'max-age=31536000; includeSubDomains';

export function securityHeaders(opts: { hsts: boolean }) {
  return async (ctx: Context, next: Next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Content-Security-Policy', LOCKED.join('; '));
    if (opts.hsts) ctx.set('Strict-Transport-Security', HSTS);
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
    await next();
    // A PDF (certificate, downloadable form) opens in the browser's own viewer, which some browsers leave blank under
    // default-src 'none'; it runs none of our script either way.
    if (ctx.response.is('application/pdf')) ctx.remove('Content-Security-Policy');
  };
}

/** The CSP of a server-rendered page: its inline styles, exactly these inline scripts (by hash), nothing from elsewhere. */
export function pageCsp(inlineScripts: string[] = []): string {
  const hashes = inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  return [...LOCKED, "style-src 'unsafe-inline'", "img-src 'self' data:", ...(hashes.length ? [`script-src ${hashes.join(' ')}`] : [])].join('; ');
}
