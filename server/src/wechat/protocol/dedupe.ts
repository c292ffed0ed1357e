/**
 * Keys for de-duplicating WeChat's retries (it re-sends a push up to three times when we are slow).
 * Messages: MsgId together with sender and CreateTime, since MsgId alone has collided in practice.
 * Events carry no id: FromUserName + CreateTime + Event is what WeChat's FAQ recommends (plus the EventKey
 * of menu clicks and scans, so that two taps in one second are two events).
 * The webhook stores these in a table shared by all instances; this file only names them.
 */
import type { WeChatPush } from './types.js';

export function dedupeKey(push: WeChatPush): string {
  if (push.MsgType === 'event') {
    // Two template messages to one member can finish in the same second; their MsgID tells them apart.
    // Likewise two menu items tapped (or two codes scanned) within one second: a repeat carries the same EventKey.
    const extra = push.Event === 'TEMPLATESENDJOBFINISH' ? `:${push.MsgID}` : 'EventKey' in push && push.EventKey ? `:${push.EventKey}` : '';
    return `evt:${push.FromUserName}:${push.CreateTime}:${push.Event}${extra}`;
  }
  if (push.MsgType === 'unknown') {
    return push.MsgId
      ? `msg:${push.MsgId}:${push.FromUserName}:${push.CreateTime}`
      : `evt:${push.FromUserName}:${push.CreateTime}:${push.Event ?? push.OriginalMsgType}`;
  }
  return `msg:${push.MsgId}:${push.FromUserName}:${push.CreateTime}`;
}
