/** Applications and their node history (0007_workflow.sql), through drizzle. */
import { and, asc, count, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { applicationEvents, applications, type ApplicationChannel, type ApplicationStatus, type ReviewNodeKey } from './tables.js';
import { OPEN_STATUSES } from './kinds.js';

export type ApplicationRow = typeof applications.$inferSelect;
export type EventRow = typeof applicationEvents.$inferSelect;
export type NewEvent = typeof applicationEvents.$inferInsert;

/** 流水号: the business day and a center-wide sequence, e.g. 20261126000123. */
export async function nextSerialNo(db: Db, today: string): Promise<string> {
  const [row] = await db.execute<{ n: number }>(sql`SELECT nextval('application_serial_seq')::bigint AS n`).then((r) => rowsOf<{ n: number }>(r));
  return `${today.replaceAll('-', '')}${String(row!.n).padStart(6, '0')}`;
}

/** node-postgres and PGlite return execute() results in different shapes. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function insertDraft(
  db: Db,
  v: {
    serialNo: string;
    memberId: number;
    kind: string;
    channel: ApplicationChannel;
    form: Record<string, unknown>;
    bankCardId: number | null;
    clientKey: string | null;
  },
): Promise<ApplicationRow> {
  const [row] = await db
    .insert(applications)
    .values({ ...v, status: 'draft' })
    .returning();
  return row!;
}

export async function findBySerial(db: Db, serialNo: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.serialNo, serialNo));
  return row;
}

/** The row, locked until the transaction ends: every state change goes through here. */
export async function lockBySerial(db: Db, serialNo: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.serialNo, serialNo)).for('update');
  return row;
}

export async function findByClientKey(db: Db, memberId: number, clientKey: string): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.memberId, memberId), eq(applications.clientKey, clientKey)));
  return row;
}

export async function listOpen(db: Db, memberId: number, kind?: string): Promise<ApplicationRow[]> {
  return db
    .select()
    .from(applications)
    .where(and(eq(applications.memberId, memberId), inArray(applications.status, OPEN_STATUSES), kind ? eq(applications.kind, kind) : undefined));
}

/** The member's earlier applications of one kind, newest first (a reviewer compares with them: issue 20 point 8). */
export async function previousOfKind(db: Db, app: ApplicationRow, limit = 10): Promise<ApplicationRow[]> {
  const a = applications;
  return db
    .select()
    .from(a)
    .where(and(eq(a.memberId, app.memberId), eq(a.kind, app.kind), sql`${a.id} <> ${app.id}`, sql`${a.status} <> 'draft'`))
    .orderBy(desc(a.submittedAt), desc(a.id))
    .limit(limit);
}

export async function updateApplication(db: Db, id: number, patch: Partial<typeof applications.$inferInsert>): Promise<ApplicationRow> {
  const [row] = await db
    .update(applications)
    .set({ ...patch, updatedAt: sql`clock_timestamp()` })
    .where(eq(applications.id, id))
    .returning();
  return row!;
}

export async function insertEvent(db: Db, e: NewEvent): Promise<EventRow> {
  const [row] = await db.insert(applicationEvents).values(e).returning();
  return row!;
}

export async function listEvents(db: Db, applicationIds: number[]): Promise<EventRow[]> {
  if (applicationIds.length === 0) return [];
  return db
    .select()
    .from(applicationEvents)
    .where(inArray(applicationEvents.applicationId, applicationIds))
    .orderBy(asc(applicationEvents.applicationId), asc(applicationEvents.id));
}

export interface MemberListQuery {
  statuses?: ApplicationStatus[];
  excludeDrafts?: boolean;
  limit: number;
  offset: number;
}

export async function listByMember(db: Db, memberId: number, q: MemberListQuery): Promise<{ rows: ApplicationRow[]; total: number }> {
  const where = and(
    eq(applications.memberId, memberId),
    q.statuses ? inArray(applications.status, q.statuses) : undefined,
    q.excludeDrafts ? sql`${applications.submittedAt} IS NOT NULL` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(applications).where(where).orderBy(desc(applications.createdAt), desc(applications.id)).limit(q.limit).offset(q.offset),
    db.select({ n: count() }).from(applications).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The last day (Asia/Shanghai) an application of the kind was paid out to the member, or null. */
export async function lastPaidOn(db: Db, memberId: number, kind: string): Promise<string | null> {
  const [row] = await db
    .select({ on: sql<string | null>`max((${applications.closedAt} AT TIME ZONE 'Asia/Shanghai')::date)::text` })
    .from(applications)
    .where(and(eq(applications.memberId, memberId), eq(applications.kind, kind), eq(applications.status, 'paid')));
  return row?.on ?? null;
}

/** Paid applications of a kind whose stored form has the given values (C8: one loan's year, whoever withdrew it). */
export async function paidWithForm(db: Db, kind: string, form: Record<string, string | number>): Promise<ApplicationRow[]> {
  return db
    .select()
    .from(applications)
    .where(and(eq(applications.kind, kind), eq(applications.status, 'paid'), sql`${applications.form} @> ${JSON.stringify(form)}::jsonb`));
}

export interface QueueQuery {
  nodes: ReviewNodeKey[];
  node?: ReviewNodeKey | undefined;
  kind?: string | undefined;
  channel?: ApplicationChannel | undefined;
  claimed?: 'mine' | 'unclaimed' | 'others' | undefined;
  staffId: number;
  submittedFrom?: Date | undefined;
  submittedTo?: Date | undefined;
  serialNo?: string | undefined;
  /** Column to sort by (default: submitted, oldest first); waiting sorts by the time since the last change. */
  sort?: 'submittedAt' | 'amount' | 'waiting' | undefined;
  order?: 'asc' | 'desc' | undefined;
  limit: number;
  offset: number;
}

/** I1: applications waiting at the reviewer's nodes, oldest first unless sorted otherwise. */
export async function reviewQueue(db: Db, q: QueueQuery, claimExpiry: Date): Promise<{ rows: ApplicationRow[]; total: number }> {
  const a = applications;
  const live = and(sql`${a.claimedBy} IS NOT NULL`, sql`${a.claimedAt} >= ${claimExpiry.toISOString()}`);
  const claimed: Record<NonNullable<QueueQuery['claimed']>, SQL | undefined> = {
    mine: and(eq(a.claimedBy, q.staffId), live),
    unclaimed: or(isNull(a.claimedBy), lt(a.claimedAt, claimExpiry)),
    others: and(sql`${a.claimedBy} <> ${q.staffId}`, live),
  };
  const where = and(
    eq(a.status, 'in_review'),
    inArray(a.currentNode, q.node ? [q.node].filter((n) => q.nodes.includes(n)) : q.nodes),
    q.kind ? eq(a.kind, q.kind) : undefined,
    q.channel ? eq(a.channel, q.channel) : undefined,
    q.claimed ? claimed[q.claimed] : undefined,
    q.submittedFrom ? sql`${a.submittedAt} >= ${q.submittedFrom.toISOString()}` : undefined,
    q.submittedTo ? sql`${a.submittedAt} < ${q.submittedTo.toISOString()}` : undefined,
    q.serialNo ? eq(a.serialNo, q.serialNo) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(a)
      .where(where)
      .orderBy(...queueOrder(q), asc(a.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(a).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

function queueOrder(q: QueueQuery): SQL[] {
  const a = applications;
  const dir = q.order === 'desc' ? desc : asc;
  if (q.sort === 'amount') return [q.order === 'desc' ? sql`${a.amountFen} DESC NULLS LAST` : sql`${a.amountFen} ASC NULLS FIRST`];
  // Waiting longest = changed longest ago: descending waiting is ascending updated_at.
  if (q.sort === 'waiting') return [q.order === 'desc' ? asc(a.updatedAt) : desc(a.updatedAt)];
  return [dir(a.submittedAt)];
}

/**
 * I1 claiming as one conditional UPDATE: it succeeds only while nobody else holds a live claim, so two reviewers
 * can never hold the same application at once. Returns the row when this reviewer holds it afterwards.
 */
export async function claim(db: Db, serialNo: string, staffId: number, nodes: ReviewNodeKey[], claimExpiry: Date): Promise<ApplicationRow | undefined> {
  const a = applications;
  const [row] = await db
    .update(a)
    .set({ claimedBy: staffId, claimedAt: sql`clock_timestamp()` })
    .where(
      and(
        eq(a.serialNo, serialNo),
        eq(a.status, 'in_review'),
        inArray(a.currentNode, nodes),
        or(isNull(a.claimedBy), eq(a.claimedBy, staffId), lt(a.claimedAt, claimExpiry)),
      ),
    )
    .returning();
  return row;
}

export async function release(db: Db, serialNo: string, staffId: number): Promise<boolean> {
  const rows = await db
    .update(applications)
    .set({ claimedBy: null, claimedAt: null })
    .where(and(eq(applications.serialNo, serialNo), eq(applications.claimedBy, staffId)))
    .returning({ id: applications.id });
  return rows.length > 0;
}
