/** /api/staff/content/<resource>: the same five routes (and publish / unpublish) for every resource of I2. */
import type Router from '@koa/router';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import type { OpenApiRegistry } from '../../http/openapi.js';
import { defineRoute } from '../../http/route.js';
import { pageQuery, searchText } from '../../content/paging.js';
import { idParams } from '../../content/schema.js';
import { auditStaff } from '../../staff/audit.js';
import { requireRole } from '../../staff/roles.js';
import type { ContentEditor } from '../../content/editor/index.js';
import { contentNotFound, type ContentResource, type ResourceEnv, type View } from '../../content/editor/resource.js';
import { businessGuideResource } from './guides.js';
import { referenceResources, type ReferenceSource } from './reference.js';

/**
 * Every resource the editor manages, in the console's order, each writing its owner's tables: content's (handed over
 * by root.ts), the built-in core's reference data (its store, handed over with the built-in core only) and the
 * console's own business guides.
 */
function resources(editor: ContentEditor, reference: ReferenceSource): ContentResource[] {
  const ref = referenceResources(reference);
  return [editor.articles, ref.housingProjects, ref.outlets, editor.faqs, editor.forms, ref.rates, editor.agreements, businessGuideResource];
}

const listQuery = pageQuery.extend({ q: searchText().describe('搜索（标题、名称等）') });
const deleted = z.object({ message: z.string() });
const paged = (item: z.ZodObject) =>
  z.object({
    items: z.array(item),
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
    readOnly: z.string().nullable().describe('不为空时：这些条目由别处维护（中心的核心业务系统），这里只能查看，写入一律 409；内容为原因，供页面显示'),
  });

export function registerContentAdminRoutes(
  router: Router,
  registry: OpenApiRegistry,
  deps: { database: Database; env: ResourceEnv; editor: ContentEditor; reference: ReferenceSource },
): void {
  const { database, env } = deps;
  const tags = ['内容管理 (工作人员)'];
  for (const r of resources(deps.editor, deps.reference)) {
    const base = `/api/staff/content/${r.key}`;
    const found = (v: View | null): View => {
      if (!v) throw contentNotFound(r.label);
      return v;
    };
    /** A write and its audit entry in one transaction. */
    const write = (ctx: Parameters<typeof requireRole>[0], action: string, fn: (tx: typeof database.db) => Promise<View | null>) => {
      const staff = requireRole(ctx, 'content-editor');
      return database.db.transaction(async (tx) => {
        const v = found(await fn(tx));
        await auditStaff(tx, staff, `content.${r.key}.${action}`, `${r.key}:${v.id}`, { title: r.titleOf(v) });
        return v;
      });
    };

    defineRoute(
      router,
      registry,
      { method: 'get', path: base, summary: `${r.label}列表（含草稿）`, tags, auth: 'staff', query: listQuery, response: paged(r.view) },
      async ({ ctx, query }) => {
        requireRole(ctx, 'content-editor');
        const { items, total } = await r.list(database.db, { q: query.q, limit: query.pageSize, offset: (query.page - 1) * query.pageSize }, env);
        return { items, total, page: query.page, pageSize: query.pageSize, readOnly: r.readOnly ?? null };
      },
    );
    defineRoute(
      router,
      registry,
      { method: 'get', path: `${base}/:id`, summary: `${r.label}详情`, tags, auth: 'staff', params: idParams, response: r.view },
      async ({ ctx, params }) => {
        requireRole(ctx, 'content-editor');
        return found(await r.get(database.db, params.id, env));
      },
    );
    defineRoute(
      router,
      registry,
      {
        method: 'post',
        path: base,
        summary: `新建${r.label}`,
        tags,
        auth: 'staff',
        body: r.create,
        response: r.view,
        status: 201,
        ...(r.bodyLimitBytes ? { bodyLimitBytes: r.bodyLimitBytes } : {}),
      },
      async ({ ctx, body }) => write(ctx, 'create', (tx) => r.insert(tx, body as never, env)),
    );
    defineRoute(
      router,
      registry,
      {
        method: 'put',
        path: `${base}/:id`,
        summary: `修改${r.label}（只传要改的字段）`,
        tags,
        auth: 'staff',
        params: idParams,
        body: r.update,
        response: r.view,
        ...(r.bodyLimitBytes ? { bodyLimitBytes: r.bodyLimitBytes } : {}),
      },
      async ({ ctx, params, body }) => write(ctx, 'update', (tx) => r.patch(tx, params.id, body as never, env)),
    );
    defineRoute(
      router,
      registry,
      { method: 'delete', path: `${base}/:id`, summary: `删除${r.label}（已发布的须先下线）`, tags, auth: 'staff', params: idParams, response: deleted },
      async ({ ctx, params }) => {
        await write(ctx, 'delete', async (tx) => {
          const before = await r.get(tx, params.id, env);
          return before && (await r.remove(tx, params.id, env)) ? before : null;
        });
        return { message: '已删除' };
      },
    );
    const { publish, unpublish } = r;
    if (publish) {
      defineRoute(
        router,
        registry,
        { method: 'post', path: `${base}/:id/publish`, summary: `发布${r.label}`, tags, auth: 'staff', params: idParams, response: r.view },
        async ({ ctx, params }) => write(ctx, 'publish', (tx) => publish.call(r, tx, params.id, env)),
      );
    }
    if (unpublish) {
      defineRoute(
        router,
        registry,
        { method: 'post', path: `${base}/:id/unpublish`, summary: `下线${r.label}`, tags, auth: 'staff', params: idParams, response: r.view },
        async ({ ctx, params }) => write(ctx, 'unpublish', (tx) => unpublish.call(r, tx, params.id, env)),
      );
    }
  }
}
