/**
 * G9 agreement versions: a new version of the user agreement or the privacy statement is written as a draft and
 * becomes current when published (from its effective day). A published version is what members accepted, so it is
 * never edited or deleted: a change is a new version.
 */
import { and, count, desc, eq, ilike, isNotNull, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { agreements, type AgreementKind } from '../tables.js';
import { shanghaiIso } from '../../shared/dates.js';
import { containsPattern } from '../store.js';
import { contentInUse, defined, invalid, type ContentResource, type View } from './resource.js';

const agreementFields = z.object({
  kind: z.enum(['user-agreement', 'privacy']).describe('user-agreement 个人用户协议; privacy 隐私声明'),
  version: z.string().regex(/^[0-9A-Za-z.-]{1,32}$/, '版本号只能包含字母、数字、点和短横线，如 2027.1'),
  title: z.string().trim().min(1).max(50),
  body: z.string().trim().min(1).max(50_000),
  effectiveOn: z.iso.date().optional().describe('生效日期 YYYY-MM-DD，默认发布当天'),
});
type AgreementInput = z.infer<typeof agreementFields>;
type AgreementRow = typeof agreements.$inferSelect;

/** The ids of the current version of each kind (the rule of identity/agreements.ts currentAgreement). */
async function currentIds(db: Db, today: string): Promise<Set<number>> {
  const rows = await db
    .selectDistinctOn([agreements.kind], { id: agreements.id })
    .from(agreements)
    .where(and(isNotNull(agreements.publishedAt), lte(agreements.effectiveOn, today)))
    .orderBy(agreements.kind, desc(agreements.effectiveOn), desc(agreements.id));
  return new Set(rows.map((r) => r.id));
}

const agreementView = z.object({
  id: z.number(),
  kind: z.enum(['user-agreement', 'privacy']),
  version: z.string(),
  title: z.string(),
  body: z.string(),
  effectiveOn: z.string().describe('生效日期 YYYY-MM-DD'),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  current: z.boolean().describe('当前生效的版本'),
  createdAt: z.string(),
});

const view = (r: AgreementRow, current: Set<number>): View & z.input<typeof agreementView> => ({
  id: r.id,
  kind: r.kind,
  version: r.version,
  title: r.title,
  body: r.body,
  effectiveOn: r.effectiveOn,
  status: r.publishedAt ? 'published' : 'draft',
  publishedAt: r.publishedAt ? shanghaiIso(r.publishedAt) : null,
  current: current.has(r.id),
  createdAt: shanghaiIso(r.createdAt),
});

async function draft(tx: Db, id: number): Promise<AgreementRow | null> {
  const [row] = await tx.select().from(agreements).where(eq(agreements.id, id)).for('update');
  if (row?.publishedAt) throw contentInUse('已发布的协议版本不能修改或删除（职工已据此同意），请新建一个版本');
  return row ?? null;
}

export const agreementResource: ContentResource = {
  key: 'agreements',
  label: '协议版本',
  create: agreementFields,
  update: agreementFields.omit({ kind: true }).partial(),
  view: agreementView,
  titleOf: (v) => `${String(v['title'])} ${String(v['version'])}`,
  async list(db, f, env) {
    const where = f.q
      ? or(ilike(agreements.title, containsPattern(f.q)), ilike(agreements.version, containsPattern(f.q)), eq(agreements.kind, f.q as AgreementKind))
      : undefined;
    const [rows, [total], current] = await Promise.all([
      db.select().from(agreements).where(where).orderBy(agreements.kind, desc(agreements.effectiveOn), desc(agreements.id)).limit(f.limit).offset(f.offset),
      db.select({ n: count() }).from(agreements).where(where),
      currentIds(db, env.clock.today()),
    ]);
    return { items: rows.map((r) => view(r, current)), total: total?.n ?? 0 };
  },
  async get(db, id, env) {
    const [row] = await db.select().from(agreements).where(eq(agreements.id, id));
    return row ? view(row, await currentIds(db, env.clock.today())) : null;
  },
  async insert(tx, input: AgreementInput, env) {
    const effectiveOn = input.effectiveOn ?? env.clock.today();
    if (effectiveOn < env.clock.today()) throw invalid('生效日期不能早于今天');
    const [row] = await tx
      .insert(agreements)
      .values({ ...input, effectiveOn })
      .onConflictDoNothing()
      .returning();
    if (!row) throw contentInUse(`版本号 ${input.version} 已存在，请换一个版本号`);
    return view(row, new Set());
  },
  async patch(tx, id, input: Partial<AgreementInput>, env) {
    if (!(await draft(tx, id))) return null;
    if (input.effectiveOn && input.effectiveOn < env.clock.today()) throw invalid('生效日期不能早于今天');
    const set = defined(input);
    if (Object.keys(set).length) await tx.update(agreements).set(set).where(eq(agreements.id, id));
    return this.get(tx, id, env);
  },
  async remove(tx, id) {
    if (!(await draft(tx, id))) return false;
    await tx.delete(agreements).where(eq(agreements.id, id));
    return true;
  },
  /** Current from its effective day (today when that has passed while it was a draft). */
  async publish(tx, id, env) {
    const [row] = await tx.select().from(agreements).where(eq(agreements.id, id)).for('update');
    if (!row) return null;
    if (row.publishedAt) throw contentInUse('该版本已发布');
    const today = env.clock.today();
    await tx
      .update(agreements)
      .set({ publishedAt: env.clock.now(), effectiveOn: row.effectiveOn < today ? today : row.effectiveOn })
      .where(eq(agreements.id, id));
    return this.get(tx, id, env);
  },
};
