/**
 * Business handed to an external 核心业务系统 (issue 17). An approval queues the request in its own transaction
 * (`queueCoreSubmission`); the submitter sends what is due, keyed by the serial number — the core executes a serial
 * once however often it arrives — and turns the core's answer into the application's end: 已办结 (paid) with the
 * member's message, or 未通过 with the core's reason. A core that is down or slow only delays it: the request stays
 * and is sent again after 2 s, 4 s, 8 s … (at most a minute apart); nothing is lost and the money never moves twice.
 */
import { sql } from 'drizzle-orm';
import type { CoreGateway } from '../core/gateway.js';
import type { BusinessRequest, BusinessResult, CoreBusiness } from '../core/protocol.js';
import type { Database, Db } from '../db/client.js';
import { memberChanged } from '../core/external/cache.js';
import { scheduleJob, type ScheduledJob } from '../db/exclusive-jobs.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { dear, kindOf, transition, type Actor, type EngineDeps } from './engine.js';
import * as store from './store.js';

/** Who the history names for the core's answer. */
const CORE_ACTOR: Actor = { kind: 'system', id: null, name: '核心业务系统' };
const NODE = '中心入账';
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 60_000;

/** E1 反馈信息 of business handed to an external core: 审批通过 · 入账中 until the core answers. */
export const SUBMITTED_FEEDBACK = '入账中：已提交核心业务系统，入账后将通知您';

/** Inside the approval's transaction: the request waits here until the submitter has the core's answer. */
export async function queueCoreSubmission(tx: Db, request: BusinessRequest, doneFeedback: string): Promise<void> {
  await tx.execute(
    sql`INSERT INTO core_submissions (serial_no, request, done_feedback) VALUES (${request.serial}, ${JSON.stringify(request)}::jsonb, ${doneFeedback})
        ON CONFLICT (serial_no) DO NOTHING`,
  );
}

interface DueRow {
  serial_no: string;
  request: BusinessRequest;
  status: 'pending' | 'accepted';
  attempts: number;
  done_feedback: string;
}

interface SubmitterDeps {
  database: Database;
  core: CoreGateway & CoreBusiness;
  engine: () => EngineDeps;
  logger: Logger;
}

export class CoreSubmitter {
  private jobs: ScheduledJob[] = [];

  constructor(private readonly deps: SubmitterDeps) {}

  /** Every second the due requests, at 02:30 the 对账 of the day before (Asia/Shanghai); one instance at a time each. */
  start(): void {
    if (this.jobs.length > 0) return;
    const { database, logger } = this.deps;
    this.jobs = [
      scheduleJob(database, logger, 'core-submissions', '* * * * * *', () => this.sendDue()),
      scheduleJob(database, logger, 'core-reconciliation', '30 2 * * *', async () => {
        await this.reconcile(addDays(this.deps.engine().clock.today(), -1));
      }),
    ];
  }

  async stop(): Promise<void> {
    await Promise.all(this.jobs.map((j) => j.stop()));
    this.jobs = [];
  }

  /**
   * 对账: each request the product ended on `day` is asked of the core again and compared — a business the core does
   * not know, ended otherwise, or booked for another amount; and requests still without an answer a day after the
   * approval (a day of elapsed time). Differences are kept (core_reconciliation_differences) and logged for the administrators; answers
   * how many were found.
   */
  async reconcile(day: IsoDate): Promise<number> {
    const rows = await this.deps.database.query<{ serial_no: string; status: string; request: BusinessRequest; result: BusinessResult | null }>(
      `SELECT serial_no, status, request, result FROM core_submissions
        WHERE (status IN ('done', 'refused') AND (finished_at AT TIME ZONE 'Asia/Shanghai')::date = $1::date)
           OR (status IN ('pending', 'accepted') AND created_at < now() - interval '1 day')`,
      [day],
    );
    const found: { serial: string; problem: string; productFen: number | null; coreFen: number | null }[] = [];
    for (const row of rows) {
      // The fund's money booked is compared where the business moves it (withdrawals, C12/D1/D3); 放款 and 还款账户变更
      // by their end only.
      const productFen = 'postings' in row.request ? row.request.postings.reduce((sum, p) => sum + p.amountFen, 0) : null;
      if (row.status === 'pending' || row.status === 'accepted') {
        found.push({ serial: row.serial_no, problem: 'NOT_FINISHED', productFen, coreFen: null });
        continue;
      }
      const atCore = await this.deps.core.businessStatus(row.serial_no);
      if (!atCore) found.push({ serial: row.serial_no, problem: 'MISSING_AT_CORE', productFen, coreFen: null });
      else if (atCore.status !== row.status) found.push({ serial: row.serial_no, problem: 'STATUS_DIFFERS', productFen, coreFen: null });
      else if (atCore.status === 'done' && productFen !== null) {
        const coreFen = (atCore.entries ?? []).reduce((sum, e) => sum + e.amountFen, 0);
        if (coreFen !== productFen) found.push({ serial: row.serial_no, problem: 'AMOUNT_DIFFERS', productFen, coreFen });
      }
    }
    for (const f of found) {
      await this.deps.database.query(
        `INSERT INTO core_reconciliation_differences (checked_on, serial_no, problem, product_fen, core_fen) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (checked_on, serial_no, problem) DO NOTHING`,
        [day, f.serial, f.problem, f.productFen, f.coreFen],
      );
    }
    if (found.length > 0) this.deps.logger.warn({ day, differences: found.length, checked: rows.length }, '对账: differences between the product and the core');
    else this.deps.logger.info({ day, checked: rows.length }, '对账: the product and the core agree');
    return found.length;
  }

  /** Sends every due request once. */
  private async sendDue(): Promise<void> {
    const due = await this.deps.database.query<DueRow>(
      `SELECT serial_no, request, status, attempts, done_feedback FROM core_submissions
        WHERE status IN ('pending', 'accepted') AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 50`,
    );
    for (const row of due) await this.send(row);
  }

  private async send(row: DueRow): Promise<boolean> {
    let result: BusinessResult;
    try {
      // Accepted earlier: ask for the result; a core that lost it (null) gets the request again, which is safe.
      const known = row.status === 'accepted' ? await this.deps.core.businessStatus(row.serial_no) : null;
      result = known ?? (await this.deps.core.submitBusiness(row.request));
    } catch (err) {
      const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** row.attempts);
      const reason = err instanceof DomainError ? err.code : err instanceof Error ? err.message : String(err);
      await this.deps.database.query(
        `UPDATE core_submissions SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + ($3 || ' milliseconds')::interval WHERE serial_no = $1`,
        [row.serial_no, reason, String(wait)],
      );
      this.deps.logger.warn({ serialNo: row.serial_no, attempts: row.attempts + 1, reason, retryInMs: wait }, 'core submission will be retried');
      return false;
    }
    if (result.status === 'accepted') {
      const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(row.attempts, 5));
      await this.deps.database.query(
        `UPDATE core_submissions SET status = 'accepted', attempts = attempts + 1, last_error = NULL, next_attempt_at = now() + ($2 || ' milliseconds')::interval WHERE serial_no = $1`,
        [row.serial_no, String(wait)],
      );
      return false;
    }
    await this.finish(row, result);
    return true;
  }

  /** The core's end of the business, with the application's, in one transaction; a second answer changes nothing. */
  private async finish(row: DueRow, result: BusinessResult): Promise<void> {
    const engine = this.deps.engine();
    // Read before the transaction: inside it only the transaction may query (PGlite has one connection).
    const before = await store.findBySerial(this.deps.database.db, row.serial_no);
    const name = before ? ((await engine.core.getMember(before.memberId).catch(() => null))?.name ?? '') : '';
    await this.deps.database.db.transaction(async (tx) => {
      const locked = await lockedStatus(tx, row.serial_no);
      if (locked === 'done' || locked === 'refused') return;
      const app = await store.lockBySerial(tx, row.serial_no);
      if (app && app.status === 'approved') {
        const kind = kindOf(engine.kinds, app.kind);
        if (result.status === 'done') {
          // The kind reads what the core made (放款: the contract number) and may word the 反馈信息 with it.
          const feedback = (await kind.onCoreDone?.({ tx, app, request: row.request, result })) ?? row.done_feedback;
          await transition(tx, engine, app, {
            to: 'paid',
            node: NODE,
            action: 'pay',
            actor: CORE_ACTOR,
            opinion: feedback,
            patch: { closedAt: engine.clock.now(), feedback },
            message: `${dear(name)}${kind.name}申请（流水号${app.serialNo}）已办结：${feedback}`,
            note: feedback,
          });
        } else {
          const reason = result.reason ?? '核心业务系统未能入账';
          await transition(tx, engine, app, {
            to: 'rejected',
            node: NODE,
            action: 'reject',
            actor: CORE_ACTOR,
            opinion: reason,
            patch: { closedAt: engine.clock.now(), feedback: `入账失败：${reason}` },
            message: `${dear(name)}${kind.name}申请（流水号${app.serialNo}）未能入账，原因：${reason}。如有疑问请联系住房公积金中心。`,
            note: `入账失败：${reason}`.slice(0, 20),
          });
        }
      }
      // The balances moved at the core: the applicant's and any other account the business drew on (C12's spouse).
      // A loan made with a co-borrower is in their overview too.
      const drawn = 'postings' in row.request ? row.request.postings.map((p) => p.memberId) : [];
      const coBorrower = row.request.type === 'loan_disbursement' ? row.request.loan.coBorrowerMemberId : null;
      for (const memberId of new Set([row.request.memberId, ...drawn, ...(coBorrower ? [coBorrower] : [])])) await memberChanged(tx, memberId);
      // Finished on the business day (the clock's): 对账 compares a day's business with the core's.
      await tx.execute(
        sql`UPDATE core_submissions SET status = ${result.status}, result = ${JSON.stringify(result)}::jsonb, attempts = attempts + 1, last_error = NULL,
              finished_at = ${engine.clock.now()} WHERE serial_no = ${row.serial_no}`,
      );
    });
  }
}

async function lockedStatus(tx: Db, serialNo: string): Promise<string | undefined> {
  const res = (await tx.execute(sql`SELECT status FROM core_submissions WHERE serial_no = ${serialNo} FOR UPDATE`)) as unknown as {
    rows: { status: string }[];
  };
  return res.rows[0]?.status;
}

/** The core reported progress of a serial: when it is one of ours, its result is fetched at the next run. */
export async function nudgeOwnSubmission(tx: Db, serialNo: string): Promise<boolean> {
  const own = (await tx.execute(sql`SELECT 1 FROM applications WHERE serial_no = ${serialNo}`)) as unknown as { rows: unknown[] };
  if (own.rows.length === 0) return false;
  await tx.execute(sql`UPDATE core_submissions SET next_attempt_at = now() WHERE serial_no = ${serialNo} AND status IN ('pending', 'accepted')`);
  return true;
}
