/** Queries of the content tables (0005_content.sql). Only published rows leave this file for the public side. */
import { and, asc, count, desc, eq, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import * as t from './tables.js';
import type { ColumnKey } from './schema.js';

export type ArticleRow = typeof t.articles.$inferSelect;
export type FaqRow = typeof t.faqs.$inferSelect;
export type FormRow = typeof t.forms.$inferSelect;
type CenterProfileRow = typeof t.centerProfile.$inferSelect;

/** The words of a search (at most five), split at spaces. */
export const wordsOf = (q?: string) =>
  q
    ? q
        .split(/[\s\u3000]+/)
        .filter(Boolean)
        .slice(0, 5)
    : [];

/** `%text%` for ILIKE with the wildcard characters of the text escaped. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Published and due: a published article with a future time appears only then. */
const visibleArticle = () => and(eq(t.articles.status, 'published'), lte(t.articles.publishedAt, sql`now()`));

export class ContentStore {
  constructor(private readonly db: Db) {}

  async articleCounts(): Promise<Map<ColumnKey, number>> {
    const rows = await this.db.select({ column: t.articles.columnKey, n: count() }).from(t.articles).where(visibleArticle()).groupBy(t.articles.columnKey);
    return new Map(rows.map((r) => [r.column, r.n]));
  }

  /** Newest first; with words, every word must appear in the title or the body, and title hits come first. */
  async listArticles(f: { column?: ColumnKey; words: string[]; limit: number; offset: number }): Promise<{ rows: ArticleRow[]; total: number }> {
    const wordConditions = f.words.map((w) => or(ilike(t.articles.title, containsPattern(w)), ilike(t.articles.bodyText, containsPattern(w))));
    const where = and(visibleArticle(), f.column ? eq(t.articles.columnKey, f.column) : undefined, ...wordConditions);
    const titleHits: SQL[] = f.words.map((w) => sql`(${t.articles.title} ILIKE ${containsPattern(w)})::int`);
    const order = titleHits.length ? [desc(sql.join(titleHits, sql` + `))] : [];
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(t.articles)
        .where(where)
        .orderBy(...order, desc(t.articles.publishedAt), desc(t.articles.id))
        .limit(f.limit)
        .offset(f.offset),
      this.db.select({ n: count() }).from(t.articles).where(where),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  /** The article, counting this view; null when it does not exist or is not (yet) public. */
  async viewArticle(id: number): Promise<ArticleRow | null> {
    const [row] = await this.db
      .update(t.articles)
      .set({ viewCount: sql`${t.articles.viewCount} + 1` })
      .where(and(eq(t.articles.id, id), visibleArticle()))
      .returning();
    return row ?? null;
  }

  async publishedFaqs(category?: string): Promise<FaqRow[]> {
    return this.db
      .select()
      .from(t.faqs)
      .where(and(eq(t.faqs.status, 'published'), category ? eq(t.faqs.category, category) : undefined))
      .orderBy(asc(t.faqs.sort), asc(t.faqs.id));
  }

  async publishedFaq(id: number): Promise<FaqRow | null> {
    const [row] = await this.db
      .select()
      .from(t.faqs)
      .where(and(eq(t.faqs.id, id), eq(t.faqs.status, 'published')));
    return row ?? null;
  }

  async faqCategories(): Promise<{ category: string; count: number; firstSort: number }[]> {
    return this.db
      .select({ category: t.faqs.category, count: count(), firstSort: sql<number>`min(${t.faqs.sort})::int` })
      .from(t.faqs)
      .where(eq(t.faqs.status, 'published'))
      .groupBy(t.faqs.category)
      .orderBy(sql`min(${t.faqs.sort})`, asc(t.faqs.category));
  }

  async listForms(f: { category?: string; limit: number; offset: number }): Promise<{ rows: FormRow[]; total: number }> {
    const where = and(eq(t.forms.status, 'published'), f.category ? eq(t.forms.category, f.category) : undefined);
    const [rows, [total]] = await Promise.all([
      this.db.select().from(t.forms).where(where).orderBy(asc(t.forms.sort), asc(t.forms.id)).limit(f.limit).offset(f.offset),
      this.db.select({ n: count() }).from(t.forms).where(where),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async publishedForm(id: number): Promise<FormRow | null> {
    const [row] = await this.db
      .select()
      .from(t.forms)
      .where(and(eq(t.forms.id, id), eq(t.forms.status, 'published')));
    return row ?? null;
  }

  async countDownload(id: number): Promise<void> {
    await this.db
      .update(t.forms)
      .set({ downloadCount: sql`${t.forms.downloadCount} + 1` })
      .where(eq(t.forms.id, id));
  }

  async centerProfile(): Promise<CenterProfileRow | null> {
    const [row] = await this.db.select().from(t.centerProfile).where(eq(t.centerProfile.id, 1));
    return row ?? null;
  }
}
