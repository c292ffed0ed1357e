/**
 * Scheduled jobs run by one instance at a time (J2, K4): each run takes a PostgreSQL advisory lock named after
 * the job and skips when another instance holds it. PGlite serves one instance, so there a run only has to
 * not overlap its own previous run.
 */
import cron from 'node-cron';
import type { Database } from './client.js';
import type { Logger } from '../shared/logger.js';
import { isConnectionError } from './errors.js';

/** Advisory-lock namespace of scheduled jobs (first key of pg_try_advisory_lock(int, int)); the second is hashtext(name). */
export const JOB_LOCK_NAMESPACE = 72_100_402;

const running = new WeakMap<Database, Set<string>>();

/** Runs fn unless another run of the job (here or on another instance) is under way; false when skipped. */
export async function runExclusive(database: Database, name: string, fn: () => Promise<void>): Promise<boolean> {
  const local = running.get(database) ?? new Set<string>();
  running.set(database, local);
  if (local.has(name)) return false;
  local.add(name);
  try {
    if (database.kind !== 'postgres') {
      await fn();
      return true;
    }
    // The lock lives on one pooled connection while fn works on others.
    return await database.withSession(async (s) => {
      const [got] = await s.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [JOB_LOCK_NAMESPACE, name]);
      if (!got?.ok) return false;
      try {
        await fn();
        return true;
      } finally {
        await s.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_NAMESPACE, name]);
      }
    });
  } finally {
    local.delete(name);
  }
}

export interface ScheduledJob {
  name: string;
  /** Runs now (unless a run is under way); resolves when done. */
  runNow(): Promise<boolean>;
  stop(): Promise<void>;
}

/** A run the database cut short (connection lost, server restarting) is tried again after this, then twice as long… */
const JOB_RETRY_FIRST_MS = 2000;
const JOB_RETRY_MAX_MS = 60_000;

/**
 * Schedules a job on a cron expression (Asia/Shanghai); every run goes through runExclusive and logs failures.
 * A run that failed because the database was unreachable gives up its turn (its lock, if the connection holding it
 * died, is already free for another instance) and is tried again within seconds rather than at the next tick,
 * which for a daily job would be tomorrow.
 */
export function scheduleJob(database: Database, logger: Logger, name: string, expression: string, fn: () => Promise<void>): ScheduledJob {
  const runs = new Set<Promise<boolean>>();
  let retry: NodeJS.Timeout | undefined;
  let retryMs = JOB_RETRY_FIRST_MS;
  let stopped = false;
  const runNow = () => {
    clearTimeout(retry);
    retry = undefined;
    const run = runExclusive(database, name, fn).then(
      (ran) => {
        retryMs = JOB_RETRY_FIRST_MS;
        return ran;
      },
      (err: unknown) => {
        if (!isConnectionError(err)) {
          logger.error({ err, job: name }, 'scheduled job failed');
          return false;
        }
        logger.warn({ err, job: name, retryInMs: retryMs }, 'scheduled job gave up its turn: database unavailable');
        if (!stopped) retry = setTimeout(() => void runNow(), retryMs).unref();
        retryMs = Math.min(retryMs * 2, JOB_RETRY_MAX_MS);
        return false;
      },
    );
    runs.add(run);
    void run.finally(() => runs.delete(run));
    return run;
  };
  // A tick while this instance's previous tick still runs is skipped here, quietly: node-cron's own noOverlap warns
  // on the console, outside the server's log, every second for the every-second jobs of a busy machine.
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      await runNow();
    } finally {
      ticking = false;
    }
  };
  const task = cron.schedule(expression, tick, { name, timezone: 'Asia/Shanghai', suppressMissedWarning: true });
  return {
    name,
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await task.stop();
      await task.destroy();
      await Promise.allSettled([...runs]);
    },
  };
}
