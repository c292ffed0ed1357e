/**
 * E3 我的消息 / 通知消息 (001 3.2, 004 2.1–2.3): what the center tells a member, with read state, deletion and the
 * history. Other capabilities write a notification with `notify(tx, …)` inside the transaction of their change;
 * when it carries a WeChat notice, the official account's outbox row is written in that same transaction, so a
 * crash after the commit loses neither the message nor the push.
 */
import type { Database, Db } from '../db/client.js';
import type { PushState } from './tables.js';
import { notFound } from '../shared/errors.js';
import type { Notice } from '../wechat/outbox/notices.js';
import * as store from './store.js';

/** Queues the WeChat notice in the caller's transaction (wechat.enqueueNotice); returns how many sends were queued. */
export type PushNotice = (tx: Db, memberId: number, notice: Notice) => Promise<number>;

interface NotifyInput {
  memberId: number;
  /** 业务名称: 离退休提取 … */
  business: string;
  /** 消息内容 */
  content: string;
  /** 推送渠道: where the business was done (小程序, 微信公众号, 柜面 …) */
  channel: string;
  applicationId?: number;
  eventId?: number;
  /** The template / subscribe message that goes with it. */
  notice?: Notice;
}

export async function notify(tx: Db, push: PushNotice | undefined, n: NotifyInput): Promise<store.NotificationRow> {
  let pushState: PushState = 'none';
  if (n.notice) {
    // Without an outbox (a deployment without the official account) the notice stays 'pending' on the row.
    pushState = push ? ((await push(tx, n.memberId, n.notice)) > 0 ? 'queued' : 'no-recipient') : 'pending';
  }
  const { at: _at, ...noticeData } = (n.notice ?? {}) as Record<string, unknown>;
  return store.insertNotification(tx, {
    memberId: n.memberId,
    business: n.business,
    content: n.content,
    channel: n.channel,
    applicationId: n.applicationId ?? null,
    eventId: n.eventId ?? null,
    pushNotice: n.notice?.kind ?? null,
    pushData: n.notice ? noticeData : null,
    pushState,
  });
}

/**
 * I4 群发: a broadcast's message to a chunk of members in one statement, in the caller's transaction (the chunk's).
 * `reached` are the members its template message was queued for; a member already holding this broadcast's message
 * (a chunk run again after a crash) keeps the one they have.
 */
export async function notifyBroadcast(tx: Db, b: { id: number; title: string; content: string }, memberIds: number[], reached: Set<number>): Promise<void> {
  await store.insertNotifications(
    tx,
    memberIds.map((memberId) => ({
      memberId,
      business: b.title,
      content: b.content,
      channel: '公积金中心',
      broadcastId: b.id,
      pushNotice: 'broadcast',
      pushData: { broadcastId: b.id },
      pushState: reached.has(memberId) ? ('queued' as const) : ('no-recipient' as const),
    })),
  );
}

interface NotificationView {
  id: number;
  business: string;
  content: string;
  channel: string;
  serialNo: string | null;
  pushedAt: string;
  /** 004 2.1 推送时间 as the list shows it: 刚刚, 5分钟前, 3小时前, 7天前 */
  pushedAgo: string;
  read: boolean;
  readAt: string | null;
}

function ago(at: Date, now = new Date()): string {
  const s = Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000));
  if (s < 60) return '刚刚';
  if (s < 3600) return `${Math.floor(s / 60)}分钟前`;
  if (s < 86_400) return `${Math.floor(s / 3600)}小时前`;
  return `${Math.floor(s / 86_400)}天前`;
}

const view = (r: store.NotificationRow & { serialNo: string | null }): NotificationView => ({
  id: r.id,
  business: r.business,
  content: r.content,
  channel: r.channel,
  serialNo: r.serialNo,
  pushedAt: r.createdAt.toISOString(),
  pushedAgo: ago(r.createdAt),
  read: r.readAt !== null,
  readAt: r.readAt?.toISOString() ?? null,
});

export class Notifications {
  constructor(private readonly database: Database) {}

  async list(memberId: number, q: { status: store.ReadFilter; page: number; pageSize: number }) {
    const { rows, total } = await store.listNotifications(this.database.db, memberId, q.status, q.pageSize, (q.page - 1) * q.pageSize);
    const unread = await store.countUnread(this.database.db, memberId);
    return { items: rows.map(view), total, unread, page: q.page, pageSize: q.pageSize };
  }

  async unreadCount(memberId: number) {
    return { unread: await store.countUnread(this.database.db, memberId) };
  }

  async get(memberId: number, id: number): Promise<NotificationView> {
    const row = await store.findNotification(this.database.db, memberId, id);
    if (!row) throw notFound('NOTIFICATION_NOT_FOUND', '消息不存在或已删除');
    return view(row);
  }

  /** 004 2.1 【标为已阅】: “已标记为已阅”. */
  async markRead(memberId: number, id: number) {
    await this.get(memberId, id);
    await store.markRead(this.database.db, memberId, id);
    return { message: '已标记为已阅', unread: await store.countUnread(this.database.db, memberId) };
  }

  async markAllRead(memberId: number) {
    const marked = await store.markRead(this.database.db, memberId);
    return { message: '已标记为已阅', marked, unread: 0 };
  }

  /** 004 2.1 【删除】: “消息已删除”, gone from the lists. */
  async remove(memberId: number, id: number) {
    if (!(await store.softDelete(this.database.db, memberId, id))) throw notFound('NOTIFICATION_NOT_FOUND', '消息不存在或已删除');
    return { message: '消息已删除', unread: await store.countUnread(this.database.db, memberId) };
  }
}
