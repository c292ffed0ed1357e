import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { isConnectionError } from './errors.js';
import { lockDataDir } from './data-lock.js';
import { noteStatement } from './write-tracker.js';

/**
 * The drizzle database, the same type whichever driver is underneath. It is built without a schema: each owning
 * folder declares its tables in its own tables.ts (test/architecture.test.ts), and no code uses relational queries
 * (db.query.<table>), the only thing drizzle needs the schema for.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

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
  /**
   * LISTENs on `channel` until close(): `message` for each notification. On PostgreSQL the listening connection
   * is a dedicated one; when it is lost `down` is called (notifications may have been missed from then on), and
   * `up` once it listens again (after a reconnection every second). On PGlite `up` is called once.
   */
  listen(channel: string, handlers: ListenHandlers): void;
  /** PGlite: a consistent copy of the data folder (gzipped tar, PGlite's dumpDataDir), taken while it serves. */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

interface ListenHandlers {
  message(payload: string): void;
  up(): void;
  down(): void;
}

interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** PGlite: who takes the data folder (named to a second process that is refused); default the script's name. */
  owner?: string;
  /** PGlite: start from this dump (npm run restore) instead of the folder's contents; the folder must be empty. */
  loadDataDir?: Blob;
}

/** PostgreSQL through node-postgres when a URL is given, otherwise embedded PGlite in `<dataDir>/pglite`. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10)
    : openPglite(opts.dataDir, opts.owner ?? path.basename(process.argv[1] ?? 'node'), opts.loadDataDir);
}

// node-postgres returns bigint (int8) as string; our bigints are fen and ids, all far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// Calendar dates stay 'YYYY-MM-DD' strings: never let a server time zone turn them into instants.
pg.types.setTypeParser(1082, (v) => v);

const CONNECT_TIMEOUT_MS = 5000;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // A request waiting for a connection while the database is away answers 503 after this, instead of hanging.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c timezone=Asia/Shanghai', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // Errors on idle clients (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // A client taken from the pool (a transaction, an advisory-lock holder) has no listener of the pool's while it is
  // out: when the server ends its connection (pg_terminate_backend, a restart, a failover) the 'error' event would
  // be unhandled and end the process. The query in flight fails on its own (503 DATABASE_UNAVAILABLE); the pool
  // drops the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  trackWritesOf(pool);
  const db = drizzlePg(pool) as unknown as Db;
  const listeners = new Set<PgListener>();
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
      let broken: Error | undefined;
      try {
        return await fn(rawOn(client));
      } catch (err) {
        if (isConnectionError(err)) broken = err as Error;
        throw err;
      } finally {
        client.release(broken); // a broken connection is closed, not handed to the next caller
      }
    },
    ping: () => pingWith(() => pool.query('select 1')),
    listen(channel, handlers) {
      listeners.add(new PgListener(url, channel, handlers));
    },
    close: once(async () => {
      await Promise.all([...listeners].map((l) => l.close()));
      await pool.end();
    }),
  };
}

const textOf = (q: unknown) => (typeof q === 'string' ? q : (q as { text?: unknown } | null)?.text);

/**
 * Notes each statement sent against the request that sends it (write-tracker.ts): `pool.query` at the call, and the
 * clients handed out by `pool.connect()` (transactions, sessions) while they are out. The pool's own use of a client
 * for `pool.query` is not noted again: it may run in whichever request released that client.
 */
function trackWritesOf(pool: pg.Pool): void {
  const out = new WeakSet<pg.PoolClient>();
  const wrapped = new WeakSet<pg.PoolClient>();
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    noteStatement(textOf(args[0]));
    return query(...args);
  };
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    if (args.length) return connect(...args); // the callback form: pool.query's own
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      if (!wrapped.has(client)) {
        wrapped.add(client);
        const clientQuery = client.query.bind(client) as (...a: unknown[]) => unknown;
        (client as { query: unknown }).query = (...a: unknown[]) => {
          if (out.has(client)) noteStatement(textOf(a[0]));
          return clientQuery(...a);
        };
      }
      const release = client.release; // the pool gives each checkout its own
      client.release = (err?: Error | boolean) => {
        out.delete(client);
        return release(err);
      };
      out.add(client);
      return client;
    });
  };
}

const RELISTEN_MS = 1000;

/** One dedicated connection that LISTENs on a channel, reconnecting every second while it cannot. */
class PgListener {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: ListenHandlers,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`not a plain channel name: ${channel}`);
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.timer = undefined;
    if (this.closed) return;
    const c = new pg.Client({ connectionString: this.url, application_name: `hpf-listen-${this.channel}`, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    this.client = c;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (this.client === c) this.client = undefined;
      this.handlers.down();
      c.end().catch(() => undefined);
      if (!this.closed) this.timer = setTimeout(() => void this.connect(), RELISTEN_MS).unref();
    };
    c.on('error', onLost);
    c.on('end', onLost);
    c.on('notification', (n) => {
      if (n.channel === this.channel) this.handlers.message(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${this.channel}`);
      if (!lost && !this.closed) this.handlers.up();
    } catch {
      onLost();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    if (c) {
      c.removeAllListeners('end');
      c.removeAllListeners('error');
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
    }
  }
}

async function openPglite(dataDir: string, owner: string, loadDataDir?: Blob): Promise<Database> {
  const dir = path.resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const lock = lockDataDir(dataDir, owner); // one process per data folder (DataDirInUseError otherwise)
  let client: PGlite;
  try {
    client = await PGlite.create(dir, {
      parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v },
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    await client.exec(`SET TIME ZONE 'Asia/Shanghai'`);
  } catch (err) {
    lock.release();
    throw err;
  }
  const db = drizzlePglite(client) as unknown as Db;
  const raw: RawSession = {
    exec: async (sql) => void (await client.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
  };
  // One connection: sessions take turns so that a migration or a lock holder is never interleaved.
  let queue: Promise<unknown> = Promise.resolve();
  const unlisten: Promise<() => Promise<void>>[] = [];
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
    dump: () => client.dumpDataDir('gzip'),
    listen(channel, handlers) {
      // The same (only) connection: it hears what it commits itself, and it never goes down.
      const u = client.listen(channel, (payload) => handlers.message(payload));
      unlisten.push(u.catch(() => async () => undefined));
      u.then(
        () => handlers.up(),
        () => undefined,
      );
    },
    close: once(async () => {
      for (const u of await Promise.all(unlisten)) await u().catch(() => undefined);
      try {
        if (!client.closed) await client.close();
      } finally {
        lock.release();
      }
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
