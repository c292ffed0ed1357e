/**
 * The applications' tables (0007_workflow.sql): C, E1–E3.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, fenCol, id, ref } from '../db/columns.js';

/** 初审 / 复审 / 终审 of withdrawals; 受理 / 审批 / 签约 / 放款 of a loan application (D4, 0045). */
export type ReviewNodeKey = 'first' | 'second' | 'final' | 'acceptance' | 'approval' | 'signing' | 'disbursement';

export type ApplicationChannel = 'mini-program' | 'official-account' | 'app' | 'web-hall' | 'counter';

export type ApplicationStatus = 'draft' | 'submitted' | 'awaiting_spouse' | 'in_review' | 'returned' | 'approved' | 'paid' | 'rejected' | 'ended' | 'expired';

export type ApplicationAction =
  'submit' | 'resubmit' | 'approve' | 'return' | 'reject' | 'end' | 'expire' | 'pay' | 'note' | 'spouse-request' | 'spouse-confirm' | 'spouse-decline';

export type ActorKind = 'member' | 'spouse' | 'staff' | 'system';

export const applications = pgTable('applications', {
  id: id(),
  serialNo: text('serial_no').notNull(),
  memberId: ref('member_id').notNull(),
  kind: text('kind').notNull(),
  channel: text('channel').$type<ApplicationChannel>().notNull(),
  status: text('status').$type<ApplicationStatus>().notNull().default('draft'),
  currentNode: text('current_node').$type<ReviewNodeKey>(),
  form: jsonb('form').$type<Record<string, unknown>>().notNull().default({}),
  amountFen: fenCol('amount_fen'),
  bankCardId: ref('bank_card_id'),
  info: text('info'),
  feedback: text('feedback'),
  returnReason: text('return_reason'),
  clientKey: text('client_key'),
  submitKey: text('submit_key'),
  confirmationMethod: text('confirmation_method').$type<'business-password' | 'face'>(),
  spouseMemberId: ref('spouse_member_id'),
  claimedBy: ref('claimed_by'),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
});

export const applicationEvents = pgTable('application_events', {
  id: id(),
  applicationId: ref('application_id').notNull(),
  node: text('node').notNull(),
  action: text('action').$type<ApplicationAction>().notNull(),
  fromStatus: text('from_status').$type<ApplicationStatus>(),
  toStatus: text('to_status').$type<ApplicationStatus>().notNull(),
  actorKind: text('actor_kind').$type<ActorKind>().notNull(),
  actorId: ref('actor_id'),
  handlerName: text('handler_name').notNull(),
  opinion: text('opinion').notNull().default(''),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

export const applicationPhotos = pgTable('application_photos', {
  id: id(),
  applicationId: ref('application_id').notNull(),
  category: text('category').notNull(),
  slot: integer('slot').notNull(),
  sha256: text('sha256').notNull(),
  mediaType: text('media_type').$type<'image/jpeg' | 'image/png'>().notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  uploadedBy: ref('uploaded_by').notNull(),
  createdAt: createdAt(),
});
