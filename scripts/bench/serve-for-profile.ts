/**
 * A server on an already seeded bench database, for profiling by hand (not part of `npm run bench`):
 *   node --import tsx scripts/bench/serve-for-profile.ts postgres://…/bench_perf_100k tokens.json
 * writes TOKENS (200) bench members' bearer tokens and the URL to tokens.json and serves until SIGINT; SIGUSR2
 * starts and stops a CPU profile (tokens.json.<time>.cpuprofile), so that it covers the load only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { start } from '../../server/src/main.js';
import { DEMO_LOGIN_PASSWORD } from '../../server/src/identity/demo.js';

const [databaseUrl, tokensFile] = process.argv.slice(2);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpf-prof-'));
const server = await start(
  {
    PORT: process.env.PORT ?? '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'never',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? '20',
  },
  { log: new Writable({ write: (_c, _e, cb) => cb() }) },
);
const tokens: string[] = [];
for (let i = 0; i < Number(process.env.TOKENS ?? 200); i++) {
  const r = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: `150${String(i).padStart(8, '0')}`, password: DEMO_LOGIN_PASSWORD }),
  });
  tokens.push(((await r.json()) as { token: string }).token);
}
writeFileSync(tokensFile!, JSON.stringify({ url: server.url, tokens }));
process.stdout.write(`${server.url}\n`);
// SIGUSR2 starts a CPU profile of the main thread, the next SIGUSR2 writes it next to the tokens file.
const session = new inspector.Session();
session.connect();
let profiling = false;
process.on('SIGUSR2', () => {
  if (!profiling) {
    session.post('Profiler.enable', () => session.post('Profiler.start'));
  } else {
    session.post('Profiler.stop', (err, r) => writeFileSync(`${tokensFile}.${Date.now()}.cpuprofile`, JSON.stringify(err ? {} : r.profile)));
  }
  profiling = !profiling;
});
process.once(
  'SIGINT',
  () =>
    void server.stop().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }),
);
