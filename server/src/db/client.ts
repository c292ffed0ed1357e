import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle database, the same type whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** A session that holds one connection: migrations and advisory locks need the same session throughout. */
export interface RawSession {
  /** Runs SQL that may hold several statements and no parameters. */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Parameterised query on any connection. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * The same as a named prepared statement, for the hot paths (every member request): PostgreSQL parses and
   * plans it once per connection. `name` must always stand for the same SQL text.
   */
  prepared<T = Record<string, unknown>>(name: string, sql: string, params: unknown[]): Promise<T[]>;
  /** Runs fn on one dedicated connection (PGlite has only one). */
  withSession<T>(fn: (s: RawSession) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}

/** PostgreSQL through node-postgres when a URL is given, otherwise embedded PGlite in `<dataDir>/pglite`. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openPglite(opts.dataDir);
}

// node-postgres returns bigint (int8) as string; our bigints are fen and ids, all far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// Calendar dates stay 'YYYY-MM-DD' strings: never let a server time zone turn them into instants.
pg.types.setTypeParser(1082, (v) => v);

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c timezone=Asia/Shanghai' });
  // Errors on idle clients (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const rawOn = (c: pg.Pool | pg.PoolClient): RawSession => ({
    exec: async (sql) => void (await c.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as T[],
  });
  return {
    kind: 'postgres',
    db,
    query: rawOn(pool).query,
    prepared: async <T>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as T[],
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn(rawOn(client));
      } finally {
        client.release();
      }
    },
    ping: () => pingWith(() => pool.query('select 1')),
    close: once(() => pool.end()),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = path.resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir, {
    parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v },
  });
  await client.exec(`SET TIME ZONE 'Asia/Shanghai'`);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const raw: RawSession = {
    exec: async (sql) => void (await client.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
  };
  // One connection: sessions take turns so that a migration or a lock holder is never interleaved.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    db,
    query: raw.query,
    prepared: (_name, sql, params) => raw.query(sql, params), // one connection, extended protocol: nothing to gain
    withSession(fn) {
      const run = queue.then(() => fn(raw));
      queue = run.catch(() => undefined);
      return run;
    },
    ping: () => pingWith(() => client.query('select 1')),
    close: once(async () => {
      if (!client.closed) await client.close();
    }),
  };
}

/** Closing twice (a stop after the database already failed) is a no-op, not an error. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

async function pingWith(q: () => Promise<unknown>): Promise<boolean> {
  try {
    await Promise.race([q(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
    return true;
  } catch {
    return false;
  }
}
