/**
 * Reference data the built-in core serves to the public side: signed housing projects (F6), service outlets (G4)
 * and the interest rates (G7, the calculator's table). These tables have no draft state: a save is public at once.
 */
import { asc, count, desc, eq, ilike, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { housingProjects, interestRates, outlets, type RateKind } from '../../db/schema.js';
import { containsPattern } from '../../content/store.js';
import { RATE_KINDS } from '../../tools/service.js';
import { contentInUse, defined, invalid, type ContentResource, type ResourceEnv, type View } from '../../content/editor/resource.js';

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+()\- ]{5,30}$/, '电话号码格式有误');

/** A table without states: list with a search over `searchIn`, and plain insert / update / delete. */
function plainResource<T extends typeof housingProjects | typeof outlets>(
  key: string,
  label: string,
  table: T,
  fields: z.ZodObject,
  view: z.ZodObject,
  searchIn: (t: T) => Parameters<typeof ilike>[0][],
  titleOf: (v: View) => string,
): ContentResource {
  const byId = (id: number) => eq(table.id, id);
  return {
    key,
    label,
    create: fields,
    update: fields.partial(),
    view,
    titleOf,
    async list(db: Db, f) {
      const where = f.q ? or(...searchIn(table).map((c) => ilike(c, containsPattern(f.q!)))) : undefined;
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(table as typeof housingProjects)
          .where(where)
          .orderBy(asc(table.id))
          .limit(f.limit)
          .offset(f.offset),
        db
          .select({ n: count() })
          .from(table as typeof housingProjects)
          .where(where),
      ]);
      return { items: rows as View[], total: total?.n ?? 0 };
    },
    async get(db, id) {
      const [row] = await db
        .select()
        .from(table as typeof housingProjects)
        .where(byId(id));
      return (row as View | undefined) ?? null;
    },
    async insert(tx, input: Record<string, unknown>) {
      const [row] = await tx
        .insert(table)
        .values(input as never)
        .returning();
      return row as View;
    },
    async patch(tx, id, input: Record<string, unknown>, env) {
      const set = defined(input);
      if (Object.keys(set).length === 0) return this.get(tx, id, env);
      const rows = (await tx
        .update(table as typeof housingProjects)
        .set(set as never)
        .where(byId(id))
        .returning()) as View[];
      return rows[0] ?? null;
    },
    async remove(tx, id) {
      return (await tx.delete(table).where(byId(id)).returning({ id: table.id })).length > 0;
    },
  };
}

export const housingProjectResource = plainResource(
  'housing-projects',
  '楼盘',
  housingProjects,
  z.object({
    name: z.string().trim().min(1).max(100).describe('楼盘名'),
    location: z.string().trim().min(1).max(200).describe('楼盘位置'),
    developer: z.string().trim().min(1).max(100).describe('开发商名称'),
    contact: z.string().trim().min(1).max(40).describe('联系人'),
    phone,
  }),
  z.object({ id: z.number(), name: z.string(), location: z.string(), developer: z.string(), contact: z.string(), phone: z.string() }),
  (t) => [t.name, t.location, t.developer],
  (v) => String(v['name']),
);

/** GCJ-02 (the coordinates WeChat's map and wx.getLocation give) is defined for China only: the outlet must lie there. */
export const GCJ02_BOUNDS = { latitude: [3.86, 53.56], longitude: [73.66, 135.05] } as const;

export const outletResource = plainResource(
  'outlets',
  '服务网点',
  outlets,
  z.object({
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().min(1).max(200),
    phone,
    hours: z.string().trim().min(1).max(100).describe('服务时间'),
    businessTypes: z.array(z.string().trim().min(1).max(20)).min(1).max(30).describe('可办理的业务类型'),
    latitude: z
      .number()
      .min(GCJ02_BOUNDS.latitude[0], `纬度须在 ${GCJ02_BOUNDS.latitude[0]}～${GCJ02_BOUNDS.latitude[1]} 之间（GCJ-02，中国境内）`)
      .max(GCJ02_BOUNDS.latitude[1], `纬度须在 ${GCJ02_BOUNDS.latitude[0]}～${GCJ02_BOUNDS.latitude[1]} 之间（GCJ-02，中国境内）`)
      .describe('纬度 (GCJ-02)'),
    longitude: z
      .number()
      .min(GCJ02_BOUNDS.longitude[0], `经度须在 ${GCJ02_BOUNDS.longitude[0]}～${GCJ02_BOUNDS.longitude[1]} 之间（GCJ-02，中国境内）`)
      .max(GCJ02_BOUNDS.longitude[1], `经度须在 ${GCJ02_BOUNDS.longitude[0]}～${GCJ02_BOUNDS.longitude[1]} 之间（GCJ-02，中国境内）`)
      .describe('经度 (GCJ-02)'),
  }),
  z.object({
    id: z.number(),
    name: z.string(),
    address: z.string(),
    phone: z.string(),
    hours: z.string(),
    businessTypes: z.array(z.string()),
    latitude: z.number().describe('纬度 (GCJ-02)'),
    longitude: z.number().describe('经度 (GCJ-02)'),
  }),
  (t) => [t.name, t.address],
  (v) => String(v['name']),
);

// ---- rates (G7; the calculator and the prepayment trial take them from the table) ----------------

const rateKind = z.enum(RATE_KINDS.map((k) => k.kind) as [RateKind, ...RateKind[]]);
const rateFields = z.object({
  kind: rateKind.describe('deposit 存款; loan_first_le5 / loan_first_gt5 首套五年以下(含)/以上; loan_second_le5 / loan_second_gt5 第二套'),
  annualRatePercent: z.number().gt(0).lt(20).multipleOf(0.0001).describe('年利率（%），如 2.85'),
  effectiveOn: z.iso.date().describe('生效日期 YYYY-MM-DD'),
});
type RateInput = z.infer<typeof rateFields>;
type RateRow = typeof interestRates.$inferSelect;

const rateViewSchema = z.object({
  id: z.number(),
  kind: rateKind,
  label: z.string(),
  annualRatePercent: z.number().describe('年利率（%）'),
  effectiveOn: z.string(),
  inEffect: z.boolean().describe('已生效（不能再修改或删除）'),
});

const rateView = (r: RateRow, today: string): View & z.input<typeof rateViewSchema> => ({
  id: r.id,
  kind: r.kind,
  label: RATE_KINDS.find((k) => k.kind === r.kind)?.label ?? r.kind,
  annualRatePercent: Number(r.annualRatePercent),
  effectiveOn: r.effectiveOn,
  inEffect: r.effectiveOn <= today,
});

/** A rate already in effect is history (loans were priced with it): correct it with a new adjustment instead. */
const settled = (r: RateRow, env: ResourceEnv) => r.effectiveOn <= env.clock.today();
const notInThePast = (day: string, env: ResourceEnv) => {
  if (day < env.clock.today()) throw invalid('生效日期不能早于今天（已过去的利率是历史记录）');
};

export const rateResource: ContentResource = {
  key: 'rates',
  label: '利率',
  create: rateFields,
  update: rateFields.partial(),
  view: rateViewSchema,
  titleOf: (v) => `${String(v['label'])} ${String(v['annualRatePercent'])}% 自 ${String(v['effectiveOn'])}`,
  async list(db, f, env) {
    const where = f.q ? eq(interestRates.kind, f.q as RateKind) : undefined;
    const [rows, [total]] = await Promise.all([
      db.select().from(interestRates).where(where).orderBy(desc(interestRates.effectiveOn), asc(interestRates.kind)).limit(f.limit).offset(f.offset),
      db.select({ n: count() }).from(interestRates).where(where),
    ]);
    return { items: rows.map((r) => rateView(r, env.clock.today())), total: total?.n ?? 0 };
  },
  async get(db, id, env) {
    const [row] = await db.select().from(interestRates).where(eq(interestRates.id, id));
    return row ? rateView(row, env.clock.today()) : null;
  },
  async insert(tx, input: RateInput, env) {
    notInThePast(input.effectiveOn, env);
    const [row] = await tx
      .insert(interestRates)
      .values({ kind: input.kind, annualRatePercent: input.annualRatePercent.toFixed(4), effectiveOn: input.effectiveOn })
      .onConflictDoNothing()
      .returning();
    if (!row) throw contentInUse('该利率种类在这一天已有调整记录，请修改那一条');
    return rateView(row, env.clock.today());
  },
  async patch(tx, id, input: Partial<RateInput>, env) {
    const [before] = await tx.select().from(interestRates).where(eq(interestRates.id, id)).for('update');
    if (!before) return null;
    if (settled(before, env)) throw contentInUse('已生效的利率不能修改，请新增一条调整记录');
    if (input.effectiveOn) notInThePast(input.effectiveOn, env);
    const set = defined({ kind: input.kind, effectiveOn: input.effectiveOn, annualRatePercent: input.annualRatePercent?.toFixed(4) });
    if (Object.keys(set).length === 0) return rateView(before, env.clock.today()); // nothing to change (an UPDATE needs a column)
    const [row] = await tx.update(interestRates).set(set).where(eq(interestRates.id, id)).returning();
    return rateView(row!, env.clock.today());
  },
  async remove(tx, id, env) {
    const [row] = await tx.select().from(interestRates).where(eq(interestRates.id, id));
    if (!row) return false;
    if (settled(row, env)) throw contentInUse('已生效的利率不能删除，请新增一条调整记录');
    await tx.delete(interestRates).where(eq(interestRates.id, id));
    return true;
  },
};
