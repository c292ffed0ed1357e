/**
 * The certificates' table (0006_certificates.sql): E4, K2.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { id, ref } from '../db/columns.js';

export type CertificateKind = 'deposit' | 'loan-settlement' | 'transfer-receipt';

export const certificates = pgTable('certificates', {
  id: id(),
  code: text('code').notNull(),
  kind: text('kind').$type<CertificateKind>().notNull(),
  memberId: ref('member_id').notNull(),
  /** What the certificate states; its shape is certificates/facts.ts CertificateFacts. */
  facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
  pdfSha256: text('pdf_sha256').notNull(),
  pdfSizeBytes: integer('pdf_size_bytes').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
});
