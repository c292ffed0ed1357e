/**
 * D2 按月抵扣 on an external core (issue 17): the signing, its cancelling and a payer's consent are the core's business
 * (`offset_signing`, core/protocol.ts), asked at once and waited for as D5's change is (./at-core.ts): A9 is checked
 * first and not used up, the request goes under a serial number kept for what makes it (a retry of the same request
 * sends the same serial and the core executes it once), and the channel records its own copy (for the member's
 * screens), uses up A9 and tells the people concerned only after the core's done. Down or slow: 503 CORE_UNAVAILABLE
 * and nothing recorded; refused: 409 CORE_REFUSED with the core's reason in Chinese.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BusinessResult, CoreBusiness, CoreEvent, OffsetSigningRequest } from '../core/protocol.js';
import type { Database, Db } from '../db/client.js';
import { notify, type PushNotice } from '../notifications/service.js';
import type { Clock } from '../shared/clock.js';
import { tokenHash } from '../shared/tokens.js';
import { doneAtCore, keptSerial } from './at-core.js';
import { loanOffsetSignings } from './tables.js';

const BUSINESS_NAMES: Record<OffsetSigningRequest['action'], string> = { sign: '按月抵扣签约', cancel: '按月抵扣取消签约', consent: '按月抵扣签约确认' };

/**
 * The serial number of this request (`request`: what makes it — its A9 token, the action, the payers …): made once, as
 * applications' are, the same on every retry; and when it was first made (the consent deadline a signing sends).
 */
export async function offsetSerialFor(database: Database, clock: Clock, memberId: number, request: string): Promise<{ serial: string; madeAt: Date }> {
  const key = tokenHash(request);
  const known = await keptSerial(
    database,
    clock,
    async (db) =>
      (
        (await db.execute(sql`SELECT serial_no, created_at FROM offset_signing_requests WHERE request_hash = ${key}`)) as unknown as {
          rows: { serial_no: string; created_at: Date | string }[];
        }
      ).rows[0],
    (tx, serial) =>
      tx.execute(
        sql`INSERT INTO offset_signing_requests (request_hash, serial_no, member_id, created_at)
          VALUES (${key}, ${serial}, ${memberId}, ${clock.now().toISOString()}::timestamptz) ON CONFLICT (request_hash) DO NOTHING`,
      ),
  );
  return { serial: known.serial_no, madeAt: new Date(known.created_at) };
}

/** Sends the request and waits for the core's done; throws 503 CORE_UNAVAILABLE or 409 CORE_REFUSED otherwise. */
export async function offsetAtCore(core: CoreBusiness, request: Omit<OffsetSigningRequest, 'type' | 'business' | 'channel'>): Promise<BusinessResult> {
  return doneAtCore(core, { ...request, type: 'offset_signing', business: BUSINESS_NAMES[request.action], channel: 'mini-program' });
}

/** The core reported progress of a serial (corefeed): true when it is a signing, cancelling or consent the channel sent. */
export async function ownOffsetSigning(tx: Db, serialNo: string): Promise<boolean> {
  const own = (await tx.execute(sql`SELECT 1 FROM offset_signing_requests WHERE serial_no = ${serialNo}`)) as unknown as { rows: unknown[] };
  return own.rows.length > 0;
}

/**
 * Ends the product's copy of a loan's live D2 signing (every payer's row) as of `at`, with the cancelling business's
 * serial when there is one; returns the payers it ended (none when it had ended already).
 */
export function endSignings(tx: Db, loanId: number, at: Date, cancelSerialNo?: string) {
  return tx
    .update(loanOffsetSignings)
    .set({ cancelledAt: at, ...(cancelSerialNo ? { cancelSerialNo } : {}) })
    .where(and(eq(loanOffsetSignings.loanId, loanId), isNull(loanOffsetSignings.cancelledAt)))
    .returning({ memberId: loanOffsetSignings.memberId, role: loanOffsetSignings.role, consent: loanOffsetSignings.consent });
}

/**
 * The core's `offset_signing_ended` (core/protocol.ts): a signing cancelled in another channel (at a counter) ends the
 * channel's copy too, once — the D2 screen shows the loan unsigned and the borrower may sign again — and each other
 * payer it named is told: one who had agreed that their account is no longer debited, one still asked that there is
 * nothing left to answer (the borrower is told by the business's own progress event). The channel's own cancellation
 * was recorded when the core answered it: nothing to do.
 */
export async function offsetSigningEnded(tx: Db, push: PushNotice | undefined, e: Extract<CoreEvent, { type: 'offset_signing_ended' }>, channel: string) {
  const { loanId, contractNo, serial } = e.data;
  if (await ownOffsetSigning(tx, serial)) return;
  const at = new Date(e.occurredAt);
  const ended = await endSignings(tx, loanId, at, serial);
  for (const payer of ended) {
    if (payer.role === 'borrower' || payer.consent === 'declined') continue;
    const after = payer.consent === 'confirmed' ? '此后不再从您的公积金账户扣划该笔贷款的月还款额' : '您无需再确认该笔签约';
    await notify(tx, push, {
      memberId: payer.memberId,
      business: '按月抵扣取消签约',
      channel,
      content: `借款人已在${channel}取消住房公积金贷款（合同号${contractNo}）的按月抵扣签约，${after}。`,
      notice: { kind: 'loan', contractNo, business: '按月抵扣取消签约', status: '已取消签约', at },
    });
  }
}
