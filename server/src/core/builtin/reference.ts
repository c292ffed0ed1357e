/**
 * The built-in core's reference data as staff edit it (I2): signed housing projects (F6), service outlets (G4) and
 * the interest rates (G7). The built-in core serves these tables to the public side (listOutlets, listHousingProjects,
 * listInterestRates), so it alone writes them; the staff console edits them through this store, which root.ts hands
 * over only with the built-in core (a center's own core keeps its reference data itself).
 *
 * Every call takes the caller's transaction: the console writes its audit entry in the same one.
 */
import { asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type RateKind } from '../../shared/core-vocabulary.js';
import { housingProjects, interestRates, outlets } from '../tables.js';

interface ReferencePage<T> {
  rows: T[];
  total: number;
}

/** What a list asks for: `pattern` is an ILIKE pattern over the table's searched columns. */
interface ReferenceFilter {
  pattern?: string | undefined;
  limit: number;
  offset: number;
}

/** A table without states: plain insert / update / delete, and a search over some of its text columns. */
export interface PlainReferenceTable<Row, New> {
  list(db: Db, f: ReferenceFilter): Promise<ReferencePage<Row>>;
  get(db: Db, id: number): Promise<Row | null>;
  insert(tx: Db, values: New): Promise<Row>;
  /** Null when there is no such row; the row unchanged when `set` is empty. */
  update(tx: Db, id: number, set: Partial<New>): Promise<Row | null>;
  /** False when there was no such row. */
  remove(tx: Db, id: number): Promise<boolean>;
}

export type RateRow = typeof interestRates.$inferSelect;

function plainTable<T extends typeof housingProjects | typeof outlets>(
  table: T,
  searchIn: (t: T) => Parameters<typeof ilike>[0][],
): PlainReferenceTable<T['$inferSelect'], T['$inferInsert']> {
  // drizzle's builders do not accept a union of tables: each call sees one of them (they share `id`).
  const one = table as typeof housingProjects;
  const byId = (id: number) => eq(table.id, id);
  const get = async (db: Db, id: number) => {
    const [row] = await db.select().from(one).where(byId(id));
    return (row as T['$inferSelect'] | undefined) ?? null;
  };
  return {
    async list(db, f) {
      const where: SQL | undefined = f.pattern ? or(...searchIn(table).map((c) => ilike(c, f.pattern!))) : undefined;
      const [rows, [total]] = await Promise.all([
        db.select().from(one).where(where).orderBy(asc(table.id)).limit(f.limit).offset(f.offset),
        db.select({ n: count() }).from(one).where(where),
      ]);
      return { rows: rows as T['$inferSelect'][], total: total?.n ?? 0 };
    },
    get,
    async insert(tx, values) {
      const [row] = await tx
        .insert(table)
        .values(values as never)
        .returning();
      return row as T['$inferSelect'];
    },
    async update(tx, id, set) {
      if (Object.keys(set).length === 0) return get(tx, id); // nothing to change (an UPDATE needs a column)
      const [row] = await tx
        .update(one)
        .set(set as never)
        .where(byId(id))
        .returning();
      return (row as T['$inferSelect'] | undefined) ?? null;
    },
    async remove(tx, id) {
      return (await tx.delete(table).where(byId(id)).returning({ id: table.id })).length > 0;
    },
  };
}

/** The interest rates: an adjustment per kind and day (a second one the same day is refused by the table). */
const rates = {
  async list(db: Db, f: { kind?: RateKind | undefined; limit: number; offset: number }): Promise<ReferencePage<RateRow>> {
    const where = f.kind ? eq(interestRates.kind, f.kind) : undefined;
    const [rows, [total]] = await Promise.all([
      db.select().from(interestRates).where(where).orderBy(desc(interestRates.effectiveOn), asc(interestRates.kind)).limit(f.limit).offset(f.offset),
      db.select({ n: count() }).from(interestRates).where(where),
    ]);
    return { rows, total: total?.n ?? 0 };
  },
  async get(db: Db, id: number, opts: { forUpdate?: boolean } = {}): Promise<RateRow | null> {
    const q = db.select().from(interestRates).where(eq(interestRates.id, id));
    const [row] = opts.forUpdate ? await q.for('update') : await q;
    return row ?? null;
  },
  /** Null when the kind already has an adjustment that day. */
  async insert(tx: Db, values: { kind: RateKind; annualRatePercent: string; effectiveOn: string }): Promise<RateRow | null> {
    const [row] = await tx.insert(interestRates).values(values).onConflictDoNothing().returning();
    return row ?? null;
  },
  async update(tx: Db, id: number, set: Partial<{ kind: RateKind; annualRatePercent: string; effectiveOn: string }>): Promise<RateRow | null> {
    const [row] = await tx.update(interestRates).set(set).where(eq(interestRates.id, id)).returning();
    return row ?? null;
  },
  async remove(tx: Db, id: number): Promise<boolean> {
    return (await tx.delete(interestRates).where(eq(interestRates.id, id)).returning({ id: interestRates.id })).length > 0;
  },
};

export const builtinReference = {
  housingProjects: plainTable(housingProjects, (t) => [t.name, t.location, t.developer]),
  outlets: plainTable(outlets, (t) => [t.name, t.address]),
  rates,
};

export type BuiltinReference = typeof builtinReference;
