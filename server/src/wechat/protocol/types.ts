/**
 * Pushes from the official-account platform (「接收普通消息」「接收事件推送」「模板消息」), with
 * WeChat's own field names so a reader can hold them next to the documentation.
 * Ids stay strings: MsgId is a 64-bit integer and would lose digits as a JS number.
 * CreateTime is seconds since the epoch.
 */

export interface PushBase {
  /** The account's original id (gh_…). */
  ToUserName: string;
  /** The member's openid. */
  FromUserName: string;
  /** Seconds, never milliseconds. */
  CreateTime: number;
}

export interface TextMessage extends PushBase {
  MsgType: 'text';
  Content: string;
  MsgId: string;
}

export interface ImageMessage extends PushBase {
  MsgType: 'image';
  PicUrl: string;
  MediaId: string;
  MsgId: string;
}

export interface VoiceMessage extends PushBase {
  MsgType: 'voice';
  MediaId: string;
  Format: string;
  /** Speech recognition result, present only when the account enabled it. */
  Recognition?: string;
  MsgId: string;
}

export interface LocationMessage extends PushBase {
  MsgType: 'location';
  Location_X: number;
  Location_Y: number;
  Scale: number;
  Label: string;
  MsgId: string;
}

export interface LinkMessage extends PushBase {
  MsgType: 'link';
  Title: string;
  Description: string;
  Url: string;
  MsgId: string;
}

interface EventBase extends PushBase {
  MsgType: 'event';
}

export interface SubscribeEvent extends EventBase {
  Event: 'subscribe';
  /** `qrscene_<scene>` when the member followed by scanning a parametric QR code. */
  EventKey?: string;
  Ticket?: string;
}

export interface UnsubscribeEvent extends EventBase {
  Event: 'unsubscribe';
}

export interface ScanEvent extends EventBase {
  Event: 'SCAN';
  EventKey: string;
  Ticket: string;
}

export interface LocationEvent extends EventBase {
  Event: 'LOCATION';
  Latitude: number;
  Longitude: number;
  Precision: number;
}

export interface ClickEvent extends EventBase {
  Event: 'CLICK';
  EventKey: string;
}

export interface ViewEvent extends EventBase {
  Event: 'VIEW';
  /** The URL the menu opened. */
  EventKey: string;
  MenuId?: string;
}

export interface ViewMiniProgramEvent extends EventBase {
  Event: 'view_miniprogram';
  /** The mini-program page path. */
  EventKey: string;
  MenuId?: string;
}

/** Status strings as documented: "success", "failed:user block", "failed: system failed". */
export type TemplateSendStatus = 'success' | 'failed:user block' | 'failed: system failed' | (string & {});

export interface TemplateSendJobFinishEvent extends EventBase {
  Event: 'TEMPLATESENDJOBFINISH';
  /** Note the capital D: this event spells it MsgID, unlike messages' MsgId. */
  MsgID: string;
  Status: TemplateSendStatus;
}

/** Anything we do not model (video, file, other events): kept so the dispatcher can answer "success". */
export interface UnknownPush extends PushBase {
  MsgType: 'unknown';
  OriginalMsgType: string;
  Event?: string;
  MsgId?: string;
  fields: Readonly<Record<string, string>>;
}

export type MessagePush = TextMessage | ImageMessage | VoiceMessage | LocationMessage | LinkMessage;

export type EventPush =
  SubscribeEvent | UnsubscribeEvent | ScanEvent | LocationEvent | ClickEvent | ViewEvent | ViewMiniProgramEvent | TemplateSendJobFinishEvent;

export type WeChatPush = MessagePush | EventPush | UnknownPush;

export type EventName = EventPush['Event'];

export const MESSAGE_TYPES = ['text', 'image', 'voice', 'location', 'link'] as const satisfies readonly MessagePush['MsgType'][];

export const EVENT_NAMES = [
  'subscribe',
  'unsubscribe',
  'SCAN',
  'LOCATION',
  'CLICK',
  'VIEW',
  'view_miniprogram',
  'TEMPLATESENDJOBFINISH',
] as const satisfies readonly EventName[];

export const isEvent = (push: WeChatPush): push is EventPush => push.MsgType === 'event';

/** Passive replies the account may answer with (「被动回复用户消息」). */
export interface NewsArticle {
  Title: string;
  Description: string;
  PicUrl: string;
  Url: string;
}

export type PassiveReply =
  | { MsgType: 'text'; ToUserName: string; FromUserName: string; CreateTime: number; Content: string }
  | { MsgType: 'news'; ToUserName: string; FromUserName: string; CreateTime: number; Articles: NewsArticle[] }
  | { MsgType: 'other'; ToUserName: string; FromUserName: string; CreateTime: number; OriginalMsgType: string };
