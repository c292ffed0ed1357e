/** The members' notifications (0007_workflow.sql), through drizzle. */
import { and, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { notifications } from './tables.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;
export type ReadFilter = 'all' | 'unread' | 'read';

export async function insertNotification(db: Pick<Db, 'insert'>, n: NewNotification): Promise<NotificationRow> {
  const [row] = await db.insert(notifications).values(n).returning();
  return row!;
}

/** Many notifications in one statement; one a member already has (the same broadcast) is skipped. */
export async function insertNotifications(db: Pick<Db, 'insert'>, rows: NewNotification[]): Promise<void> {
  if (rows.length > 0) await db.insert(notifications).values(rows).onConflictDoNothing();
}

/**
 * The serial number of the application a notification is about (null for one about none). applications is the
 * workflow's table, and the workflow imports this folder (it notifies): the join names the table in SQL rather than
 * import the workflow's drizzle declaration of it, which would make a cycle between the two folders (issue 16: each
 * folder declares its tables). The SQL is the same as drizzle wrote from that declaration.
 */
const applications = sql`"applications"`;
const ofApplication = sql`"applications"."id" = ${notifications.applicationId}`;
const serialNo = sql<string | null>`"applications"."serial_no"`;

const visible = (memberId: number) => and(eq(notifications.memberId, memberId), isNull(notifications.deletedAt));
const filterOf = (f: ReadFilter) => (f === 'unread' ? isNull(notifications.readAt) : f === 'read' ? isNotNull(notifications.readAt) : undefined);

export async function listNotifications(db: Db, memberId: number, filter: ReadFilter, limit: number, offset: number) {
  const where = and(visible(memberId), filterOf(filter));
  const [rows, [total]] = await Promise.all([
    db
      .select({ n: notifications, serialNo })
      .from(notifications)
      .leftJoin(applications, ofApplication)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(notifications).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r.n, serialNo: r.serialNo })), total: total?.n ?? 0 };
}

export async function countUnread(db: Db, memberId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(visible(memberId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function findNotification(db: Db, memberId: number, id: number) {
  const [row] = await db
    .select({ n: notifications, serialNo })
    .from(notifications)
    .leftJoin(applications, ofApplication)
    .where(and(visible(memberId), eq(notifications.id, id)));
  return row ? { ...row.n, serialNo: row.serialNo } : undefined;
}

export async function markRead(db: Db, memberId: number, id?: number): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(visible(memberId), isNull(notifications.readAt), id === undefined ? undefined : eq(notifications.id, id)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function softDelete(db: Db, memberId: number, id: number): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ deletedAt: sql`now()` })
    .where(and(visible(memberId), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}
