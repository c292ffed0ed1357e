/**
 * The staff's tables (0007_workflow.sql, 0010_console.sql): accounts, sessions, audit.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../db/columns.js';
import type { ReviewNodeKey } from '../workflow/tables.js';

export type StaffRole = 'reviewer' | 'content-editor' | 'service-agent' | 'admin';

export const staffUsers = pgTable('staff_users', {
  id: id(),
  username: text('username').notNull(),
  name: text('name').notNull(),
  role: text('role').$type<StaffRole>().notNull(),
  reviewNodes: text('review_nodes').array().$type<ReviewNodeKey[]>().notNull().default([]),
  passwordHash: text('password_hash').notNull(),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

export const staffSessions = pgTable('staff_sessions', {
  id: id(),
  staffId: ref('staff_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: createdAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const staffAudit = pgTable('staff_audit', {
  id: id(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  staffId: ref('staff_id'),
  staffUsername: text('staff_username').notNull(),
  staffName: text('staff_name').notNull(),
  action: text('action').notNull(),
  target: text('target'),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
});
