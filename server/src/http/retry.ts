/**
 * Issue 14: when the database connection breaks under a request (pg_terminate_backend, a failover) and the request
 * had sent nothing that could have written (db/write-tracker.ts), it runs once more as soon as the database answers
 * again, so a member's read succeeds instead of a 503. A request that may have written answers 503
 * DATABASE_UNAVAILABLE through the error handler, as does a second failure. PostgreSQL only (PGlite is in-process).
 */
import type Koa from 'koa';
import type { Context, Middleware, Next } from 'koa';
import type { Database } from '../db/client.js';
import { isConnectionError } from '../db/errors.js';
import { trackWrites } from '../db/write-tracker.js';
import { bodyReplayable } from './body.js';

/** How long a retry waits for the pool to connect again (the pool's own connect timeout is 5 s). */
const RECONNECT_WAIT_MS = 5000;

/**
 * Mount right after the error handler. Koa's next() runs once only, so this runs the middleware mounted after it
 * itself (app.middleware from its place on) and never calls next.
 */
export function retryWhenNothingWritten(app: Koa, database: Database): Middleware {
  const at = app.middleware.length;
  let rest: ((ctx: Context) => Promise<void>) | undefined;
  return async (ctx: Context, next: Next) => {
    if (database.kind !== 'postgres') return next();
    rest ??= chain(app.middleware.slice(at + 1) as Middleware[]);
    const first = await trackWrites(() => rest!(ctx));
    if (first.outcome.ok) return;
    const { error } = first.outcome;
    if (!isConnectionError(error) || first.writes.wrote || !bodyReplayable(ctx) || !(await reconnected(database))) throw error;
    ctx.state.log.warn({ err: error }, 'database connection lost before anything was written: trying the request again');
    await rest(ctx);
  };
}

async function reconnected(database: Database): Promise<boolean> {
  const until = Date.now() + RECONNECT_WAIT_MS;
  while (Date.now() < until) {
    if (await database.ping()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** koa-compose for a fixed list: each call runs the list from its start. */
function chain(middleware: Middleware[]): (ctx: Context) => Promise<void> {
  return (ctx) => {
    const dispatch = async (i: number): Promise<void> => {
      const fn = middleware[i];
      if (fn) await fn(ctx as never, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
