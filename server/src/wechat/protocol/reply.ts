/**
 * Passive replies (「被动回复用户消息」): the XML the webhook answers a push with.
 * CreateTime is in SECONDS — a popular Node library writes Date.now() here, which WeChat rejects
 * with "该公众号暂时无法提供服务", so the builders refuse anything that looks like milliseconds.
 */
import type { NewsArticle, WeChatPush } from './types.js';

export interface ReplyAddress {
  /** The member's openid (the push's FromUserName). */
  toUser: string;
  /** The account's original id (the push's ToUserName). */
  fromUser: string;
  /** Seconds; defaults to now. */
  createTime?: number;
}

export const nowSeconds = (nowMs: number = Date.now()): number => Math.floor(nowMs / 1000);

/** Answer to a push: swap the addresses, as WeChat requires. */
export const replyAddress = (push: Pick<WeChatPush, 'FromUserName' | 'ToUserName'>): ReplyAddress => ({
  toUser: push.FromUserName,
  fromUser: push.ToUserName,
});

// XML 1.0 forbids these control characters even inside CDATA; drop them rather than emit invalid XML.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** CDATA section; a "]]>" inside the text is split across two sections so it cannot end the first. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(INVALID_XML_CHARS, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function head(addr: ReplyAddress, msgType: string): string {
  const createTime = addr.createTime ?? nowSeconds();
  // 1e11 s is the year 5138; anything above it is a millisecond timestamp by mistake.
  if (!Number.isSafeInteger(createTime) || createTime < 0 || createTime >= 1e11) {
    throw new RangeError(`CreateTime must be whole seconds, got ${createTime}`);
  }
  return (
    `<ToUserName>${cdata(addr.toUser)}</ToUserName>` +
    `<FromUserName>${cdata(addr.fromUser)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime>` +
    `<MsgType>${cdata(msgType)}</MsgType>`
  );
}

export function textReply(addr: ReplyAddress, content: string): string {
  return `<xml>${head(addr, 'text')}<Content>${cdata(content)}</Content></xml>`;
}

/**
 * News (图文) reply. Since 2018-10 WeChat shows one article when answering a member's message and at
 * most eight otherwise; we allow 1–8 and leave the choice to the caller.
 */
export function newsReply(addr: ReplyAddress, articles: readonly NewsArticle[]): string {
  if (articles.length < 1 || articles.length > 8) throw new RangeError('a news reply carries 1 to 8 articles');
  const items = articles
    .map(
      (a) =>
        `<item><Title>${cdata(a.Title)}</Title><Description>${cdata(a.Description)}</Description>` +
        `<PicUrl>${cdata(a.PicUrl)}</PicUrl><Url>${cdata(a.Url)}</Url></item>`,
    )
    .join('');
  return `<xml>${head(addr, 'news')}<ArticleCount>${articles.length}</ArticleCount><Articles>${items}</Articles></xml>`;
}

const escapeAttr = (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const escapeText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * A text link that opens a mini-program page, for use inside a text reply's Content:
 * <a data-miniprogram-appid="wx…" data-miniprogram-path="pages/…" href="fallback">text</a>.
 * `href` is what WeChat clients older than 6.5.16 open instead.
 */
export function miniProgramLink(link: { appId: string; path: string; text: string; fallbackUrl?: string }): string {
  const href = link.fallbackUrl === undefined ? '' : ` href="${escapeAttr(link.fallbackUrl)}"`;
  return `<a data-miniprogram-appid="${escapeAttr(link.appId)}" data-miniprogram-path="${escapeAttr(link.path)}"${href}>` + `${escapeText(link.text)}</a>`;
}
