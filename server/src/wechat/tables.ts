/**
 * The official account's and the mini-program's tables (0002_wechat_users.sql, 0004_wechat.sql): H1–H6, E5.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../db/columns.js';

/** One WeChat person across the official account and the mini-program (0002_wechat_users.sql). */
export const wechatUsers = pgTable('wechat_users', {
  id: id(),
  unionid: text('unionid'),
  oaOpenid: text('oa_openid'),
  mpOpenid: text('mp_openid'),
  subscribed: boolean('subscribed').notNull().default(false),
  subscribedAt: timestamp('subscribed_at', { withTimezone: true }),
  unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  memberId: ref('member_id'),
  boundAt: timestamp('bound_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const wechatPushLog = pgTable('wechat_push_log', {
  dedupeKey: text('dedupe_key').primaryKey(),
  openid: text('openid').notNull(),
  kind: text('kind').notNull(),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  reply: text('reply'),
  deferred: boolean('deferred').notNull().default(false),
  repliedAt: timestamp('replied_at', { withTimezone: true }),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

export type OutboxChannel = 'template' | 'subscribe' | 'custom' | 'sms';

export type OutboxNotice = 'progress' | 'spouse_confirmation' | 'question_reply' | 'bot_reply' | 'broadcast' | 'loan' | 'account';

export type OutboxStatus =
  | 'pending'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'blocked'
  | 'delivery_failed'
  | 'not_following'
  | 'declined'
  | 'failed'
  /** The send's outcome is unknown (its worker died mid-call) on a channel without a client message id: not sent again. */
  | 'maybe_sent';

export const wechatOutbox = pgTable('wechat_outbox', {
  id: id(),
  channel: text('channel').$type<OutboxChannel>().notNull(),
  notice: text('notice').$type<OutboxNotice>().notNull(),
  reference: text('reference'),
  memberId: ref('member_id'),
  touser: text('touser'),
  templateId: text('template_id'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  clientMsgId: text('client_msg_id').notNull(),
  status: text('status').$type<OutboxStatus>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  msgid: text('msgid'),
  lastErrcode: integer('last_errcode'),
  lastError: text('last_error'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  deliveryStatus: text('delivery_status'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/** 0050_subscribe_grants.sql: the member's acceptances of subscribe messages (wechat/subscriptions.ts). */
export const subscribeGrants = pgTable(
  'wechat_subscribe_grants',
  {
    memberId: ref('member_id').notNull(),
    templateId: text('template_id').notNull(),
    lastAnswer: text('last_answer').$type<SubscribeAnswer>().notNull(),
    remaining: integer('remaining').notNull().default(0),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.templateId] })],
);

/** wx.requestSubscribeMessage's answer per template: accept, reject, ban (the member switched it off), filter (WeChat hid it). */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';
