/**
 * Fresh databases for tests. PGlite: a copy of a template folder (migrated, optionally seeded as of a fixed
 * day) cached in the OS temp folder by a hash of the migrations and seed sources, because creating a PGlite
 * cluster takes seconds. PostgreSQL (TEST_DATABASE_URL, set by .ci/run when a server answers): a new
 * database t_<random> per call, dropped by cleanup().
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
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
      target, env: { DATA_DIR: dataDir, SEED_DEMO: 'never' },
      open: () => openDatabase({ dataDir }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  if (opts.seeded || opts.migrated !== false) {
    const db = await openDatabase({ dataDir, databaseUrl });
    await migrate(db);
    if (opts.seeded) await seedDemoCenter(db, testCipher(), { today: SEED_AS_OF });
    await db.close();
  }
  return {
    target, env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SEED_DEMO: 'never' },
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

async function pgliteTemplate(seeded: boolean): Promise<string> {
  const hash = createHash('sha256');
  // Everything under src/ may seed demo data (capability seeders), so the whole tree keys the template.
  for (const f of sourceFiles([SRC])) {
    hash.update(f).update(readFileSync(f));
  }
  const dir = path.join(os.tmpdir(), `hpf-pglite-${seeded ? 'seeded' : 'empty'}-${SEED_AS_OF}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(dir)) return dir;
  const work = mkdtempSync(`${dir}.tmp-`);
  const db = await openDatabase({ dataDir: work });
  await migrate(db);
  if (seeded) await seedDemoCenter(db, testCipher(), { today: SEED_AS_OF });
  await db.close();
  try {
    renameSync(path.join(work, 'pglite'), dir); // atomic: a parallel test process either sees it whole or not at all
  } catch {
    // another process made it first
  }
  rmSync(work, { recursive: true, force: true });
  return dir;
}

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
