/** Drizzle definitions of 0008_loan_business.sql and 0045_loan_applications.sql (kept with their capability). */
import { bigint, bigserial, date, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type OffsetRole = 'borrower' | 'spouse' | 'co-borrower';

export const loanOffsetSignings = pgTable('loan_offset_signings', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  loanId: bigint('loan_id', { mode: 'number' }).notNull(),
  memberId: bigint('member_id', { mode: 'number' }).notNull(),
  role: text('role').$type<OffsetRole>().notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  /** 0046: the spouse's / co-borrower's own answer; the borrower's row is 'confirmed' at signing. */
  consent: text('consent').$type<OffsetConsent>().notNull().default('confirmed'),
  consentBefore: timestamp('consent_before', { withTimezone: true }),
  consentedAt: timestamp('consented_at', { withTimezone: true }),
  /** 0065: the core's serial numbers of a signing made (and cancelled) on an external core; null on the built-in core. */
  serialNo: text('serial_no'),
  cancelSerialNo: text('cancel_serial_no'),
});

export type OffsetConsent = 'pending' | 'confirmed' | 'declined';

export const loanRepaymentReminders = pgTable('loan_repayment_reminders', {
  loanId: bigint('loan_id', { mode: 'number' }).notNull(),
  period: integer('period').notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 0023_repayment_account_changes.sql: D5 还款银行账户变更. */
export const loanRepaymentAccountChanges = pgTable('loan_repayment_account_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  loanId: bigint('loan_id', { mode: 'number' }).notNull(),
  memberId: bigint('member_id', { mode: 'number' }).notNull(),
  bankCardId: bigint('bank_card_id', { mode: 'number' }).notNull(),
  oldBank: text('old_bank').notNull(),
  oldAccountMasked: text('old_account_masked').notNull(),
  newBank: text('new_bank').notNull(),
  newAccountMasked: text('new_account_masked').notNull(),
  confirmedBy: text('confirmed_by').$type<'business-password' | 'face'>().notNull(),
  /** The core's serial number of a change made by an external core (migration 0063); null on the built-in core. */
  serialNo: text('serial_no'),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** D4's lending limits (0045_loan_applications.sql), read by the trial and the submit check. */
export const loanApplicationSettings = pgTable('loan_application_settings', {
  key: text('key').primaryKey(),
  value: numeric('value', { precision: 14, scale: 2 }).notNull(),
  label: text('label').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
