/**
 * J2 token refresh: renews each WeChat app's shared access_token before it expires, so no member's request
 * waits for a token fetch. One instance runs it (runExclusive); the refresh itself re-checks under its own lock.
 */
import type { WeChatClients } from '../api/client.js';

/** stable_token renews a token only in its last five minutes; earlier calls return the same token. */
const REFRESH_AHEAD_MS = 5 * 60_000;

export function wechatTokenJob(clients: WeChatClients): () => Promise<void> {
  return async () => {
    await clients.officialAccount.tokens.refreshIfExpiring(REFRESH_AHEAD_MS);
    await clients.miniProgram.tokens.refreshIfExpiring(REFRESH_AHEAD_MS);
  };
}
