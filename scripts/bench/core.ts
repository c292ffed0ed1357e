/**
 * Issue 17's figure: with 20 ms added to every call of an external core, GET /api/me/overview and /api/me/account
 * should stay at p99 < 60 ms at ≥ 1,000 req/s. Measured in one run beside the built-in core (the baseline), and the
 * external core without the member cache (CORE_CACHE_SECONDS=0) to show what the cache saves. The core emulator
 * runs in a second process (npm run core-emulator) with delayMs 20; the product on embedded PGlite (or
 * BENCH_DATABASE_URL) in this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_LOGIN_PASSWORD } from '../../server/src/identity/demo.js';
import { benchDatabase, startBenchServer, type BenchSection } from './section.js';
import { fmt, loadGenerator, runLoad } from './run-load.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEMBER_PHONE = '13908881234'; // 段德梅
const DELAY_MS = 20;
const SECONDS = Number(process.env.BENCH_CORE_SECONDS ?? 10);

async function startEmulator(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/core-emulator.ts'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`core emulator exited with ${code}: ${out}`)));
  });
  return { url, child };
}

async function login(url: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: MEMBER_PHONE, password: DEMO_LOGIN_PASSWORD }),
  });
  const body = (await r.json()) as { token?: string };
  if (!body.token) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body.token;
}

export const coreSection: BenchSection = {
  name: 'core',
  title: `External core with ${DELAY_MS} ms per call vs the built-in core (GET /api/me/overview, /api/me/account)`,
  async run(out) {
    out.note(`load: ${loadGenerator}, 50 connections, ${SECONDS} s per figure after a ${Math.min(3, SECONDS)} s warm-up`);
    const emulator = await startEmulator();
    try {
      const faults = await fetch(`${emulator.url}/emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ delayMs: DELAY_MS }),
      });
      if (faults.status !== 200) throw new Error(`the emulator refused its delay: ${faults.status}`);
      const runs: [string, Record<string, string>][] = [
        ['built-in core (baseline)', {}],
        [`external core, ${DELAY_MS} ms/call, cache`, { CORE_MODE: 'external', CORE_BASE_URL: emulator.url }],
        [`external core, ${DELAY_MS} ms/call, no cache`, { CORE_MODE: 'external', CORE_BASE_URL: emulator.url, CORE_CACHE_SECONDS: '0' }],
      ];
      for (const [label, env] of runs) {
        const db = await benchDatabase();
        const server = await startBenchServer(db, env);
        try {
          const tokens = [await login(server.url)];
          for (const p of ['/api/me/overview', '/api/me/account']) {
            const spec = { url: server.url + p, tokens, connections: 50 };
            await runLoad({ ...spec, durationSeconds: Math.min(3, SECONDS) });
            const r = await runLoad({ ...spec, durationSeconds: SECONDS });
            out.figure(`${label}: ${p}`, fmt(r), p.includes('overview') || env.CORE_MODE ? '≥ 1,000 req/s, p99 < 60 ms' : undefined);
          }
        } finally {
          await server.stop();
          await db.drop();
        }
      }
    } finally {
      emulator.child.kill('SIGTERM');
    }
  },
};
