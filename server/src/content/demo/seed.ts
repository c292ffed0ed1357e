/** The content capability's part of the demo center (registered in src/demo.ts). */
import { createHash } from 'node:crypto';
import { CENTER_NAME, outlets } from '../../core/builtin/seed/reference.js';
import type { DemoContext } from '../../demo.js';
import * as t from '../tables.js';
import { addDays } from '../../shared/dates.js';
import { BUILTIN_FORMS, builtinFormBytes } from '../forms/catalog.js';
import { htmlToText, sanitizeHtml, excerpt } from '../sanitize.js';
import { newsAndPolicies } from './articles.js';
import { guidesAndDisclosure } from './guides.js';
import { demoFaqs } from './faqs.js';

/** A Shanghai wall-clock time on a date, as an instant. */
const at = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);

const demoArticles = [...newsAndPolicies, ...guidesAndDisclosure];

export async function seedContentDemo({ database, today }: DemoContext) {
  const db = database.db;
  await db.transaction(async (tx) => {
    await tx.insert(t.articles).values(
      demoArticles.map((a) => {
        const bodyHtml = sanitizeHtml(a.body);
        const bodyText = htmlToText(bodyHtml);
        const publishedAt = typeof a.publishedAt === 'string' ? new Date(a.publishedAt) : at(addDays(today, -a.publishedAt.daysAgo), a.publishedAt.time);
        return {
          columnKey: a.column,
          title: a.title,
          summary: a.summary ?? excerpt(bodyText),
          bodyHtml,
          bodyText,
          source: a.source,
          status: a.status ?? 'published',
          publishedAt,
          createdAt: publishedAt,
          updatedAt: publishedAt,
          // Older articles have been read more: a stable, plausible count.
          viewCount: ((a.title.length * 37) % 500) + 20,
        };
      }),
    );
    await tx.insert(t.faqs).values(
      demoFaqs.map((f, i) => ({
        category: f.category,
        question: f.question,
        answer: f.answer,
        keywords: f.keywords,
        sort: (i + 1) * 10,
        status: f.status ?? 'published',
      })),
    );
    await tx.insert(t.forms).values(
      BUILTIN_FORMS.map((f, i) => {
        const bytes = builtinFormBytes(f.code)!;
        return {
          code: f.code,
          title: f.title,
          category: f.category,
          description: f.description,
          fileName: f.fileName,
          contentType: f.contentType,
          sizeBytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          storage: 'builtin' as const,
          storageKey: f.code,
          sort: (i + 1) * 10,
          status: 'published' as const,
          publishedAt: at('2024-05-10'),
        };
      }),
    );
    const hall = outlets[0]!;
    await tx.insert(t.centerProfile).values({
      name: CENTER_NAME,
      hotline: '12329',
      hotlineHours: '人工服务：工作日 9:00—12:00，14:30—17:30；自助语音查询 24 小时',
      phone: hall.phone,
      address: hall.address,
      postalCode: '674100',
      officeHours: hall.hours,
      email: 'gjj@lijiang-hpf.example.cn',
      website: null,
      officialAccount: '丽江住房公积金',
    });
  });
  return { articles: demoArticles.length, faqs: demoFaqs.length, forms: BUILTIN_FORMS.length };
}
