/**
 * K2 as a person reads it: the QR code and the URL printed on a certificate open /api/public/certificates/<code>
 * in a browser or a phone's camera, which asks for HTML; that answers a page that says in Chinese whether the
 * certificate is genuine and what it states (personal data masked). API clients (Accept: application/json or
 * anything else) keep getting the JSON. No script runs on the page; its one style block carries a fresh nonce.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';
import { DomainError } from '../shared/errors.js';
import { escapeHtml as esc } from '../shared/html.js';
import type { CertificateDeps } from './service.js';
import { verifyCertificate } from './service.js';

type Verified = Awaited<ReturnType<typeof verifyCertificate>>;

const STYLE = `body{margin:0;font:16px/1.6 "PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1f2329;background:#f3f5f8}
main{max-width:640px;margin:0 auto;padding:24px 16px}h1{font-size:22px;margin:0 0 16px}
.verdict{border-radius:8px;padding:16px;margin-bottom:16px;font-size:18px;font-weight:600}
.ok{background:#e8f7ee;color:#0b6b34;border:1px solid #9fd8b4}.no{background:#fdeceb;color:#a1251b;border:1px solid #f1b2ac}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:10px 12px;border-bottom:1px solid #e5e8ee;vertical-align:top}th{width:34%;color:#4e5969;font-weight:normal;white-space:nowrap}
p.note{color:#4e5969;font-size:14px}`;

function page(title: string, body: string, nonce: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style nonce="${nonce}">${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function verifiedPage(v: Verified, nonce: string): string {
  const rows: [string, string][] = [
    ['凭证名称', v.title],
    ['出具单位', v.centerName],
    ['出具日期', v.issuedOnText],
    ['验证码', v.code],
    ...v.items.map((i) => [i.label, i.value] as [string, string]), // 姓名 and 证件号码 among them, masked
  ];
  return page(
    `${v.title} 核验结果`,
    `<h1>电子凭证核验</h1>
<div class="verdict ok">✓ 凭证真实有效</div>
<p>${esc(v.message)}</p>
<table>${rows.map(([k, val]) => `<tr><th>${esc(k)}</th><td>${esc(val)}</td></tr>`).join('')}</table>
<p class="note">${esc(v.statement)}</p>
<p class="note">核验结果由出具单位的系统实时给出；纸质或电子凭证所载内容与本页不一致的，以本页为准。</p>`,
    nonce,
  );
}

function notFoundPage(message: string, nonce: string): string {
  return page(
    '电子凭证核验',
    `<h1>电子凭证核验</h1>
<div class="verdict no">✗ 未能核验该凭证</div>
<p>${esc(message)}</p>
<p class="note">请核对凭证上的验证码（如 7KQM-2XHT-9PRD-W4NC，大小写和连字符均可），或致电住房公积金服务热线 12329 咨询。</p>`,
    nonce,
  );
}

/** Answers browsers (Accept prefers text/html) with the page; everything else goes on to the JSON route. */
export function verificationPageFor(deps: CertificateDeps) {
  return async (ctx: Context & { params: { code?: string } }, next: Next) => {
    if (ctx.accepts('json', 'html') !== 'html') return next();
    const nonce = randomBytes(16).toString('base64');
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
    ctx.set('Cache-Control', 'no-store');
    try {
      ctx.body = verifiedPage(await verifyCertificate(deps, String(ctx.params.code ?? '').slice(0, 64)), nonce);
    } catch (err) {
      if (!(err instanceof DomainError) || err.status !== 404) throw err;
      ctx.status = 404;
      ctx.body = notFoundPage(err.message, nonce);
    }
  };
}
