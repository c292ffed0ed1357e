/**
 * Driving the official account as WeChat does: members' messages and events go through the WeChat emulator's
 * push side (signed, encrypted in safe mode) to the real server's /wechat; the test reads what the member sees.
 */
import { BuiltinCore } from '../../src/core/builtin/gateway.js';
import type { Database } from '../../src/db/client.js';
import { buildEvent, buildTextMessage, serializePush, type EventInput, type PushResult, type WeChatEmulatorControl } from '../../src/emulators/wechat/index.js';
import { newPushMsgId } from '../../src/emulators/wechat/messages.js';
import type { WeChatPush } from '../../src/wechat/protocol/types.js';
import { testCipher } from './database.js';

/** 000's member 卢青怡, and the other people of the manuals the tests use. */
export const PEOPLE = {
  luQingyi: '530123199907242329',
  duanDemei: '530702198503160243',
  liGuoqiang: '530702198309050155',
} as const;

export const coreOf = (database: Database) => new BuiltinCore(database, testCipher());

/** Binds an official-account openid to the member with this ID number (as identity would) and returns the member id. */
export async function bindOpenid(
  database: Database,
  openid: string,
  idNumber: string,
  extra: { mpOpenid?: string; subscribed?: boolean } = {},
): Promise<number> {
  const member = await coreOf(database).findMemberByIdNumber(idNumber);
  if (!member) throw new Error(`no member ${idNumber}`);
  // The demo data may bind the member already: the test's binding replaces it.
  await database.query('UPDATE wechat_users SET member_id = NULL, bound_at = NULL WHERE member_id = $1', [member.id]);
  await database.query(
    `INSERT INTO wechat_users (oa_openid, mp_openid, subscribed, subscribed_at, member_id, bound_at) VALUES ($1, $2, $3, now(), $4, now())
     ON CONFLICT (oa_openid) DO UPDATE SET member_id = EXCLUDED.member_id, bound_at = now(), mp_openid = EXCLUDED.mp_openid`,
    [openid, extra.mpOpenid ?? null, extra.subscribed ?? true, member.id],
  );
  return member.id;
}

interface Member {
  /** Sends a text message; resolves with what the webhook answered. */
  text(content: string, opts?: { msgId?: string; createTime?: number }): Promise<PushResult>;
  event(e: DistributiveOmit<EventInput, 'ToUserName' | 'FromUserName'>): Promise<PushResult>;
  /** Any other push (location, voice …). */
  push(p: DistributiveOmit<WeChatPush, 'ToUserName' | 'FromUserName' | 'CreateTime'> & { CreateTime?: number }): Promise<PushResult>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function memberOf(control: WeChatEmulatorControl, openid: string): Member {
  const to = control.originalId();
  return {
    text: (content, opts = {}) =>
      control.push(
        buildTextMessage({
          ToUserName: to,
          FromUserName: openid,
          Content: content,
          ...(opts.msgId ? { MsgId: opts.msgId } : {}),
          ...(opts.createTime ? { CreateTime: opts.createTime } : {}),
        }),
      ),
    event: (e) => control.push(buildEvent({ ...e, ToUserName: to, FromUserName: openid } as EventInput)),
    push: (p) => control.push(serializePush({ CreateTime: Math.floor(Date.now() / 1000), ...p, ToUserName: to, FromUserName: openid } as WeChatPush)),
  };
}

/** The text the member sees, or '' when the account answered "success" (nothing shown). */
export function shown(result: PushResult): string {
  if (result.reply === '' || result.reply === 'success') return '';
  if (result.reply.MsgType !== 'text') throw new Error(`expected a text reply, got ${result.reply.MsgType}`);
  return result.reply.Content;
}

export { newPushMsgId };

export const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
