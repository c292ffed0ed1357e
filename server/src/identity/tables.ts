/**
 * The identity tables (0003_identity.sql): A1–A9, G9.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../db/columns.js';

export type SmsPurpose = 'register' | 'password-reset' | 'change-phone' | 'unbind';

export type FacePurpose = 'register' | 'login' | 'transaction' | 'spouse-confirmation';

export type TicketKind = 'registration' | 'password-reset' | 'transaction-confirmation';

export type VerificationMethod = 'sms' | 'face' | 'business-password';

export type SessionKind = 'standard' | 'auto-login';

export const agreementAcceptances = pgTable('agreement_acceptances', {
  id: id(),
  memberId: ref('member_id').notNull(),
  agreementId: ref('agreement_id').notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberCredentials = pgTable('member_credentials', {
  memberId: ref('member_id').primaryKey(),
  loginPasswordHash: text('login_password_hash').notNull(),
  businessPasswordHash: text('business_password_hash').notNull(),
  loginFailures: integer('login_failures').notNull().default(0),
  loginLockedUntil: timestamp('login_locked_until', { withTimezone: true }),
  businessFailures: integer('business_failures').notNull().default(0),
  businessLockedUntil: timestamp('business_locked_until', { withTimezone: true }),
  autoLogin: boolean('auto_login').notNull().default(false),
  registeredBy: text('registered_by').$type<'sms' | 'face'>().notNull(),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  loginPasswordChangedAt: timestamp('login_password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  businessPasswordChangedAt: timestamp('business_password_changed_at', { withTimezone: true }).notNull().defaultNow(),
});

export const smsCodes = pgTable('sms_codes', {
  id: id(),
  phoneHash: text('phone_hash').notNull(),
  purpose: text('purpose').$type<SmsPurpose>().notNull(),
  memberId: ref('member_id').notNull(),
  codeHash: text('code_hash').notNull(),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});

export const faceVerifications = pgTable('face_verifications', {
  id: id(),
  bizTokenHash: text('biz_token_hash').notNull(),
  purpose: text('purpose').$type<FacePurpose>().notNull(),
  memberId: ref('member_id').notNull(),
  reference: text('reference'),
  result: text('result').$type<'pending' | 'passed' | 'refused'>().notNull().default('pending'),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});

export const memberSessions = pgTable('member_sessions', {
  id: id(),
  memberId: ref('member_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  kind: text('kind').$type<SessionKind>().notNull(),
  createdAt: createdAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true }).notNull(),
  absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedReason: text('revoked_reason'),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

export const identityTickets = pgTable('identity_tickets', {
  id: id(),
  tokenHash: text('token_hash').notNull(),
  kind: text('kind').$type<TicketKind>().notNull(),
  memberId: ref('member_id').notNull(),
  method: text('method').$type<VerificationMethod>().notNull(),
  purpose: text('purpose'),
  reference: text('reference'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  consumedAt: timestamp('consumed_at', { withTimezone: true }),
});

export const auditLog = pgTable('audit_log', {
  id: id(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  actor: text('actor').notNull(),
  memberId: ref('member_id'),
  action: text('action').notNull(),
  target: text('target'),
  result: text('result').$type<'success' | 'failure'>().notNull(),
  reason: text('reason'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
});

/** 0024_hotline_passwords.sql */
export const memberHotlinePasswords = pgTable('member_hotline_passwords', {
  memberId: ref('member_id').primaryKey(),
  passwordHash: text('password_hash').notNull(),
  setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
});
