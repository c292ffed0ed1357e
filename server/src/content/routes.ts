/** 政策业务 and 互动交流, public side (no login): F1–F7, G1, G3, G8. HTTP only: parse, call the service, shape. */
import type Router from '@koa/router';
import type { z } from 'zod';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import * as s from './schema.js';
import type { PageRequest } from './paging.js';
import type { ContentService } from './service.js';

const tags = { policy: ['政策业务'], interaction: ['互动交流'] };

/**
 * G3's public list of answered questions. The questions are interaction's (interaction/community.ts), which imports
 * this folder: root.ts hands its service over.
 */
interface PublishedQuestions {
  listPublished(q: PageRequest & { q?: string }): Promise<z.infer<typeof s.communityListResponse>>;
}

export function registerContentRoutes(router: Router, registry: OpenApiRegistry, content: ContentService, community: PublishedQuestions): void {
  // F1–F5
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/articles/columns',
      summary: '栏目（新闻公告、机构介绍、政策法规、业务指南、政务公开）',
      tags: tags.policy,
      response: s.columnsResponse,
    },
    () => content.columns(),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/articles',
      summary: '文章列表：按栏目、分页、搜索标题和正文',
      tags: tags.policy,
      query: s.articleListQuery,
      response: s.articleListResponse,
    },
    ({ query }) => content.listArticles(query),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/public/articles/:id', summary: '文章详情（计一次阅读）', tags: tags.policy, params: s.idParams, response: s.articleResponse },
    ({ params }) => content.article(params.id),
  );

  // F6
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/housing-projects',
      summary: '签约楼盘：按楼盘名查询',
      tags: tags.policy,
      query: s.housingProjectQuery,
      response: s.housingProjectResponse,
    },
    ({ query }) => content.housingProjects(query),
  );

  // F7
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/public/forms', summary: '资料下载：表格列表', tags: tags.policy, query: s.formListQuery, response: s.formListResponse },
    ({ query }) => content.listForms(query),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/forms/:id/download',
      summary: '下载表格文件',
      tags: tags.policy,
      params: s.idParams,
      produces: 'application/octet-stream',
    },
    async ({ params, ctx }) => {
      const { form, bytes, sha256 } = await content.downloadForm(params.id);
      // Koa writes the UTF-8 name as filename* (RFC 6266 / 5987) with an ASCII fallback for old clients.
      ctx.attachment(form.fileName, { fallback: `${form.code}${extensionOf(form.fileName)}` });
      ctx.type = form.contentType;
      ctx.set('ETag', `"${sha256}"`);
      return bytes;
    },
  );

  // G1
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/public/faqs/categories', summary: '常见问题分类', tags: tags.interaction, response: s.faqCategoriesResponse },
    () => content.faqCategories(),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/faqs',
      summary: '常见问题：按分类、分页；有搜索词时按相关度排序',
      tags: tags.interaction,
      query: s.faqListQuery,
      response: s.faqListResponse,
    },
    ({ query }) => content.listFaqs(query),
  );
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/public/faqs/:id', summary: '常见问题详情', tags: tags.interaction, params: s.idParams, response: s.faqResponse },
    ({ params }) => content.faq(params.id),
  );

  // G3
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/community-questions',
      summary: '互动社区：已答复的公开留言',
      tags: tags.interaction,
      query: s.communityListQuery,
      response: s.communityListResponse,
    },
    ({ query }) => community.listPublished(query),
  );

  // G8
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/contact',
      summary: '联系我们：12329 热线、中心地址、办公时间、服务网点',
      tags: tags.interaction,
      response: s.contactResponse,
    },
    () => content.contact(),
  );
}

const extensionOf = (fileName: string) => /\.[A-Za-z0-9]{1,8}$/.exec(fileName)?.[0] ?? '';
