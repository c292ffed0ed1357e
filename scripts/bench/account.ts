/**
 * Issue 5's benchmark: authenticated GET /api/me/account and a 12-month ledger page, on PostgreSQL with
 * 100,000 members and 10 million ledger rows, and on PGlite with 10,000 members; plus the plan query's time at
 * 10,000 and at 100,000 members (it must not grow with the number of members).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { start, type RunningServer } from '../../server/src/main.js';
import { BuiltinCore } from '../../server/src/core/builtin/gateway.js';
import { plan } from '../../server/src/loans/queries.js';
import { openDatabase, type Database } from '../../server/src/db/client.js';
import { migrate } from '../../server/src/db/migrate.js';
import { seedDemoCenter } from '../../server/src/demo.js';
import { loadConfig } from '../../server/src/config.js';
import { PiiCipher } from '../../server/src/shared/pii-crypto.js';
import { systemClock } from '../../server/src/shared/clock.js';
import { PasswordHasher } from '../../server/src/identity/passwords.js';
import { passwordPepper } from '../../server/src/identity/context.js';
import { DEMO_LOGIN_PASSWORD } from '../../server/src/identity/demo.js';
import { bulkLoans, bulkSeed } from './bulk-center.js';
import { bareKoa, fmt, loadGenerator, confineBackends, pinning, runLoad, type LoadResult, type LoadSpec } from './run-load.js';
import type { Report } from './section.js';

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

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

/**
 * The repayment plan (B6) of the demo borrower 张瑞霞: the median of 50 requests over HTTP, and of 50 runs of the
 * route's own query code (loans/queries.ts plan(): her loans by member, then the plan rows) without HTTP, which
 * is what must not grow with the number of members and moves less with the machine's load.
 */
async function timePlanQuery(server: RunningServer): Promise<string> {
  const contractNo = '01201702090019';
  const token = await login(server.url, '15808881234');
  const core = new BuiltinCore(server.database, cipher);
  const member = await core.findMemberByPhone('15808881234');
  const http: number[] = [];
  const query: number[] = [];
  for (let i = 0; i < 60; i++) {
    let t0 = process.hrtime.bigint();
    const r = await fetch(`${server.url}/api/me/loans/${encodeURIComponent(contractNo)}/plan?from=2017-01-01&to=2017-12-31`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await r.text();
    if (r.status !== 200) throw new Error(`plan query answered ${r.status}: ${body.slice(0, 200)}`);
    if (i >= 10) http.push(Number(process.hrtime.bigint() - t0) / 1e6);
    t0 = process.hrtime.bigint();
    await plan(core, member!.id, contractNo, { from: '2017-01-01', to: '2017-12-31' }, server.clock.today());
    if (i >= 10) query.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return `query ${median(query).toFixed(2)} ms, HTTP ${median(http).toFixed(2)} ms`;
}

async function login(url: string, account: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, password: DEMO_LOGIN_PASSWORD }),
  });
  const body = (await r.json()) as { token?: string };
  if (!body.token) throw new Error(`login failed for the bench member: ${JSON.stringify(body)}`);
  return body.token;
}

/** A PostgreSQL database on the server named by `admin`: a scratch one (dropped after) or, with `keep`, one kept between runs. */
async function postgresDatabase(admin: string, keep?: string): Promise<{ url: string; drop?: () => Promise<void> }> {
  const q = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };
  const name = keep ?? `bench_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`BENCH_KEEP_DB must be a plain database name, not ${name}`);
  if (!keep || (await q(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).length === 0) await q(`CREATE DATABASE ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: keep ? undefined : () => q(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

/** How many bench members (and whether the demo center) a database already holds: a kept database is seeded once. */
async function seededSoFar(database: Database): Promise<{ demo: boolean; bench: number }> {
  const [row] = await database.query<{ demo: boolean; bench: number }>(
    `SELECT EXISTS (SELECT 1 FROM employers) AS demo, (SELECT count(*)::int FROM members WHERE name LIKE '压测%') AS bench`,
  );
  return row!;
}

const WARMUP_SECONDS = 3;
/** USER_HZ: the unit of /proc/<pid>/stat's CPU times on Linux. */
const TICKS_PER_SECOND = 100;

/** The backends serving `databaseUrl` but the asking one. */
async function backendPids(databaseUrl: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
}

/** CPU seconds so far of the database backends serving `databaseUrl` (PostgreSQL on this machine, Linux); null elsewhere. */
async function backendCpuSeconds(databaseUrl: string): Promise<number | null> {
  let ticks = 0;
  for (const pid of await backendPids(databaseUrl)) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat === null) return null;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the third on: utime and stime are the 14th and 15th
    ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * One load after an untimed warm-up (JIT, the pool's connections, prepared statements), with the CPU time each
 * request cost: this process (the server; with PGlite the database too) and PostgreSQL's backends. Those depend
 * much less on what else the machine is doing than req/s and p99 do.
 */
async function measured(spec: LoadSpec, databaseUrl?: string, warmupSeconds = WARMUP_SECONDS): Promise<LoadResult & { cpu: string }> {
  if (warmupSeconds > 0) await runLoad({ ...spec, durationSeconds: warmupSeconds });
  if (databaseUrl) confineBackends(await backendPids(databaseUrl));
  const db0 = databaseUrl ? await backendCpuSeconds(databaseUrl) : null;
  const cpu0 = process.cpuUsage();
  const r = await runLoad(spec);
  const used = process.cpuUsage(cpu0);
  const db1 = databaseUrl ? await backendCpuSeconds(databaseUrl) : null;
  const per = (seconds: number) => `${((1000 * seconds) / Math.max(1, r.total)).toFixed(2)} ms`;
  const server = per((used.user + used.system) / 1e6);
  return { ...r, cpu: `CPU/request: server ${server}${db0 !== null && db1 !== null ? `, PostgreSQL ${per(db1 - db0)}` : ''}` };
}

async function benchAccount(
  opts: {
    target: 'postgres' | 'pglite';
    databaseUrl?: string;
    stages: number[];
    rowsPerMember: number;
    seconds: number;
    connections: number;
    /** PostgreSQL only: keep the seeded databases under this name (one per stage) and reuse them on the next run. */
    keep?: string;
  },
  report: Report,
) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpf-bench-'));
  const drops: (() => Promise<void>)[] = [];
  let shared: string | undefined;
  // One database for all stages, seeded stage by stage; a kept database per stage so that each can be reused.
  const stageDb = async (stage: number): Promise<string | undefined> => {
    if (opts.target !== 'postgres') return undefined;
    if (!opts.keep && drops.length) return shared;
    const db = await postgresDatabase(opts.databaseUrl!, opts.keep ? `${opts.keep}_${stage / 1000}k` : undefined);
    if (db.drop) drops.push(db.drop);
    shared = db.url;
    return db.url;
  };
  try {
    const benchIds: number[] = [];
    const planTimes: string[] = [];
    let env: Record<string, string> = {};
    for (const stage of opts.stages) {
      const dbUrl = await stageDb(stage);
      env = {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: dbUrl ?? '',
        SEED_DEMO: 'never',
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      };
      // PGlite allows one open handle per folder: the seeding handle is closed before each server start.
      const database = await openDatabase({ dataDir, databaseUrl: dbUrl, poolSize: 4 });
      await migrate(database);
      const before = await seededSoFar(database);
      if (!before.demo) await seedDemoCenter(database, cipher, { today: systemClock.today() });
      const r =
        stage > before.bench
          ? await bulkSeed(database, cipher, { members: stage - before.bench, rowsPerMember: opts.rowsPerMember, offset: before.bench })
          : { memberIds: [], seconds: 0 };
      const l = await bulkLoans(database);
      const ids = await database.query<{ id: number }>(`SELECT id FROM members WHERE name LIKE '压测%' ORDER BY id LIMIT 200`);
      benchIds.splice(0, benchIds.length, ...ids.map((x) => x.id));
      const [{ n, loans }] = (await database.query<{ n: number; loans: number }>(
        'SELECT (SELECT count(*)::int FROM ledger_entries) AS n, (SELECT count(*)::int FROM loan_contracts) AS loans',
      )) as [{ n: number; loans: number }];
      report.note(
        `${opts.target}: ${stage.toLocaleString()} bench members, ${n.toLocaleString()} ledger rows, ${loans.toLocaleString()} loans` +
          ` (${r.memberIds.length || l.loans ? `seeded in ${(r.seconds + l.seconds).toFixed(0)} s` : 'reused'})`,
      );
      await giveCredentials(database, benchIds);
      await database.close();
      if (stage !== opts.stages[opts.stages.length - 1]) {
        const server = await start(env, { log: quiet });
        planTimes.push(`${stage.toLocaleString()} members: ${await timePlanQuery(server)}`);
        await server.stop();
      }
    }
    const seeded = opts.stages[opts.stages.length - 1]!;

    const server = await start({ ...env, DB_POOL_SIZE: '20' }, { log: quiet });
    planTimes.push(`${seeded.toLocaleString()} members: ${await timePlanQuery(server)}`);
    const phones = benchIds.slice(0, 200).map((_, i) => `150${String(i).padStart(8, '0')}`);
    const tokens: string[] = [];
    for (const phone of phones) tokens.push(await login(server.url, phone));

    const bare = await bareKoa();
    const load = { durationSeconds: opts.seconds, connections: opts.connections };
    const base = await measured({ url: bare.url, ...load });
    await bare.close();
    const dbUrl = env.DATABASE_URL || undefined;
    const year = new Date().getFullYear() - 1;
    const urls = { account: `${server.url}/api/me/account`, ledger: `${server.url}/api/me/ledger?year=${year}&pageSize=12` };
    // Both endpoints warm before either is measured: on a busy machine V8's optimizing compiler needs a while.
    for (const url of Object.values(urls)) await runLoad({ url, tokens, ...load, durationSeconds: 2 * WARMUP_SECONDS });
    const account = await measured({ url: urls.account, tokens, ...load }, dbUrl, 0);
    const ledger = await measured({ url: urls.ledger, tokens, ...load }, dbUrl, 0);
    await server.stop();
    const ratio = (r: LoadResult) => `${((100 * r.requestsPerSecond) / base.requestsPerSecond).toFixed(0)} % of bare Koa`;
    const where = `${opts.target}, ${seeded.toLocaleString()} members`;
    report.note(
      `machine load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')} on ${os.cpus().length} cores (1 / 5 / 15 min); load from ${loadGenerator}, ${opts.connections} connections; ${pinning}`,
    );
    report.figure(`bare Koa "success" (same run, ${opts.connections} conns)`, `${fmt(base)}; ${base.cpu}`);
    report.figure(
      `GET /api/me/account (${where})`,
      `${fmt(account)}; ${ratio(account)}; ${account.cpu}`,
      opts.target === 'postgres' ? '≥ 2,000 req/s, p99 < 30 ms' : undefined,
    );
    report.figure(`GET /api/me/ledger 12-month page (${where})`, `${fmt(ledger)}; ${ratio(ledger)}; ${ledger.cpu}`, 'p99 < 50 ms');
    report.figure(`repayment plan, median of 50 (${opts.target})`, planTimes.join('; '), 'flat as members grow');
  } finally {
    for (const drop of drops) await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The bench section: PGlite with 10,000 members, and PostgreSQL with 10,000 then 100,000 members (10 million
 * ledger rows) when BENCH_DATABASE_URL names a server to create the databases on.
 *   BENCH_KEEP_DB=bench_perf   keep the PostgreSQL databases (bench_perf_10k, bench_perf_100k) and reuse them next time
 *   BENCH_TARGETS=postgres     only the PostgreSQL run (default: pglite,postgres)
 */
export const accountSection = {
  name: 'account',
  title: 'GET /api/me/account and a 12-month ledger page (issue 5: ≥ 2,000 req/s, p99 < 30 ms on PostgreSQL; ledger p99 < 50 ms)',
  async run(out: Report) {
    const targets = (process.env.BENCH_TARGETS ?? 'pglite,postgres').split(',');
    const url = process.env.BENCH_DATABASE_URL;
    if (targets.includes('pglite')) await benchAccount({ target: 'pglite', stages: [10_000], rowsPerMember: 100, seconds: 10, connections: 20 }, out);
    if (url && targets.includes('postgres')) {
      await benchAccount(
        { target: 'postgres', databaseUrl: url, stages: [10_000, 100_000], rowsPerMember: 100, seconds: 10, connections: 50, keep: process.env.BENCH_KEEP_DB },
        out,
      );
    } else if (!url) out.note('set BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test for the PostgreSQL run at 100,000 members / 10 million rows');
  },
};
