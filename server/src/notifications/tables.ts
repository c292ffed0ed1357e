/**
 * The members' notifications (0007_workflow.sql, 0010_console.sql).
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../db/columns.js';

export type PushState = 'none' | 'pending' | 'queued' | 'no-recipient';

export const notifications = pgTable('notifications', {
  id: id(),
  memberId: ref('member_id').notNull(),
  business: text('business').notNull(),
  content: text('content').notNull(),
  channel: text('channel').notNull(),
  applicationId: ref('application_id'),
  eventId: ref('event_id'),
  createdAt: createdAt(),
  readAt: timestamp('read_at', { withTimezone: true }),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  pushNotice: text('push_notice'),
  pushData: jsonb('push_data').$type<Record<string, unknown>>(),
  pushState: text('push_state').$type<PushState>().notNull().default('none'),
  /** 0010_console.sql: the I4 broadcast this notification belongs to. */
  broadcastId: ref('broadcast_id'),
});
