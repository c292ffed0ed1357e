/**
 * The interaction tables (0005_content.sql, 0009_interaction.sql): G2 投诉建议, G3 members' questions.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../db/columns.js';

export const communityQuestions = pgTable('community_questions', {
  id: id(),
  memberId: ref('member_id'),
  askerNameMasked: text('asker_name_masked').notNull(),
  question: text('question').notNull(),
  askedAt: timestamp('asked_at', { withTimezone: true }).notNull().defaultNow(),
  answer: text('answer'),
  answeredBy: text('answered_by'),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  status: text('status').$type<'pending' | 'published' | 'hidden'>().notNull().default('pending'),
  // 0009_interaction.sql: members ask through the API (interaction/)
  secCheck: text('sec_check').$type<SecCheck>().notNull().default('pass'),
  answeredByStaffId: ref('answered_by_staff_id'),
});

/** What WeChat's msg_sec_check said about member-written text (interaction/content-check.ts). */
export type SecCheck = 'pass' | 'review' | 'unchecked';

export type ComplaintKind = 'complaint' | 'suggestion' | 'consultation';

export type ComplaintStatus = 'submitted' | 'processing' | 'replied' | 'closed';

export const complaints = pgTable('complaints', {
  id: id(),
  ticketNo: text('ticket_no').notNull(),
  memberId: ref('member_id').notNull(),
  kind: text('kind').$type<ComplaintKind>().notNull(),
  title: text('title').notNull(),
  content: text('content').notNull(),
  contactPhoneEnc: text('contact_phone_enc'),
  contactPhoneMasked: text('contact_phone_masked'),
  secCheck: text('sec_check').$type<SecCheck>().notNull(),
  status: text('status').$type<ComplaintStatus>().notNull().default('submitted'),
  claimedBy: ref('claimed_by'),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  reply: text('reply'),
  replyDepartment: text('reply_department'),
  repliedBy: ref('replied_by'),
  repliedAt: timestamp('replied_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
