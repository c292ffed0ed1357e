/**
 * The core emulator's own controls (not part of the protocol; sandbox and tests only), in-process and over HTTP
 * without a signature:
 *
 *   POST /emulator/faults   { failNext?, down?, delayMs?, duplicateEvents?, reorderEvents?, only? }  → { faults }
 *   POST /emulator/reset                                                                      → { faults }
 *   POST /emulator/deposit  { memberId, month: 'YYYYMM', amountFen, on?, channel? }           → { event }
 *   POST /emulator/events   a CoreEvent without id (eventId made, occurredAt now, channel 柜台 unless given) → { event }
 *   POST /emulator/monthly-offset { on?: 'YYYY-MM-DD' }  D2 按月抵扣 of the instalments due up to `on` (default the
 *                                                        emulator's today), as the core's monthly job      → { result }
 */
import { z } from 'zod';
import { CORE_CHANNEL_LABELS, CORE_OPERATIONS, type CoreChannel, type CoreOperation } from '../../core/protocol.js';

export interface CoreFaults {
  /** The next N operations answer 503 CORE_DOWN. */
  failNext?: number;
  /** Every operation answers 503 CORE_DOWN until turned off. */
  down?: boolean;
  /** Every operation waits this long before it is served. */
  delayMs?: number;
  /** listEvents answers each event twice (the product must apply each eventId once). */
  duplicateEvents?: boolean;
  /** listEvents answers each page in reverse order. */
  reorderEvents?: boolean;
  /** The operations failNext, down and delayMs touch; empty: every one (the business desk down while queries answer …). */
  only?: CoreOperation[];
}

export const coreFaultsSchema = z.strictObject({
  failNext: z.number().int().min(0).optional(),
  down: z.boolean().optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  duplicateEvents: z.boolean().optional(),
  reorderEvents: z.boolean().optional(),
  only: z.array(z.enum(Object.keys(CORE_OPERATIONS) as [CoreOperation, ...CoreOperation[]])).optional(),
});

/** The faults in force; each call of `set` changes only the keys it names. */
export class FaultState {
  private state: Required<CoreFaults> = FaultState.none();

  private static none(): Required<CoreFaults> {
    return { failNext: 0, down: false, delayMs: 0, duplicateEvents: false, reorderEvents: false, only: [] };
  }

  set(f: CoreFaults): Required<CoreFaults> {
    const given = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
    this.state = { ...this.state, ...given };
    return this.current();
  }

  reset(): void {
    this.state = FaultState.none();
  }

  current(): Required<CoreFaults> {
    return { ...this.state };
  }

  /** Whether failNext, down and delayMs concern this operation. */
  appliesTo(op: CoreOperation): boolean {
    return this.state.only.length === 0 || this.state.only.includes(op);
  }

  /** Whether this operation is refused as if the core were down (a failNext is used up by it). */
  refuses(): boolean {
    if (this.state.down) return true;
    if (this.state.failNext > 0) {
      this.state.failNext -= 1;
      return true;
    }
    return false;
  }
}

const channel = z.enum(Object.keys(CORE_CHANNEL_LABELS) as [CoreChannel, ...CoreChannel[]]);
const month = z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/);
const fen = z.number().int();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const depositSchema = z.strictObject({
  memberId: z.number().int().positive(),
  month,
  amountFen: fen.positive(),
  on: isoDate.optional(),
  channel: channel.optional(),
});

const base = {
  eventId: z.string().min(1).max(200).optional(),
  memberId: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  channel: channel.optional(),
};

/** Any event of the feed, as the control records it. */
export const newEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('deposit'), data: z.strictObject({ month, amountFen: fen, balanceAfterFen: fen }) }),
  z.strictObject({
    ...base,
    type: z.literal('back_pay'),
    data: z.strictObject({ fromMonth: month, toMonth: month, amountFen: fen, balanceAfterFen: fen }),
  }),
  z.strictObject({
    ...base,
    type: z.literal('base_change'),
    data: z.strictObject({
      effectiveMonth: month,
      depositBaseFen: fen,
      unitRatioPercent: z.number().min(0).max(100),
      personalRatioPercent: z.number().min(0).max(100),
      monthlyTotalFen: fen,
    }),
  }),
  z.strictObject({
    ...base,
    type: z.literal('business_progress'),
    data: z.strictObject({
      serial: z.string().min(1),
      business: z.string().min(1),
      step: z.string().min(1),
      stepNo: z.number().int().min(0),
      done: z.boolean(),
      result: z.string().optional(),
    }),
  }),
  z.strictObject({
    ...base,
    type: z.literal('loan_disbursed'),
    data: z.strictObject({ contractNo: z.string().min(1), amountFen: fen, months: z.number().int().positive(), serial: z.string().min(1).optional() }),
  }),
  z.strictObject({
    ...base,
    type: z.literal('instalment_deducted'),
    data: z.strictObject({
      contractNo: z.string().min(1),
      period: z.number().int().positive(),
      amountFen: fen,
      balanceAfterFen: fen,
      method: z.literal('monthly_offset').optional(),
      paymentFen: fen.optional(),
      accountBalanceAfterFen: fen.optional(),
      shortfallFen: fen.optional(),
    }),
  }),
  z.strictObject({
    ...base,
    type: z.literal('overdue'),
    data: z.strictObject({ contractNo: z.string().min(1), period: z.number().int().positive(), amountFen: fen, overdueDays: z.number().int().min(0) }),
  }),
]);

export const monthlyOffsetSchema = z.strictObject({ on: isoDate.optional() });

/** duplicateEvents / reorderEvents applied to one page of the feed (the cursor stays the page's). */
export function misdeliver<E>(events: E[], faults: Required<CoreFaults>): E[] {
  const out = faults.duplicateEvents ? events.flatMap((e) => [e, e]) : [...events];
  return faults.reorderEvents ? out.reverse() : out;
}
