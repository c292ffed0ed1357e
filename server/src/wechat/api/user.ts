/** Follower info (cgi-bin/user/info): whether they follow, and the unionid that joins the account and the mini-program (H6). */
import type { WeChatCall } from './request.js';

interface FollowerInfo {
  subscribed: boolean;
  openid: string;
  unionid?: string;
}

export async function getFollower(call: WeChatCall, openid: string): Promise<FollowerInfo> {
  const r = await call<{ subscribe: number; openid: string; unionid?: string }>('user/info', undefined, { query: { openid, lang: 'zh_CN' } });
  return { subscribed: r.subscribe === 1, openid: r.openid, ...(r.unionid ? { unionid: r.unionid } : {}) };
}
