/** Articles (F1–F5) and FAQs (G1): drafts, publishing, and bodies sanitized before they are stored. */
import { and, count, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { articles, faqs } from '../tables.js';
import { excerpt, htmlToText, sanitizeHtml } from '../sanitize.js';
import { ARTICLE_COLUMNS, columnKey } from '../schema.js';
import { shanghaiIso } from '../../shared/dates.js';
import { containsPattern } from '../store.js';
import { defined, invalid, removeUnpublished, type ContentResource, type View } from './resource.js';

const dateTimeInput = z.iso.datetime({ offset: true }).describe('ISO 8601 with offset, e.g. 2026-12-01T09:00:00+08:00');

const articleFields = z.object({
  column: columnKey,
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(200).optional().describe('摘要；空：取正文开头'),
  source: z.string().trim().max(100).nullable().optional().describe('来源 / 发文机关'),
  bodyHtml: z.string().min(1).max(500_000).describe('正文 HTML：保存前清洗（只保留 p、br、strong、em、ol、ul、li、h3、h4、table 等，不带属性）'),
  status: z.enum(['draft', 'published']).optional().describe('默认 draft'),
  publishedAt: dateTimeInput.nullable().optional().describe('发布时间；可在将来（到时才公开）；发布时为空取当前时间'),
});
type ArticleInput = z.infer<typeof articleFields>;
type ArticleRow = typeof articles.$inferSelect;

const columnName = (key: string) => ARTICLE_COLUMNS.find((c) => c.key === key)?.name ?? key;

const articleViewSchema = z.object({
  id: z.number(),
  column: z.string().describe('栏目'),
  columnName: z.string(),
  title: z.string(),
  summary: z.string(),
  source: z.string().nullable().describe('来源 / 发文机关'),
  bodyHtml: z.string(),
  bodyText: z.string(),
  status: z.enum(['draft', 'published', 'hidden']),
  publishedAt: z.string().nullable().describe('北京时间 ISO 8601'),
  viewCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publicUrl: z.string(),
});

function articleView(r: ArticleRow): View & z.input<typeof articleViewSchema> {
  return {
    id: r.id,
    column: r.columnKey,
    columnName: columnName(r.columnKey),
    title: r.title,
    summary: r.summary,
    source: r.source,
    bodyHtml: r.bodyHtml,
    bodyText: r.bodyText,
    status: r.status,
    publishedAt: r.publishedAt ? shanghaiIso(r.publishedAt) : null,
    viewCount: r.viewCount,
    createdAt: shanghaiIso(r.createdAt),
    updatedAt: shanghaiIso(r.updatedAt),
    publicUrl: `/api/public/articles/${r.id}`,
  };
}

/** The stored body: sanitized HTML, its text, and the summary (given, or the text's beginning). */
function body(html: string, summary: string | undefined) {
  const bodyHtml = sanitizeHtml(html);
  const bodyText = htmlToText(bodyHtml);
  if (!bodyText) throw invalid('正文不能为空（清洗后没有可显示的文字）');
  return { bodyHtml, bodyText, summary: summary || excerpt(bodyText) };
}

const publishedNow = (status: string | undefined, at: string | null | undefined, before: Date | null) =>
  status === 'published' ? (at ? new Date(at) : (before ?? new Date())) : at === undefined ? undefined : at ? new Date(at) : null;

async function pageOf<T>(rows: Promise<T[]>, total: Promise<{ n: number }[]>, view: (r: T) => View) {
  const [r, [t]] = await Promise.all([rows, total]);
  return { items: r.map(view), total: t?.n ?? 0 };
}

export const articleResource: ContentResource = {
  key: 'articles',
  label: '文章',
  create: articleFields,
  update: articleFields.partial(),
  view: articleViewSchema,
  titleOf: (v) => String(v['title']),
  list(db, f) {
    const where = f.q ? or(ilike(articles.title, containsPattern(f.q)), ilike(articles.bodyText, containsPattern(f.q))) : undefined;
    return pageOf(
      db.select().from(articles).where(where).orderBy(desc(articles.updatedAt), desc(articles.id)).limit(f.limit).offset(f.offset),
      db.select({ n: count() }).from(articles).where(where),
      articleView,
    );
  },
  async get(db, id) {
    const [row] = await db.select().from(articles).where(eq(articles.id, id));
    return row ? articleView(row) : null;
  },
  async insert(tx, input: ArticleInput) {
    const status = input.status ?? 'draft';
    const [row] = await tx
      .insert(articles)
      .values({
        columnKey: input.column,
        title: input.title,
        source: input.source ?? null,
        status,
        publishedAt: publishedNow(status, input.publishedAt, null) ?? null,
        ...body(input.bodyHtml, input.summary),
      })
      .returning();
    return articleView(row!);
  },
  async patch(tx, id, input: Partial<ArticleInput>) {
    const [before] = await tx.select().from(articles).where(eq(articles.id, id)).for('update');
    if (!before) return null;
    const text =
      input.bodyHtml !== undefined
        ? body(input.bodyHtml, input.summary)
        : input.summary !== undefined
          ? { summary: input.summary || excerpt(before.bodyText) }
          : {};
    const [row] = await tx
      .update(articles)
      .set(
        defined({
          columnKey: input.column,
          title: input.title,
          source: input.source,
          status: input.status,
          publishedAt: publishedNow(input.status ?? before.status, input.publishedAt, before.publishedAt),
          ...text,
          updatedAt: new Date(),
        }),
      )
      .where(eq(articles.id, id))
      .returning();
    return articleView(row!);
  },
  remove: (tx, id) => removeUnpublished(tx, articles, id, '该文章已发布，请先下线再删除'),
  async publish(tx, id) {
    const [row] = await tx
      .update(articles)
      .set({ status: 'published', publishedAt: sql`coalesce(${articles.publishedAt}, now())`, updatedAt: new Date() })
      .where(eq(articles.id, id))
      .returning();
    return row ? articleView(row) : null;
  },
  async unpublish(tx, id) {
    const [row] = await tx.update(articles).set({ status: 'draft', updatedAt: new Date() }).where(eq(articles.id, id)).returning();
    return row ? articleView(row) : null;
  },
};

// ---- FAQs ---------------------------------------------------------------------------------------

const faqFields = z.object({
  category: z.string().trim().min(1).max(20),
  question: z.string().trim().min(1).max(200),
  answer: z.string().trim().min(1).max(5000),
  keywords: z.array(z.string().trim().min(1).max(20)).max(30).optional().describe('同义词、俗称，帮助搜索'),
  sort: z.number().int().min(0).max(100_000).optional(),
  status: z.enum(['draft', 'published']).optional().describe('默认 published'),
});
type FaqInput = z.infer<typeof faqFields>;
type FaqRow = typeof faqs.$inferSelect;

const faqViewSchema = z.object({
  id: z.number(),
  category: z.string(),
  question: z.string(),
  answer: z.string(),
  keywords: z.array(z.string()),
  sort: z.number(),
  status: z.enum(['draft', 'published', 'hidden']),
  createdAt: z.string(),
  updatedAt: z.string(),
  publicUrl: z.string(),
});

const faqView = (r: FaqRow): View & z.input<typeof faqViewSchema> => ({
  id: r.id,
  category: r.category,
  question: r.question,
  answer: r.answer,
  keywords: r.keywords,
  sort: r.sort,
  status: r.status,
  createdAt: shanghaiIso(r.createdAt),
  updatedAt: shanghaiIso(r.updatedAt),
  publicUrl: `/api/public/faqs/${r.id}`,
});

export const faqResource: ContentResource = {
  key: 'faqs',
  label: '常见问题',
  create: faqFields,
  update: faqFields.partial(),
  view: faqViewSchema,
  titleOf: (v) => String(v['question']),
  list(db, f) {
    const where = f.q
      ? or(ilike(faqs.question, containsPattern(f.q)), ilike(faqs.answer, containsPattern(f.q)), ilike(faqs.category, containsPattern(f.q)))
      : undefined;
    return pageOf(
      db.select().from(faqs).where(where).orderBy(faqs.category, faqs.sort, faqs.id).limit(f.limit).offset(f.offset),
      db.select({ n: count() }).from(faqs).where(where),
      faqView,
    );
  },
  async get(db, id) {
    const [row] = await db.select().from(faqs).where(eq(faqs.id, id));
    return row ? faqView(row) : null;
  },
  async insert(tx, input: FaqInput) {
    const [row] = await tx
      .insert(faqs)
      .values({ ...input, keywords: input.keywords ?? [], sort: input.sort ?? 0, status: input.status ?? 'published' })
      .returning();
    return faqView(row!);
  },
  async patch(tx, id, input: Partial<FaqInput>) {
    const [row] = await tx
      .update(faqs)
      .set({ ...defined(input), updatedAt: new Date() })
      .where(eq(faqs.id, id))
      .returning();
    return row ? faqView(row) : null;
  },
  remove: (tx, id) => removeUnpublished(tx, faqs, id, '该问题已发布，请先下线再删除'),
  async publish(tx, id) {
    const [row] = await tx.update(faqs).set({ status: 'published', updatedAt: new Date() }).where(eq(faqs.id, id)).returning();
    return row ? faqView(row) : null;
  },
  async unpublish(tx, id) {
    const [row] = await tx
      .update(faqs)
      .set({ status: 'draft', updatedAt: new Date() })
      .where(and(eq(faqs.id, id)))
      .returning();
    return row ? faqView(row) : null;
  },
};
