/**
 * Fresh databases for tests, each a copy of a template made once (migrated, optionally seeded as of a fixed day)
 * and keyed by a hash of the server's sources, because migrating and seeding takes 10–30 s and copying about 1 s.
 * PGlite: the template is a folder in the OS temp folder, copied into the test's data folder (loading a
 * dumpDataDir tarball instead was measured slower: ~6.5 s against ~4 s for copy + open). PostgreSQL
 * (TEST_DATABASE_URL, set by .ci/run when a server answers): the template is a database hpf_tmpl_<s|m>_<hash>,
 * made under an advisory lock so that test files running in parallel make it once; each test gets
 * `CREATE DATABASE t_<random> TEMPLATE …`, dropped by cleanup().
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { seedDemoCenter } from '../../src/demo.js';
import { loadConfig } from '../../src/config.js';
import { PiiCipher } from '../../src/shared/pii-crypto.js';

export type Target = 'pglite' | 'postgres';
/** The day the test data is seeded as of: figures in tests are stable whatever day they run. */
export const SEED_AS_OF = '2026-11-26';
/**
 * Where a test server's business clock starts (CLOCK_AT): on the seed's day, so that what the demo data makes
 * current (the instalment just paid, the next one due) is current for the server too, whatever day the suite runs.
 * A test that needs another day starts its server with its own CLOCK_AT or moves `server.clock` forward.
 */
export const TEST_CLOCK_AT = `${SEED_AS_OF}T10:00:00+08:00`;

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every database the suite runs against here: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function targets(): Target[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export const testCipher = () => new PiiCipher(loadConfig({}).dataKey);

export interface TestDatabase {
  target: Target;
  /** Environment for start(): DATA_DIR and, for PostgreSQL, DATABASE_URL. */
  env: Record<string, string>;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** A fresh database, migrated (unless `migrated: false`, PostgreSQL only) and optionally seeded. */
export async function freshDatabase(target: Target, opts: { seeded?: boolean; migrated?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hpf-test-'));
  if (target === 'pglite') {
    const template = await pgliteTemplate(!!opts.seeded);
    cpSync(template, path.join(dataDir, 'pglite'), { recursive: true });
    return {
      target,
      env: { DATA_DIR: dataDir, SEED_DEMO: 'never' },
      open: () => openDatabase({ dataDir }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  const template = opts.seeded || opts.migrated !== false ? await postgresTemplate(admin, !!opts.seeded) : undefined;
  await adminQuery(admin, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const databaseUrl = databaseUrlOf(admin, name);
  return {
    target,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SEED_DEMO: 'never' },
    open: () => openDatabase({ dataDir, databaseUrl, poolSize: 60 }),
    cleanup: async () => {
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs fn with an open fresh database and always closes and drops it afterwards. */
export async function withDatabase<T>(target: Target, fn: (db: Database) => Promise<T>, opts: { seeded?: boolean; migrated?: boolean } = {}): Promise<T> {
  const fresh = await freshDatabase(target, opts);
  const db = await fresh.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
    await fresh.cleanup();
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrlOf(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

let hashOfSources: string | undefined;
/** Everything under src/ may seed demo data (capability seeders) or migrate, so the whole tree keys the templates. */
function sourceHash(): string {
  if (!hashOfSources) {
    const hash = createHash('sha256').update(SEED_AS_OF);
    for (const f of sourceFiles([SRC])) hash.update(f.slice(SRC.length)).update(readFileSync(f));
    hashOfSources = hash.digest('hex').slice(0, 16);
  }
  return hashOfSources;
}

const postgresTemplates = new Map<string, Promise<string>>();
/** The name of the template database for these sources, made (once per cluster) when missing. */
function postgresTemplate(admin: string, seeded: boolean): Promise<string> {
  const name = `hpf_tmpl_${seeded ? 's' : 'm'}_${sourceHash()}`;
  let made = postgresTemplates.get(name);
  if (!made) {
    made = makePostgresTemplate(admin, name, seeded).then(() => name);
    made.catch(() => postgresTemplates.delete(name));
    postgresTemplates.set(name, made);
  }
  return made;
}

/** Templates left by earlier sources are dropped once unused for this long (a run in progress may still use them). */
const TEMPLATE_KEEP_MS = 24 * 3600_000;

async function makePostgresTemplate(admin: string, name: string, seeded: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    // Test files running in parallel (other processes) wait here while the first one builds it.
    await client.query(`SELECT pg_advisory_lock(hashtext('hpf test templates'))`);
    const used = `COMMENT ON DATABASE ${name} IS '${new Date().toISOString()}'`; // when it was last used: see below
    if ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) return void (await client.query(used));
    const building = `${name}_building`;
    await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`); // left by a run that was killed
    await client.query(`CREATE DATABASE ${building}`);
    const db = await openDatabase({ dataDir: os.tmpdir(), databaseUrl: databaseUrlOf(admin, building) });
    try {
      await migrate(db);
      if (seeded) await seedDemoCenter(db, testCipher(), { today: SEED_AS_OF });
    } finally {
      await db.close();
    }
    // No one may connect to a template (a clone refuses a source in use); the rename makes it visible whole.
    await client.query(`ALTER DATABASE ${building} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
    await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    await client.query(used);
    const old = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'hpf\\_tmpl\\_%' AND datname <> $1
         AND coalesce(shobj_description(oid, 'pg_database'), '') < $2`,
      [name, new Date(Date.now() - TEMPLATE_KEEP_MS).toISOString()],
    );
    for (const { datname } of old.rows) {
      await client.query(`ALTER DATABASE ${datname} IS_TEMPLATE false`);
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('hpf test templates'))`).catch(() => undefined);
    await client.end();
  }
}

async function pgliteTemplate(seeded: boolean): Promise<string> {
  const dir = path.join(os.tmpdir(), `hpf-pglite-${seeded ? 'seeded' : 'empty'}-${SEED_AS_OF}-${sourceHash()}`);
  if (existsSync(dir)) return used(dir);
  // One process builds it while the test files running in parallel wait for it (a lock folder, taken over when a
  // killed run left it behind).
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(dir)) return used(dir);
    try {
      mkdirSync(lock);
      break;
    } catch {
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > TEMPLATE_BUILD_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (existsSync(dir)) return dir;
    const work = mkdtempSync(`${dir}.tmp-`);
    const db = await openDatabase({ dataDir: work });
    await migrate(db);
    if (seeded) await seedDemoCenter(db, testCipher(), { today: SEED_AS_OF });
    await db.close();
    renameSync(path.join(work, 'pglite'), dir); // atomic: a test process either sees it whole or not at all
    rmSync(work, { recursive: true, force: true });
    // Templates of earlier sources (44 MB each) go once unused for a day.
    for (const name of readdirSync(os.tmpdir())) {
      const p = path.join(os.tmpdir(), name);
      if (name.startsWith('hpf-pglite-') && p !== dir && Date.now() - statSync(p).mtimeMs > TEMPLATE_KEEP_MS) rmSync(p, { recursive: true, force: true });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return dir;
}

/** Marks a template folder as used now (its age is what the clean-up above goes by). */
function used(dir: string): string {
  const now = new Date();
  utimesSync(dir, now, now);
  return dir;
}

/** Longer than building a template takes on a loaded machine: a lock older than this was left by a killed run. */
const TEMPLATE_BUILD_MS = 10 * 60_000;

function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  dirs.filter(existsSync).forEach(walk);
  return out;
}
