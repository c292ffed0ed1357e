/**
 * Retention of the push log (H1): pushes received more than WECHAT_PUSH_LOG_RETENTION_MINUTES ago are deleted in
 * batches. They are kept only to answer WeChat's repeats, which come within about 15 s, and their stored
 * answers may hold a member's figures.
 */
import type { Logger } from '../../shared/logger.js';
import type { PushLog } from '../push-log.js';

export function wechatPushLogJob(pushLog: PushLog, retentionMinutes: number, logger: Logger): () => Promise<void> {
  return async () => {
    const purged = await pushLog.purge(retentionMinutes);
    if (purged) logger.info({ purged }, 'wechat push log: old pushes forgotten');
  };
}
