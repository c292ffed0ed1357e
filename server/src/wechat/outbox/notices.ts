/**
 * Notices to members (E5, H5): progress of a business, the spouse-confirmation request (C12) and the center's
 * reply to a question. A capability writes one with `enqueueNotice(tx, …)` inside the transaction of its own
 * change, so the notice exists exactly when the change does; the outbox worker sends it afterwards:
 *   - an official-account template message when the recipient has an official-account openid,
 *   - a mini-program subscribe message when they use the mini-program and an acceptance of the template from
 *     wx.requestSubscribeMessage is left (subscriptions.ts; one is used up per message, none left: no row),
 *   - for the spouse-confirmation request, an SMS with a link when the spouse cannot be reached on the account
 *     (never followed it: errcode 43004, or no openid at all). `noticeDeliveries` tells the borrower which.
 *     The row keeps the web fallback link and the page; the sender puts a mini-program URL Link in its place.
 * Template fields follow the platform's keyed types (thing ≤ 20 characters, phrase ≤ 5, character_string ≤ 32).
 */
import { shanghaiIso } from '../../shared/dates.js';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { wechatOutbox, wechatUsers, type OutboxChannel } from '../tables.js';
import { formatYuan } from '../../shared/money.js';
import { maskName } from '../../shared/mask.js';
import { pagePath, webFallback, type LinkConfig, type MpPage } from '../links.js';
import type { TemplateData } from '../api/template.js';
import { takeGrant } from '../subscriptions.js';

export type Notice =
  | { kind: 'progress'; serialNo: string; business: string; status: string; at: Date; note?: string }
  | { kind: 'spouse_confirmation'; serialNo: string; applicantName: string; business: string; amountFen: number; answerBefore: Date }
  | { kind: 'question_reply'; questionId: string; question: string; reply: string; at: Date }
  | { kind: 'broadcast'; broadcastId: number; title: string; content: string; at: Date }
  /** About a loan contract (J2 repayment reminder, D2 monthly offset): the progress template, opening the loan page. */
  | { kind: 'loan'; contractNo: string; business: string; status: string; at: Date; note?: string }
  /** About the fund account (an external core's 汇缴入账, 补缴, 基数调整): the progress template, opening the statement. */
  | { kind: 'account'; reference: string; business: string; status: string; at: Date; note?: string };

type NoticeKind = Notice['kind'];

/** A member (their bound WeChat ids are looked up), or an official-account openid as such. */
export type Recipient = { memberId: number } | { openid: string };

interface NoticeSettings {
  templates: Record<NoticeKind, string>;
  /** A broadcast (I4) has none: subscribe messages need the member's consent to each message. */
  subscribeTemplates: Partial<Record<NoticeKind, string>>;
  links: LinkConfig;
}

export function noticeSettings(config: Config): NoticeSettings {
  return {
    templates: {
      progress: config.WECHAT_TEMPLATE_PROGRESS,
      spouse_confirmation: config.WECHAT_TEMPLATE_SPOUSE_CONFIRMATION,
      question_reply: config.WECHAT_TEMPLATE_QUESTION_REPLY,
      broadcast: config.WECHAT_TEMPLATE_BROADCAST,
      // A loan notice carries the progress template's fields (编号 / 业务 / 状态 / 时间 / 备注), the contract as 编号.
      loan: config.WECHAT_TEMPLATE_PROGRESS,
      // An account notice too: 编号 is the month (or months) it is about.
      account: config.WECHAT_TEMPLATE_PROGRESS,
    },
    subscribeTemplates: {
      progress: config.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS,
      spouse_confirmation: config.WECHAT_SUBSCRIBE_TEMPLATE_SPOUSE_CONFIRMATION,
      question_reply: config.WECHAT_SUBSCRIBE_TEMPLATE_QUESTION_REPLY,
      loan: config.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS,
      account: config.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS,
    },
    links: { mpAppId: config.WECHAT_MP_APP_ID, publicBaseUrl: config.publicBaseUrl },
  };
}

/** A drizzle database or transaction (a transaction is the point: pass the one of the business change). */
export type Executor = Pick<Db, 'select' | 'insert' | 'update'>;

export interface EnqueuedNotice {
  id: number;
  channel: OutboxChannel;
}

/** time fields: 2026年11月26日 10:05 (Asia/Shanghai). */
const timeValue = (at: Date) => {
  const s = shanghaiIso(at);
  return `${s.slice(0, 4)}年${s.slice(5, 7)}月${s.slice(8, 10)}日 ${s.slice(11, 16)}`;
};
const cut = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);
const fields = (f: Record<string, string>): TemplateData => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, { value: v }]));

const progressFields = (no: string, business: string, status: string, at: Date, note: string) =>
  fields({ character_string1: cut(no, 32), thing2: cut(business, 20), phrase3: cut(status, 5), time4: timeValue(at), thing5: cut(note, 20) });

interface Rendered {
  data: TemplateData;
  page: MpPage;
  query: Record<string, string>;
  reference: string;
  /** SMS fallback ({1} what, {2} link), for notices that must reach someone who does not follow the account. */
  sms?: string;
}

function render(n: Notice): Rendered {
  switch (n.kind) {
    case 'progress':
      return {
        data: progressFields(n.serialNo, n.business, n.status, n.at, n.note ?? '点击查看办理进度'),
        page: 'application',
        query: { serialNo: n.serialNo },
        reference: n.serialNo,
      };
    case 'loan':
      return {
        data: progressFields(n.contractNo, n.business, n.status, n.at, n.note ?? '点击查看贷款信息'),
        page: 'loans',
        query: { contractNo: n.contractNo },
        reference: `loan:${n.contractNo}`,
      };
    case 'account':
      return {
        data: progressFields(n.reference, n.business, n.status, n.at, n.note ?? '点击查看缴存明细'),
        page: 'ledger',
        query: {},
        reference: `account:${n.reference}`,
      };
    case 'spouse_confirmation':
      return {
        data: fields({
          thing1: cut(maskName(n.applicantName), 20),
          thing2: cut(n.business, 20),
          amount3: `${formatYuan(n.amountFen, { grouping: true })}元`,
          time4: timeValue(n.answerBefore),
        }),
        page: 'spouseConfirmation',
        query: { serialNo: n.serialNo },
        reference: n.serialNo,
        sms: '配偶确认申请',
      };
    case 'question_reply':
      return {
        data: fields({ thing1: cut(n.question, 20), thing2: cut(n.reply, 20), time3: timeValue(n.at) }),
        // A complaint or suggestion opens its detail; an answered community question (id "community-<n>") the
        // member's own questions in the community page.
        ...(n.questionId.startsWith('community-')
          ? { page: 'community' as const, query: { tab: 'mine' } }
          : { page: 'question' as const, query: { id: n.questionId } }),
        reference: `question:${n.questionId}`,
      };
    case 'broadcast':
      return {
        data: fields({ thing1: cut(n.title, 20), thing2: cut(n.content, 20), time3: timeValue(n.at) }),
        page: 'notifications',
        query: {},
        reference: `broadcast:${n.broadcastId}`,
      };
  }
}

/** client_msg_id: 32 characters, unique per outbox row. */
const newClientMsgId = () => randomBytes(16).toString('hex');

/** The official-account template message of a notice to one follower, as an outbox row (broadcasts write these in bulk). */
function templateRow(
  settings: NoticeSettings,
  notice: Notice,
  memberId: number | null,
  oaOpenid: string,
  rendered = render(notice),
): typeof wechatOutbox.$inferInsert {
  const path = pagePath(rendered.page, rendered.query);
  const link = webFallback(settings.links, path);
  return {
    notice: notice.kind,
    reference: rendered.reference,
    memberId,
    channel: 'template',
    touser: oaOpenid,
    templateId: settings.templates[notice.kind],
    clientMsgId: newClientMsgId(),
    payload: {
      data: rendered.data,
      url: link,
      miniprogram: { appid: settings.links.mpAppId, pagepath: path },
      ...(rendered.sms ? { sms: { params: [rendered.sms, link], page: path } } : {}),
    },
  };
}

/**
 * A notice's template message to each of `memberIds` who follows the official account, in one statement with `tx`
 * (a broadcast's chunk of members, I4). Returns the members it reached.
 */
export async function enqueueTemplates(tx: Executor, settings: NoticeSettings, notice: Notice, memberIds: number[]): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const followers = await tx
    .select({ memberId: wechatUsers.memberId, oaOpenid: wechatUsers.oaOpenid })
    .from(wechatUsers)
    .where(and(inArray(wechatUsers.memberId, memberIds), isNotNull(wechatUsers.oaOpenid), eq(wechatUsers.subscribed, true)));
  if (followers.length > 0) await tx.insert(wechatOutbox).values(followers.map((f) => templateRow(settings, notice, f.memberId, f.oaOpenid!)));
  return new Set(followers.flatMap((f) => (f.memberId === null ? [] : [f.memberId])));
}

/** Writes the notice's outbox rows with `tx` (the business change's transaction). Returns what was queued. */
export async function enqueueNotice(tx: Executor, settings: NoticeSettings, to: Recipient, notice: Notice): Promise<EnqueuedNotice[]> {
  const r = render(notice);
  const path = pagePath(r.page, r.query);
  const link = webFallback(settings.links, path);
  let oaOpenid: string | null;
  let mpOpenid: string | null = null;
  const memberId = 'memberId' in to ? to.memberId : null;
  if ('openid' in to) oaOpenid = to.openid;
  else {
    const [ids] = await tx.select({ oa: wechatUsers.oaOpenid, mp: wechatUsers.mpOpenid }).from(wechatUsers).where(eq(wechatUsers.memberId, to.memberId));
    oaOpenid = ids?.oa ?? null;
    mpOpenid = ids?.mp ?? null;
  }
  const common = { notice: notice.kind, reference: r.reference, memberId };
  const rows: (typeof wechatOutbox.$inferInsert)[] = [];
  if (oaOpenid) {
    rows.push(templateRow(settings, notice, memberId, oaOpenid, r));
  } else if (r.sms && memberId !== null) {
    rows.push({ ...common, channel: 'sms', clientMsgId: newClientMsgId(), payload: { params: [r.sms, link], page: path } });
  }
  const subscribeTemplate = settings.subscribeTemplates[notice.kind];
  // Only what the member granted: a template they never accepted (or whose acceptances are used up) is skipped.
  if (mpOpenid && subscribeTemplate && memberId !== null && (await takeGrant(tx, memberId, subscribeTemplate))) {
    rows.push({
      ...common,
      channel: 'subscribe',
      touser: mpOpenid,
      templateId: subscribeTemplate,
      clientMsgId: newClientMsgId(),
      payload: { data: r.data, page: path },
    });
  }
  if (rows.length === 0) return [];
  return tx.insert(wechatOutbox).values(rows).returning({ id: wechatOutbox.id, channel: wechatOutbox.channel });
}

/** A bot answer that missed the push's deadline, as a customer-service text to the follower. */
export async function enqueueBotReply(tx: Executor, openid: string, content: string): Promise<void> {
  await tx.insert(wechatOutbox).values({ channel: 'custom', notice: 'bot_reply', touser: openid, clientMsgId: newClientMsgId(), payload: { text: content } });
}
