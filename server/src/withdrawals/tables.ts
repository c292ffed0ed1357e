/**
 * The members' bank cards (0007_workflow.sql).
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { id, ref } from '../db/columns.js';

export type BankCode = 'ABC' | 'ICBC' | 'CCB' | 'BOC' | 'YNRCC';

export const bankCards = pgTable('bank_cards', {
  id: id(),
  memberId: ref('member_id').notNull(),
  bankCode: text('bank_code').$type<BankCode>().notNull(),
  cardNoEnc: text('card_no_enc').notNull(),
  cardNoHash: text('card_no_hash').notNull(),
  cardNoMasked: text('card_no_masked').notNull(),
  holderName: text('holder_name').notNull(),
  boundAt: timestamp('bound_at', { withTimezone: true }).notNull().defaultNow(),
  unboundAt: timestamp('unbound_at', { withTimezone: true }),
});
