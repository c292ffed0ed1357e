/**
 * The built-in core's executors of the loan business a channel submits (core/protocol.ts): D4 放款
 * (`loan_disbursement`: the contract and its plan) and D5 还款银行账户变更 (`repayment_account_change`); D2's
 * `offset_signing` is ./offset.ts's. Each runs
 * inside the savepoint ./business.ts opens for it; a DomainError thrown here is the core's refusal, stored and
 * answered with its Chinese message.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '../../shared/errors.js';
import type { Fen } from '../../shared/money.js';
import { CORE_CHANNEL_LABELS, type CoreChannel, type LoanDisbursementRequest, type RepaymentAccountChangeRequest } from '../protocol.js';
import type { BuiltinCore, Tx } from './gateway.js';
import type { NewCoreEvent } from './events.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const channels = Object.keys(CORE_CHANNEL_LABELS) as [CoreChannel, ...CoreChannel[]];
const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** The fields every business request starts with. */
export const requestHead = {
  serial: z.string().trim().min(1).max(64),
  memberId: z.number().int().positive(),
  business: z.string().min(1).max(100),
  channel: z.enum(channels),
};

export const loanDisbursementRequest = z.object({
  ...requestHead,
  type: z.literal('loan_disbursement'),
  loan: z.object({
    borrowerMemberId: z.number().int().positive(),
    coBorrowerMemberId: z.number().int().positive().nullable(),
    principalFen: fen.min(1),
    annualRatePercent: z.number().min(0).max(100),
    months: z.number().int().min(1).max(360),
    method: z.enum(['equal-installment', 'equal-principal']),
    issuedOn: isoDate,
    repaymentDay: z.number().int().min(1).max(31),
    repaymentBank: z.string().min(1).max(100),
    repaymentAccountNo: z.string().min(1).max(40),
    houseAddress: z.string().min(1).max(200),
    applicationNo: z.string().min(1).max(64),
    plan: z
      .array(z.object({ period: z.number().int().min(1), dueOn: isoDate, principalFen: fen, interestFen: fen, paymentFen: fen, balanceAfterFen: fen }))
      .min(1)
      .max(360),
  }),
});

export const repaymentAccountChangeRequest = z.object({
  ...requestHead,
  type: z.literal('repayment_account_change'),
  loanId: z.number().int().positive(),
  bank: z.string().trim().min(1).max(100),
  accountNo: z.string().trim().min(1).max(40),
});

export interface Executed {
  loan?: { loanId: number; contractNo: string; loanAccountNo: string };
  /** Events beside the business_progress one (放款: loan_disbursed). */
  events: NewCoreEvent[];
}

/** D4 放款: once per application (createLoanWithin finds the loan an earlier 放款 of the same serial made). */
export async function disburseLoan(core: BuiltinCore, sp: Tx, r: LoanDisbursementRequest): Promise<Executed> {
  if (r.loan.borrowerMemberId !== r.memberId) throw new DomainError('NOT_BORROWER', '放款申请的借款人与申请人不一致', 409);
  const made = await core.createLoanWithin(sp, r.loan);
  return {
    loan: made,
    events: [
      {
        type: 'loan_disbursed',
        eventId: `business-${r.serial}-loan`,
        memberId: r.memberId,
        channel: r.channel,
        data: { contractNo: made.contractNo, amountFen: r.loan.principalFen as Fen, months: r.loan.months, serial: r.serial },
      },
    ],
  };
}

/** D5: the borrower's own loan not settled, its deduction moved to the account named. */
export async function changeRepaymentAccount(core: BuiltinCore, sp: Tx, r: RepaymentAccountChangeRequest): Promise<Executed> {
  const locked = await core.lockLoanWithin(sp, r.loanId);
  if (!locked) throw new DomainError('LOAN_NOT_FOUND', '未找到该笔贷款', 404);
  const [owner] = (
    (await sp.execute(sql`SELECT borrower_member_id AS "borrower" FROM loan_contracts WHERE id = ${r.loanId}`)) as unknown as {
      rows: { borrower: number | string }[];
    }
  ).rows;
  if (Number(owner!.borrower) !== r.memberId) throw new DomainError('NOT_BORROWER', '还款银行账户变更须由借款人本人办理', 403);
  if (locked.status === 'settled') throw new DomainError('LOAN_SETTLED', '该笔贷款已结清，无需变更还款账户', 409);
  await core.changeRepaymentAccountWithin(sp, r.loanId, { bank: r.bank, accountNo: r.accountNo });
  return { events: [] };
}
