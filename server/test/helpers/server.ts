/** Starts the real server on a free port against a fresh database, as a member's phone or WeChat would reach it. */
import { Writable } from 'node:stream';
import { start, type RunningServer } from '../../src/main.js';
import type { Database } from '../../src/db/client.js';
import { startCoreEmulator, type CoreEmulator } from '../../src/emulators/core/server.js';
import { TEST_CLOCK_AT, freshDatabase, type Target, type TestDatabase } from './database.js';

/** Which core a test server reads members' figures from (CORE_MODE). */
export type CoreKind = 'builtin' | 'external';

/**
 * The cores the read-only query tests run against: both on PGlite; on PostgreSQL only the built-in one (the
 * external core's wire and the product's answers do not depend on the product's database; this keeps the suite's
 * time down).
 */
export function cores(target: Target): CoreKind[] {
  return target === 'pglite' ? ['builtin', 'external'] : ['builtin'];
}

/** ' (external core)' for a describe() title, '' for the built-in one. */
export const coreTitle = (core: CoreKind): string => (core === 'external' ? ' (external core)' : '');

export interface TestServer extends RunningServer {
  db: TestDatabase;
  /** `core: 'external'`: the core emulator the server reads from (its own fresh seeded database); faults on command. */
  coreEmulator?: CoreEmulator;
  /** The database the core reads members' figures from: the core emulator's with `core: 'external'`, else `database`. */
  coreDatabase: Database;
  /** Every log line written, for assertions that personal data never reaches the logs. */
  logLines: string[];
  json<T = any>(path: string, init?: RequestInit & { json?: unknown }): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestServer(
  target: Target,
  opts: {
    seeded?: boolean;
    env?: Record<string, string>;
    /** PostgreSQL: reach the database another way (the fault tests' proxy). */ databaseUrl?: (url: string) => string;
    /**
     * 'external': a core emulator on a free port over its own fresh seeded database (the same demo center), and the
     * server started with CORE_MODE=external and CORE_BASE_URL at it. Default: the built-in core.
     */
    core?: CoreKind;
  } = {},
): Promise<TestServer> {
  const coreSide = opts.core === 'external' ? await startTestCore(target) : undefined;
  try {
    return await startWithCore(target, opts, coreSide);
  } catch (err) {
    await coreSide?.close();
    throw err;
  }
}

async function startTestCore(target: Target): Promise<{ emulator: CoreEmulator; database: Database; close(): Promise<void> }> {
  const db = await freshDatabase(target, { seeded: true });
  let database: Database | undefined;
  try {
    database = await db.open();
    const emulator = await startCoreEmulator({ database });
    return {
      emulator,
      database,
      async close() {
        await emulator.close();
        await database!.close();
        await db.cleanup();
      },
    };
  } catch (err) {
    await database?.close();
    await db.cleanup();
    throw err;
  }
}

async function startWithCore(
  target: Target,
  opts: { seeded?: boolean; env?: Record<string, string>; databaseUrl?: (url: string) => string },
  coreSide: { emulator: CoreEmulator; database: Database; close(): Promise<void> } | undefined,
): Promise<TestServer> {
  const db = await freshDatabase(target, { seeded: opts.seeded ?? true });
  const dbEnv = opts.databaseUrl && db.env.DATABASE_URL ? { ...db.env, DATABASE_URL: opts.databaseUrl(db.env.DATABASE_URL) } : db.env;
  const logLines: string[] = [];
  const log = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  // Production runs on the machine's clock (CLOCK_AT is refused there).
  const clock = opts.env?.['APP_MODE'] === 'production' ? {} : { CLOCK_AT: TEST_CLOCK_AT };
  const coreEnv = coreSide ? { CORE_MODE: 'external', CORE_BASE_URL: coreSide.emulator.url } : {};
  let running: RunningServer;
  try {
    running = await start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...clock, ...dbEnv, ...coreEnv, ...opts.env }, { log });
  } catch (err) {
    await db.cleanup();
    throw err;
  }
  return {
    ...running,
    db,
    ...(coreSide ? { coreEmulator: coreSide.emulator } : {}),
    coreDatabase: coreSide?.database ?? running.database,
    logLines,
    json: jsonAt(running.url),
    async close() {
      await running.stop();
      await db.cleanup();
      await coreSide?.close();
    },
  };
}

/** TestServer's `json(path, init)` against the server at `url` (also one in another process, as the fault tests run it). */
export function jsonAt(url: string): TestServer['json'] {
  return async (path, init = {}) => {
    const { json, ...rest } = init;
    const res = await fetch(url + path, {
      ...rest,
      headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(rest.headers as Record<string, string> | undefined) },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: body as never, headers: res.headers };
  };
}
