/**
 * XML in and out of the push protocol.
 * Parsing is deliberately narrow: fast-xml-parser with entity processing off, and any markup
 * declaration (<!DOCTYPE, <!ENTITY, …) outside CDATA refused before the parser sees it, so neither
 * billion-laughs expansion nor external entities can happen. WeChat never sends either.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { protocolError } from './errors.js';
import {
  EVENT_NAMES,
  MESSAGE_TYPES,
  type EventName,
  type MessagePush,
  type NewsArticle,
  type PassiveReply,
  type PushBase,
  type WeChatPush,
} from './types.js';

// Reply building lives in reply.ts; re-exported so callers have one XML module to import.
export { cdata, textReply, newsReply, miniProgramLink, replyAddress, nowSeconds } from './reply.js';
export type { ReplyAddress } from './reply.js';

/** Real pushes are ~1 KB (3× that in compatible mode); anything near this cap is not WeChat. */
export const MAX_XML_BYTES = 64 * 1024;

export type XmlFields = Readonly<Record<string, string>>;

const parser = new XMLParser({
  ignoreAttributes: true,
  processEntities: false, // &lol; stays literal text: no expansion, no external fetch
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false, // ids stay strings; we convert the few numeric fields ourselves
  trimValues: true, // trims text between tags; CDATA content is kept verbatim
  isArray: (name) => name === 'item', // news <Articles><item/>… is a list even with one article
});

const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/g;

/** Refuses DTDs and other markup declarations; CDATA is exempt since members may type "<!" in chat. */
function assertNoDeclarations(xml: string): void {
  const outsideCdata = xml.replace(CDATA_SECTION, '');
  const m = /<!\s*([A-Za-z-]*)/.exec(outsideCdata);
  if (m) throw protocolError('WECHAT_XML_REJECTED', `<!${m[1] ?? ''}`);
}

/** Parses `<xml>…</xml>` into a flat map; nested elements become dotted keys (ScanCodeInfo.ScanType). */
export function parseXmlFields(xml: string): XmlFields {
  if (Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES) throw protocolError('WECHAT_BODY_TOO_LARGE');
  assertNoDeclarations(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw protocolError('WECHAT_XML_INVALID', valid.err.msg);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = doc['xml'];
  if (root === null || typeof root !== 'object' || Array.isArray(root)) throw protocolError('WECHAT_XML_INVALID', 'no <xml> root');
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  flatten(root as Record<string, unknown>, '', fields);
  return fields;
}

function flatten(node: Record<string, unknown>, prefix: string, out: Record<string, string>): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === '#text') continue;
    const name = prefix + key;
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) {
      if (key !== 'item') throw protocolError('WECHAT_XML_INVALID', `repeated <${key}>`);
      value.forEach((v, i) => {
        if (v && typeof v === 'object') flatten(v as Record<string, unknown>, `${name}.${i}.`, out);
      });
    } else if (value && typeof value === 'object') flatten(value as Record<string, unknown>, `${name}.`, out);
  }
}

function required(f: XmlFields, key: string): string {
  const v = f[key];
  if (v === undefined || v === '') throw protocolError('WECHAT_PUSH_INVALID', `missing ${key}`);
  return v;
}

/** Present-or-absent (never `key: undefined`), so parsed pushes compare equal to built ones. */
function optional<K extends string>(f: XmlFields, key: K): Partial<Record<K, string>> {
  const v = f[key];
  return (v === undefined ? {} : { [key]: v }) as Partial<Record<K, string>>;
}

function integer(f: XmlFields, key: string): number {
  const v = required(f, key);
  if (!/^\d{1,15}$/.test(v)) throw protocolError('WECHAT_PUSH_INVALID', `${key} is not an integer`);
  return Number(v);
}

function decimal(f: XmlFields, key: string): number {
  const n = Number(required(f, key));
  if (!Number.isFinite(n)) throw protocolError('WECHAT_PUSH_INVALID', `${key} is not a number`);
  return n;
}

/** Turns flat fields into the typed union; unknown types are kept, not refused. */
export function toPush(f: XmlFields): WeChatPush {
  const base: PushBase = {
    ToUserName: required(f, 'ToUserName'),
    FromUserName: required(f, 'FromUserName'),
    CreateTime: integer(f, 'CreateTime'),
  };
  const type = required(f, 'MsgType');
  if (type === 'event') {
    const event = required(f, 'Event');
    if ((EVENT_NAMES as readonly string[]).includes(event)) return toEvent(base, event as EventName, f);
    return { ...base, MsgType: 'unknown', OriginalMsgType: type, Event: event, fields: f };
  }
  if ((MESSAGE_TYPES as readonly string[]).includes(type)) return toMessage(base, type as MessagePush['MsgType'], f);
  return { ...base, MsgType: 'unknown', OriginalMsgType: type, ...optional(f, 'MsgId'), fields: f };
}

function toMessage(base: PushBase, type: MessagePush['MsgType'], f: XmlFields): MessagePush {
  const MsgId = required(f, 'MsgId');
  switch (type) {
    case 'text':
      return { ...base, MsgType: type, Content: f['Content'] ?? '', MsgId };
    case 'image':
      return { ...base, MsgType: type, PicUrl: f['PicUrl'] ?? '', MediaId: required(f, 'MediaId'), MsgId };
    case 'voice':
      return { ...base, MsgType: type, MediaId: required(f, 'MediaId'), Format: f['Format'] ?? '', ...optional(f, 'Recognition'), MsgId };
    case 'location':
      return {
        ...base, MsgType: type, Location_X: decimal(f, 'Location_X'), Location_Y: decimal(f, 'Location_Y'),
        Scale: decimal(f, 'Scale'), Label: f['Label'] ?? '', MsgId,
      };
    case 'link':
      return { ...base, MsgType: type, Title: f['Title'] ?? '', Description: f['Description'] ?? '', Url: required(f, 'Url'), MsgId };
  }
}

function toEvent(base: PushBase, event: EventName, f: XmlFields): WeChatPush {
  const e = { ...base, MsgType: 'event' as const };
  switch (event) {
    case 'subscribe':
      return { ...e, Event: event, ...optional(f, 'EventKey'), ...optional(f, 'Ticket') };
    case 'unsubscribe':
      return { ...e, Event: event };
    case 'SCAN':
      return { ...e, Event: event, EventKey: f['EventKey'] ?? '', Ticket: f['Ticket'] ?? '' };
    case 'LOCATION':
      return { ...e, Event: event, Latitude: decimal(f, 'Latitude'), Longitude: decimal(f, 'Longitude'), Precision: decimal(f, 'Precision') };
    case 'CLICK':
      return { ...e, Event: event, EventKey: f['EventKey'] ?? '' };
    case 'VIEW':
    case 'view_miniprogram':
      return { ...e, Event: event, EventKey: f['EventKey'] ?? '', ...optional(f, 'MenuId') };
    case 'TEMPLATESENDJOBFINISH':
      return { ...e, Event: event, MsgID: required(f, 'MsgID'), Status: required(f, 'Status') };
  }
}

/** A plain-mode push body, or the decrypted inner XML of a safe-mode one. */
export const parsePush = (xml: string): WeChatPush => toPush(parseXmlFields(xml));

/** Safe-mode push body: <xml><ToUserName/><Encrypt/></xml> (compatible mode adds the plain fields). */
export function parseEncryptedPush(xml: string): { ToUserName?: string; Encrypt: string } {
  const f = parseXmlFields(xml);
  return { ...optional(f, 'ToUserName'), Encrypt: required(f, 'Encrypt') };
}

/** Safe-mode reply body: <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>. */
export function parseEncryptedReply(xml: string): { Encrypt: string; MsgSignature: string; TimeStamp: string; Nonce: string } {
  const f = parseXmlFields(xml);
  return { Encrypt: required(f, 'Encrypt'), MsgSignature: required(f, 'MsgSignature'), TimeStamp: required(f, 'TimeStamp'), Nonce: required(f, 'Nonce') };
}

/** Parses a passive reply (what the emulator does with our webhook's answer). */
export function parseReply(xml: string): PassiveReply {
  const f = parseXmlFields(xml);
  const head = { ToUserName: required(f, 'ToUserName'), FromUserName: required(f, 'FromUserName'), CreateTime: integer(f, 'CreateTime') };
  const type = required(f, 'MsgType');
  if (type === 'text') return { ...head, MsgType: 'text', Content: f['Content'] ?? '' };
  if (type !== 'news') return { ...head, MsgType: 'other', OriginalMsgType: type };
  const articles: NewsArticle[] = [];
  for (let i = 0; f[`Articles.item.${i}.Title`] !== undefined || f[`Articles.item.${i}.Url`] !== undefined; i++) {
    const at = (k: string) => f[`Articles.item.${i}.${k}`] ?? '';
    articles.push({ Title: at('Title'), Description: at('Description'), PicUrl: at('PicUrl'), Url: at('Url') });
  }
  return { ...head, MsgType: 'news', Articles: articles };
}
