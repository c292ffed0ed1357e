/**
 * D2 按月抵扣签约 / 取消签约 (003 6.3.2) and the monthly offset it starts (J2, jobs/monthly-offset.ts).
 *
 * Signing: the borrower names who pays each instalment from their HPF account — 借款人, 配偶, 共同借款人 — always
 * deducted in that order (须知 2.1: 扣划顺序在签约的借款人、配偶、共同借款人的个人公积金账户依次扣划); a payer list
 * out of that order is refused rather than reordered. The spouse is the borrower's spouse on record in the core
 * (married, spouse_member_id); the co-borrower is the loan's. The manual asks nothing of the spouse or co-borrower
 * online (档案上传 lists 结婚证 / 配偶身份证 as 非必传项; 须知 1.2 此项业务必须由本人办理), so only the borrower signs
 * and cancels, with their own A9 confirmation (purpose `loan.monthly-offset`, reference the loan's 贷款账号: identity's
 * references are ASCII `[\w.:-]`, which the contract no. 2022年委信字05318号 is not; GET …/offset names it per loan); the other
 * payers' parts are shown masked. Signing takes effect at once (the manual's 提交中心审批 is not modelled).
 *
 * The run: for each unpaid instalment due within the last month on a loan with a live signing, under the loan's
 * row lock and only when it is the next period to pay, each signer's account gives what it holds up to what is
 * still owed (never more: the database refuses a negative balance), posted as `withdrawal_repay` 按月抵扣还贷; the
 * fund part is one `offset` repayment, the shortfall (须知 2.2) a `regular` repayment by the bank card. The period
 * counts paid once, so a second run for the same period finds nothing to do; the postings' reference
 * (`按月抵扣:<合同号>:<期次>`) could not post twice anyway. Each payer gets a message (E3) and a WeChat notice. The
 * deduction itself is core/monthly-offset.ts's, shared with the built-in core's run that the core emulator serves.
 *
 * On an external core (issue 17) signing, cancelling and a payer's consent are the core's business `offset_signing`
 * (./offset-at-core.ts); the product keeps its copy of the signing for these screens, and the core deducts each
 * month itself — the run here takes nothing, the core's `instalment_deducted` events tell the payers (corefeed).
 */
import type { Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreGateway, CoreLoan, UnpaidInstalment } from '../core/gateway.js';
import { deductInstalment, OFFSET_LOOKBACK_DAYS, OFFSET_ORDER, withFreshBalances, type OffsetDeduction, type OffsetRunResult } from '../core/monthly-offset.js';
import { isCoreBusiness, type CoreBusiness } from '../core/protocol.js';
import type { Database } from '../db/client.js';
import { notify, type PushNotice } from '../notifications/service.js';
import { addDays, shanghaiIso, type IsoDate } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { maskBankAccount, maskName } from '../shared/mask.js';
import { formatYuan } from '../shared/money.js';
import type { ConsumeConfirmation } from '../workflow/service.js';
import { loanOffsetSignings, type OffsetRole } from './tables.js';
import { CONSENT_HOURS, CONSENT_LABELS, CONSENT_PURPOSE, consentOf, requestConsents, shownTime, type ConsentState } from './offset-consent.js';
import { checkConfirmation } from './at-core.js';
import { endSignings, offsetAtCore, offsetSerialFor } from './offset-at-core.js';

export { type OffsetRunResult };
const OFFSET_PURPOSE = 'loan.monthly-offset';
const ROLE_LABELS: Record<OffsetRole, string> = { borrower: '借款人', spouse: '配偶', 'co-borrower': '共同借款人' };

const OFFSET_NOTICE = [
  '1、办理条件：1.1、在公积金中心缴存，且在公积金中心办理贷款的职工（借款人、配偶、共同借款人）。1.2、此项业务必须由本人办理，他人不得代办。',
  '2、办理须知：2.1、办理此项业务后，每月从签约人（借款人、配偶、共同借款人）个人公积金账户中扣划借款人每月月还款额用于偿还贷款。扣划顺序在签约的借款人、配偶、共同借款人的个人公积金账户依次扣划。',
  '2.2、当签约人公积金账户余额不足以偿还当月月还款额时，不足的部分从借款人偿还贷款的银行卡中扣划。',
  '2.3、如借款人手机号码变更或偿还贷款的银行卡号变更，需要及时到本中心业务窗口进行变更。',
  '2.4、办理此项业务后，借款人可随时到中心业务窗口办理提前还本或提前结清业务。',
  '2.5、此笔贷款结清后，该协议自动解约。',
].join('\n');

export interface OffsetDeps {
  core: CoreGateway;
  database: Database;
  clock: Clock;
  push?: PushNotice | undefined;
  confirm: ConsumeConfirmation;
}

const offsetPayerView = z.object({
  order: z.number().int().describe('扣划顺序，从 1 起'),
  role: z.enum(['borrower', 'spouse', 'co-borrower']),
  roleLabel: z.string().describe('借款人 / 配偶 / 共同借款人'),
  self: z.boolean().describe('是否本人'),
  name: z.string().describe('姓名（他人脱敏）'),
  idNumberMasked: z.string(),
  accountNoMasked: z.string().nullable().describe('个人账号（脱敏）'),
  accountStatus: z.enum(['normal', 'suspended', 'closed']).nullable().describe('个人账户状态（仅本人）'),
  balanceFen: z.number().int().nullable().describe('个人账户余额（仅本人）'),
  consent: z.enum(['confirmed', 'pending', 'declined', 'expired']).describe('本人确认：借款人签约即确认；配偶、共同借款人须本人在48小时内确认'),
  consentLabel: z.string(),
});
const offsetLoanView = z.object({
  contractNo: z.string().describe('借款合同编号'),
  relation: z.enum(['borrower', 'co-borrower']).describe('本人与贷款的关系'),
  relationLabel: z.string().describe('与主借款人关系'),
  monthlyPaymentFen: z.number().int().nullable().describe('月还款额'),
  account: z
    .object({
      accountNo: z.string(),
      status: z.enum(['normal', 'suspended', 'closed']),
      balanceFen: z.number().int(),
      monthlyDepositFen: z.number().int().describe('月缴存额'),
      paidUpTo: z.string().nullable().describe('应缴年月 YYYYMM'),
    })
    .nullable()
    .describe('本人的个人账户'),
  signed: z.boolean().describe('是否按月委托提取'),
  signedAt: z.string().nullable(),
  payers: z.array(offsetPayerView).describe('签约的扣划人，按扣划顺序'),
  candidates: z.array(offsetPayerView).describe('可签约的扣划人（借款人、配偶、共同借款人）'),
  canSign: z.boolean().describe('可办理“我要签约”（仅借款人本人，未签约时）'),
  canCancel: z.boolean().describe('可办理“取消签约”（仅借款人本人，已签约时）'),
  confirmation: z.object({ purpose: z.string(), reference: z.string() }).describe('签约 / 取消签约前的 A9 身份确认：purpose 与 reference（贷款账号）'),
  myConsent: z
    .object({
      answerBefore: z.string().describe('确认期限（北京时间）'),
      confirmation: z.object({ purpose: z.string(), reference: z.string() }).describe('确认前的 A9：purpose loan.monthly-offset-consent'),
    })
    .nullable()
    .describe('借款人签约时将本人（配偶、共同借款人）列为扣划人、待本人确认时'),
});
export const offsetStateView = z.object({ items: z.array(offsetLoanView), notice: z.string().describe('《按月抵扣签约须知》') });
type OffsetState = z.input<typeof offsetStateView>;

interface Candidate {
  role: OffsetRole;
  memberId: number;
}

/** The possible payers of a loan in the manual's order: the borrower, their spouse on record, the co-borrower. */
async function candidatesOf(core: CoreGateway, loan: CoreLoan): Promise<Candidate[]> {
  const borrower = await core.getMember(loan.borrowerMemberId);
  const out: Candidate[] = [{ role: 'borrower', memberId: loan.borrowerMemberId }];
  if (borrower?.maritalStatus === 'married' && borrower.spouseMemberId !== null) out.push({ role: 'spouse', memberId: borrower.spouseMemberId });
  if (loan.coBorrowerMemberId !== null) out.push({ role: 'co-borrower', memberId: loan.coBorrowerMemberId });
  return out;
}

/** Each person once (issue 18 point 11): a spouse who is also the co-borrower is listed as 配偶 only. */
const distinctPeople = (cs: Candidate[]) => cs.filter((c, i) => cs.findIndex((x) => x.memberId === c.memberId) === i);

const byOrder = <T extends { role: OffsetRole }>(rows: T[]) => [...rows].sort((a, b) => OFFSET_ORDER.indexOf(a.role) - OFFSET_ORDER.indexOf(b.role));

async function liveSignings(db: Database['db'] | Db, loanIds: number[]) {
  if (!loanIds.length) return [];
  return db
    .select()
    .from(loanOffsetSignings)
    .where(and(inArray(loanOffsetSignings.loanId, loanIds), isNull(loanOffsetSignings.cancelledAt)));
}

async function payerView(
  core: CoreGateway,
  me: number,
  c: Candidate,
  order: number,
  consent: ConsentState = 'confirmed',
  alsoCoBorrower = false,
): Promise<z.input<typeof offsetPayerView>> {
  const [member, account] = await Promise.all([core.getMember(c.memberId), core.getFundAccount(c.memberId)]);
  const self = c.memberId === me;
  return {
    order,
    role: c.role,
    roleLabel: alsoCoBorrower ? `${ROLE_LABELS[c.role]}（共同借款人）` : ROLE_LABELS[c.role],
    self,
    consent,
    consentLabel: CONSENT_LABELS[consent],
    name: member ? (self ? member.name : maskName(member.name)) : '',
    idNumberMasked: member?.idNumberMasked ?? '',
    accountNoMasked: account ? maskBankAccount(account.accountNo) : null,
    accountStatus: self && account ? account.status : null,
    balanceFen: self && account ? account.balanceFen : null,
  };
}

/** 是否对冲 (003 4.2 (3)): which of the loans have a live 按月抵扣 signing. */
export async function offsetSignedLoanIds(db: Database['db'], loanIds: number[]): Promise<Set<number>> {
  return new Set((await liveSignings(db, loanIds)).map((s) => s.loanId));
}

/** GET /api/me/loan-business/offset: each open loan the member is on, whether it is signed, by whom and in which order. */
export async function offsetState(deps: OffsetDeps, memberId: number): Promise<OffsetState> {
  const loans = (await deps.core.listLoans(memberId)).filter((l) => l.status !== 'settled' && l.balanceFen > 0);
  const signings = await liveSignings(
    deps.database.db,
    loans.map((l) => l.id),
  );
  const account = await deps.core.getFundAccount(memberId);
  const items = [];
  for (const loan of loans) {
    const rows = byOrder(signings.filter((s) => s.loanId === loan.id));
    const signed = rows.length > 0;
    const isBorrower = loan.borrowerMemberId === memberId;
    const now = deps.clock.now();
    const alsoCo = (c: { role: OffsetRole; memberId: number }) => c.role === 'spouse' && c.memberId === loan.coBorrowerMemberId;
    const mine = rows.find((r) => r.memberId === memberId && r.role !== 'borrower' && consentOf(r, now) === 'pending');
    items.push({
      contractNo: loan.contractNo,
      relation: loan.role,
      relationLabel: ROLE_LABELS[loan.role],
      monthlyPaymentFen: loan.currentPaymentFen,
      account: account
        ? {
            accountNo: account.accountNo,
            status: account.status,
            balanceFen: account.balanceFen,
            monthlyDepositFen: account.monthlyTotalFen,
            paidUpTo: account.paidUpTo,
          }
        : null,
      signed,
      signedAt: signed ? rows[0]!.signedAt.toISOString() : null,
      payers: await Promise.all(
        rows.map((r, i) => payerView(deps.core, memberId, { role: r.role, memberId: r.memberId }, i + 1, consentOf(r, now), alsoCo(r))),
      ),
      candidates: await Promise.all(
        distinctPeople(await candidatesOf(deps.core, loan)).map((c, i) => payerView(deps.core, memberId, c, i + 1, 'confirmed', alsoCo(c))),
      ),
      canSign: isBorrower && !signed,
      canCancel: isBorrower && signed,
      confirmation: { purpose: OFFSET_PURPOSE, reference: loan.loanAccountNo },
      myConsent: mine ? { answerBefore: shownTime(mine.consentBefore!), confirmation: { purpose: CONSENT_PURPOSE, reference: loan.loanAccountNo } } : null,
    });
  }
  return { items, notice: OFFSET_NOTICE };
}

/** The loan by contract no. on which the member is the borrower; 403 for a co-borrower (此项业务必须由本人办理). */
async function borrowersLoan(core: CoreGateway, memberId: number, contractNo: string): Promise<CoreLoan> {
  const loan = (await core.listLoans(memberId)).find((l) => l.contractNo === contractNo && l.status !== 'settled' && l.balanceFen > 0);
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', '未找到该笔未结清的公积金贷款', 404);
  if (loan.borrowerMemberId !== memberId) throw new DomainError('NOT_BORROWER', '按月抵扣签约须由借款人本人办理', 403);
  return loan;
}

/** 501 on a core that neither locks loans in the product's transaction nor takes business by request. */
function externalCore(core: CoreGateway): (CoreGateway & CoreBusiness) | null {
  if (core.lockLoanWithin) return null;
  if (!isCoreBusiness(core)) throw new DomainError('NOT_SUPPORTED', '当前核心系统不支持按月抵扣签约', 501);
  return core;
}

export async function signOffset(
  deps: OffsetDeps,
  memberId: number,
  input: { contractNo: string; payers: OffsetRole[]; confirmationToken: string },
): Promise<OffsetState> {
  const loan = await borrowersLoan(deps.core, memberId, input.contractNo);
  const roles = input.payers;
  if (new Set(roles).size !== roles.length) throw new DomainError('PAYER_DUPLICATE', '扣划人不能重复', 400);
  const ranks = roles.map((r) => OFFSET_ORDER.indexOf(r));
  if (ranks.some((r, i) => i > 0 && r < ranks[i - 1]!)) throw new DomainError('PAYER_ORDER', '扣划顺序须为借款人、配偶、共同借款人', 400);
  const candidates = await candidatesOf(deps.core, loan);
  const chosen: Candidate[] = [];
  for (const role of roles) {
    const c = candidates.find((x) => x.role === role);
    if (!c)
      throw new DomainError(
        role === 'spouse' ? 'NO_SPOUSE' : 'NO_CO_BORROWER',
        role === 'spouse' ? '未查询到借款人的配偶信息，不能由配偶扣划' : '该笔贷款没有共同借款人',
        409,
      );
    if (chosen.some((x) => x.memberId === c.memberId)) throw new DomainError('PAYER_DUPLICATE', '配偶与共同借款人为同一人，只能签约一次', 400);
    const account = await deps.core.getFundAccount(c.memberId);
    if (!account || account.status === 'closed') throw new DomainError('PAYER_NO_ACCOUNT', `${ROLE_LABELS[role]}没有正常的公积金个人账户，不能签约`, 409);
    chosen.push(c);
  }
  const borrower = await deps.core.getMember(memberId);
  const confirmation = { token: input.confirmationToken, memberId, purpose: OFFSET_PURPOSE, reference: loan.loanAccountNo };
  const signing: Signing = { loan, chosen, borrowerName: borrower?.name ?? '' };
  const external = externalCore(deps.core);
  if (external) {
    await signAtCore(deps, external, signing, confirmation);
    return offsetState(deps, memberId);
  }
  const lock = deps.core.lockLoanWithin!.bind(deps.core);
  const answerBefore = new Date(deps.clock.now().getTime() + CONSENT_HOURS * 3_600_000);
  await deps.database.db.transaction(async (tx) => {
    const locked = await lock(tx, loan.id);
    if (!locked || locked.status === 'settled') throw new DomainError('LOAN_NOT_FOUND', '未找到该笔未结清的公积金贷款', 404);
    if ((await liveSignings(tx, [loan.id])).length) throw new DomainError('ALREADY_SIGNED', '该笔贷款已办理按月抵扣签约，如需变更请先取消签约', 409);
    await deps.confirm(tx, confirmation);
    await recordSigning(tx, deps, signing, answerBefore, null);
  });
  return offsetState(deps, memberId);
}

interface Signing {
  loan: CoreLoan;
  chosen: Candidate[];
  borrowerName: string;
}

/** The channel's record of a signing (the core's, on an external core) and the other payers' requests for consent. */
async function recordSigning(tx: Db, deps: OffsetDeps, s: Signing, answerBefore: Date, serialNo: string | null): Promise<void> {
  const { loan, chosen } = s;
  // Issue 18 point 11: another person's fund account is debited only after their own confirmation.
  await tx.insert(loanOffsetSignings).values(
    chosen.map((c) => ({
      loanId: loan.id,
      memberId: c.memberId,
      role: c.role,
      signedAt: deps.clock.now(),
      serialNo,
      ...(c.role === 'borrower' ? {} : { consent: 'pending' as const, consentBefore: answerBefore }),
    })),
  );
  const others = chosen
    .filter((c) => c.role !== 'borrower')
    .map((c) => ({ memberId: c.memberId, label: c.memberId === loan.coBorrowerMemberId ? '配偶、共同借款人' : ROLE_LABELS[c.role] }));
  await requestConsents(tx, deps.push, { loan, borrowerName: s.borrowerName, payers: others, answerBefore, now: deps.clock.now() });
}

/**
 * On an external core (issue 17) the core keeps the signing and deducts each month itself (./offset-at-core.ts): the
 * signing is sent with the payers in order and their consent (the others' deadline 48 hours from the first attempt),
 * and the channel records its copy after the core's done — once, however often the same request is answered.
 */
async function signAtCore(deps: OffsetDeps, core: CoreGateway & CoreBusiness, s: Signing, confirmation: Parameters<ConsumeConfirmation>[1]) {
  if ((await liveSignings(deps.database.db, [s.loan.id])).length)
    throw new DomainError('ALREADY_SIGNED', '该笔贷款已办理按月抵扣签约，如需变更请先取消签约', 409);
  await checkConfirmation(deps.database, deps.confirm, confirmation);
  const payers = s.chosen.map((c) => `${c.role}:${c.memberId}`).join(',');
  const { serial, madeAt } = await offsetSerialFor(deps.database, deps.clock, confirmation.memberId, `sign\n${confirmation.token}\n${s.loan.id}\n${payers}`);
  const answerBefore = new Date(madeAt.getTime() + CONSENT_HOURS * 3_600_000);
  await offsetAtCore(core, {
    serial,
    action: 'sign',
    memberId: confirmation.memberId,
    loanId: s.loan.id,
    payers: s.chosen.map((c) =>
      c.role === 'borrower'
        ? { memberId: c.memberId, role: c.role, consent: 'confirmed' as const }
        : { memberId: c.memberId, role: c.role, consent: 'pending' as const, consentBefore: shanghaiIso(answerBefore) },
    ),
  });
  await deps.database.db.transaction(async (tx) => {
    const [recorded] = await tx.select({ id: loanOffsetSignings.id }).from(loanOffsetSignings).where(eq(loanOffsetSignings.serialNo, serial)).limit(1);
    if (recorded) return; // the same request answered twice (a second tap): recorded once
    await deps.confirm(tx, confirmation);
    await recordSigning(tx, deps, s, answerBefore, serial);
  });
}

export async function cancelOffset(deps: OffsetDeps, memberId: number, input: { contractNo: string; confirmationToken: string }): Promise<OffsetState> {
  const loan = await borrowersLoan(deps.core, memberId, input.contractNo);
  const confirmation = { token: input.confirmationToken, memberId, purpose: OFFSET_PURPOSE, reference: loan.loanAccountNo };
  const external = externalCore(deps.core);
  if (external) {
    await cancelAtCore(deps, external, loan, confirmation);
    return offsetState(deps, memberId);
  }
  const lock = deps.core.lockLoanWithin!.bind(deps.core);
  await deps.database.db.transaction(async (tx) => {
    await lock(tx, loan.id);
    if (!(await liveSignings(tx, [loan.id])).length) throw new DomainError('NOT_SIGNED', '该笔贷款未办理按月抵扣签约', 409);
    await deps.confirm(tx, confirmation);
    await endSignings(tx, loan.id, deps.clock.now());
  });
  return offsetState(deps, memberId);
}

/** 取消签约 at the core; the channel's copy ends after its done, once. */
async function cancelAtCore(deps: OffsetDeps, core: CoreGateway & CoreBusiness, loan: CoreLoan, confirmation: Parameters<ConsumeConfirmation>[1]) {
  if (!(await liveSignings(deps.database.db, [loan.id])).length) throw new DomainError('NOT_SIGNED', '该笔贷款未办理按月抵扣签约', 409);
  await checkConfirmation(deps.database, deps.confirm, confirmation);
  const { serial } = await offsetSerialFor(deps.database, deps.clock, confirmation.memberId, `cancel\n${confirmation.token}\n${loan.id}`);
  await offsetAtCore(core, { serial, action: 'cancel', memberId: confirmation.memberId, loanId: loan.id });
  await deps.database.db.transaction(async (tx) => {
    const [recorded] = await tx.select({ id: loanOffsetSignings.id }).from(loanOffsetSignings).where(eq(loanOffsetSignings.cancelSerialNo, serial)).limit(1);
    if (recorded) return;
    await deps.confirm(tx, confirmation);
    await endSignings(tx, loan.id, deps.clock.now(), serial);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The monthly run.

interface OffsetRunDeps {
  core: CoreGateway;
  database: Database;
  clock: Clock;
  push?: PushNotice | undefined;
  logger: Logger;
}
type InstalmentOutcome = OffsetDeduction | null;

/** Runs the offset for instalments due up to `today` (the last OFFSET_LOOKBACK_DAYS days). */
export async function runMonthlyOffset(deps: OffsetRunDeps, today: IsoDate): Promise<OffsetRunResult> {
  const result: OffsetRunResult = { loans: 0, instalments: 0, fromFundFen: 0, shortfallFen: 0 };
  const { core } = deps;
  // An external core keeps the signings it was sent and deducts each month itself (its instalment_deducted events
  // reach the members through the feed, corefeed/feed.ts): the channel takes nothing here.
  if (!core.lockLoanWithin && isCoreBusiness(core)) return result;
  if (!core.listUnpaidInstalments || !core.lockLoanWithin || !core.repayWithin || !core.postWithin) {
    deps.logger.warn('monthly offset: the core cannot post within a transaction; nothing done');
    return result;
  }
  // Settled loans end their signing (须知 2.6: 此笔贷款结清后，该协议自动解约).
  const live = await deps.database.db
    .select({ loanId: loanOffsetSignings.loanId })
    .from(loanOffsetSignings)
    .where(and(isNull(loanOffsetSignings.cancelledAt), eq(loanOffsetSignings.consent, 'confirmed')));
  const signedLoans = new Set(live.map((r) => r.loanId));
  if (!signedLoans.size) return result;
  const due = (await core.listUnpaidInstalments({ from: addDays(today, -OFFSET_LOOKBACK_DAYS), to: today })).filter((i) => signedLoans.has(i.loanId));
  const loans = new Set<number>();
  for (const i of due) {
    try {
      const outcome = await offsetInstalment(deps, i, today);
      if (!outcome) continue;
      loans.add(i.loanId);
      result.instalments++;
      result.fromFundFen += outcome.taken.reduce((s, t) => s + t.fen, 0);
      result.shortfallFen += outcome.shortfallFen;
    } catch (err) {
      deps.logger.error({ err, loanId: i.loanId, period: i.period }, 'monthly offset of an instalment failed');
    }
  }
  result.loans = loans.size;
  await endSettledSignings(deps, [...signedLoans]);
  if (result.instalments) deps.logger.info(result, 'monthly offset done');
  return result;
}

async function endSettledSignings(deps: OffsetRunDeps, loanIds: number[]): Promise<void> {
  for (const loanId of loanIds) {
    await deps.database.db.transaction(async (tx) => {
      const l = await deps.core.lockLoanWithin!(tx, loanId);
      if (l?.status !== 'settled') return;
      await endSignings(tx, loanId, deps.clock.now());
    });
  }
}

/**
 * One instalment in one transaction (core/monthly-offset.ts deductInstalment, the deduction the core emulator runs
 * too); null when there is nothing to do (paid already, not the next period, no signing). The balances are read
 * before the transaction (a same-database core answers reads outside it); should one have fallen meanwhile, the
 * database refuses the overdraft and the instalment is tried again on fresh balances.
 */
async function offsetInstalment(deps: OffsetRunDeps, i: UnpaidInstalment, today: IsoDate): Promise<InstalmentOutcome> {
  return withFreshBalances(() => offsetOnce(deps, i, today));
}

async function offsetOnce(deps: OffsetRunDeps, i: UnpaidInstalment, today: IsoDate): Promise<InstalmentOutcome> {
  const core = deps.core;
  const balances = new Map<number, number>();
  for (const s of (await liveSignings(deps.database.db, [i.loanId])).filter((x) => x.consent === 'confirmed')) {
    const account = await core.getFundAccount(s.memberId);
    balances.set(s.memberId, account && account.status !== 'closed' ? account.balanceFen : 0);
  }
  const within = { lockLoanWithin: core.lockLoanWithin!.bind(core), postWithin: core.postWithin!.bind(core), repayWithin: core.repayWithin!.bind(core) };
  return deps.database.db.transaction(async (tx) => {
    // Only who confirmed pays: a spouse still to answer, or who declined or let 48 hours pass, is not debited.
    const signers = async () => (await liveSignings(tx, [i.loanId])).filter((x) => x.consent === 'confirmed');
    const done = await deductInstalment(within, tx, i, { signers, balances, today });
    if (!done) return null;
    const { taken, shortfallFen: owed } = done;
    const head = `您的公积金贷款（合同号${i.contractNo}）第${i.period}期月还款额${formatYuan(i.paymentFen, { grouping: true })}元已按月抵扣`;
    const tail = owed > 0 ? `，不足部分${formatYuan(owed, { grouping: true })}元从借款人还款银行卡中扣划` : '';
    const recipients = new Map<number, number>(taken.map((t) => [t.memberId, t.fen]));
    if (!recipients.has(i.borrowerMemberId)) recipients.set(i.borrowerMemberId, 0);
    for (const [memberId, fen] of recipients) {
      const mine = fen > 0 ? `，从您的公积金账户扣划${formatYuan(fen, { grouping: true })}元` : '，您的公积金账户未扣划';
      await notify(tx, deps.push, {
        memberId,
        business: '按月抵扣还贷',
        content: `${head}${mine}${tail}。`,
        channel: '系统',
        notice: {
          kind: 'loan',
          contractNo: i.contractNo,
          business: '按月抵扣还贷',
          status: '已扣划',
          at: deps.clock.now(),
          note: `第${i.period}期扣划公积金${formatYuan(fen)}元`,
        },
      });
    }
    return done;
  });
}
