/**
 * The outbox table's statements. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of workers on any
 * number of instances share the queue without taking the same row; a claim is a lease, and a row whose lease ran
 * out (its worker died) is claimed again and re-sent with the same client_msg_id, which WeChat answers with the
 * first send's msgid instead of sending twice. Channels without such an id are not re-sent: see markMaybeSent.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import type { OutboxChannel, OutboxNotice, OutboxStatus } from '../tables.js';
import { batched } from '../../shared/batch.js';

export interface OutboxRow {
  id: number;
  channel: OutboxChannel;
  notice: OutboxNotice;
  reference: string | null;
  memberId: number | null;
  touser: string | null;
  templateId: string | null;
  payload: Record<string, unknown>;
  clientMsgId: string;
  attempts: number;
}

/** TEMPLATESENDJOBFINISH Status → outbox status ("failed:user block": the member switched the account's messages off). */
const deliveryStatusSql = (col: string) =>
  `CASE WHEN ${col} = 'success' THEN 'delivered' WHEN ${col} LIKE '%user block%' THEN 'blocked' ELSE 'delivery_failed' END`;

interface DeliveryView {
  id: number;
  channel: OutboxChannel;
  status: OutboxStatus;
  deliveryStatus: string | null;
  sentAt: string | null;
}

export class OutboxStore {
  private readonly sentOne: (s: { id: number; msgid: string | null }) => Promise<void>;
  private readonly deliveryOne: (d: { msgid: string; status: string }) => Promise<boolean>;

  constructor(private readonly database: Database) {
    // Outcomes of concurrent sends and delivery reports go to the database together (see wechat/batch.ts).
    this.sentOne = batched(async (items) => {
      await database.query(
        `WITH x AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS x(id, msgid)),
         ev AS (DELETE FROM wechat_template_events e USING x WHERE e.msgid = x.msgid RETURNING e.msgid, e.status, e.received_at)
         UPDATE wechat_outbox o SET msgid = x.msgid, sent_at = now(), lease_until = NULL, last_errcode = NULL, last_error = NULL,
           status = CASE WHEN ev.status IS NULL THEN 'sent' ELSE ${deliveryStatusSql('ev.status')} END,
           delivery_status = ev.status, delivered_at = ev.received_at
         FROM x LEFT JOIN ev ON ev.msgid = x.msgid WHERE o.id = x.id`,
        [items.map((i) => i.id), items.map((i) => i.msgid)],
      );
      return items.map(() => undefined);
    });
    this.deliveryOne = batched(async (items) => {
      const updated = new Set(
        (
          await database.query<{ msgid: string }>(
            `UPDATE wechat_outbox o SET status = ${deliveryStatusSql('x.status')}, delivery_status = x.status, delivered_at = now()
         FROM unnest($1::text[], $2::text[]) AS x(msgid, status) WHERE o.msgid = x.msgid RETURNING o.msgid`,
            [items.map((i) => i.msgid), items.map((i) => i.status)],
          )
        ).map((r) => r.msgid),
      );
      const early = items.filter((i) => !updated.has(i.msgid));
      if (early.length > 0) {
        await database.query('INSERT INTO wechat_template_events (msgid, status) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (msgid) DO NOTHING', [
          early.map((i) => i.msgid),
          early.map((i) => i.status),
        ]);
        await this.reconcileEvents();
      }
      return items.map((i) => updated.has(i.msgid));
    });
  }

  /**
   * Rows left 'sending' by a worker that died (their lease ran out) on channels whose API takes no client message
   * id (subscribe, custom, SMS): the claim was the record of the attempt, made before the call, and whether the
   * call reached the peer is unknown. They become 'maybe_sent' rather than being sent a second time.
   */
  async markMaybeSent(): Promise<number> {
    const rows = await this.database.query<{ id: number }>(
      `UPDATE wechat_outbox SET status = 'maybe_sent', lease_until = NULL,
         last_error = 'outcome unknown: the worker stopped during the send; not sent again (no client message id)'
       WHERE status = 'sending' AND lease_until < now() AND channel <> 'template' RETURNING id`,
    );
    return rows.length;
  }

  async claim(limit: number, leaseSeconds: number): Promise<OutboxRow[]> {
    const rows = await this.database.query<Record<string, unknown>>(
      `UPDATE wechat_outbox o SET status = 'sending', attempts = o.attempts + 1, lease_until = now() + make_interval(secs => $2::int)
       WHERE o.id IN (
         SELECT id FROM wechat_outbox
         WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
           AND (status = 'pending' OR (lease_until < now() AND channel = 'template'))
         ORDER BY next_attempt_at, id LIMIT $1
         FOR UPDATE SKIP LOCKED)
       RETURNING o.id, o.channel, o.notice, o.reference, o.member_id, o.touser, o.template_id, o.payload, o.client_msg_id, o.attempts`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: Number(r['id']),
      channel: r['channel'] as OutboxChannel,
      notice: r['notice'] as OutboxNotice,
      reference: (r['reference'] as string | null) ?? null,
      memberId: r['member_id'] == null ? null : Number(r['member_id']),
      touser: (r['touser'] as string | null) ?? null,
      templateId: (r['template_id'] as string | null) ?? null,
      payload: (typeof r['payload'] === 'string' ? JSON.parse(r['payload']) : r['payload']) as Record<string, unknown>,
      clientMsgId: String(r['client_msg_id']),
      attempts: Number(r['attempts']),
    }));
  }

  /**
   * Refreshes the planner's statistics of the outbox. A queue that grew by thousands of rows since the last
   * ANALYZE (PGlite never runs autovacuum; PostgreSQL's may lag a burst) gets its claim planned as a sort of the
   * whole backlog instead of an index scan: 25 ms instead of 0.2 ms per claim at 10,000 rows.
   */
  async analyze(): Promise<void> {
    await this.database.query('ANALYZE wechat_outbox');
  }

  /** Sent. A TEMPLATESENDJOBFINISH that came before this was recorded is applied now. */
  sent(id: number, msgid: string | null): Promise<void> {
    return this.sentOne({ id, msgid });
  }

  async retryLater(id: number, delayMs: number, errcode: number | null, error: string): Promise<void> {
    await this.database.query(
      `UPDATE wechat_outbox SET status = 'pending', lease_until = NULL, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000),
         last_errcode = $3, last_error = $4 WHERE id = $1`,
      [id, delayMs, errcode, error.slice(0, 500)],
    );
  }

  async finish(id: number, status: Exclude<OutboxStatus, 'pending' | 'sending'>, errcode: number | null, error: string | null): Promise<void> {
    await this.database.query(`UPDATE wechat_outbox SET status = $2, lease_until = NULL, last_errcode = $3, last_error = $4 WHERE id = $1`, [
      id,
      status,
      errcode,
      error?.slice(0, 500) ?? null,
    ]);
  }

  /** 43004: the recipient does not follow the account. A notice that must reach them falls back to an SMS. */
  async notFollowing(row: OutboxRow, errcode: number, error: string): Promise<boolean> {
    const sms = row.payload['sms'] as { params?: string[]; page?: string } | undefined;
    const fallback = !!sms?.params && row.memberId !== null;
    await this.database.db.transaction(async (tx) => {
      await tx.execute(sqlUpdateStatus(row.id, errcode, error));
      if (fallback) {
        await tx.execute(sqlInsertSms(row, { params: sms.params!, ...(sms.page ? { page: sms.page } : {}) }));
      }
    });
    return fallback;
  }

  /** TEMPLATESENDJOBFINISH. Kept aside when the send's msgid is not recorded yet (the event beat the worker). */
  recordDelivery(msgid: string, status: string): Promise<boolean> {
    return this.deliveryOne({ msgid, status });
  }

  /** Applies kept-aside delivery events whose send is recorded by now; forgets those older than two days. */
  async reconcileEvents(): Promise<number> {
    const [applied] = await this.database.query<{ n: number }>(
      `WITH ev AS (DELETE FROM wechat_template_events e USING wechat_outbox o WHERE o.msgid = e.msgid RETURNING e.msgid, e.status, e.received_at),
       upd AS (UPDATE wechat_outbox o SET status = ${deliveryStatusSql('ev.status')}, delivery_status = ev.status, delivered_at = ev.received_at
               FROM ev WHERE o.msgid = ev.msgid RETURNING 1)
       SELECT count(*)::int AS n FROM upd`,
    );
    await this.database.query(`DELETE FROM wechat_template_events WHERE received_at < now() - interval '2 days'`);
    return applied?.n ?? 0;
  }

  /** What became of a business record's notices (e.g. "the spouse was told by SMS"). */
  async deliveriesOf(reference: string): Promise<DeliveryView[]> {
    const rows = await this.database.query<{
      id: number;
      channel: OutboxChannel;
      status: OutboxStatus;
      delivery_status: string | null;
      sent_at: Date | string | null;
    }>('SELECT id, channel, status, delivery_status, sent_at FROM wechat_outbox WHERE reference = $1 ORDER BY id', [reference]);
    return rows.map((r) => ({
      id: Number(r.id),
      channel: r.channel,
      status: r.status,
      deliveryStatus: r.delivery_status,
      sentAt: r.sent_at === null ? null : new Date(r.sent_at).toISOString(),
    }));
  }
}

const sqlUpdateStatus = (id: number, errcode: number, error: string) =>
  sql`UPDATE wechat_outbox SET status = 'not_following', lease_until = NULL, last_errcode = ${errcode}, last_error = ${error.slice(0, 500)} WHERE id = ${id}`;

const sqlInsertSms = (row: OutboxRow, payload: { params: string[]; page?: string }) =>
  sql`INSERT INTO wechat_outbox (channel, notice, reference, member_id, payload, client_msg_id)
      VALUES ('sms', ${row.notice}, ${row.reference}, ${row.memberId}, ${JSON.stringify(payload)}::jsonb, ${`sms-${row.clientMsgId}`})
      ON CONFLICT (client_msg_id) DO NOTHING`;
