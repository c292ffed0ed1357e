/**
 * Clean-up of the official account's template delivery events: those that came before their send was recorded
 * are applied, and those older than two days forgotten. (Old pushes go in wechat-push-log.ts, every minute.)
 */
import type { Logger } from '../shared/logger.js';
import type { OutboxStore } from '../wechat/outbox/store.js';

export function wechatHousekeepingJob(outbox: OutboxStore, logger: Logger): () => Promise<void> {
  return async () => {
    const applied = await outbox.reconcileEvents();
    if (applied) logger.info({ applied }, 'wechat housekeeping');
  };
}
