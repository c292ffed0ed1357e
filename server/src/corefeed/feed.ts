/**
 * The external core's events turned into what the member sees (issue 17): 汇缴入账, 补缴, 基数调整, business in any
 * channel, 贷款发放, 扣款, 逾期 become the member's message (E3) — with the official account's notice where the
 * member follows it — and business done in another channel becomes a row of E1 业务进度.
 *
 * A 扣款 of D2 按月抵扣 (`method: 'monthly_offset'`, the core's own monthly run) tells each payer what their fund
 * account gave, as the built-in core's run does; a signing cancelled in another channel ends the product's copy.
 *
 * 汇缴入账, 补缴 and 基数调整 carry the account notice (opening the statement), 放款, 扣款 and 逾期 the loan notice,
 * business of another channel the progress notice — sent where the member follows the account or granted the template.
 *
 * The feed is pulled (GET-like `listEvents(after)`, oldest first) by one instance at a time every second. Each event
 * is applied once in its own transaction, which records its eventId: the feed may repeat an event, send a page in
 * another order, or bring an event that happened before one already shown, and the member still gets one message
 * per event and never sees a business step go backwards. The cursor moves only past applied events, so a crash or
 * a core that is down resumes where it stopped.
 */
import { sql } from 'drizzle-orm';
import { CORE_CHANNEL_LABELS, type CoreBusiness, type CoreEvent } from '../core/protocol.js';
import type { Database, Db } from '../db/client.js';
import { scheduleJob, type ScheduledJob } from '../db/exclusive-jobs.js';
import { DomainError } from '../shared/errors.js';
import { memberChanged } from '../core/external/cache.js';
import { notify, type PushNotice } from '../notifications/service.js';
import type { Notice } from '../wechat/outbox/notices.js';
import { yuanText } from '../shared/money.js';
import type { Logger } from '../shared/logger.js';

const PAGE = 100;

interface FeedDeps {
  database: Database;
  core: Pick<CoreBusiness, 'listEvents'>;
  push?: PushNotice | undefined;
  /**
   * Business the product submitted itself (workflow/core-submissions.ts): true when the serial is one of its
   * applications, whose submitter is then asked to fetch the result now.
   */
  ownBusiness: (tx: Db, serialNo: string) => Promise<boolean>;
  /** The member becomes known to the product (identity/known-members.ts): their messages wait for their first visit. */
  knowMember: (tx: Db, memberId: number) => Promise<void>;
  /** D2 取消签约 done at the core (loanbusiness/offset-at-core.ts): the channel's copy of the signing ends. */
  offsetSigningEnded: (tx: Db, e: Extract<CoreEvent, { type: 'offset_signing_ended' }>, channel: string) => Promise<void>;
  logger: Logger;
}

const monthText = (yyyymm: string) => `${yyyymm.slice(0, 4)}年${Number(yyyymm.slice(4, 6))}月`;

export class CoreEventFeed {
  private job: ScheduledJob | undefined;

  constructor(private readonly deps: FeedDeps) {}

  /** Every second, one instance at a time (db/exclusive-jobs.ts: a run the database cut short is tried again). */
  start(): void {
    this.job ??= scheduleJob(this.deps.database, this.deps.logger, 'core-events', '* * * * * *', () => this.pull());
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = undefined;
  }

  /** Reads the feed to its end and applies what is new; a core that does not answer is asked again next second. */
  private async pull(): Promise<void> {
    try {
      for (;;) {
        const [cursor] = await this.deps.database.query<{ after_id: number }>('SELECT after_id FROM core_feed_cursor WHERE id = 1');
        const after = Number(cursor?.after_id ?? 0);
        const page = await this.deps.core.listEvents(after, PAGE);
        // A page may come in any order and with repeats: apply in the core's order, each eventId once.
        const events = [...new Map(page.events.map((e) => [e.eventId, e])).values()].sort((a, b) => a.id - b.id);
        for (const e of events) await this.applyOnce(e);
        const next = Math.max(after, page.next, ...page.events.map((e) => e.id));
        if (next > after)
          await this.deps.database.query('UPDATE core_feed_cursor SET after_id = $1, updated_at = now() WHERE id = 1 AND after_id < $1', [next]);
        if (page.events.length < PAGE || next === after) return;
      }
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'CORE_UNAVAILABLE')) throw err;
      this.deps.logger.warn({ err }, 'core event feed: will try again');
    }
  }

  /** One event in one transaction with its record: false when it was applied before. */
  private async applyOnce(e: CoreEvent): Promise<boolean> {
    return this.deps.database.db.transaction(async (tx) => {
      const mark = (await tx.execute(
        sql`INSERT INTO core_events_applied (event_id, type, member_id) VALUES (${e.eventId}, ${e.type}, ${e.memberId}) ON CONFLICT DO NOTHING RETURNING event_id`,
      )) as unknown as { rows: unknown[] };
      if (mark.rows.length === 0) return false;
      await this.deps.knowMember(tx, e.memberId);
      await this.apply(tx, e);
      await memberChanged(tx, e.memberId); // no instance shows a balance from before this event
      return true;
    });
  }

  private async apply(tx: Db, e: CoreEvent): Promise<void> {
    const channel = CORE_CHANNEL_LABELS[e.channel] ?? '核心业务系统';
    const at = new Date(e.occurredAt);
    const message = (business: string, content: string, notice: Notice) =>
      notify(tx, this.deps.push, { memberId: e.memberId, business, content, channel, notice });
    const account = (reference: string, business: string, status: string): Notice => ({ kind: 'account', reference, business, status, at });
    const loan = (contractNo: string, business: string, status: string, note?: string): Notice => ({
      kind: 'loan',
      contractNo,
      business,
      status,
      at,
      ...(note ? { note } : {}),
    });
    switch (e.type) {
      case 'deposit':
        return void (await message(
          '汇缴入账',
          `您的住房公积金${monthText(e.data.month)}汇缴${yuanText(e.data.amountFen)}元已入账，账户余额${yuanText(e.data.balanceAfterFen)}元。`,
          account(e.data.month, '住房公积金汇缴入账', '已入账'),
        ));
      case 'back_pay':
        return void (await message(
          '补缴入账',
          `您补缴的住房公积金（${monthText(e.data.fromMonth)}至${monthText(e.data.toMonth)}）${yuanText(e.data.amountFen)}元已到账，账户余额${yuanText(e.data.balanceAfterFen)}元。`,
          account(`${e.data.fromMonth}-${e.data.toMonth}`, '住房公积金补缴入账', '已到账'),
        ));
      case 'base_change':
        return void (await message(
          '缴存基数调整',
          `您的住房公积金自${monthText(e.data.effectiveMonth)}起缴存基数调整为${yuanText(e.data.depositBaseFen)}元，单位缴存比例${e.data.unitRatioPercent}%、个人缴存比例${e.data.personalRatioPercent}%，月缴存额${yuanText(e.data.monthlyTotalFen)}元。`,
          account(e.data.effectiveMonth, '住房公积金缴存基数调整', '已调整'),
        ));
      case 'loan_disbursed':
        // The product's own 放款 (D4): the member is told by the application's end.
        if (e.data.serial && (await this.deps.ownBusiness(tx, e.data.serial))) return;
        return void (await message(
          '贷款发放',
          `您的住房公积金贷款（合同号${e.data.contractNo}）${yuanText(e.data.amountFen)}元已发放，贷款期限${e.data.months}个月。`,
          loan(e.data.contractNo, '住房公积金贷款发放', '已发放'),
        ));
      case 'instalment_deducted':
        if (e.data.method === 'monthly_offset') return this.monthlyOffset(tx, e);
        return void (await message(
          '贷款还款扣款',
          `您的住房公积金贷款（合同号${e.data.contractNo}）第${e.data.period}期还款${yuanText(e.data.amountFen)}元已扣款，贷款余额${yuanText(e.data.balanceAfterFen)}元。`,
          loan(e.data.contractNo, '住房公积金贷款还款', '已扣款', `第${e.data.period}期${yuanText(e.data.amountFen)}元`),
        ));
      case 'overdue':
        return void (await message(
          '贷款逾期',
          `您的住房公积金贷款（合同号${e.data.contractNo}）第${e.data.period}期应还${yuanText(e.data.amountFen)}元已逾期${e.data.overdueDays}天，请尽快还款，以免产生罚息、影响个人征信。`,
          loan(e.data.contractNo, '住房公积金贷款逾期', '已逾期', `第${e.data.period}期已逾期${e.data.overdueDays}天`),
        ));
      case 'business_progress':
        return this.progress(tx, e, channel);
      case 'offset_signing_ended':
        return this.deps.offsetSigningEnded(tx, e, channel);
    }
  }

  /**
   * D2 按月抵扣 done by the core: each payer is told what their fund account gave (the borrower also when theirs gave
   * nothing, and of the shortfall left to the bank card), as the built-in core's own run tells them.
   */
  private async monthlyOffset(tx: Db, e: Extract<CoreEvent, { type: 'instalment_deducted' }>): Promise<void> {
    const d = e.data;
    const head = `您的住房公积金贷款（合同号${d.contractNo}）第${d.period}期月还款额${yuanText(d.paymentFen ?? d.amountFen)}元已按月抵扣`;
    const mine =
      d.amountFen > 0
        ? `，从您的公积金账户扣划${yuanText(d.amountFen)}元${d.accountBalanceAfterFen !== undefined ? `，账户余额${yuanText(d.accountBalanceAfterFen)}元` : ''}`
        : '，您的公积金账户未扣划';
    const tail = d.shortfallFen ? `，不足部分${yuanText(d.shortfallFen)}元从借款人还款银行卡中扣划` : '';
    await notify(tx, this.deps.push, {
      memberId: e.memberId,
      business: '按月抵扣还贷',
      content: `${head}${mine}${tail}，贷款余额${yuanText(d.balanceAfterFen)}元。`,
      channel: '系统',
      notice: {
        kind: 'loan',
        contractNo: d.contractNo,
        business: '按月抵扣还贷',
        status: '已扣划',
        at: new Date(e.occurredAt),
        note: `第${d.period}期扣划公积金${yuanText(d.amountFen)}元`,
      },
    });
  }

  /**
   * Business the product submitted itself is ended by the submitter (its next attempt is brought forward); business
   * of another channel becomes (or moves forward) an E1 row, with the member's message and the progress notice.
   */
  private async progress(tx: Db, e: Extract<CoreEvent, { type: 'business_progress' }>, channel: string): Promise<void> {
    const d = e.data;
    if (await this.deps.ownBusiness(tx, d.serial)) return;
    const at = new Date(e.occurredAt);
    const moved = (await tx.execute(sql`
      INSERT INTO channel_business (serial_no, member_id, business, channel, step, step_no, done, result, started_at, updated_at)
      VALUES (${d.serial}, ${e.memberId}, ${d.business}, ${e.channel}, ${d.step}, ${d.stepNo}, ${d.done}, ${d.result ?? null}, ${at}, ${at})
      ON CONFLICT (serial_no) DO UPDATE SET step = EXCLUDED.step, step_no = EXCLUDED.step_no, done = EXCLUDED.done, result = EXCLUDED.result,
        updated_at = EXCLUDED.updated_at, started_at = LEAST(channel_business.started_at, EXCLUDED.started_at)
      WHERE channel_business.step_no < EXCLUDED.step_no AND NOT channel_business.done
      RETURNING serial_no`)) as unknown as { rows: unknown[] };
    if (moved.rows.length === 0) {
      // An earlier step arriving late: only the start date may move back; the member's view does not.
      await tx.execute(sql`UPDATE channel_business SET started_at = LEAST(started_at, ${at}) WHERE serial_no = ${d.serial}`);
      return;
    }
    const status = d.done ? '已办结' : d.step;
    await notify(tx, this.deps.push, {
      memberId: e.memberId,
      business: d.business,
      channel,
      content: `您在${channel}办理的${d.business}（流水号${d.serial}）${d.done ? '已办结' : `当前进度：${d.step}`}${d.result ? `，${d.result}` : ''}。`,
      notice: { kind: 'progress', serialNo: d.serial, business: d.business, status, at, ...(d.result ? { note: d.result.slice(0, 20) } : {}) },
    });
  }
}

interface ChannelBusinessRow {
  serialNo: string;
  business: string;
  channel: CoreEvent['channel'];
  step: string;
  done: boolean;
  result: string | null;
  startedAt: Date;
}

/** E1: the member's business of other channels, newest first (the first `limit`), and how many there are. */
export async function listChannelBusiness(database: Database, memberId: number, limit: number): Promise<{ rows: ChannelBusinessRow[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    database.query<{
      serial_no: string;
      business: string;
      channel: CoreEvent['channel'];
      step: string;
      done: boolean;
      result: string | null;
      started_at: Date;
    }>(
      'SELECT serial_no, business, channel, step, done, result, started_at FROM channel_business WHERE member_id = $1 ORDER BY started_at DESC, serial_no DESC LIMIT $2',
      [memberId, limit],
    ),
    database.query<{ n: number }>('SELECT count(*)::int AS n FROM channel_business WHERE member_id = $1', [memberId]),
  ]);
  return {
    rows: rows.map((r) => ({
      serialNo: r.serial_no,
      business: r.business,
      channel: r.channel,
      step: r.step,
      done: r.done,
      result: r.result,
      startedAt: new Date(r.started_at),
    })),
    total: Number(count?.n ?? 0),
  };
}
