/**
 * D5 还款银行账户变更 (001 二 业务办理): the borrower moves the deduction of the monthly instalment to another card of
 * their own name. Only a card bound under C14 can be chosen — binding already refused any other holder (提取人与银行
 * 持卡人必须一致), and the name is checked again here against the core's record. The borrower alone may change it
 * (a co-borrower sees the account but not the button), never on a settled loan, and only after A9 (business
 * password or face) for this loan: purpose `loan.repayment-account`, reference the 贷款账号. The core's record, the
 * channel's own record of the change, the used-up confirmation, the message (E3) and the WeChat notice commit
 * together or not at all. On an external core the core changes it first (`changeAtCore`), the rest follows its done.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { memberChanged } from '../core/external/cache.js';
import type { CoreGateway, CoreLoan } from '../core/gateway.js';
import { isCoreBusiness, type CoreBusiness, type RepaymentAccountChangeRequest } from '../core/protocol.js';
import type { Database, Db } from '../db/client.js';
import { tokenHash } from '../shared/tokens.js';
import { notify, type PushNotice } from '../notifications/service.js';
import { DomainError } from '../shared/errors.js';
import { maskBankAccount } from '../shared/mask.js';
import type { BankCards, BankCardView } from '../withdrawals/cards.js';
import type { Clock } from '../workflow/index.js';
import type { ConsumeConfirmation } from '../workflow/service.js';
import { checkConfirmation, doneAtCore, keptSerial } from './at-core.js';
import { loanRepaymentAccountChanges } from './tables.js';

const REPAYMENT_ACCOUNT_PURPOSE = 'loan.repayment-account';

const REPAYMENT_ACCOUNT_NOTICE = [
  '1、此项业务须由借款人本人办理，变更后的还款账户须为借款人本人名下的银行卡（先在“银行卡”中绑定）。',
  '2、变更成功后，自下一个还款日起从新账户扣收月还款额；请在还款日前确保新账户余额充足。',
  '3、已结清的贷款无需变更还款账户。',
].join('\n');

export interface RepaymentAccountDeps {
  core: CoreGateway;
  database: Database;
  cards: Pick<BankCards, 'list' | 'reveal'>;
  confirm: ConsumeConfirmation;
  clock: Clock;
  push?: PushNotice | undefined;
}

const card = z.object({ id: z.number().int(), bankName: z.string(), cardNoMasked: z.string(), holderName: z.string() });
export const repaymentAccountView = z.object({
  contractNo: z.string().describe('借款合同编号'),
  loanAccountNo: z.string().describe('贷款账号'),
  repaymentBank: z.string().describe('当前还款银行'),
  repaymentAccountNoMasked: z.string().describe('当前还款账号（脱敏）'),
  canChange: z.boolean().describe('可否办理：借款人本人、贷款未结清'),
  reason: z.string().nullable().describe('不能办理的原因'),
  cards: z.array(card.extend({ current: z.boolean().describe('已是本笔贷款的还款账户') })).describe('本人已绑定的同名银行卡'),
  confirmation: z.object({ purpose: z.string(), reference: z.string() }).describe('变更前的 A9 身份确认：purpose 与 reference（贷款账号）'),
  notice: z.string().describe('办理须知'),
  history: z.array(z.object({ changedAt: z.string(), from: z.string(), to: z.string() })).describe('变更记录，最近的在前'),
});
type RepaymentAccountView = z.infer<typeof repaymentAccountView>;

async function loanOf(core: CoreGateway, memberId: number, contractNo: string): Promise<CoreLoan> {
  const loan = (await core.listLoans(memberId)).find((l) => l.contractNo === contractNo);
  if (!loan) throw new DomainError('LOAN_NOT_FOUND', '未找到该借款合同', 404);
  return loan;
}

function refusal(loan: CoreLoan, memberId: number): { code: string; reason: string; status: number } | null {
  if (loan.borrowerMemberId !== memberId) return { code: 'NOT_BORROWER', reason: '还款银行账户变更须由借款人本人办理', status: 403 };
  if (loan.status === 'settled' || loan.balanceFen === 0) return { code: 'LOAN_SETTLED', reason: '该笔贷款已结清，无需变更还款账户', status: 409 };
  return null;
}

export async function repaymentAccount(deps: RepaymentAccountDeps, memberId: number, contractNo: string): Promise<RepaymentAccountView> {
  const loan = await loanOf(deps.core, memberId, contractNo);
  const no = refusal(loan, memberId);
  const { cards } = no?.code === 'NOT_BORROWER' ? { cards: [] as BankCardView[] } : await deps.cards.list(memberId);
  const current = await Promise.all(cards.map(async (c) => (await deps.cards.reveal(memberId, c.id))?.cardNo === loan.repaymentAccountNo));
  const history = await deps.database.db
    .select()
    .from(loanRepaymentAccountChanges)
    .where(eq(loanRepaymentAccountChanges.loanId, loan.id))
    .orderBy(desc(loanRepaymentAccountChanges.changedAt), desc(loanRepaymentAccountChanges.id))
    .limit(20);
  return {
    contractNo: loan.contractNo,
    loanAccountNo: loan.loanAccountNo,
    repaymentBank: loan.repaymentBank,
    repaymentAccountNoMasked: maskBankAccount(loan.repaymentAccountNo),
    canChange: no === null,
    reason: no?.reason ?? null,
    cards: cards.map((c, i) => ({ id: c.id, bankName: c.bankName, cardNoMasked: c.cardNoMasked, holderName: c.holderName, current: current[i]! })),
    confirmation: { purpose: REPAYMENT_ACCOUNT_PURPOSE, reference: loan.loanAccountNo },
    notice: REPAYMENT_ACCOUNT_NOTICE,
    history: history.map((h) => ({
      changedAt: h.changedAt.toISOString(),
      from: `${h.oldBank} ${h.oldAccountMasked}`,
      to: `${h.newBank} ${h.newAccountMasked}`,
    })),
  };
}

export async function changeRepaymentAccount(
  deps: RepaymentAccountDeps,
  memberId: number,
  input: { contractNo: string; cardId: number; confirmationToken: string },
): Promise<RepaymentAccountView> {
  const loan = await loanOf(deps.core, memberId, input.contractNo);
  const no = refusal(loan, memberId);
  if (no) throw new DomainError(no.code, no.reason, no.status);
  const chosen = await deps.cards.reveal(memberId, input.cardId);
  if (!chosen) throw new DomainError('BANK_CARD_NOT_FOUND', '未找到该银行卡，请先绑定本人名下的银行卡', 404);
  const member = await deps.core.getMember(memberId);
  if (!member || chosen.holderName !== member.name) throw new DomainError('BANK_CARD_HOLDER_MISMATCH', '还款账户须为借款人本人名下的银行卡', 409);
  if (chosen.cardNo === loan.repaymentAccountNo) throw new DomainError('REPAYMENT_ACCOUNT_UNCHANGED', '该银行卡已是本笔贷款的还款账户', 409);
  const core = deps.core;
  const confirmation = { token: input.confirmationToken, memberId, purpose: REPAYMENT_ACCOUNT_PURPOSE, reference: loan.loanAccountNo };
  const change: Change = { loan, memberId, card: chosen, confirmation };
  if (!core.changeRepaymentAccountWithin || !core.lockLoanWithin) {
    if (!isCoreBusiness(core)) throw new DomainError('NOT_SUPPORTED', '当前核心系统不支持在线变更还款账户，请到服务网点办理', 501);
    await changeAtCore(deps, core, change);
    return repaymentAccount(deps, memberId, input.contractNo);
  }
  await deps.database.db.transaction(async (tx) => {
    const locked = await core.lockLoanWithin!(tx, loan.id);
    if (!locked || locked.status === 'settled') throw new DomainError('LOAN_SETTLED', '该笔贷款已结清，无需变更还款账户', 409);
    const { method } = await deps.confirm(tx, confirmation);
    await core.changeRepaymentAccountWithin!(tx, loan.id, { bank: chosen.bankName, accountNo: chosen.cardNo });
    await recordChange(tx, deps, change, method, null);
  });
  return repaymentAccount(deps, memberId, input.contractNo);
}

interface Change {
  loan: CoreLoan;
  memberId: number;
  card: { id: number; bankName: string; cardNo: string; cardNoMasked: string };
  confirmation: Parameters<ConsumeConfirmation>[1];
}

/** The channel's record of a change the core made, the message (E3) and the WeChat notice. */
async function recordChange(tx: Db, deps: RepaymentAccountDeps, c: Change, method: 'business-password' | 'face', serialNo: string | null) {
  const { loan, card: chosen, memberId } = c;
  const oldMasked = maskBankAccount(loan.repaymentAccountNo);
  await tx.insert(loanRepaymentAccountChanges).values({
    loanId: loan.id,
    memberId,
    bankCardId: chosen.id,
    oldBank: loan.repaymentBank,
    oldAccountMasked: oldMasked,
    newBank: chosen.bankName,
    newAccountMasked: chosen.cardNoMasked,
    confirmedBy: method,
    serialNo,
  });
  await notify(tx, deps.push, {
    memberId,
    business: '还款银行账户变更',
    channel: '小程序',
    content: `您的公积金贷款（合同号${loan.contractNo}）还款账户已由${loan.repaymentBank}（${oldMasked}）变更为${chosen.bankName}（${chosen.cardNoMasked}），自下一个还款日起从新账户扣收。`,
    notice: {
      kind: 'loan',
      contractNo: loan.contractNo,
      business: '还款银行账户变更',
      status: '已变更',
      at: deps.clock.now(),
      note: `新还款账户尾号${chosen.cardNoMasked.slice(-4)}`,
    },
  });
}

const CHANGE_BUSINESS = '还款银行账户变更';

/**
 * On an external core (issue 17) the change is the core's business, asked at once and waited for (./at-core.ts): A9 is
 * checked first (not used up, so that a core that is down leaves it for the retry), the request goes under a serial
 * number kept for this confirmation — a retry of the same request sends the same serial and the core changes the
 * account once — and the channel records the change, uses up A9 and tells the member only after the core's done. Down
 * or slow: 503 CORE_UNAVAILABLE and nothing recorded; refused: 409 CORE_REFUSED with the core's reason.
 */
async function changeAtCore(deps: RepaymentAccountDeps, core: CoreGateway & CoreBusiness, c: Change): Promise<void> {
  await checkConfirmation(deps.database, deps.confirm, c.confirmation);
  const serial = await serialFor(deps, c.memberId, `${c.confirmation.token}\n${c.card.id}`);
  const request: RepaymentAccountChangeRequest = {
    serial,
    type: 'repayment_account_change',
    memberId: c.memberId,
    business: CHANGE_BUSINESS,
    channel: 'mini-program',
    loanId: c.loan.id,
    bank: c.card.bankName,
    accountNo: c.card.cardNo,
  };
  await doneAtCore(core, request);
  await deps.database.db.transaction(async (tx) => {
    const recorded = (await tx.execute(sql`SELECT 1 FROM loan_repayment_account_changes WHERE serial_no = ${serial}`)) as unknown as { rows: unknown[] };
    if (recorded.rows.length > 0) return; // the same request answered twice (a second tap): recorded once
    const { method } = await deps.confirm(tx, c.confirmation);
    await recordChange(tx, deps, c, method, serial);
    await memberChanged(tx, c.memberId); // the loan changed at the core: no instance shows the old account
  });
}

/**
 * The serial number of this request (its A9 confirmation and the card chosen): made once, as applications' are, and
 * the same on every retry; another card chosen with the same confirmation is another request.
 */
async function serialFor(deps: RepaymentAccountDeps, memberId: number, request: string): Promise<string> {
  const key = tokenHash(request);
  return keptSerial(
    deps.database,
    deps.clock,
    async (db) =>
      (
        (await db.execute(sql`SELECT serial_no FROM repayment_account_requests WHERE confirmation_hash = ${key}`)) as unknown as {
          rows: { serial_no: string }[];
        }
      ).rows[0]?.serial_no,
    (tx, serial) =>
      tx.execute(
        sql`INSERT INTO repayment_account_requests (confirmation_hash, serial_no, member_id) VALUES (${key}, ${serial}, ${memberId}) ON CONFLICT (confirmation_hash) DO NOTHING`,
      ),
  );
}

/** The core reported progress of a serial (corefeed): true when it is a change the channel sent itself. */
export async function ownRepaymentAccountChange(tx: Db, serialNo: string): Promise<boolean> {
  const own = (await tx.execute(sql`SELECT 1 FROM repayment_account_requests WHERE serial_no = ${serialNo}`)) as unknown as { rows: unknown[] };
  return own.rows.length > 0;
}
