/**
 * Sandbox only: the emulated WeChat servers start empty, so they are told who the demo data's WeChat people are
 * (followers of the account, users of the mini-program), as the real platform would know them. Notices and
 * customer-service messages to demo members then reach them in the demo.
 */
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { WeChatEmulatorControl } from '../emulators/wechat/index.js';

export async function registerSandboxFollowers(database: Database, control: WeChatEmulatorControl, config: Config): Promise<number> {
  const rows = await database.query<{ oa_openid: string | null; mp_openid: string | null; unionid: string | null; subscribed: boolean }>(
    'SELECT oa_openid, mp_openid, unionid, subscribed FROM wechat_users',
  );
  for (const r of rows) {
    const unionid = r.unionid ? { unionid: r.unionid } : {};
    if (r.oa_openid) control.addFollower({ appid: config.WECHAT_APP_ID, openid: r.oa_openid, follows: r.subscribed, ...unionid });
    if (r.mp_openid) control.addFollower({ appid: config.WECHAT_MP_APP_ID, openid: r.mp_openid, follows: false, ...unionid });
  }
  return rows.length;
}
