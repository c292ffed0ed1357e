/**
 * Where one member page's time goes, request by request (issue 17), on either core: the server in this process on
 * embedded PGlite, the core emulator (external) in a second process with 20 ms per call. For each page it sends
 * PROBE_REQUESTS (200) requests one after the other and prints the server process's CPU time per request (less
 * that of GET /healthz, the HTTP round trip itself), the core calls and the SQL statements each request made.
 * Not part of `npm run bench`; figures on a shared machine still count, unlike req/s:
 *   node --import tsx scripts/bench/overview-probe.ts [builtin|external|both]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { start } from '../../server/src/main.js';
import { DEMO_LOGIN_PASSWORD } from '../../server/src/identity/demo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEMBER_PHONE = '13908881234'; // 段德梅: a fund account and a loan shared with her husband
const N = Number(process.env.PROBE_REQUESTS ?? 200);
const PAGES = ['/api/me/overview', '/api/me/account', '/healthz'];

// Every statement the product sends (PGlite: query and exec) and every core call (ExternalCore: fetch /v1/ops/…).
const counts = { sql: 0, core: 0 };
const ops = new Map<string, number>();
for (const m of ['query', 'exec'] as const) {
  const orig = PGlite.prototype[m] as (...a: unknown[]) => Promise<unknown>;
  (PGlite.prototype as unknown as Record<string, unknown>)[m] = function (this: PGlite, ...a: unknown[]) {
    counts.sql++;
    return orig.apply(this, a);
  };
}
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const op = /\/v1\/ops\/(\w+)/.exec(url)?.[1];
  if (op) {
    counts.core++;
    ops.set(op, (ops.get(op) ?? 0) + 1);
  }
  return realFetch(input, init);
};

async function emulator(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/core-emulator.ts'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`core emulator exited with ${code}: ${out}`)));
  });
  const r = await realFetch(`${url}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"delayMs":20}' });
  if (r.status !== 200) throw new Error(`the emulator refused its delay: ${r.status}`);
  return { url, stop: () => child.kill('SIGTERM') };
}

async function probe(label: string, env: Record<string, string>): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpf-probe-'));
  const server = await start(
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_DEMO: 'auto', DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    { log: new Writable({ write: (_c, _e, cb) => cb() }) },
  );
  try {
    const login = await realFetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: MEMBER_PHONE, password: DEMO_LOGIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const cpu: Record<string, number> = {};
    for (const page of PAGES) {
      for (let i = 0; i < 20; i++) await (await realFetch(server.url + page, { headers })).arrayBuffer(); // warm-up
      counts.sql = 0;
      counts.core = 0;
      ops.clear();
      const before = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < N; i++) {
        const r = await realFetch(server.url + page, { headers });
        if (r.status !== 200) throw new Error(`${page}: ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
      }
      const wall = (performance.now() - t0) / N;
      const used = process.cpuUsage(before);
      cpu[page] = (used.user + used.system) / 1000 / N;
      const perOp = [...ops].map(([op, n]) => `${op} ${(n / N).toFixed(2)}`).join(', ');
      process.stdout.write(
        `  ${label.padEnd(10)} ${page.padEnd(18)} wall ${wall.toFixed(1).padStart(6)} ms  cpu ${cpu[page]!.toFixed(2).padStart(6)} ms` +
          `  sql ${(counts.sql / N).toFixed(2)}  core ${(counts.core / N).toFixed(2)}${perOp ? ` (${perOp})` : ''}\n`,
      );
    }
    for (const page of PAGES.slice(0, 2)) {
      process.stdout.write(`  ${label.padEnd(10)} ${page.padEnd(18)} cpu less /healthz: ${(cpu[page]! - cpu['/healthz']!).toFixed(2)} ms/request\n`);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const which = process.argv[2] ?? 'both';
if (which !== 'external') await probe('built-in', {});
if (which !== 'builtin') {
  const core = await emulator();
  try {
    await probe('external', { CORE_MODE: 'external', CORE_BASE_URL: core.url });
  } finally {
    core.stop();
  }
}
