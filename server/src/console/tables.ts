/**
 * The staff console's tables (0010_console.sql, 0055): I4 broadcasts, each business's 须知.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { bigint, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id, ref } from '../db/columns.js';

type BroadcastStatus = 'queued' | 'sending' | 'done';

export type BroadcastAudience = { kind: 'all' } | { kind: 'filter'; unitName?: string | undefined; city?: string | undefined; hasLoan?: boolean | undefined };

export const broadcasts = pgTable('broadcasts', {
  id: id(),
  title: text('title').notNull(),
  content: text('content').notNull(),
  audience: jsonb('audience').$type<BroadcastAudience>().notNull(),
  status: text('status').$type<BroadcastStatus>().notNull().default('queued'),
  total: integer('total').notNull(),
  notified: integer('notified').notNull().default(0),
  queuedPushes: integer('queued_pushes').notNull().default(0),
  cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
  fannedOutAt: timestamp('fanned_out_at', { withTimezone: true }),
  createdBy: ref('created_by').notNull(),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/** Issue 18.7: each business's 须知 (003 5.2.1.1), keyed by the application kind's key (0055). */
export const businessGuides = pgTable('business_guides', {
  id: id(),
  kind: text('kind').notNull().unique(),
  itemName: text('item_name').notNull(),
  basis: text('basis').notNull(),
  conditions: text('conditions').notNull(),
  materials: text('materials').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
