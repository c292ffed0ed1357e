/**
 * Issue 5's benchmark: authenticated GET /api/me/account and a 12-month ledger page, on PostgreSQL with
 * 100,000 members and 10 million ledger rows, and on PGlite with 10,000 members; plus the plan query's time at
 * 10,000 and at 100,000 members (it must not grow with the number of members).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { start } from '../../server/src/main.js';
import { openDatabase, type Database } from '../../server/src/db/client.js';
import { migrate } from '../../server/src/db/migrate.js';
import { seedDemoCenter } from '../../server/src/demo.js';
import { loadConfig } from '../../server/src/config.js';
import { PiiCipher } from '../../server/src/shared/pii-crypto.js';
import { PasswordHasher } from '../../server/src/identity/passwords.js';
import { passwordPepper } from '../../server/src/identity/context.js';
import { DEMO_LOGIN_PASSWORD } from '../../server/src/identity/demo.js';
import { bulkSeed } from './bulk-center.js';
import { bareKoa, fmt, runLoad, type LoadResult } from './run-load.js';

const cipher = new PiiCipher(loadConfig({}).dataKey);
const quiet = new Writable({ write: (_c, _e, cb) => cb() });

async function giveCredentials(database: Database, memberIds: number[]): Promise<void> {
  const hasher = new PasswordHasher(passwordPepper(cipher));
  const hash = await hasher.hash(DEMO_LOGIN_PASSWORD); // one hash serves all: the salt is inside it
  await database.query(
    `INSERT INTO member_credentials (member_id, login_password_hash, business_password_hash, registered_by, registered_at)
     SELECT unnest($1::bigint[]), $2, $2, 'sms', now() ON CONFLICT DO NOTHING`,
    [memberIds, hash],
  );
}

async function timePlanQuery(url: string, token: string, contractNo: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = process.hrtime.bigint();
    const r = await fetch(`${url}/api/me/loans/${encodeURIComponent(contractNo)}/plan?from=2017-01-01&to=2017-12-31`, { headers: { authorization: `Bearer ${token}` } });
    await r.arrayBuffer();
    if (i >= 10) samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function login(url: string, account: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, password: DEMO_LOGIN_PASSWORD }) });
  const body = (await r.json()) as { token?: string };
  if (!body.token) throw new Error(`login failed for the bench member: ${JSON.stringify(body)}`);
  return body.token;
}

export async function benchAccount(opts: { target: 'postgres' | 'pglite'; databaseUrl?: string; stages: number[]; rowsPerMember: number; seconds: number; connections: number }) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpf-bench-'));
  let dbUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (opts.target === 'postgres') {
    const admin = opts.databaseUrl!;
    const name = `bench_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect(); await c.query(`CREATE DATABASE ${name}`); await c.end();
    const u = new URL(admin); u.pathname = `/${name}`; dbUrl = u.toString();
    dropDb = async () => { const d = new pg.Client({ connectionString: admin }); await d.connect(); await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await d.end(); };
  }
  const lines: string[] = [];
  const say = (s: string) => { lines.push(s); process.stdout.write(`  ${s}\n`); };
  try {
    // PGlite allows one open handle per folder: the seeding handle is closed before each server start.
    const openDb = () => openDatabase({ dataDir, databaseUrl: dbUrl, poolSize: 4 });
    const first = await openDb();
    await migrate(first);
    await seedDemoCenter(first, cipher);
    await first.close();
    const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: dbUrl ?? '', SEED_DEMO: 'never', LOG_LEVEL: 'silent' };
    let seeded = 0;
    const benchIds: number[] = [];
    const planTimes: string[] = [];
    for (const stage of opts.stages) {
      const database = await openDb();
      const r = await bulkSeed(database, cipher, { members: stage - seeded, rowsPerMember: opts.rowsPerMember, offset: seeded });
      benchIds.push(...r.memberIds);
      seeded = stage;
      const [{ n }] = (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_entries')) as [{ n: number }];
      say(`${opts.target}: ${stage.toLocaleString()} bench members, ${n.toLocaleString()} ledger rows (seeded in ${r.seconds.toFixed(0)} s)`);
      await giveCredentials(database, benchIds.slice(0, 200));
      await database.close();
      if (stage !== opts.stages[opts.stages.length - 1]) {
        const server = await start(env, { log: quiet });
        planTimes.push(`${stage.toLocaleString()} members: ${(await timePlanQuery(server.url, await login(server.url, '15808881234'), '01201702090019')).toFixed(2)} ms`);
        await server.stop();
      }
    }

    const server = await start({ ...env, DB_POOL_SIZE: '20' }, { log: quiet });
    planTimes.push(`${seeded.toLocaleString()} members: ${(await timePlanQuery(server.url, await login(server.url, '15808881234'), '01201702090019')).toFixed(2)} ms`);
    const phones = benchIds.slice(0, 200).map((_, i) => `150${String(i).padStart(8, '0')}`);
    const tokens: string[] = [];
    for (const phone of phones) tokens.push(await login(server.url, phone));

    const bare = await bareKoa();
    const base = await runLoad({ url: bare.url, durationSeconds: opts.seconds, connections: opts.connections });
    await bare.close();
    const account = await runLoad({ url: `${server.url}/api/me/account`, tokens, durationSeconds: opts.seconds, connections: opts.connections });
    const year = new Date().getFullYear() - 1;
    const ledger = await runLoad({ url: `${server.url}/api/me/ledger?year=${year}&pageSize=12`, tokens, durationSeconds: opts.seconds, connections: opts.connections });
    await server.stop();
    const ratio = (r: LoadResult) => `${((100 * r.requestsPerSecond) / base.requestsPerSecond).toFixed(0)} % of bare Koa`;
    say(`bare Koa "success" baseline: ${fmt(base)}`);
    say(`GET /api/me/account: ${fmt(account)} (${ratio(account)})`);
    say(`GET /api/me/ledger (12-month page): ${fmt(ledger)} (${ratio(ledger)})`);
    say(`plan query (median of 50): ${planTimes.join('; ')}`);
    return lines;
  } finally {
    await dropDb?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The bench section: PGlite with 10,000 members always; PostgreSQL with 10,000 then 100,000 members (10 million
 * ledger rows) when BENCH_DATABASE_URL names a server to create a scratch database on.
 */
export const accountSection = {
  name: 'account',
  title: 'GET /api/me/account and a 12-month ledger page (issue 5: ≥ 2,000 req/s, p99 < 30 ms on PostgreSQL; ledger p99 < 50 ms)',
  async run(out: { note(text: string): void }) {
    await benchAccount({ target: 'pglite', stages: [10_000], rowsPerMember: 100, seconds: 10, connections: 20 });
    const url = process.env.BENCH_DATABASE_URL;
    if (url) await benchAccount({ target: 'postgres', databaseUrl: url, stages: [10_000, 100_000], rowsPerMember: 100, seconds: 10, connections: 50 });
    else out.note('set BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test for the PostgreSQL run at 100,000 members / 10 million rows');
  },
};
