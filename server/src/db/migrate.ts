import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Advisory lock key held while migrating, so that instances starting together migrate once. */
const MIGRATION_LOCK = 72_100_001;

interface Migration {
  version: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Applies the versioned SQL migrations not yet applied, each in its own transaction, in file order.
 * Returns the versions applied now. On PostgreSQL the whole run holds an advisory lock.
 */
export async function migrate(database: Database, migrations = loadMigrations()): Promise<string[]> {
  return database.withSession(async (s) => {
    const lock = database.kind === 'postgres';
    if (lock) await s.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await s.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set((await s.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await s.exec('BEGIN');
        try {
          await s.exec(m.sql);
          await s.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
          await s.exec('COMMIT');
        } catch (err) {
          await s.exec('ROLLBACK');
          throw new Error(`migration ${m.version} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.version);
      }
      return applied;
    } finally {
      if (lock) await s.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
