/**
 * The staff console's capability as main.ts and app.ts see it: the broadcasts with their fan-out job. The job runs
 * right after a broadcast is created and on its schedule (one instance at a time), so an interrupted fan-out resumes.
 */
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { scheduleJob, type ScheduledJob } from '../db/exclusive-jobs.js';
import { broadcastJob } from './broadcast-job.js';
import type { Logger } from '../shared/logger.js';
import type { WeChat } from '../wechat/index.js';
import { Broadcasts } from './broadcasts.js';

const BROADCAST_JOB = 'console-broadcasts';

export interface StaffConsole {
  broadcasts: Broadcasts;
  start(): void;
  stop(): Promise<void>;
}

export function createConsole(deps: { config: Config; database: Database; logger: Logger; wechat: Pick<WeChat, 'outbox' | 'enqueueTemplates'> }): StaffConsole {
  const log = deps.logger.child({ capability: 'console' });
  let job: ScheduledJob | undefined;
  const broadcasts = new Broadcasts({
    database: deps.database,
    templates: deps.wechat.enqueueTemplates,
    logger: log,
    chunkSize: deps.config.BROADCAST_CHUNK_SIZE,
    kick: () => void job?.runNow(),
    nudge: () => deps.wechat.outbox.worker.nudge(),
  });
  return {
    broadcasts,
    start() {
      job ??= scheduleJob(deps.database, log, BROADCAST_JOB, deps.config.BROADCAST_JOB_CRON, broadcastJob(broadcasts));
      void job.runNow();
    },
    async stop() {
      const j = job;
      job = undefined;
      await j?.stop();
    },
  };
}
