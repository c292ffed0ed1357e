/**
 * Builders for the XML WeChat pushes to the webhook: member messages and events, in the
 * platform's layout (strings in CDATA, numbers bare, CreateTime in seconds, a 64-bit MsgId).
 */
import { randomBytes } from 'node:crypto';
import { cdata } from '../../wechat/protocol/reply.js';
import type { EventPush, TextMessage, WeChatPush } from '../../wechat/protocol/types.js';

/** Fields WeChat writes without CDATA. */
const BARE = new Set(['CreateTime', 'MsgId', 'MsgID', 'Location_X', 'Location_Y', 'Scale', 'Latitude', 'Longitude', 'Precision']);
const HEAD = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event'];

let lastMsgId = 0n;

/** A fresh MsgId: 19 digits like real ones, strictly increasing within the process. */
export function newPushMsgId(): string {
  const random = BigInt(`0x${randomBytes(7).toString('hex')}`);
  const candidate = 7_000_000_000_000_000_000n + (random % 1_000_000_000_000_000_000n);
  lastMsgId = candidate > lastMsgId ? candidate : lastMsgId + 1n;
  return String(lastMsgId);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Serialises any typed push back to WeChat's XML (the inverse of parsePush). */
export function serializePush(push: WeChatPush): string {
  const fields: Record<string, string> =
    push.MsgType === 'unknown' ? { ...push.fields } : Object.fromEntries(Object.entries(push).map(([k, v]) => [k, String(v)]));
  const keys = [...HEAD.filter((k) => k in fields), ...Object.keys(fields).filter((k) => !HEAD.includes(k))];
  const body = keys
    .filter((k) => !k.includes('.')) // nested fields of unknown pushes are not rebuilt
    .map((k) => {
      const v = fields[k] ?? '';
      return `<${k}>${BARE.has(k) ? v : cdata(v)}</${k}>`;
    })
    .join('');
  return `<xml>${body}</xml>`;
}

type TextMessageInput = Omit<TextMessage, 'MsgType' | 'CreateTime' | 'MsgId'> & { CreateTime?: number; MsgId?: string };

/** A member's text message to the account. */
export function buildTextMessage(input: TextMessageInput): string {
  return serializePush({
    ToUserName: input.ToUserName,
    FromUserName: input.FromUserName,
    CreateTime: input.CreateTime ?? nowSeconds(),
    MsgType: 'text',
    Content: input.Content,
    MsgId: input.MsgId ?? newPushMsgId(),
  });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<EventPush, 'MsgType' | 'CreateTime'> & { CreateTime?: number };

/** An event push (subscribe, CLICK, TEMPLATESENDJOBFINISH, …). */
export function buildEvent(input: EventInput): string {
  return serializePush({ ...input, MsgType: 'event', CreateTime: input.CreateTime ?? nowSeconds() } as EventPush);
}
