/**
 * I4 群发: a notice from the center to all members or a filtered group. Creating one only records it and counts the
 * audience; a job fans it out in chunks of members (ordered by id, one short transaction each): a notification per
 * member (E3) and an official-account template message per follower through the outbox (E5). The broadcast row
 * keeps the last member id done, so a stopped server carries on where it stopped and never notifies anyone twice.
 * Progress of the pushes is read from the outbox rows themselves (reference broadcast:<id>).
 */
import { and, count, desc, eq, exists, gt, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Db } from '../db/client.js';
import { employers, loanContracts, members } from '../core/tables.js';
import { staffUsers } from '../staff/tables.js';
import { broadcasts, type BroadcastAudience } from './tables.js';
import { containsPattern } from '../content/store.js';
import { shanghaiIso } from '../shared/dates.js';
import type { StaffPrincipal } from '../staff/auth.js';
import { notFound } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { WeChat } from '../wechat/index.js';
import { notifyBroadcast } from '../notifications/service.js';
import { auditStaff } from '../staff/audit.js';

const audience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({
    kind: z.literal('filter'),
    unitName: z.string().trim().min(1).max(60).optional().describe('单位名称（包含即可）'),
    city: z.string().trim().min(1).max(20).optional().describe('城市 / 区县：职工或单位地址中包含'),
    hasLoan: z.boolean().optional().describe('true: 有未结清的公积金贷款（借款人或共同借款人）; false: 没有'),
  }),
]);
export const createBroadcastBody = z.object({
  title: z.string().trim().min(1).max(40),
  content: z.string().trim().min(1).max(1000),
  audience,
});

const SENT = ['sent', 'delivered'];
const FAILED = ['failed', 'blocked', 'delivery_failed', 'not_following', 'declined'];

/** Members of the audience (accounts not closed). */
function audienceWhere(db: Db, a: BroadcastAudience): SQL | undefined {
  const m = members;
  if (a.kind === 'all') return ne(m.status, 'closed');
  const employerWhere = (cond: SQL) => inArray(m.employerId, db.select({ id: employers.id }).from(employers).where(cond));
  const lc = loanContracts;
  const loan = exists(
    db
      .select({ one: sql`1` })
      .from(lc)
      .where(and(or(eq(lc.borrowerMemberId, m.id), eq(lc.coBorrowerMemberId, m.id)), inArray(lc.status, ['repaying', 'overdue']))),
  );
  return and(
    ne(m.status, 'closed'),
    a.unitName ? employerWhere(ilike(employers.name, containsPattern(a.unitName))) : undefined,
    a.city ? or(ilike(m.address, containsPattern(a.city)), employerWhere(ilike(employers.address, containsPattern(a.city)))) : undefined,
    a.hasLoan === undefined ? undefined : a.hasLoan ? loan : sql`NOT ${loan}`,
  );
}

interface Progress {
  queued: number;
  sent: number;
  failed: number;
  pending: number;
}

export class Broadcasts {
  constructor(
    private readonly deps: {
      database: Database;
      /** The official account's template messages of a chunk, in one statement (WeChat's outbox); whom they reached. */
      templates: WeChat['enqueueTemplates'];
      logger: Logger;
      chunkSize: number;
      /** Runs the fan-out job now, in the background (console/index.ts). */
      kick?: () => void;
      /** Wakes the outbox worker after a chunk's rows are committed. */
      nudge?: () => void;
    },
  ) {}

  async create(staff: StaffPrincipal, b: z.infer<typeof createBroadcastBody>) {
    const db = this.deps.database.db;
    const id = await db.transaction(async (tx) => {
      const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(members).where(audienceWhere(tx, b.audience));
      const [row] = await tx
        .insert(broadcasts)
        .values({ title: b.title, content: b.content, audience: b.audience, total: n, createdBy: staff.id })
        .returning({ id: broadcasts.id });
      await auditStaff(tx, staff, 'broadcasts.create', `broadcast:${row!.id}`, { title: b.title, audience: b.audience, total: n });
      return row!.id;
    });
    this.deps.kick?.();
    return this.get(id);
  }

  /** The pushes of these broadcasts, by outcome, from the outbox. */
  private async progress(ids: number[]): Promise<Map<number, Progress>> {
    if (ids.length === 0) return new Map();
    const rows = await this.deps.database.query<{ reference: string; total: number; sent: number; failed: number }>(
      `SELECT reference, count(*)::int AS total, count(*) FILTER (WHERE status = ANY($2::text[]))::int AS sent,
              count(*) FILTER (WHERE status = ANY($3::text[]))::int AS failed
       FROM wechat_outbox WHERE reference = ANY($1::text[]) GROUP BY reference`,
      [ids.map((id) => `broadcast:${id}`), SENT, FAILED],
    );
    return new Map(
      rows.map((r) => [
        Number(r.reference.slice('broadcast:'.length)),
        { queued: r.total, sent: r.sent, failed: r.failed, pending: r.total - r.sent - r.failed },
      ]),
    );
  }

  private async views(rows: (typeof broadcasts.$inferSelect & { createdByName: string | null })[]) {
    const progress = await this.progress(rows.map((r) => r.id));
    const views = [];
    for (const r of rows) {
      const p = progress.get(r.id) ?? { queued: 0, sent: 0, failed: 0, pending: 0 };
      let status = r.status;
      let finishedAt = r.finishedAt;
      if (status !== 'done' && r.fannedOutAt && p.pending === 0 && p.queued >= r.queuedPushes) {
        finishedAt = new Date();
        await this.deps.database.db
          .update(broadcasts)
          .set({ status: 'done', finishedAt })
          .where(and(eq(broadcasts.id, r.id), ne(broadcasts.status, 'done')));
        status = 'done';
      }
      views.push({
        id: r.id,
        title: r.title,
        content: r.content,
        audience: r.audience,
        status,
        total: r.total,
        notified: r.notified,
        pushes: p,
        sent: p.sent,
        failed: p.failed,
        createdBy: r.createdByName ?? '',
        createdAt: shanghaiIso(r.createdAt),
        finishedAt: finishedAt ? shanghaiIso(finishedAt) : null,
      });
    }
    return views;
  }

  private select(db: Db) {
    return db
      .select({
        id: broadcasts.id,
        title: broadcasts.title,
        content: broadcasts.content,
        audience: broadcasts.audience,
        status: broadcasts.status,
        total: broadcasts.total,
        notified: broadcasts.notified,
        queuedPushes: broadcasts.queuedPushes,
        cursor: broadcasts.cursor,
        fannedOutAt: broadcasts.fannedOutAt,
        createdBy: broadcasts.createdBy,
        createdAt: broadcasts.createdAt,
        finishedAt: broadcasts.finishedAt,
        createdByName: staffUsers.name,
      })
      .from(broadcasts)
      .leftJoin(staffUsers, eq(staffUsers.id, broadcasts.createdBy));
  }

  async get(id: number) {
    const rows = await this.select(this.deps.database.db).where(eq(broadcasts.id, id));
    if (!rows[0]) throw notFound('BROADCAST_NOT_FOUND', '该群发消息不存在');
    return (await this.views(rows))[0]!;
  }

  async list(q: { page: number; pageSize: number }) {
    const db = this.deps.database.db;
    const [rows, [total]] = await Promise.all([
      this.select(db)
        .orderBy(desc(broadcasts.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(broadcasts),
    ]);
    return { items: await this.views(rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  /** The job: every broadcast not fanned out yet, chunk by chunk, until none is left. */
  async fanOut(): Promise<void> {
    for (;;) {
      const [next] = await this.deps.database.db
        .select({ id: broadcasts.id })
        .from(broadcasts)
        .where(isNull(broadcasts.fannedOutAt))
        .orderBy(broadcasts.id)
        .limit(1);
      if (!next) return;
      while ((await this.chunk(next.id)) === 'more') this.deps.nudge?.();
      this.deps.nudge?.();
    }
  }

  /** One chunk of members in one transaction: notifications, template messages, the cursor. */
  async chunk(id: number): Promise<'more' | 'done'> {
    const sent = await this.deps.database.db.transaction(async (tx) => {
      const [b] = await tx.select().from(broadcasts).where(eq(broadcasts.id, id)).for('update');
      if (!b || b.fannedOutAt) return 'done' as const;
      const batch = await tx
        .select({ id: members.id })
        .from(members)
        .where(and(audienceWhere(tx, b.audience), gt(members.id, b.cursor)))
        .orderBy(members.id)
        .limit(this.deps.chunkSize);
      const ids = batch.map((r) => r.id);
      const notice = { kind: 'broadcast' as const, broadcastId: b.id, title: b.title, content: b.content, at: b.createdAt };
      // Each in one statement for the whole chunk: the template messages to its followers, then every member's message.
      const reached = await this.deps.templates(tx, notice, ids);
      await notifyBroadcast(tx, b, ids, reached);
      const last = ids.length < this.deps.chunkSize;
      await tx
        .update(broadcasts)
        .set({
          cursor: ids.at(-1) ?? b.cursor,
          notified: sql`${broadcasts.notified} + ${ids.length}`,
          queuedPushes: sql`${broadcasts.queuedPushes} + ${reached.size}`,
          status: 'sending',
          ...(last ? { fannedOutAt: new Date() } : {}),
        })
        .where(eq(broadcasts.id, id));
      return last ? ('done' as const) : ('more' as const);
    });
    return sent;
  }
}
