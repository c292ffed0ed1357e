/**
 * Serves the staff console (issue 8) at /console/: the Vite build in server/console/dist, hashed assets cached for a
 * year, every other path answered with index.html (the console routes in the browser), under a strict CSP that the
 * built bundle satisfies (no inline scripts or styles, no eval, nothing from other origins). Without a build it
 * answers a Chinese page that says how to make one.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';

const CONSOLE_PATH = '/console';
const CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../console/dist');

/** What the built console needs and nothing more: photos are shown from blob: URLs made from authenticated fetches. */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>工作人员后台尚未构建</title></head>
<body><h1>工作人员后台尚未构建</h1><p>请在项目根目录运行 <code>npm run build:console</code>（或 <code>npm start</code>，启动前会自动构建），然后刷新本页。</p>
<p>The staff console has not been built: run <code>npm run build:console</code> in the repository root.</p></body></html>`;

export function serveConsole(dist: string = CONSOLE_DIST) {
  const root = path.resolve(dist);
  return async (ctx: Context, next: Next) => {
    if (ctx.path !== CONSOLE_PATH && !ctx.path.startsWith(`${CONSOLE_PATH}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next(); // Koa answers HEAD with the GET's headers and no body
    if (ctx.path === CONSOLE_PATH) return ctx.redirect(`${CONSOLE_PATH}/`);
    ctx.set('Content-Security-Policy', CONSOLE_CSP);
    const index = path.join(root, 'index.html');
    if (!existsSync(index)) {
      ctx.status = 503;
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = NOT_BUILT;
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path.slice(CONSOLE_PATH.length + 1));
    } catch {
      rel = '';
    }
    const file = path.resolve(root, rel);
    const inside = file.startsWith(root + path.sep) && !rel.includes('\0');
    const found = inside && existsSync(file) && statSync(file).isFile() ? file : null;
    if (!found && path.extname(rel)) {
      ctx.status = 404; // a missing asset is an error, not the page (a stale tab after a deploy must not get HTML as JS)
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = '未找到该文件';
      return;
    }
    const served = found ?? index;
    const hashed = served !== index && rel.startsWith('assets/');
    ctx.set('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.type = TYPES[path.extname(served)] ?? 'application/octet-stream';
    ctx.length = statSync(served).size;
    ctx.body = createReadStream(served);
  };
}
