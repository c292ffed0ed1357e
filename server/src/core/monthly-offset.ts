/**
 * D2 按月抵扣 (003 6.3.2): one instalment taken from the signers' fund accounts — the one implementation of the
 * deduction, used by the product's own monthly run on the built-in core (loanbusiness/monthly-offset.ts, which then
 * tells the payers itself) and by the built-in core's run as the core emulator does it for an external core
 * (./builtin/offset.ts, which records `instalment_deducted` events instead).
 *
 * Inside the caller's transaction, under the loan's row lock and only when the instalment is the next period to pay:
 * each signer in order (借款人, 配偶, 共同借款人: 须知 2.1) gives what their account holds up to what is still owed
 * (never more: the database refuses a negative balance), posted as `withdrawal_repay` 按月抵扣还贷; the fund's part is
 * one `offset` repayment (interest first, then principal), the shortfall (须知 2.2) a `regular` repayment by the bank
 * card. The period then counts paid, so a second run finds nothing to do; the postings' reference
 * (`按月抵扣:<合同号>:<期次>`) could not post twice anyway.
 */
import { DomainError } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import type { CoreGateway, CoreTransaction, UnpaidInstalment } from './gateway.js';
import type { OffsetPayerRole } from './protocol.js';

/** How far back a run looks for an instalment left unpaid (a missed run, the server down on the repayment day). */
export const OFFSET_LOOKBACK_DAYS = 31;
export const OFFSET_ORDER: readonly OffsetPayerRole[] = ['borrower', 'spouse', 'co-borrower'];

export interface OffsetSigner {
  memberId: number;
  role: OffsetPayerRole;
}
interface OffsetTaken extends OffsetSigner {
  fen: number;
  /** The signer's fund account balance after the debit. */
  accountBalanceAfterFen: number;
}
export interface OffsetDeduction {
  taken: OffsetTaken[];
  /** What the borrower's bank card paid (须知 2.2). */
  shortfallFen: number;
  /** The loan's balance after the instalment. */
  loanBalanceAfterFen: number;
}

/** What a monthly run did. */
export interface OffsetRunResult {
  loans: number;
  instalments: number;
  fromFundFen: number;
  shortfallFen: number;
}

type OffsetCore = Required<Pick<CoreGateway, 'lockLoanWithin' | 'postWithin' | 'repayWithin'>>;

/** A signer's balance fell between the read and the posting: the caller tries the instalment again on fresh balances. */
class OffsetBalanceMoved extends Error {}

const sortByOffsetOrder = <T extends { role: OffsetPayerRole }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => OFFSET_ORDER.indexOf(a.role) - OFFSET_ORDER.indexOf(b.role));

/**
 * One instalment inside `tx`; null when there is nothing to do (settled, paid already, not the next period, no
 * signer). `signers` is asked after the loan is locked (the confirmed signers in order); `balances` are the signers'
 * balances read before the transaction (a same-database core answers reads outside it): should one have fallen
 * meanwhile, the overdraft is refused and OffsetBalanceMoved thrown.
 */
export async function deductInstalment(
  core: OffsetCore,
  tx: CoreTransaction,
  i: UnpaidInstalment,
  o: { signers: () => Promise<OffsetSigner[]>; balances: ReadonlyMap<number, number>; today: IsoDate },
): Promise<OffsetDeduction | null> {
  const loan = await core.lockLoanWithin(tx, i.loanId);
  if (!loan || loan.status === 'settled' || loan.periodsPaid + 1 !== i.period) return null;
  const signers = sortByOffsetOrder(await o.signers());
  if (!signers.length) return null;
  const reference = `按月抵扣:${i.contractNo}:${i.period}`;
  let owed: number = i.paymentFen;
  const taken: OffsetTaken[] = [];
  for (const s of signers) {
    if (owed <= 0) break;
    const fen = Math.min(owed, o.balances.get(s.memberId) ?? 0);
    if (fen <= 0) continue;
    let booked;
    try {
      booked = await core.postWithin(tx, [
        {
          memberId: s.memberId,
          postedOn: o.today,
          businessType: 'withdrawal_repay',
          summary: '按月抵扣还贷',
          amountFen: -fen,
          withdrawalReason: '06',
          withdrawalMethod: '按月抵扣',
          reference,
        },
      ]);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'INSUFFICIENT_BALANCE') throw new OffsetBalanceMoved();
      if (err instanceof DomainError && err.code === 'DUPLICATE_POSTING') throw new DomainError('OFFSET_ALREADY_POSTED', `第${i.period}期已按月抵扣`, 409);
      throw err;
    }
    taken.push({ memberId: s.memberId, role: s.role, fen, accountBalanceAfterFen: booked[0]?.balanceAfterFen ?? 0 });
    owed -= fen;
  }
  const fundFen = i.paymentFen - owed;
  // The fund pays the interest first, then principal; the bank card the rest (须知 2.2).
  const fundInterest = Math.min(fundFen, i.interestFen);
  const fundPrincipal = fundFen - fundInterest;
  let after: { balanceAfterFen: number };
  if (owed === 0) {
    after = await core.repayWithin(tx, i.loanId, {
      paidOn: o.today,
      kind: 'offset',
      period: i.period,
      principalFen: fundPrincipal,
      interestFen: fundInterest,
      reference,
    });
  } else {
    if (fundFen > 0)
      await core.repayWithin(tx, i.loanId, {
        paidOn: o.today,
        kind: 'offset',
        period: null,
        principalFen: fundPrincipal,
        interestFen: fundInterest,
        reference,
      });
    after = await core.repayWithin(tx, i.loanId, {
      paidOn: o.today,
      kind: 'regular',
      period: i.period,
      principalFen: i.principalFen - fundPrincipal,
      interestFen: i.interestFen - fundInterest,
      reference: `${reference}:银行卡`,
    });
  }
  return { taken, shortfallFen: owed, loanBalanceAfterFen: after.balanceAfterFen };
}

/** Tries an instalment again (at most three times) when a balance moved under it. */
export async function withFreshBalances<T>(once: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await once();
    } catch (err) {
      if (!(err instanceof OffsetBalanceMoved) || attempt >= 2) throw err;
    }
  }
}
