/** Request and response schemas of the public content routes (F1–F7, G1, G3); they also feed OpenAPI. */
import { z } from 'zod';
import { pageQuery, pageSchema, searchText } from './paging.js';

/** The five columns of 政策业务, in the order and with the wording of 000 二 (001 五 names in brackets). */
export const ARTICLE_COLUMNS = [
  { key: 'notices', name: '新闻公告', description: '定时公布公积金中心的各类时事新闻' },
  { key: 'introduction', name: '机构介绍', description: '对公积金中心进行机构组织的介绍' },
  { key: 'policies', name: '政策法规', description: '对涉及公积金归集、提取、贷款、核算的政策进行发布' },
  { key: 'guides', name: '业务指南', description: '针对客户办理的各种业务进行介绍和解释' },
  { key: 'disclosure', name: '政务公开', description: '对公积金中心的各类政务进行公布' },
] as const;
export type ColumnKey = (typeof ARTICLE_COLUMNS)[number]['key'];
export const columnKey = z.enum(ARTICLE_COLUMNS.map((c) => c.key) as [ColumnKey, ...ColumnKey[]]);

const dateTime = z.string().describe('Asia/Shanghai, e.g. 2025-05-07T17:30:00+08:00');
const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const idParams = z.object({ id: id.describe('编号') });

// ---- articles (F1–F5) ---------------------------------------------------------------------------

export const columnsResponse = z.object({
  items: z.array(z.object({ key: columnKey, name: z.string(), description: z.string(), articleCount: z.number().int() })),
});

export const articleListQuery = pageQuery.extend({
  column: columnKey.optional().describe('栏目：notices 新闻公告, introduction 机构介绍, policies 政策法规, guides 业务指南, disclosure 政务公开'),
  q: searchText().describe('搜索标题和正文，空格分隔的词须全部出现'),
});

const articleSummary = z.object({
  id: z.number().int(),
  column: columnKey,
  columnName: z.string(),
  title: z.string(),
  summary: z.string(),
  source: z.string().nullable(),
  publishedAt: dateTime,
  viewCount: z.number().int(),
});
export const articleListResponse = pageSchema(articleSummary);

export const articleResponse = articleSummary.extend({
  bodyHtml: z.string().describe('正文：安全的 HTML 子集（p, br, strong, em, ol, ul, li, h3, h4, table …，无属性）'),
  bodyText: z.string().describe('正文纯文本，每段一行'),
});

// ---- housing projects (F6) ----------------------------------------------------------------------

export const housingProjectQuery = pageQuery.extend({ name: searchText(40).describe('楼盘名（包含即可）') });
export const housingProjectResponse = pageSchema(
  z.object({
    id: z.number().int(),
    name: z.string().describe('楼盘名'),
    location: z.string().describe('楼盘位置'),
    developer: z.string().describe('开发商名称'),
    contact: z.string().describe('联系人'),
    phone: z.string().describe('联系电话'),
  }),
);

// ---- forms (F7) ---------------------------------------------------------------------------------

export const formListQuery = pageQuery.extend({ category: searchText(20).describe('分类：提取、贷款、转移接续、综合') });
export const formItem = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  category: z.string(),
  description: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  publishedAt: dateTime,
  downloadCount: z.number().int(),
  downloadUrl: z.string().describe('GET this path for the file'),
});
export const formListResponse = pageSchema(formItem);

// ---- FAQ (G1) -----------------------------------------------------------------------------------

export const faqListQuery = pageQuery.extend({
  category: searchText(20).describe('分类'),
  q: searchText().describe('问题关键词：按相关度排序'),
});
const faqItem = z.object({
  id: z.number().int(),
  category: z.string(),
  question: z.string(),
  answer: z.string(),
  keywords: z.array(z.string()),
  score: z.number().nullable().describe('相关度（有搜索词时）'),
});
export const faqListResponse = pageSchema(faqItem);
export const faqResponse = faqItem.omit({ score: true });
export const faqCategoriesResponse = z.object({ items: z.array(z.object({ category: z.string(), count: z.number().int() })) });

// ---- community questions (G3) -------------------------------------------------------------------

export const communityListQuery = pageQuery.extend({ q: searchText().describe('搜索留言和答复') });
export const communityItem = z.object({
  id: z.number().int(),
  askerName: z.string().describe('留言人（已脱敏）'),
  question: z.string(),
  askedAt: dateTime,
  answer: z.string(),
  answeredBy: z.string(),
  answeredAt: dateTime,
});
export const communityListResponse = pageSchema(communityItem);

// ---- contact us (G8) ----------------------------------------------------------------------------

export const contactResponse = z.object({
  name: z.string().describe('中心名称'),
  hotline: z.string().describe('服务热线 12329'),
  hotlineHours: z.string(),
  phone: z.string().describe('咨询电话'),
  address: z.string(),
  postalCode: z.string(),
  officeHours: z.string().describe('办公时间'),
  email: z.string().nullable(),
  website: z.string().nullable(),
  officialAccount: z.string().nullable().describe('微信公众号'),
  outletsUrl: z.string().describe('服务网点列表（可按距离排序）'),
  outlets: z.array(z.object({ id: z.number().int(), name: z.string(), address: z.string(), phone: z.string(), url: z.string() })),
});
