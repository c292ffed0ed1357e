/**
 * The built-in core's business executor and event feed (core/protocol.ts CoreBusiness), as the core emulator serves
 * them: a submitted business executes once per serial number in one transaction (core_business_requests, migration
 * 0056), whatever the number of retries and also when two arrive together, and what happens at the core is recorded
 * in its event feed (./events.ts).
 */
import type { Tx } from './gateway.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import type { LedgerBusinessType, RepaymentKind } from '../../shared/core-vocabulary.js';
import { shanghaiIso, todayShanghai, type IsoDate } from '../../shared/dates.js';
import { DomainError } from '../../shared/errors.js';
import { fen, type Fen } from '../../shared/money.js';
import type { LedgerEntry } from '../gateway.js';
import {
  CORE_CHANNEL_LABELS,
  type BusinessRequest,
  type BusinessResult,
  type CoreBusiness,
  type CoreChannel,
  type CoreEvent,
  type DepositEvent,
  type EventPage,
  type WithdrawalRequest,
} from '../protocol.js';
import type { BuiltinCore } from './gateway.js';
import { CoreEventLog, type NewCoreEvent } from './events.js';
import { changeRepaymentAccount, disburseLoan, loanDisbursementRequest, repaymentAccountChangeRequest, type Executed } from './loan-business.js';
import { offsetSigning, offsetSigningRequest, runCoreMonthlyOffset } from './offset.js';
import type { OffsetRunResult } from '../monthly-offset.js';

const LEDGER_TYPES = [
  'opening_balance',
  'regular_deposit',
  'back_deposit',
  'interest',
  'year_carry_over',
  'partial_withdrawal',
  'closing_withdrawal',
  'withdrawal_repay',
  'transfer_in',
  'transfer_out',
] as const satisfies readonly LedgerBusinessType[];
// Every ledger type is listed: a missing one fails to compile here.
const allListed: Record<Exclude<LedgerBusinessType, (typeof LEDGER_TYPES)[number]>, never> = {};
void allListed;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const channels = Object.keys(CORE_CHANNEL_LABELS) as [CoreChannel, ...CoreChannel[]];

const posting = z.object({
  memberId: z.number().int().positive(),
  postedOn: isoDate,
  businessType: z.enum(LEDGER_TYPES),
  summary: z.string().min(1).max(200),
  amountFen: z.number().int(),
  interestFen: z.number().int().optional(),
  withdrawalReason: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  withdrawalMethod: z.string().max(100).optional(),
  reference: z.string().max(100).optional(),
});

const withdrawalRequest = z.object({
  serial: z.string().trim().min(1).max(64),
  type: z.literal('withdrawal'),
  memberId: z.number().int().positive(),
  business: z.string().min(1).max(100),
  channel: z.enum(channels),
  postings: z.array(posting).min(1),
  closeAccountOn: isoDate.optional(),
});

const REPAYMENT_KINDS = ['regular', 'overdue', 'prepayment', 'settlement', 'offset', 'withdrawal_repay'] as const satisfies readonly RepaymentKind[];
const fenAmount = z.number().int().min(0);

/** LoanRepaymentRequest (core/protocol.ts): D1, D3, C12. */
const loanRepaymentRequest = z.object({
  serial: z.string().trim().min(1).max(64),
  type: z.literal('loan_repayment'),
  memberId: z.number().int().positive(),
  business: z.string().min(1).max(100),
  channel: z.enum(channels),
  loanId: z.number().int().positive(),
  expected: z.object({ balanceFen: fenAmount, periodsPaid: z.number().int().min(0) }),
  postings: z.array(posting),
  repayments: z
    .array(
      z.object({
        paidOn: isoDate,
        kind: z.enum(REPAYMENT_KINDS),
        period: z.number().int().positive().nullable(),
        principalFen: fenAmount,
        interestFen: fenAmount,
        penaltyFen: fenAmount.optional(),
        reference: z.string().min(1).max(100),
      }),
    )
    .min(1),
  planFrom: z.number().int().positive().optional(),
  plan: z
    .array(
      z.object({
        period: z.number().int().positive(),
        dueOn: isoDate,
        principalFen: fenAmount,
        interestFen: fenAmount,
        paymentFen: fenAmount,
        balanceAfterFen: fenAmount,
      }),
    )
    .optional(),
  settles: z.boolean().optional(),
});
type LoanRepaymentParsed = z.infer<typeof loanRepaymentRequest>;

const businessRequest = z.discriminatedUnion('type', [
  withdrawalRequest,
  loanRepaymentRequest,
  loanDisbursementRequest,
  repaymentAccountChangeRequest,
  offsetSigningRequest,
]);

interface RequestRow {
  serial: string;
  type: BusinessRequest['type'];
  status: BusinessResult['status'];
  code: string | null;
  reason: string | null;
  doneAt: string | null;
  entries: LedgerEntry[] | null;
  loan: BusinessResult['loan'] | null;
}

const RESULT_COLUMNS = sql.raw(`serial, type, status, code, reason,
  to_char(done_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') AS "doneAt", entries, loan`);

async function rowsOf(tx: Pick<Tx, 'execute'>, query: ReturnType<typeof sql>): Promise<RequestRow[]> {
  return ((await tx.execute(query)) as unknown as { rows: RequestRow[] }).rows;
}

function toResult(r: RequestRow): BusinessResult {
  return {
    serial: r.serial,
    type: r.type,
    status: r.status,
    ...(r.code !== null ? { code: r.code } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.doneAt !== null ? { doneAt: r.doneAt } : {}),
    ...(r.entries !== null ? { entries: r.entries } : {}),
    ...(r.loan !== null ? { loan: r.loan } : {}),
  };
}

export interface DepositInput {
  /** The month paid for, YYYYMM. */
  month: string;
  amountFen: number;
  /** 记账日期; default today (the core's). */
  on?: IsoDate;
  channel?: CoreChannel;
}

export class BuiltinBusiness implements CoreBusiness {
  readonly events: CoreEventLog;

  constructor(
    private readonly database: Database,
    private readonly core: BuiltinCore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.events = new CoreEventLog(database);
  }

  async submitBusiness(request: BusinessRequest): Promise<BusinessResult> {
    const parsed = businessRequest.safeParse(request);
    if (!parsed.success) throw new DomainError('INVALID_BUSINESS_REQUEST', '业务申请内容有误，核心业务系统无法受理', 400);
    const r = parsed.data;
    return this.database.db.transaction(async (tx) => {
      // The serial is the key: a repeat (or one arriving at the same moment, which waits here for the first to commit)
      // inserts nothing and answers what the first one stored.
      const [taken] = await rowsOf(
        tx,
        sql`INSERT INTO core_business_requests (serial, type, member_id, request, status)
            VALUES (${r.serial}, ${r.type}, ${r.memberId}, ${JSON.stringify(r)}::jsonb, 'accepted')
            ON CONFLICT (serial) DO NOTHING RETURNING serial`,
      );
      if (!taken) {
        const [stored] = await rowsOf(tx, sql`SELECT ${RESULT_COLUMNS} FROM core_business_requests WHERE serial = ${r.serial}`);
        return toResult(stored!);
      }
      let done: Executed & { entries: LedgerEntry[] };
      try {
        // One savepoint for the whole business: a refusal undoes all of it.
        done = await tx.transaction((sp) => this.execute(sp, r as BusinessRequest));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const [refused] = await rowsOf(
          tx,
          sql`UPDATE core_business_requests SET status = 'refused', code = ${err.code}, reason = ${err.message}
              WHERE serial = ${r.serial} RETURNING ${RESULT_COLUMNS}`,
        );
        return toResult(refused!);
      }
      const doneAt = shanghaiIso(this.now());
      const [stored] = await rowsOf(
        tx,
        sql`UPDATE core_business_requests SET status = 'done', done_at = ${doneAt}::timestamptz, entries = ${JSON.stringify(done.entries)}::jsonb,
              loan = ${done.loan ? JSON.stringify(done.loan) : null}::jsonb
            WHERE serial = ${r.serial} RETURNING ${RESULT_COLUMNS}`,
      );
      await this.events.record(
        {
          type: 'business_progress',
          eventId: `business-${r.serial}-done`,
          memberId: r.memberId,
          occurredAt: doneAt,
          channel: r.channel,
          data: { serial: r.serial, business: r.business, step: '办结', stepNo: 1, done: true },
        },
        tx,
      );
      for (const e of done.events) await this.events.record({ ...e, occurredAt: doneAt }, tx);
      return toResult(stored!);
    });
  }

  /** The business itself, inside its savepoint; a DomainError is the core's refusal. */
  private async execute(sp: Tx, r: BusinessRequest): Promise<Executed & { entries: LedgerEntry[] }> {
    switch (r.type) {
      case 'withdrawal':
        return { entries: await this.withdraw(sp, r), events: [] };
      case 'loan_repayment':
        return { entries: await this.repayLoan(sp, r as unknown as LoanRepaymentParsed), events: [] };
      case 'loan_disbursement':
        return { entries: [], ...(await disburseLoan(this.core, sp, r)) };
      case 'repayment_account_change':
        return { entries: [], ...(await changeRepaymentAccount(this.core, sp, r)) };
      case 'offset_signing':
        return { entries: [], ...(await offsetSigning(this.core, sp, r, this.now())) };
    }
  }

  /** The postings and, for a 销户提取, the closing of the emptied account. */
  private async withdraw(sp: Tx, r: WithdrawalRequest): Promise<LedgerEntry[]> {
    const booked = await this.core.postWithin(sp, r.postings);
    if (r.closeAccountOn) await this.core.closeAccountWithin(sp, r.memberId, r.closeAccountOn);
    return booked;
  }

  /**
   * D1 / D3 / C12: the loan still as the trial saw it, the fund's withdrawals, the repayments in order and the new
   * plan; answers the ledger rows booked. A refusal throws (the caller's savepoint undoes everything).
   */
  private async repayLoan(tx: Tx, r: LoanRepaymentParsed): Promise<LedgerEntry[]> {
    const loan = await this.core.lockLoanWithin(tx, r.loanId);
    if (!loan) throw new DomainError('LOAN_NOT_FOUND', '未找到该笔贷款', 404);
    if (loan.status === 'settled' || loan.balanceFen <= 0) throw new DomainError('LOAN_SETTLED', '该笔贷款已结清', 409);
    if (loan.balanceFen !== r.expected.balanceFen || loan.periodsPaid !== r.expected.periodsPaid)
      throw new DomainError('LOAN_CHANGED', '贷款余额已发生变化，请重新试算后申请', 409);
    const booked = r.postings.length ? await this.core.postWithin(tx, r.postings) : [];
    let settled = false;
    for (const repayment of r.repayments) settled = (await this.core.repayWithin(tx, loan.id, repayment)).settled;
    if (r.settles && !settled) throw new DomainError('LOAN_NOT_SETTLED', '结清金额不足，贷款未能结清', 409);
    if (r.plan?.length) {
      const plan = r.plan.map((p) => ({
        ...p,
        principalFen: fen(p.principalFen),
        interestFen: fen(p.interestFen),
        paymentFen: fen(p.paymentFen),
        balanceAfterFen: fen(p.balanceAfterFen),
      }));
      await this.core.rewritePlanWithin(tx, loan.id, r.planFrom ?? plan[0]!.period, plan);
    }
    return booked;
  }

  async businessStatus(serial: string): Promise<BusinessResult | null> {
    if (typeof serial !== 'string') throw new DomainError('INVALID_BUSINESS_REQUEST', '业务流水号有误', 400);
    const [row] = await rowsOf(this.database.db, sql`SELECT ${RESULT_COLUMNS} FROM core_business_requests WHERE serial = ${serial}`);
    return row ? toResult(row) : null;
  }

  listEvents(after: number, limit: number): Promise<EventPage> {
    return this.events.list(after, limit);
  }

  /** Records an event that happened at the core (another channel's business, a loan's instalment …). */
  addEvent(e: NewCoreEvent): Promise<CoreEvent> {
    return this.events.record(e);
  }

  /**
   * D2 按月抵扣 as the core does it each month (./offset.ts): the instalments due up to `today` of the loans signed at
   * the core, taken from the payers' fund accounts, each deduction recorded as `instalment_deducted`.
   */
  monthlyOffset(today: IsoDate): Promise<OffsetRunResult> {
    return runCoreMonthlyOffset({ database: this.database, core: this.core, events: this.events, now: this.now }, today);
  }

  /** 汇缴入账 (004 2.1): the month's deposit posted to the member's account, with its event, in one transaction. */
  async deposit(memberId: number, d: DepositInput): Promise<DepositEvent> {
    if (!/^\d{4}(0[1-9]|1[0-2])$/.test(d.month)) throw new DomainError('INVALID_MONTH', '汇缴年月有误', 400);
    if (!Number.isSafeInteger(d.amountFen) || d.amountFen <= 0) throw new DomainError('INVALID_POSTING', '记账金额有误', 400);
    const postedOn = d.on ?? todayShanghai(this.now());
    return this.database.db.transaction(async (tx) => {
      const [entry] = await this.core.postWithin(tx, [
        { memberId, postedOn, businessType: 'regular_deposit', summary: `汇缴${d.month}`, amountFen: d.amountFen },
      ]);
      // 缴至年月 moves on to the month paid, never back (a late month paid after a later one).
      // The account the deposit was posted to (the member's open one), not a closed one of theirs beside it.
      await tx.execute(
        sql`UPDATE fund_accounts SET paid_up_to = ${d.month} WHERE member_id = ${memberId} AND status <> 'closed' AND (paid_up_to IS NULL OR paid_up_to < ${d.month})`,
      );
      const event = await this.events.record(
        {
          type: 'deposit',
          memberId,
          channel: d.channel ?? 'counter',
          data: { month: d.month, amountFen: d.amountFen as Fen, balanceAfterFen: entry!.balanceAfterFen },
        },
        tx,
      );
      return event as DepositEvent;
    });
  }
}
