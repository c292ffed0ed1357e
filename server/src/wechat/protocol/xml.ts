/**
 * XML in and out of the push protocol.
 * Parsing is deliberately narrow: WeChat sends one flat <xml> element (a few events nest one or two levels,
 * lists are <item>s), strings in CDATA, numbers bare, no attributes, no entities, no DTD. This small scanner
 * reads exactly that in one pass: any markup declaration (<!DOCTYPE, <!ENTITY, comments …) outside CDATA is
 * refused, entity references stay literal text (so neither billion-laughs expansion nor external entities
 * can happen), and the body is capped. A general XML parser with a validator cost ~0.2 ms a push here, about a
 * third of the webhook's protocol work; this costs a few microseconds.
 */
import { protocolError } from './errors.js';
import { EVENT_NAMES, MESSAGE_TYPES, type EventName, type MessagePush, type NewsArticle, type PassiveReply, type PushBase, type WeChatPush } from './types.js';

// Reply building lives in reply.ts; re-exported so callers have one XML module to import.
export { cdata, textReply, newsReply, miniProgramLink, replyAddress, nowSeconds } from './reply.js';
export type { ReplyAddress } from './reply.js';

/** Real pushes are ~1 KB (3× that in compatible mode); anything near this cap is not WeChat. */
export const MAX_XML_BYTES = 64 * 1024;
/** Nesting below <xml> (SendPicsInfo > PicList > item > PicMd5Sum is the deepest WeChat sends). */
const MAX_DEPTH = 8;
const MAX_FIELDS = 512;

export type XmlFields = Readonly<Record<string, string>>;

const NAME = /[A-Za-z_][\w.-]*/y;

/** Parses `<xml>…</xml>` into a flat map; nested elements become dotted keys (ScanCodeInfo.ScanType), items indexed (Articles.item.0.Title). */
export function parseXmlFields(xml: string): XmlFields {
  if (xml.length * 3 > MAX_XML_BYTES && Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES) throw protocolError('WECHAT_BODY_TOO_LARGE');
  return new FlatXml(xml).document();
}

const invalid = (why: string) => protocolError('WECHAT_XML_INVALID', why);

class FlatXml {
  private i = 0;
  private count = 0;
  private readonly out: Record<string, string> = Object.create(null) as Record<string, string>;

  constructor(private readonly s: string) {}

  document(): XmlFields {
    this.skipSpace();
    if (this.s.startsWith('<?', this.i)) {
      // The XML declaration (<?xml version="1.0"?>) is allowed and ignored.
      const end = this.s.indexOf('?>', this.i);
      if (end < 0) throw invalid('unterminated <?');
      this.i = end + 2;
      this.skipSpace();
    }
    this.refuseDeclaration();
    if (!this.s.startsWith('<xml', this.i) || !/[\s>/]/.test(this.s[this.i + 4] ?? '')) throw invalid('no <xml> root');
    this.i += 4;
    if (this.openTagRest()) {
      this.element('xml', '', 0);
    }
    this.skipSpace();
    if (this.i < this.s.length) {
      this.refuseDeclaration();
      throw invalid('content after </xml>');
    }
    return this.out;
  }

  /** After `<name`: skips attributes (WeChat sends none; they are ignored) to `>` or `/>`; true when the element has content. */
  private openTagRest(): boolean {
    const end = this.s.indexOf('>', this.i);
    if (end < 0) throw invalid('unterminated tag');
    const selfClosing = this.s[end - 1] === '/';
    const attrs = this.s.slice(this.i, selfClosing ? end - 1 : end);
    if (attrs.includes('<') || (attrs !== '' && !/^\s/.test(attrs))) throw invalid('bad tag');
    this.i = end + 1;
    return !selfClosing;
  }

  /**
   * The content of element `name` up to its end tag. Text-only content becomes out[key] (key = prefix + name);
   * child elements recurse with prefix `key.`; repeated children other than <item> are refused.
   */
  private element(name: string, key: string, depth: number): string | undefined {
    let text = '';
    let children: Map<string, number> | undefined;
    for (;;) {
      const lt = this.s.indexOf('<', this.i);
      if (lt < 0) throw invalid(`unterminated <${name}>`);
      text += this.s.slice(this.i, lt).trim();
      this.i = lt;
      if (this.s.startsWith('<![CDATA[', lt)) {
        const end = this.s.indexOf(']]>', lt + 9);
        if (end < 0) throw invalid('unterminated CDATA');
        text += this.s.slice(lt + 9, end);
        this.i = end + 3;
        continue;
      }
      if (this.s[lt + 1] === '/') {
        this.i = lt + 2;
        const closing = this.name();
        this.skipSpace();
        if (closing !== name || this.s[this.i] !== '>') throw invalid(`</${closing}> closes <${name}>`);
        this.i++;
        return children ? undefined : text;
      }
      this.refuseDeclaration();
      if (this.s[lt + 1] === '?') throw invalid('processing instruction');
      // A child element.
      if (depth >= MAX_DEPTH) throw invalid('nested too deep');
      this.i = lt + 1;
      const child = this.name();
      const hasContent = this.openTagRest();
      children ??= new Map();
      const seen = children.get(child) ?? 0;
      if (seen > 0 && child !== 'item') throw invalid(`repeated <${child}>`);
      children.set(child, seen + 1);
      const childKey = child === 'item' ? `${depth === 0 ? '' : `${key}.`}item.${seen}` : depth === 0 ? child : `${key}.${child}`;
      const value = hasContent ? this.element(child, childKey, depth + 1) : '';
      // Text-only <item>s are not fields (only items with children are: Articles.item.0.Title).
      if (value !== undefined && child !== 'item') {
        if (++this.count > MAX_FIELDS) throw invalid('too many fields');
        this.out[childKey] = value;
      }
    }
  }

  private name(): string {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    if (!m) throw invalid('bad tag name');
    this.i = NAME.lastIndex;
    return m[0];
  }

  private skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  /** `<!` outside CDATA: a DTD, an entity or notation declaration, a comment. WeChat sends none. */
  private refuseDeclaration(): void {
    if (this.s[this.i] === '<' && this.s[this.i + 1] === '!' && !this.s.startsWith('<![CDATA[', this.i)) {
      const m = /<!\s*([A-Za-z-]*)/y;
      m.lastIndex = this.i;
      throw protocolError('WECHAT_XML_REJECTED', `<!${m.exec(this.s)?.[1] ?? ''}`);
    }
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
        ...base,
        MsgType: type,
        Location_X: decimal(f, 'Location_X'),
        Location_Y: decimal(f, 'Location_Y'),
        Scale: decimal(f, 'Scale'),
        Label: f['Label'] ?? '',
        MsgId,
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
