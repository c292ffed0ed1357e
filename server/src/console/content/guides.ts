/**
 * Issue 18.7: each business's 须知 (003 5.2.1.1, 5.2.1.4) — 事项名称 / 设定依据 / 申请条件 / 办理材料 — one row per
 * application kind (0055). The editor maintains them as a content resource; members read one before 我要办理.
 * A save is public at once (no draft state), like the reference data.
 */
import type Router from '@koa/router';
import { asc, count, eq, ilike, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Db } from '../../db/client.js';
import { businessGuides } from '../tables.js';
import { containsPattern } from '../../content/store.js';
import type { OpenApiRegistry } from '../../http/openapi.js';
import { defineRoute } from '../../http/route.js';
import { conflict, notFound } from '../../shared/errors.js';
import { shanghaiIso } from '../../shared/dates.js';
import { defined, type ContentResource, type View } from '../../content/editor/resource.js';

const text = (label: string, max: number) => z.string().trim().min(1, `请填写${label}`).max(max, `${label}不能超过${max}个字`).describe(label);

const fields = z.object({
  kind: z
    .string()
    .regex(/^[a-zA-Z]{2,40}$/, '业务类型须为2～40位英文字母')
    .describe('业务类型（申请种类的 key，如 retirement）'),
  itemName: text('事项名称', 100),
  basis: text('设定依据', 500),
  conditions: text('申请条件', 2000),
  materials: text('办理材料', 2000),
});

const businessGuideSchema = z.object({
  kind: z.string().describe('业务类型'),
  itemName: z.string().describe('事项名称'),
  basis: z.string().describe('设定依据'),
  conditions: z.string().describe('申请条件'),
  materials: z.string().describe('办理材料（每行一项）'),
  updatedAt: z.string().describe('最后修改时间（北京时间）'),
});

type Row = typeof businessGuides.$inferSelect;
/** The console's item: the public answer with its id. */
const guideView = z.object({ id: z.number(), ...businessGuideSchema.shape });
const view = (r: Row): View & z.infer<typeof businessGuideSchema> => ({ ...r, updatedAt: shanghaiIso(r.updatedAt) });

export const businessGuideResource: ContentResource = {
  key: 'business-guides',
  label: '业务须知',
  create: fields,
  update: fields.omit({ kind: true }).partial(),
  view: guideView,
  titleOf: (v) => `${String(v.itemName)}（${String(v.kind)}）`,
  async list(db, f) {
    const where = f.q ? or(...[businessGuides.kind, businessGuides.itemName].map((c) => ilike(c, containsPattern(f.q!)))) : undefined;
    const [rows, [total]] = await Promise.all([
      db.select().from(businessGuides).where(where).orderBy(asc(businessGuides.id)).limit(f.limit).offset(f.offset),
      db.select({ n: count() }).from(businessGuides).where(where),
    ]);
    return { items: rows.map(view), total: total?.n ?? 0 };
  },
  async get(db, id) {
    const [row] = await db.select().from(businessGuides).where(eq(businessGuides.id, id));
    return row ? view(row) : null;
  },
  async insert(tx, input: z.infer<typeof fields>) {
    const [existing] = await tx.select({ id: businessGuides.id }).from(businessGuides).where(eq(businessGuides.kind, input.kind));
    if (existing) throw conflict('CONTENT_DUPLICATE', '该业务已有须知，请直接修改');
    const [row] = await tx.insert(businessGuides).values(input).returning();
    return view(row!);
  },
  async patch(tx, id, input: Partial<z.infer<typeof fields>>, env) {
    const set = defined(input);
    if (Object.keys(set).length === 0) return this.get(tx, id, env);
    const [row] = await tx
      .update(businessGuides)
      .set({ ...set, updatedAt: env.clock.now() })
      .where(eq(businessGuides.id, id))
      .returning();
    return row ? view(row) : null;
  },
  async remove(tx, id) {
    return (await tx.delete(businessGuides).where(eq(businessGuides.id, id)).returning({ id: businessGuides.id })).length > 0;
  },
};

/** GET /api/public/business-guides/:kind — the 须知 a member reads before 我要办理. */
async function businessGuide(db: Db, kind: string) {
  const [row] = await db.select().from(businessGuides).where(eq(businessGuides.kind, kind));
  if (!row) throw notFound('GUIDE_NOT_FOUND', '该业务暂无办理须知');
  const { id: _id, ...rest } = view(row);
  return rest;
}

export function registerBusinessGuideRoutes(router: Router, registry: OpenApiRegistry, database: Database): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/public/business-guides/:kind',
      summary: '业务须知：事项名称、设定依据、申请条件、办理材料 (003 5.2.1.1)',
      tags: ['业务须知'],
      params: z.object({ kind: fields.shape.kind }),
      response: businessGuideSchema,
    },
    ({ params }) => businessGuide(database.db, params.kind),
  );
}
