/**
 * Scheduled jobs run by one instance at a time (J2, K4): each run takes a PostgreSQL advisory lock named after
 * the job and skips when another instance holds it. PGlite serves one instance, so there a run only has to
 * not overlap its own previous run.
 */
import cron from 'node-cron';
import type { Database } from '../db/client.js';
import type { Logger } from '../shared/logger.js';

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

/** Schedules a job on a cron expression (Asia/Shanghai); every run goes through runExclusive and logs failures. */
export function scheduleJob(database: Database, logger: Logger, name: string, expression: string, fn: () => Promise<void>): ScheduledJob {
  const runs = new Set<Promise<boolean>>();
  const runNow = () => {
    const run = runExclusive(database, name, fn).catch((err: unknown) => {
      logger.error({ err, job: name }, 'scheduled job failed');
      return false;
    });
    runs.add(run);
    void run.finally(() => runs.delete(run));
    return run;
  };
  const task = cron.schedule(expression, async () => void (await runNow()), { name, timezone: 'Asia/Shanghai', noOverlap: true, suppressMissedWarning: true });
  return {
    name,
    runNow,
    async stop() {
      await task.stop();
      await task.destroy();
      await Promise.allSettled([...runs]);
    },
  };
}
