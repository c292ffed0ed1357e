/**
 * The loan jobs (J2) as main.ts starts them: spouse-confirmation expiry, repayment reminders and the D2 monthly
 * offset, each on its configured schedule under the jobs' advisory lock (db/exclusive-jobs.ts: two instances never run one
 * job at once). `runOnce` runs a job now through the same lock, for tests and scripts.
 */
import type { Config } from '../config.js';
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import type { PushNotice } from '../notifications/service.js';
import type { Logger } from '../shared/logger.js';
import type { SpouseConfirmations } from '../spouse/service.js';
import type { Clock } from '../shared/clock.js';
import { runExclusive, scheduleJob, type ScheduledJob } from '../db/exclusive-jobs.js';
import { monthlyOffsetJob } from './monthly-offset.js';
import { repaymentReminderJob } from '../loanbusiness/repayment-reminders.js';
import { spouseExpiryJob } from './spouse-expiry.js';

interface LoanJobDeps {
  config: Pick<Config, 'LOAN_JOB_SPOUSE_EXPIRY_CRON' | 'LOAN_JOB_REMINDER_CRON' | 'LOAN_REMINDER_DAYS_BEFORE' | 'LOAN_JOB_MONTHLY_OFFSET_CRON'>;
  database: Database;
  core: CoreGateway;
  clock: Clock;
  logger: Logger;
  push?: PushNotice | undefined;
  /** C12's confirmations as the loan business built them (root.ts): the expiry job closes overdue ones. */
  spouse: Pick<SpouseConfirmations, 'expireOverdue'>;
}

export function createLoanJobs(deps: LoanJobDeps) {
  const log = deps.logger.child({ capability: 'loan-jobs' });
  const bodies = {
    spouseExpiry: spouseExpiryJob(deps.spouse, log),
    repaymentReminders: repaymentReminderJob({ ...deps, daysBefore: deps.config.LOAN_REMINDER_DAYS_BEFORE, logger: log }),
    monthlyOffset: monthlyOffsetJob({ ...deps, logger: log }),
  };
  const names = { spouseExpiry: 'loan-spouse-expiry', repaymentReminders: 'loan-repayment-reminders', monthlyOffset: 'loan-monthly-offset' } as const;
  let scheduled: ScheduledJob[] = [];

  /** Runs a job now under its lock; `skipped` when another run (here or on another instance) holds it. */
  async function exclusive<T>(name: string, fn: () => Promise<T>): Promise<{ skipped: true } | { skipped: false; result: T }> {
    let result: T | undefined;
    const ran = await runExclusive(deps.database, name, async () => void (result = await fn()));
    return ran ? { skipped: false, result: result as T } : { skipped: true };
  }

  return {
    runOnce: {
      spouseExpiry: (now?: Date) => exclusive(names.spouseExpiry, () => bodies.spouseExpiry(now)),
      repaymentReminders: (today?: string) => exclusive(names.repaymentReminders, () => bodies.repaymentReminders(today)),
      monthlyOffset: (today?: string) => exclusive(names.monthlyOffset, () => bodies.monthlyOffset(today)),
    },
    start() {
      if (scheduled.length) return;
      scheduled = [
        scheduleJob(deps.database, log, names.spouseExpiry, deps.config.LOAN_JOB_SPOUSE_EXPIRY_CRON, async () => void (await bodies.spouseExpiry())),
        scheduleJob(deps.database, log, names.repaymentReminders, deps.config.LOAN_JOB_REMINDER_CRON, async () => void (await bodies.repaymentReminders())),
        scheduleJob(deps.database, log, names.monthlyOffset, deps.config.LOAN_JOB_MONTHLY_OFFSET_CRON, async () => void (await bodies.monthlyOffset())),
      ];
    },
    async stop() {
      const jobs = scheduled;
      scheduled = [];
      await Promise.all(jobs.map((j) => j.stop()));
    },
  };
}

export type LoanJobs = ReturnType<typeof createLoanJobs>;
