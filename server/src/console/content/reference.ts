/**
 * Reference data the built-in core serves to the public side: signed housing projects (F6), service outlets (G4)
 * and the interest rates (G7, the calculator's table). These tables have no draft state: a save is public at once.
 * The built-in core owns them: the editor reads and writes them through its store (core/builtin/reference.ts), handed
 * over by root.ts. With a center's own core (CORE_MODE=external) that system keeps its reference data: the console
 * lists and opens them as the core has them (through the core gateway, what members see) and every write answers a
 * 409 saying where they are changed; each list says so in `readOnly`, and the console offers no edit.
 */
import { z } from 'zod';
import type { RateKind } from '../../shared/core-vocabulary.js';
import type { BuiltinReference, PlainReferenceTable, RateRow } from '../../core/builtin/reference.js';
import type { CoreGateway, InterestRate } from '../../core/gateway.js';
import { containsPattern } from '../../content/store.js';
import { sliceOf } from '../../content/paging.js';
import { RATE_KINDS } from '../../tools/service.js';
import { conflict } from '../../shared/errors.js';
import { contentInUse, defined, invalid, type ContentResource, type ResourceEnv, type View } from '../../content/editor/resource.js';

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+()\- ]{5,30}$/, '电话号码格式有误');

/** The part of a center's own core the console reads its reference data from. */
type CoreReference = Pick<CoreGateway, 'listOutlets' | 'listHousingProjects' | 'listInterestRates'>;

/** Where the reference data lives: the built-in core's tables (edited here), or a center's own core (shown only). */
export type ReferenceSource = { kind: 'builtin'; store: BuiltinReference } | { kind: 'core'; core: CoreReference };

/** With an external core: why its reference data is shown but not edited here (the lists' `readOnly`, the writes' 409). */
const keptByCoreText = (label: string) => `${label}由中心的核心业务系统维护，这里显示的是核心系统的数据；如需修改，请在核心业务系统中办理`;
const keptByCore = (label: string) => conflict('REFERENCE_DATA_IN_CORE', keptByCoreText(label));

/** The items that contain `q` (any case) in one of the searched fields; all of them without `q`. */
function matching(all: View[], q: string | undefined, searched: (v: View) => string[]): View[] {
  const needle = q?.toLowerCase();
  return needle ? all.filter((v) => searched(v).some((text) => text.toLowerCase().includes(needle))) : all;
}

/** The answers of a resource whose items a center's own core keeps: read from it, every write refused. */
function readFromCore(label: string): Pick<ContentResource, 'readOnly' | 'insert' | 'patch' | 'remove'> {
  const refuse = () => Promise.reject(keptByCore(label));
  return { readOnly: keptByCoreText(label), insert: refuse, patch: refuse, remove: refuse };
}

/**
 * A table without states: list with a search, and plain insert / update / delete through the built-in core's store;
 * or, with a center's own core, what it has (searched in the same fields), read only.
 */
function plainResource(
  key: string,
  label: string,
  source: { store: PlainReferenceTable<View, Record<string, unknown>> } | { all: () => Promise<View[]> },
  searched: (v: View) => string[],
  fields: z.ZodObject,
  view: z.ZodObject,
  titleOf: (v: View) => string,
): ContentResource {
  const shape = { key, label, create: fields, update: fields.partial(), view, titleOf };
  if ('all' in source) {
    return {
      ...shape,
      list: async (_db, f) => sliceOf(matching(await source.all(), f.q, searched), f),
      get: async (_db, id) => (await source.all()).find((v) => v.id === id) ?? null,
      ...readFromCore(label),
    };
  }
  const { store } = source;
  return {
    ...shape,
    async list(db, f) {
      const { rows, total } = await store.list(db, { pattern: f.q ? containsPattern(f.q) : undefined, limit: f.limit, offset: f.offset });
      return { items: rows, total };
    },
    get: (db, id) => store.get(db, id),
    insert: (tx, input: Record<string, unknown>) => store.insert(tx, input),
    patch: (tx, id, input: Record<string, unknown>) => store.update(tx, id, defined(input)),
    remove: (tx, id) => store.remove(tx, id),
  };
}

const housingProjectFields = z.object({
  name: z.string().trim().min(1).max(100).describe('楼盘名'),
  location: z.string().trim().min(1).max(200).describe('楼盘位置'),
  developer: z.string().trim().min(1).max(100).describe('开发商名称'),
  contact: z.string().trim().min(1).max(40).describe('联系人'),
  phone,
});
const housingProjectView = z.object({ id: z.number(), name: z.string(), location: z.string(), developer: z.string(), contact: z.string(), phone: z.string() });

/** GCJ-02 (the coordinates WeChat's map and wx.getLocation give) is defined for China only: the outlet must lie there. */
const GCJ02_BOUNDS = { latitude: [3.86, 53.56], longitude: [73.66, 135.05] } as const;

const outletFields = z.object({
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
});
const outletView = z.object({
  id: z.number(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  hours: z.string(),
  businessTypes: z.array(z.string()),
  latitude: z.number().describe('纬度 (GCJ-02)'),
  longitude: z.number().describe('经度 (GCJ-02)'),
});

// ---- rates (G7; the calculator and the prepayment trial take them from the table) ----------------

const rateKind = z.enum(RATE_KINDS.map((k) => k.kind) as [RateKind, ...RateKind[]]);
const rateFields = z.object({
  kind: rateKind.describe('deposit 存款; loan_first_le5 / loan_first_gt5 首套五年以下(含)/以上; loan_second_le5 / loan_second_gt5 第二套'),
  annualRatePercent: z.number().gt(0).lt(20).multipleOf(0.0001).describe('年利率（%），如 2.85'),
  effectiveOn: z.iso.date().describe('生效日期 YYYY-MM-DD'),
});
type RateInput = z.infer<typeof rateFields>;

const rateViewSchema = z.object({
  id: z.number(),
  kind: rateKind,
  label: z.string(),
  annualRatePercent: z.number().describe('年利率（%）'),
  effectiveOn: z.string(),
  inEffect: z.boolean().describe('已生效（不能再修改或删除）'),
});

const rateView = (r: Pick<RateRow, 'id' | 'kind' | 'annualRatePercent' | 'effectiveOn'>, today: string): View & z.input<typeof rateViewSchema> => ({
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

/**
 * A center's own core's rate table as the console lists it: newest adjustment first, a day's kinds in the order
 * the calculator names them (存款; 首套五年以下、五年以上; 二套 …). The core's rates carry no id: an adjustment is
 * numbered by its place oldest first, so the numbers stay put when the core adds a newer one.
 */
async function coreRates(core: CoreReference, today: string) {
  const rank = (r: InterestRate) => RATE_KINDS.findIndex((k) => k.kind === r.kind);
  const oldestFirst = [...(await core.listInterestRates())].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || rank(b) - rank(a));
  const views = oldestFirst.map((r, i) =>
    rateView({ id: i + 1, kind: r.kind, annualRatePercent: String(r.annualRatePercent), effectiveOn: r.effectiveOn }, today),
  );
  return views.reverse();
}

/** Rates: an adjustment not yet in effect may change or go; one in effect is history. With a center's own core, read only. */
function rateResource(source: ReferenceSource): ContentResource {
  const shape = {
    key: 'rates',
    label: '利率',
    create: rateFields,
    update: rateFields.partial(),
    view: rateViewSchema,
    titleOf: (v: View) => `${String(v['label'])} ${String(v['annualRatePercent'])}% 自 ${String(v['effectiveOn'])}`,
  };
  if (source.kind === 'core') {
    const { core } = source;
    return {
      ...shape,
      list: async (_db, f, env) =>
        sliceOf(
          (await coreRates(core, env.clock.today())).filter((v) => !f.q || v.kind === f.q),
          f,
        ),
      get: async (_db, id, env) => (await coreRates(core, env.clock.today())).find((v) => v.id === id) ?? null,
      ...readFromCore('利率'),
    };
  }
  const s = () => source.store.rates;
  return {
    ...shape,
    async list(db, f, env) {
      const { rows, total } = await s().list(db, { kind: f.q as RateKind | undefined, limit: f.limit, offset: f.offset });
      return { items: rows.map((r) => rateView(r, env.clock.today())), total };
    },
    async get(db, id, env) {
      const row = await s().get(db, id);
      return row ? rateView(row, env.clock.today()) : null;
    },
    async insert(tx, input: RateInput, env) {
      notInThePast(input.effectiveOn, env);
      const row = await s().insert(tx, { kind: input.kind, annualRatePercent: input.annualRatePercent.toFixed(4), effectiveOn: input.effectiveOn });
      if (!row) throw contentInUse('该利率种类在这一天已有调整记录，请修改那一条');
      return rateView(row, env.clock.today());
    },
    async patch(tx, id, input: Partial<RateInput>, env) {
      const before = await s().get(tx, id, { forUpdate: true });
      if (!before) return null;
      if (settled(before, env)) throw contentInUse('已生效的利率不能修改，请新增一条调整记录');
      if (input.effectiveOn) notInThePast(input.effectiveOn, env);
      const set = defined({ kind: input.kind, effectiveOn: input.effectiveOn, annualRatePercent: input.annualRatePercent?.toFixed(4) });
      if (Object.keys(set).length === 0) return rateView(before, env.clock.today()); // nothing to change (an UPDATE needs a column)
      const row = await s().update(tx, id, set);
      return rateView(row!, env.clock.today());
    },
    async remove(tx, id, env) {
      const row = await s().get(tx, id);
      if (!row) return false;
      if (settled(row, env)) throw contentInUse('已生效的利率不能删除，请新增一条调整记录');
      return s().remove(tx, id);
    },
  };
}

/** The three resources: over the built-in core's store, or read only from a center's own core. */
export function referenceResources(source: ReferenceSource) {
  const titleByName = (v: View) => String(v['name']);
  // The same fields the built-in tables search (core/builtin/reference.ts).
  const projectText = (v: View) => [String(v['name']), String(v['location']), String(v['developer'])];
  const outletText = (v: View) => [String(v['name']), String(v['address'])];
  const [projects, outlets] =
    source.kind === 'core'
      ? [
          { all: async (): Promise<View[]> => (await source.core.listHousingProjects()).map((p) => ({ ...p })) },
          { all: async (): Promise<View[]> => (await source.core.listOutlets()).map((o) => ({ ...o })) },
        ]
      : [{ store: source.store.housingProjects }, { store: source.store.outlets }];
  return {
    housingProjects: plainResource('housing-projects', '楼盘', projects, projectText, housingProjectFields, housingProjectView, titleByName),
    outlets: plainResource('outlets', '服务网点', outlets, outletText, outletFields, outletView, titleByName),
    rates: rateResource(source),
  };
}
