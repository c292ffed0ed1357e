/**
 * The public read side of 政策业务 and 互动交流 (F1–F7, G1, G3, G8): only published content, paged, searchable.
 * No Koa here; routes shape the HTTP answer.
 */
import { shanghaiIso } from '../shared/dates.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoreGateway } from '../core/gateway.js';
import type { Db } from '../db/client.js';
import { DomainError, notFound } from '../shared/errors.js';
import { builtinFormBytes } from './forms/catalog.js';
import { limitOffset, pageArray, type PageOf, type PageRequest } from './paging.js';
import { ARTICLE_COLUMNS, type ColumnKey } from './schema.js';
import { rank } from './search.js';
import { ContentStore, wordsOf, type ArticleRow, type FaqRow, type FormRow } from './store.js';

const columnName = (key: ColumnKey) => ARTICLE_COLUMNS.find((c) => c.key === key)!.name;
/** Words of a search box: several words must all appear. */

export class ContentService {
  private readonly store: ContentStore;

  constructor(
    db: Db,
    private readonly core: CoreGateway,
    private readonly dataDir: string,
  ) {
    this.store = new ContentStore(db);
  }

  // ---- F1–F5 articles -----------------------------------------------------------------------------

  async columns() {
    const counts = await this.store.articleCounts();
    return { items: ARTICLE_COLUMNS.map((c) => ({ ...c, articleCount: counts.get(c.key) ?? 0 })) };
  }

  async listArticles(q: PageRequest & { column?: ColumnKey; q?: string }): Promise<PageOf<ReturnType<typeof articleSummary>>> {
    const { rows, total } = await this.store.listArticles({ column: q.column, words: wordsOf(q.q), ...limitOffset(q) });
    return { items: rows.map(articleSummary), total, page: q.page, pageSize: q.pageSize };
  }

  async article(id: number) {
    const row = await this.store.viewArticle(id);
    if (!row) throw notFound('ARTICLE_NOT_FOUND', '该文章不存在或已下线');
    return { ...articleSummary(row), bodyHtml: row.bodyHtml, bodyText: row.bodyText };
  }

  // ---- F6 housing projects (from the core gateway) -------------------------------------------------

  async housingProjects(q: PageRequest & { name?: string }) {
    return pageArray(await this.core.listHousingProjects(q.name), q);
  }

  // ---- F7 forms ----------------------------------------------------------------------------------

  async listForms(q: PageRequest & { category?: string }) {
    const { rows, total } = await this.store.listForms({ category: q.category, ...limitOffset(q) });
    return { items: rows.map(formItem), total, page: q.page, pageSize: q.pageSize };
  }

  /** The published form's file; counts the download once the bytes are in hand. */
  async downloadForm(id: number): Promise<{ form: FormRow; bytes: Buffer; sha256: string }> {
    const form = await this.store.publishedForm(id);
    if (!form) throw notFound('FORM_NOT_FOUND', '该表格不存在或已下架');
    const bytes = await this.formBytes(form);
    if (!bytes) throw new DomainError('FORM_FILE_MISSING', '表格文件暂时无法下载，请稍后再试或到服务网点领取', 503);
    await this.store.countDownload(id);
    return { form, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  private async formBytes(form: FormRow): Promise<Buffer | null> {
    if (form.storage === 'builtin') return builtinFormBytes(form.storageKey);
    // storage_key is a bare file name (a CHECK forbids separators); resolve and check anyway.
    const dir = path.resolve(this.dataDir, 'forms');
    const file = path.resolve(dir, form.storageKey);
    if (path.dirname(file) !== dir) return null;
    try {
      return await readFile(file);
    } catch {
      return null;
    }
  }

  // ---- G1 FAQ ------------------------------------------------------------------------------------

  async listFaqs(q: PageRequest & { category?: string; q?: string }) {
    const rows = await this.store.publishedFaqs(q.category);
    const ranked: { doc: FaqRow; score: number | null }[] = q.q ? rank(q.q, rows, faqView) : rows.map((doc) => ({ doc, score: null }));
    const page = pageArray(ranked, q);
    return { ...page, items: page.items.map(({ doc, score }) => ({ ...faqItem(doc), score })) };
  }

  /** Best answers for a free-text question, e.g. a text message to the official account (H4). */
  async searchFaqs(text: string, limit = 3) {
    return rank(text, await this.store.publishedFaqs(), faqView)
      .slice(0, limit)
      .map(({ doc, score }) => ({ ...faqItem(doc), score }));
  }

  async faq(id: number) {
    const row = await this.store.publishedFaq(id);
    if (!row) throw notFound('FAQ_NOT_FOUND', '该问题不存在或已下线');
    return faqItem(row);
  }

  async faqCategories() {
    const rows = await this.store.faqCategories();
    return { items: rows.map(({ category, count }) => ({ category, count })) };
  }

  // ---- G8 contact --------------------------------------------------------------------------------

  async contact() {
    const profile = await this.store.centerProfile();
    if (!profile) throw notFound('CONTACT_NOT_CONFIGURED', '联系方式尚未发布');
    const outlets = await this.core.listOutlets();
    return {
      name: profile.name,
      hotline: profile.hotline,
      hotlineHours: profile.hotlineHours,
      phone: profile.phone,
      address: profile.address,
      postalCode: profile.postalCode,
      officeHours: profile.officeHours,
      email: profile.email,
      website: profile.website,
      officialAccount: profile.officialAccount,
      outletsUrl: '/api/public/outlets',
      outlets: outlets.map((o) => ({ id: o.id, name: o.name, address: o.address, phone: o.phone, url: `/api/public/outlets/${o.id}` })),
    };
  }
}

function articleSummary(r: ArticleRow) {
  return {
    id: r.id,
    column: r.columnKey,
    columnName: columnName(r.columnKey),
    title: r.title,
    summary: r.summary,
    source: r.source,
    publishedAt: shanghaiIso(r.publishedAt!),
    viewCount: r.viewCount,
  };
}

const faqView = (f: FaqRow) => ({ title: f.question, body: f.answer, keywords: f.keywords });
const faqItem = (f: FaqRow) => ({ id: f.id, category: f.category, question: f.question, answer: f.answer, keywords: f.keywords });

function formItem(f: FormRow) {
  return {
    id: f.id,
    code: f.code,
    title: f.title,
    category: f.category,
    description: f.description,
    fileName: f.fileName,
    contentType: f.contentType,
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    publishedAt: shanghaiIso(f.publishedAt!),
    downloadCount: f.downloadCount,
    downloadUrl: `/api/public/forms/${f.id}/download`,
  };
}
