/** Complaints and members' community questions (0009_interaction.sql, 0005_content.sql), through drizzle. */
import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { containsPattern } from '../content/store.js';
import { members } from '../core/tables.js';
import { staffUsers } from '../staff/tables.js';
import { communityQuestions, complaints, type ComplaintKind, type ComplaintStatus } from './tables.js';

export type ComplaintRow = typeof complaints.$inferSelect;
export type QuestionRow = typeof communityQuestions.$inferSelect;
export type QuestionStatus = QuestionRow['status'];

export interface Paging {
  limit: number;
  offset: number;
}

/** A row with the names the staff console shows: the member's (to be masked) and the staff members'. */
export interface ComplaintWithNames {
  row: ComplaintRow;
  memberName: string;
  claimedByName: string | null;
  repliedByName: string | null;
}
export interface QuestionWithNames {
  row: QuestionRow;
  answeredByStaffName: string | null;
}

// ---- complaints -----------------------------------------------------------------------------------

/** 工单号: TS, the business day and a center-wide sequence, e.g. TS20261126000123. */
export async function insertComplaint(db: Pick<Db, 'insert'>, today: string, v: Omit<typeof complaints.$inferInsert, 'ticketNo'>): Promise<ComplaintRow> {
  const ticketNo = sql`'TS' || ${today.replaceAll('-', '')} || lpad(nextval('complaint_ticket_seq')::text, 6, '0')`;
  const [row] = await db
    .insert(complaints)
    .values({ ...v, ticketNo: ticketNo as unknown as string })
    .returning();
  return row!;
}

const newestComplaints = [desc(complaints.createdAt), desc(complaints.id)];

export async function listComplaintsOfMember(db: Db, memberId: number, p: Paging): Promise<{ rows: ComplaintRow[]; total: number }> {
  const where = eq(complaints.memberId, memberId);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(complaints)
      .where(where)
      .orderBy(...newestComplaints)
      .limit(p.limit)
      .offset(p.offset),
    db.select({ n: count() }).from(complaints).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findComplaintOfMember(db: Db, memberId: number, id: number): Promise<ComplaintRow | undefined> {
  const [row] = await db
    .select()
    .from(complaints)
    .where(and(eq(complaints.id, id), eq(complaints.memberId, memberId)));
  return row;
}

const claimer = alias(staffUsers, 'claimer');
const replier = alias(staffUsers, 'replier');

function complaintsWithNames(db: Db) {
  return db
    .select({ row: complaints, memberName: members.name, claimedByName: claimer.name, repliedByName: replier.name })
    .from(complaints)
    .innerJoin(members, eq(members.id, complaints.memberId))
    .leftJoin(claimer, eq(claimer.id, complaints.claimedBy))
    .leftJoin(replier, eq(replier.id, complaints.repliedBy));
}

export async function listComplaints(
  db: Db,
  f: { status?: ComplaintStatus | undefined; kind?: ComplaintKind | undefined },
  p: Paging,
): Promise<{ rows: ComplaintWithNames[]; total: number }> {
  const where = and(f.status ? eq(complaints.status, f.status) : undefined, f.kind ? eq(complaints.kind, f.kind) : undefined);
  const [rows, [total]] = await Promise.all([
    complaintsWithNames(db)
      .where(where)
      .orderBy(...newestComplaints)
      .limit(p.limit)
      .offset(p.offset),
    db.select({ n: count() }).from(complaints).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function findComplaint(db: Db, id: number): Promise<ComplaintWithNames | undefined> {
  const [row] = await complaintsWithNames(db).where(eq(complaints.id, id));
  return row;
}

/** The row, locked until the transaction ends: every change of a ticket goes through here. */
export async function lockComplaint(tx: Db, id: number): Promise<ComplaintRow | undefined> {
  const [row] = await tx.select().from(complaints).where(eq(complaints.id, id)).for('update');
  return row;
}

export async function updateComplaint(tx: Db, id: number, set: Partial<typeof complaints.$inferInsert>): Promise<void> {
  await tx
    .update(complaints)
    .set({ ...set, updatedAt: sql`now()` as unknown as Date })
    .where(eq(complaints.id, id));
}

// ---- community questions --------------------------------------------------------------------------

export async function insertQuestion(db: Pick<Db, 'insert'>, v: typeof communityQuestions.$inferInsert): Promise<QuestionRow> {
  const [row] = await db.insert(communityQuestions).values(v).returning();
  return row!;
}

/** Many questions in one statement (the demo center's published ones). */
export async function insertQuestions(db: Pick<Db, 'insert'>, rows: (typeof communityQuestions.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(communityQuestions).values(rows);
}

const newestQuestions = [desc(communityQuestions.askedAt), desc(communityQuestions.id)];

/** G3's public list (content/routes.ts): answered and published questions, newest answer first. */
export async function listPublishedQuestions(db: Db, f: { words: string[]; limit: number; offset: number }): Promise<{ rows: QuestionRow[]; total: number }> {
  const c = communityQuestions;
  const where = and(
    eq(c.status, 'published'),
    sql`${c.answer} IS NOT NULL`,
    ...f.words.map((w) => or(ilike(c.question, containsPattern(w)), ilike(c.answer, containsPattern(w)))),
  );
  const [rows, [total]] = await Promise.all([
    db.select().from(c).where(where).orderBy(desc(c.answeredAt), desc(c.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(c).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function listQuestionsOfMember(db: Db, memberId: number, p: Paging): Promise<{ rows: QuestionRow[]; total: number }> {
  const where = eq(communityQuestions.memberId, memberId);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(communityQuestions)
      .where(where)
      .orderBy(...newestQuestions)
      .limit(p.limit)
      .offset(p.offset),
    db.select({ n: count() }).from(communityQuestions).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

const answerer = alias(staffUsers, 'answerer');

export async function listQuestions(db: Db, f: { status?: QuestionStatus | undefined }, p: Paging): Promise<{ rows: QuestionWithNames[]; total: number }> {
  const where: SQL | undefined = f.status ? eq(communityQuestions.status, f.status) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({ row: communityQuestions, answeredByStaffName: answerer.name })
      .from(communityQuestions)
      .leftJoin(answerer, eq(answerer.id, communityQuestions.answeredByStaffId))
      .where(where)
      .orderBy(...newestQuestions)
      .limit(p.limit)
      .offset(p.offset),
    db.select({ n: count() }).from(communityQuestions).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function lockQuestion(tx: Db, id: number): Promise<QuestionRow | undefined> {
  const [row] = await tx.select().from(communityQuestions).where(eq(communityQuestions.id, id)).for('update');
  return row;
}

export async function updateQuestion(tx: Db, id: number, set: Partial<typeof communityQuestions.$inferInsert>): Promise<QuestionRow> {
  const [row] = await tx.update(communityQuestions).set(set).where(eq(communityQuestions.id, id)).returning();
  return row!;
}

export async function staffName(db: Db, id: number): Promise<string | null> {
  const [row] = await db.select({ name: staffUsers.name }).from(staffUsers).where(eq(staffUsers.id, id));
  return row?.name ?? null;
}

export async function memberName(db: Db, id: number): Promise<string | null> {
  const [row] = await db.select({ name: members.name }).from(members).where(eq(members.id, id));
  return row?.name ?? null;
}
