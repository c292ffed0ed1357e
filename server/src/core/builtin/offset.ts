/**
 * D2 按月抵扣 at the built-in core, as the core emulator serves it to an external-core product (issue 17): the
 * executor of `offset_signing` (sign / cancel / a payer's consent, core/protocol.ts OffsetSigningRequest) keeps the
 * core's own record of the signings (core_offset_signings, migration 0065), and the core's monthly run takes each due
 * instalment of a signed loan from the confirmed payers' fund accounts — the deduction is core/monthly-offset.ts's,
 * the same the product's own run uses on the built-in core — recording one `instalment_deducted` event per account
 * debited (and one for the borrower when theirs gave nothing), which the product's feed turns into messages.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { addDays, shanghaiIso, type IsoDate } from '../../shared/dates.js';
import { DomainError } from '../../shared/errors.js';
import type { Fen } from '../../shared/money.js';
import { deductInstalment, OFFSET_LOOKBACK_DAYS, OFFSET_ORDER, withFreshBalances, type OffsetRunResult, type OffsetSigner } from '../monthly-offset.js';
import type { OffsetPayerRole, OffsetSigningRequest } from '../protocol.js';
import type { CoreEventLog, NewCoreEvent } from './events.js';
import type { BuiltinCore, Tx } from './gateway.js';
import { requestHead, type Executed } from './loan-business.js';

const ROLES = ['borrower', 'spouse', 'co-borrower'] as const satisfies readonly OffsetPayerRole[];

export const offsetSigningRequest = z.object({
  ...requestHead,
  type: z.literal('offset_signing'),
  action: z.enum(['sign', 'cancel', 'consent']),
  loanId: z.number().int().positive(),
  payers: z
    .array(
      z.object({
        memberId: z.number().int().positive(),
        role: z.enum(ROLES),
        consent: z.enum(['confirmed', 'pending']),
        consentBefore: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .min(1)
    .max(3)
    .optional(),
  accept: z.boolean().optional(),
});

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(tx: Pick<Tx, 'execute'>, q: ReturnType<typeof sql>) => ((await tx.execute(q)) as unknown as Rows<T>).rows;

/** The loan's people as the core knows them: borrower, their spouse on record, the co-borrower. */
async function peopleOf(sp: Tx, loanId: number): Promise<Record<OffsetPayerRole, number | null>> {
  const [p] = await rowsOf<{ borrower: string; co: string | null; spouse: string | null }>(
    sp,
    sql`SELECT l.borrower_member_id AS borrower, l.co_borrower_member_id AS co,
               CASE WHEN m.marital_status = 'married' THEN m.spouse_member_id END AS spouse
          FROM loan_contracts l JOIN members m ON m.id = l.borrower_member_id WHERE l.id = ${loanId}`,
  );
  const n = (v: string | null | undefined) => (v == null ? null : Number(v));
  return { borrower: n(p?.borrower)!, spouse: n(p?.spouse), 'co-borrower': n(p?.co) };
}

/** sign / cancel / consent, inside the savepoint business.ts opens; a DomainError is the core's refusal. */
export async function offsetSigning(core: BuiltinCore, sp: Tx, r: OffsetSigningRequest, now: Date): Promise<Executed> {
  const loan = await core.lockLoanWithin(sp, r.loanId);
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', '未找到该笔贷款', 404);
  if (loan.status === 'settled' || loan.balanceFen <= 0) throw new DomainError('LOAN_SETTLED', '该笔贷款已结清，按月抵扣协议已自动解约', 409);
  const people = await peopleOf(sp, r.loanId);
  const live = await rowsOf<{ id: string; member_id: string; role: OffsetPayerRole; consent: string }>(
    sp,
    sql`SELECT id, member_id, role, consent FROM core_offset_signings WHERE loan_id = ${r.loanId} AND cancelled_at IS NULL FOR UPDATE`,
  );
  if (r.action === 'consent') {
    const mine = live.find((s) => Number(s.member_id) === r.memberId && s.role !== 'borrower');
    if (!mine || r.accept === undefined) throw new DomainError('CONSENT_NOT_FOUND', '该笔贷款没有需要您确认的按月抵扣签约', 404);
    // The deadline (consent_before) is the channel's to keep: it asks the core only within it.
    if (mine.consent !== 'pending') throw new DomainError('CONSENT_ANSWERED', '您已答复该笔签约', 409);
    await sp.execute(sql`UPDATE core_offset_signings SET consent = ${r.accept ? 'confirmed' : 'declined'} WHERE id = ${mine.id}`);
    return { events: [] };
  }
  if (people.borrower !== r.memberId) throw new DomainError('NOT_BORROWER', '按月抵扣签约须由借款人本人办理', 403);
  if (r.action === 'cancel') {
    if (!live.length) throw new DomainError('NOT_SIGNED', '该笔贷款未办理按月抵扣签约', 409);
    const [cancelled] = await rowsOf<{ contract_no: string }>(
      sp,
      sql`UPDATE core_offset_signings s SET cancelled_at = ${now.toISOString()}::timestamptz, cancelled_serial = ${r.serial}
          FROM loan_contracts l WHERE l.id = s.loan_id AND s.loan_id = ${r.loanId} AND s.cancelled_at IS NULL
          RETURNING l.contract_no`,
    );
    // Whatever the channel (a counter's too): a channel keeping its own copy of the signing ends it.
    const ended = { loanId: r.loanId, contractNo: cancelled!.contract_no, serial: r.serial };
    return { events: [{ type: 'offset_signing_ended', eventId: `business-${r.serial}-offset-ended`, memberId: r.memberId, channel: r.channel, data: ended }] };
  }
  if (live.length) throw new DomainError('ALREADY_SIGNED', '该笔贷款已办理按月抵扣签约，如需变更请先取消签约', 409);
  const payers = r.payers ?? [];
  if (!payers.length) throw new DomainError('PAYER_MISSING', '请选择扣划人', 400);
  const ranks = payers.map((p) => OFFSET_ORDER.indexOf(p.role));
  if (ranks.some((k, i) => i > 0 && k <= ranks[i - 1]!)) throw new DomainError('PAYER_ORDER', '扣划顺序须为借款人、配偶、共同借款人', 400);
  if (new Set(payers.map((p) => p.memberId)).size !== payers.length) throw new DomainError('PAYER_DUPLICATE', '扣划人不能重复', 400);
  for (const p of payers) {
    if (people[p.role] !== p.memberId) throw new DomainError('PAYER_NOT_ON_LOAN', '扣划人须为该笔贷款的借款人、配偶或共同借款人', 409);
    if (p.role === 'borrower' && p.consent !== 'confirmed') throw new DomainError('PAYER_CONSENT', '借款人签约即确认', 400);
    if (p.consent === 'pending' && !p.consentBefore) throw new DomainError('PAYER_CONSENT', '待确认的扣划人须有确认期限', 400);
  }
  for (const [position, p] of payers.entries()) {
    await sp.execute(
      sql`INSERT INTO core_offset_signings (loan_id, member_id, role, position, consent, consent_before, signed_serial, signed_at)
          VALUES (${r.loanId}, ${p.memberId}, ${p.role}, ${position + 1}, ${p.consent}, ${p.consentBefore ?? null}::timestamptz, ${r.serial}, ${now.toISOString()}::timestamptz)`,
    );
  }
  return { events: [] };
}

/** The confirmed payers of a loan's live signing at the core (a pending one whose deadline passed never pays). */
async function confirmedSigners(tx: Pick<Tx, 'execute'>, loanId: number): Promise<OffsetSigner[]> {
  const rows = await rowsOf<{ member_id: string; role: OffsetPayerRole }>(
    tx,
    sql`SELECT member_id, role FROM core_offset_signings WHERE loan_id = ${loanId} AND cancelled_at IS NULL AND consent = 'confirmed' ORDER BY position`,
  );
  return rows.map((r) => ({ memberId: Number(r.member_id), role: r.role }));
}

/**
 * The core's monthly run for `today`: each unpaid instalment due within the last OFFSET_LOOKBACK_DAYS days of a loan
 * signed at the core, each in one transaction with its events; then the signings of settled loans end (须知 2.5).
 */
export async function runCoreMonthlyOffset(
  deps: { database: Database; core: BuiltinCore; events: CoreEventLog; now: () => Date },
  today: IsoDate,
): Promise<OffsetRunResult> {
  const { database, core } = deps;
  const result: OffsetRunResult = { loans: 0, instalments: 0, fromFundFen: 0, shortfallFen: 0 };
  const signed = new Set(
    (
      await rowsOf<{ loan_id: string }>(
        database.db,
        sql`SELECT DISTINCT loan_id FROM core_offset_signings WHERE cancelled_at IS NULL AND consent = 'confirmed'`,
      )
    ).map((r) => Number(r.loan_id)),
  );
  const due = signed.size
    ? (await core.listUnpaidInstalments({ from: addDays(today, -OFFSET_LOOKBACK_DAYS), to: today })).filter((i) => signed.has(i.loanId))
    : [];
  const loans = new Set<number>();
  for (const i of due) {
    const done = await withFreshBalances(async () => {
      const balances = new Map<number, number>();
      for (const s of await confirmedSigners(database.db, i.loanId)) {
        const account = await core.getFundAccount(s.memberId);
        balances.set(s.memberId, account && account.status !== 'closed' ? account.balanceFen : 0);
      }
      return database.db.transaction(async (tx) => {
        const d = await deductInstalment(core, tx, i, { signers: () => confirmedSigners(tx, i.loanId), balances, today });
        if (!d) return null;
        const occurredAt = shanghaiIso(deps.now());
        const told = d.taken.map((t) => ({ memberId: t.memberId, fen: t.fen, accountBalanceAfterFen: t.accountBalanceAfterFen as number | undefined }));
        if (!told.some((t) => t.memberId === i.borrowerMemberId)) told.push({ memberId: i.borrowerMemberId, fen: 0, accountBalanceAfterFen: undefined });
        for (const t of told) {
          const event: NewCoreEvent = {
            type: 'instalment_deducted',
            eventId: `offset-${i.loanId}-${i.period}-${t.memberId}`,
            memberId: t.memberId,
            occurredAt,
            channel: 'counter',
            data: {
              contractNo: i.contractNo,
              period: i.period,
              amountFen: t.fen as Fen,
              balanceAfterFen: d.loanBalanceAfterFen as Fen,
              method: 'monthly_offset',
              paymentFen: i.paymentFen,
              ...(t.accountBalanceAfterFen !== undefined ? { accountBalanceAfterFen: t.accountBalanceAfterFen as Fen } : {}),
              shortfallFen: d.shortfallFen as Fen,
            },
          };
          await deps.events.record(event, tx);
        }
        return d;
      });
    });
    if (!done) continue;
    loans.add(i.loanId);
    result.instalments++;
    result.fromFundFen += done.taken.reduce((s, t) => s + t.fen, 0);
    result.shortfallFen += done.shortfallFen;
  }
  result.loans = loans.size;
  // 须知 2.5: 此笔贷款结清后，该协议自动解约.
  await database.db.execute(
    sql`UPDATE core_offset_signings s SET cancelled_at = ${deps.now().toISOString()}::timestamptz
        FROM loan_contracts l WHERE l.id = s.loan_id AND l.status = 'settled' AND s.cancelled_at IS NULL`,
  );
  return result;
}
