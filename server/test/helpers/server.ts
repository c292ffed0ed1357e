/** Starts the real server on a free port against a fresh database, as a member's phone or WeChat would reach it. */
import { Writable } from 'node:stream';
import { start, type RunningServer } from '../../src/main.js';
import { TEST_CLOCK_AT, freshDatabase, type Target, type TestDatabase } from './database.js';

export interface TestServer extends RunningServer {
  db: TestDatabase;
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
  } = {},
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
  const running = await start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...clock, ...dbEnv, ...opts.env }, { log });
  return {
    ...running,
    db,
    logLines,
    json: jsonAt(running.url),
    async close() {
      await running.stop();
      await db.cleanup();
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
