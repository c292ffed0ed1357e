/**
 * Clean-up of the official account's template delivery events (those that came before their send was recorded
 * are applied, those older than two days forgotten) and of expired URL Links. (Old pushes go in
 * wechat-push-log.ts, every minute.)
 */
import type { Logger } from '../../shared/logger.js';
import type { OutboxStore } from '../outbox/store.js';
import type { UrlLinks } from '../url-links.js';

export function wechatHousekeepingJob(outbox: OutboxStore, urlLinks: UrlLinks, logger: Logger): () => Promise<void> {
  return async () => {
    const applied = await outbox.reconcileEvents();
    const expiredLinks = await urlLinks.purge();
    if (applied || expiredLinks) logger.info({ applied, expiredLinks }, 'wechat housekeeping');
  };
}
