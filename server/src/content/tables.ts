/**
 * The content tables (0005_content.sql, agreements 0003_identity.sql): 政策业务, forms, the center's profile.
 * drizzle definitions mirroring the SQL migrations (db/migrations, the source of truth; test/migrations.test.ts
 * checks that their columns exist there with the same types).
 */
import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, day, id } from '../db/columns.js';

export type ArticleColumn = 'notices' | 'introduction' | 'policies' | 'guides' | 'disclosure';

export type PublishStatus = 'draft' | 'published' | 'hidden';

export const articles = pgTable('articles', {
  id: id(),
  columnKey: text('column_key').$type<ArticleColumn>().notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  bodyHtml: text('body_html').notNull(),
  bodyText: text('body_text').notNull(),
  source: text('source'),
  status: text('status').$type<PublishStatus>().notNull().default('draft'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  viewCount: integer('view_count').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const faqs = pgTable('faqs', {
  id: id(),
  category: text('category').notNull(),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
  keywords: text('keywords')
    .array()
    .notNull()
    .default(sql`'{}'`),
  sort: integer('sort').notNull().default(0),
  status: text('status').$type<PublishStatus>().notNull().default('published'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const forms = pgTable('forms', {
  id: id(),
  code: text('code').notNull(),
  title: text('title').notNull(),
  category: text('category').notNull(),
  description: text('description').notNull().default(''),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  storage: text('storage').$type<'builtin' | 'data_dir'>().notNull(),
  storageKey: text('storage_key').notNull(),
  sort: integer('sort').notNull().default(0),
  status: text('status').$type<PublishStatus>().notNull().default('published'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  downloadCount: integer('download_count').notNull().default(0),
  createdAt: createdAt(),
});

export const centerProfile = pgTable('center_profile', {
  id: integer('id').primaryKey().default(1),
  name: text('name').notNull(),
  hotline: text('hotline').notNull(),
  hotlineHours: text('hotline_hours').notNull(),
  phone: text('phone').notNull(),
  address: text('address').notNull(),
  postalCode: text('postal_code').notNull(),
  officeHours: text('office_hours').notNull(),
  email: text('email'),
  website: text('website'),
  officialAccount: text('official_account'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type AgreementKind = 'user-agreement' | 'privacy';

export const agreements = pgTable('agreements', {
  id: id(),
  kind: text('kind').$type<AgreementKind>().notNull(),
  version: text('version').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  effectiveOn: day('effective_on').notNull(),
  createdAt: createdAt(),
  /** 0010_console.sql: NULL while a staff draft; the current version is the newest published one in effect. */
  publishedAt: timestamp('published_at', { withTimezone: true }),
});
