/**
 * Clean-up of the official account's tables: answered pushes older than a day are forgotten (their answers may
 * hold a member's figures), and template delivery events that came before their send was recorded are applied.
 */
import type { Logger } from '../shared/logger.js';
import type { OutboxStore } from '../wechat/outbox/store.js';
import type { PushLog } from '../wechat/push-log.js';

export const PUSH_LOG_RETENTION_HOURS = 24;

export function wechatHousekeepingJob(pushLog: PushLog, outbox: OutboxStore, logger: Logger): () => Promise<void> {
  return async () => {
    const purged = await pushLog.purge(PUSH_LOG_RETENTION_HOURS);
    const applied = await outbox.reconcileEvents();
    if (purged || applied) logger.info({ purged, applied }, 'wechat housekeeping');
  };
}
