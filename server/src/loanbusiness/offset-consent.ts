/**
 * D2 按月抵扣签约: the spouse's (or co-borrower's) own consent to their fund account being debited for the borrower's
 * instalments (issue 18 point 11). The borrower's signing names them; each gets a message and a WeChat notice (E3,
 * like C12's spouse confirmation) and has 48 hours to confirm with their own A9 (purpose `loan.monthly-offset-consent`,
 * reference the 贷款账号) or to decline. Only confirmed payers are debited by the monthly run.
 */
import type { Db } from '../db/client.js';
import { and, eq, isNull } from 'drizzle-orm';
import type { CoreGateway, CoreLoan } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import { notify, type PushNotice } from '../notifications/service.js';
import type { Clock } from '../shared/clock.js';
import { shanghaiMinute } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import type { ConsumeConfirmation } from '../workflow/service.js';
import { isCoreBusiness } from '../core/protocol.js';
import { checkConfirmation } from './at-core.js';
import { offsetAtCore, offsetSerialFor } from './offset-at-core.js';
import { loanOffsetSignings, type OffsetConsent } from './tables.js';

export const CONSENT_PURPOSE = 'loan.monthly-offset-consent';
/** As C12: the spouse answers within 48 hours. */
export const CONSENT_HOURS = 48;

export type ConsentState = OffsetConsent | 'expired';
export const CONSENT_LABELS: Record<ConsentState, string> = {
  confirmed: '已确认',
  pending: '待本人确认',
  declined: '已拒绝',
  expired: '未在48小时内确认，已失效',
};

type SigningRow = typeof loanOffsetSignings.$inferSelect;

/** Where a signer's consent stands now: a pending one past its deadline has lapsed. */
export const consentOf = (row: Pick<SigningRow, 'consent' | 'consentBefore'>, now: Date): ConsentState =>
  row.consent === 'pending' && row.consentBefore !== null && row.consentBefore <= now ? 'expired' : row.consent;

/** 2026-11-28 10:00 (Asia/Shanghai): how the deadline is shown. */
export const shownTime = shanghaiMinute;

/** Inside the signing's transaction: asks each payer who is not the borrower for their consent. */
export async function requestConsents(
  tx: Db,
  push: PushNotice | undefined,
  o: {
    loan: CoreLoan;
    borrowerName: string;
    payers: { memberId: number; label: string }[];
    answerBefore: Date;
    now: Date;
  },
): Promise<void> {
  for (const p of o.payers) {
    await notify(tx, push, {
      memberId: p.memberId,
      business: '按月抵扣签约',
      channel: '系统',
      content:
        `${o.borrowerName}申请办理住房公积金贷款（合同号${o.loan.contractNo}）按月抵扣签约，将每月从您（${p.label}）的公积金账户扣划月还款额。` +
        `请于${shownTime(o.answerBefore)}前在“贷款业务 · 按月抵扣”中确认或拒绝；未确认前不会从您的账户扣划。`,
      notice: { kind: 'loan', contractNo: o.loan.contractNo, business: '按月抵扣签约', status: '待您确认', at: o.now, note: `请于${CONSENT_HOURS}小时内确认` },
    });
  }
}

interface ConsentDeps {
  core: CoreGateway;
  database: Database;
  clock: Clock;
  push?: PushNotice | undefined;
  confirm: ConsumeConfirmation;
}

/** The member's own pending signing on this loan (as spouse or co-borrower), locked in tx. */
async function pendingOf(tx: Db, loanId: number, memberId: number, now: Date): Promise<SigningRow> {
  const [row] = await tx
    .select()
    .from(loanOffsetSignings)
    .where(and(eq(loanOffsetSignings.loanId, loanId), eq(loanOffsetSignings.memberId, memberId), isNull(loanOffsetSignings.cancelledAt)))
    .for('update');
  if (!row || row.role === 'borrower') throw new DomainError('CONSENT_NOT_FOUND', '该笔贷款没有需要您确认的按月抵扣签约', 404);
  const state = consentOf(row, now);
  if (state === 'expired') throw new DomainError('CONSENT_EXPIRED', '确认期限（48小时）已过，请借款人重新办理签约', 409);
  if (state !== 'pending') throw new DomainError('CONSENT_ANSWERED', `您已${CONSENT_LABELS[state]}该笔签约`, 409);
  return row;
}

/**
 * The spouse / co-borrower confirms (with their A9) or declines; the borrower is told either way. On an external core
 * (issue 17) the answer is the core's business first (./offset-at-core.ts: the core debits only who confirmed there),
 * and the channel records it after the core's done, once.
 */
export async function answerConsent(
  deps: ConsentDeps,
  memberId: number,
  input: { contractNo: string; accept: boolean; confirmationToken?: string | undefined },
) {
  const loan = (await deps.core.listLoans(memberId)).find((l) => l.contractNo === input.contractNo && l.status !== 'settled');
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', '未找到该笔未结清的公积金贷款', 404);
  if (input.accept && !input.confirmationToken) throw new DomainError('VERIFICATION_REQUIRED', '请先完成身份确认（刷脸或业务密码）', 400);
  const me = await deps.core.getMember(memberId);
  const now = deps.clock.now();
  const confirmation = input.accept ? { token: input.confirmationToken!, memberId, purpose: CONSENT_PURPOSE, reference: loan.loanAccountNo } : undefined;
  const core = deps.core;
  let atCore = false;
  if (!core.lockLoanWithin && isCoreBusiness(core)) {
    const row = await deps.database.db.transaction((tx) => pendingOf(tx, loan.id, memberId, now));
    if (confirmation) await checkConfirmation(deps.database, deps.confirm, confirmation);
    const { serial } = await offsetSerialFor(deps.database, deps.clock, memberId, `consent\n${row.id}\n${input.accept}`);
    await offsetAtCore(core, { serial, action: 'consent', memberId, loanId: loan.id, accept: input.accept });
    atCore = true;
  }
  await deps.database.db.transaction(async (tx) => {
    let row: SigningRow;
    try {
      row = await pendingOf(tx, loan.id, memberId, now);
    } catch (err) {
      // The core has the answer already: the same request answered twice is recorded once.
      if (atCore && err instanceof DomainError && err.code === 'CONSENT_ANSWERED') return;
      throw err;
    }
    if (confirmation) await deps.confirm(tx, confirmation);
    await tx
      .update(loanOffsetSignings)
      .set({ consent: input.accept ? 'confirmed' : 'declined', consentedAt: now })
      .where(eq(loanOffsetSignings.id, row.id));
    await notify(tx, deps.push, {
      memberId: loan.borrowerMemberId,
      business: '按月抵扣签约',
      channel: '系统',
      content: `您的住房公积金贷款（合同号${loan.contractNo}）按月抵扣签约：${me?.name ?? ''}已${input.accept ? '确认，自下一期起从其公积金账户依次扣划' : '拒绝，不会从其公积金账户扣划'}。`,
      notice: { kind: 'loan', contractNo: loan.contractNo, business: '按月抵扣签约', status: input.accept ? '已确认' : '已拒绝', at: now },
    });
  });
}
