/**
 * H6: asks WeChat (cgi-bin/user/info) for the unionid of followers who do not have one yet, so that a person who
 * follows the account and uses the mini-program is one wechat_users row (and one member). Run after each
 * follow and on a schedule; followers of the last day only, since an account without an open-platform
 * binding never gets unionids.
 */
import type { Logger } from '../../shared/logger.js';
import { WeChatApiError, type WeChatCall } from '../api/request.js';
import { getFollower } from '../api/user.js';
import type { WeChatUsers } from '../users.js';

const BATCH = 100;

export function wechatUnionidJob(users: WeChatUsers, call: WeChatCall, logger: Logger): () => Promise<void> {
  return async () => {
    let failed = 0;
    let lastError: string | undefined;
    for (const openid of await users.withoutUnionid(BATCH)) {
      let unionid: string | undefined;
      try {
        unionid = (await getFollower(call, openid)).unionid;
      } catch (err) {
        // One follower WeChat does not know (40003) or a failed call does not stop the others; the next run retries.
        failed++;
        lastError = err instanceof WeChatApiError ? `${err.errcode ?? 'network'}: ${err.message}` : String(err);
        continue;
      }
      if (!unionid) continue;
      const result = await users.attachUnionid(openid, unionid);
      if (result === 'conflict') logger.warn({ result }, 'a follower’s unionid belongs to another bound WeChat person; left for identity to resolve');
    }
    if (failed) logger.warn({ failed, lastError }, 'unionid lookups failed');
  };
}
