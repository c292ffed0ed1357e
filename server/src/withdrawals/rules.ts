/**
 * What every withdrawal rule needs: the member's record from the core, the common refusals, the amounts (整百 floors,
 * 销户利息) and the postings. The rules of each kind are in kinds/<kind>.ts.
 */
import type { CoreFundAccount, CoreGateway, CoreLoan, CoreMember, CounterRegistration, LedgerPosting } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import type { RegistrationKind } from '../shared/core-vocabulary.js';
import { addDays, daysBetween, type IsoDate } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import { roundFen, yuanText, yuanWithUnit } from '../shared/money.js';
import type { Eligibility, EligibilityInput, SettleInput, SettleResult } from '../workflow/kinds.js';
import type { ApplicationRow } from '../workflow/store.js';
import { SUBMITTED_FEEDBACK, lastPaidOn, paidWithForm, queueCoreSubmission, refuse } from '../workflow/index.js';
import { isCoreBusiness } from '../core/protocol.js';
import { RuleBook, accountStatusText, memberStatusText } from './rule-book.js';

export interface RuleDeps {
  core: CoreGateway;
  database: Database;
}

export interface Snapshot {
  member: CoreMember;
  account: CoreFundAccount;
  loans: CoreLoan[];
  registrations: CounterRegistration[];
  today: IsoDate;
  /** The rules checked so far (the common ones below); the kind adds its own and gives the verdict. */
  rules: RuleBook;
}

/** A kind that needs an account in normal deposit (正常缴存), in the member's words and with whom to ask. */
export const ACCOUNT_NOT_NORMAL = '您的账户目前不是正常缴存状态（如已封存），暂不能在线提取。请咨询单位或拨打12329';

export { refuse };

export const allow = (
  amountFen: number,
  details: Eligibility['details'] = {},
  opts: { fixed?: boolean; derived?: Eligibility['derived'] } = {},
): Eligibility => ({
  allowed: true,
  code: 'OK',
  reason: null,
  amountFen,
  fixedAmount: opts.fixed ?? false,
  details,
  ...(opts.derived ? { derived: opts.derived } : {}),
});

/** The member's record, loaded once per request when the caller passes a memo (the tiles ask for every kind at once). */
async function loadRaw(deps: RuleDeps, input: EligibilityInput) {
  const key = `snapshot:${input.memberId}:${input.today}`;
  const cached = input.memo?.get(key) as ReturnType<typeof fetchRaw> | undefined;
  if (cached) return cached;
  const fresh = fetchRaw(deps, input);
  input.memo?.set(key, fresh);
  return fresh;
}

async function fetchRaw(deps: RuleDeps, input: EligibilityInput) {
  const [member, account, loans, registrations] = await Promise.all([
    deps.core.getMember(input.memberId),
    deps.core.getFundAccount(input.memberId),
    deps.core.listLoans(input.memberId),
    deps.core.listCounterRegistrations(input.memberId),
  ]);
  return { member, account, loans, registrations };
}

/** The record, or the refusal every withdrawal shares: no account, 销户, nothing to withdraw — each a rule checked. */
export async function load(deps: RuleDeps, input: EligibilityInput): Promise<Snapshot | Eligibility> {
  const { member, account, loans, registrations } = await loadRaw(deps, input);
  const rules = new RuleBook();
  if (!member || !account) {
    rules.check('有公积金个人账户', false, '未找到个人账户', () => refuse('NO_FUND_ACCOUNT', '未找到您的公积金个人账户'));
    return rules.verdict();
  }
  const closed = account.status === 'closed' || member.status === 'closed';
  if (
    !rules.check('账户未销户', !closed, `账户状态 ${accountStatusText(account.status)}，人员状态 ${memberStatusText(member.status)}`, () =>
      refuse('ACCOUNT_CLOSED', '您的公积金账户已销户，不能办理提取业务'),
    )
  )
    return rules.verdict();
  if (
    !rules.check('账户余额 > 0', account.balanceFen > 0, `账户余额 ${yuanWithUnit(account.balanceFen)}`, () =>
      refuse('NO_BALANCE', '公积金账户余额为0，没有可提取的金额', { balanceFen: 0 }),
    )
  )
    return rules.verdict();
  return { member, account, loans, registrations, today: input.today, rules };
}

/**
 * 人员及账户状态正常 (C1 物业费, C13 异地转移): the member and the account both 正常, refused with the kind's own
 * wording otherwise.
 */
export function checkStatusNormal(s: Snapshot, refusal: () => Eligibility): boolean {
  return s.rules.check(
    '人员及账户状态正常',
    s.member.status === 'normal' && s.account.status === 'normal',
    `人员状态 ${memberStatusText(s.member.status)}，账户状态 ${accountStatusText(s.account.status)}`,
    refusal,
  );
}

export const isRefusal = (s: Snapshot | Eligibility): s is Eligibility => 'allowed' in s;

/** 002 七: the amounts the app offers are whole hundreds of yuan (6,914.66 → 6,900.00; 23,856.20 → 23,800.00). */
export const floorToHundredYuan = (fen: number) => Math.floor(fen / 10_000) * 10_000;

/** Loans not yet settled on which the member is borrower or co-borrower (贷款结欠). */
export const openLoans = (s: Snapshot) => s.loans.filter((l) => l.status !== 'settled' && l.balanceFen > 0);

export const registration = (s: Snapshot, kind: RegistrationKind) => s.registrations.find((r) => r.kind === kind);

/** The later of the core's record and the withdrawals paid through this platform. */
export async function lastWithdrawal(deps: RuleDeps, memberId: number, kind: string, fromCore: IsoDate | null): Promise<IsoDate | null> {
  const here = await lastPaidOn(deps.database.db, memberId, kind);
  return (
    [fromCore, here]
      .filter((d): d is IsoDate => !!d)
      .sort()
      .pop() ?? null
  );
}

export async function paidOfKind(deps: RuleDeps, kind: string, form: Record<string, string | number>): Promise<ApplicationRow[]> {
  return paidWithForm(deps.database.db, kind, form);
}

/**
 * 销户利息: interest from the day after the last 结息 up to the day before closing, by the 积数 method the core uses
 * for the yearly 结息 (Σ daily balance × days × annual rate ÷ 360), at the current deposit rate.
 */
export async function closingInterest(deps: RuleDeps, memberId: number, today: IsoDate): Promise<{ interestFen: number; from: IsoDate; ratePercent: number }> {
  const rates = await deps.core.listInterestRates();
  const ratePercent =
    rates
      .filter((r) => r.kind === 'deposit' && r.effectiveOn <= today)
      .sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn))
      .pop()?.annualRatePercent ?? 1.5;
  const { entries } = await deps.core.listLedger(memberId, { from: addDays(today, -400), to: today }, { limit: 2000, offset: 0 }, 'asc');
  const lastInterest = entries.map((e) => e.businessType).lastIndexOf('interest');
  const since = lastInterest >= 0 ? entries.slice(lastInterest + 1) : entries;
  const start = lastInterest >= 0 ? addDays(entries[lastInterest]!.postedOn, 1) : (entries[0]?.postedOn ?? today);
  let balance = lastInterest >= 0 ? entries[lastInterest]!.balanceAfterFen : 0;
  let cursor = start;
  let product = 0;
  for (const e of since) {
    product += balance * Math.max(0, daysBetween(cursor, e.postedOn));
    balance = e.balanceAfterFen;
    cursor = e.postedOn > cursor ? e.postedOn : cursor;
  }
  product += balance * Math.max(0, daysBetween(cursor, today));
  return { interestFen: roundFen((product * ratePercent) / 100 / 360), from: start, ratePercent };
}

/** E1 反馈信息 of a withdrawal paid: 000 (九). */
const PAID_FEEDBACK = '银行付款成功，中心入账成功!';

/** E1 反馈信息 of a withdrawal handed to an external core: 审批通过 · 入账中 until the core answers. */
export { SUBMITTED_FEEDBACK };

/**
 * Books the approval's postings. The built-in core posts inside the approval's transaction (true: paid now); an
 * external core gets them as a business request keyed by the serial number, queued in that same transaction and sent
 * by the submitter job after it commits (false: the application rests at 审批通过 · 入账中 until the core says done).
 * A 销户提取 also closes the emptied account (`closeAccountOn`).
 */
export async function postWithin(
  deps: RuleDeps,
  input: SettleInput<unknown>,
  postings: LedgerPosting[],
  opts: { closeAccountOn?: IsoDate; doneFeedback?: string } = {},
): Promise<boolean> {
  const { closeAccountOn, doneFeedback = PAID_FEEDBACK } = opts;
  if (deps.core.postWithin) {
    await deps.core.postWithin(input.tx, postings);
    if (closeAccountOn) {
      if (!deps.core.closeAccountWithin) throw new DomainError('CORE_TRANSACTION_UNSUPPORTED', '核心业务系统暂不支持在线销户，请到柜面办理', 503);
      // Fails (and rolls everything back) if a deposit came in after prepare: the balance would not be zero.
      await deps.core.closeAccountWithin(input.tx, input.app.memberId, closeAccountOn);
    }
    return true;
  }
  if (!isCoreBusiness(deps.core)) throw new DomainError('CORE_TRANSACTION_UNSUPPORTED', '核心业务系统暂不支持在线记账，请到柜面办理', 503);
  await queueCoreSubmission(
    input.tx,
    {
      serial: input.app.serialNo,
      type: 'withdrawal',
      memberId: input.app.memberId,
      business: postings[postings.length - 1]?.summary ?? '住房公积金提取',
      channel: input.app.channel,
      postings,
      ...(closeAccountOn ? { closeAccountOn } : {}),
    },
    doneFeedback,
  );
  return false;
}

/** A partial withdrawal paid to the member's card: one posting, the application's serial number as its reference. */
export function partialWithdrawal(deps: RuleDeps, summary: string, reason: string, feedback = PAID_FEEDBACK) {
  return async (input: SettleInput<unknown>): Promise<SettleResult> => {
    const amount = input.app.amountFen ?? 0;
    const booked = await postWithin(
      deps,
      input,
      [
        {
          memberId: input.app.memberId,
          postedOn: input.today,
          businessType: 'partial_withdrawal',
          summary,
          amountFen: -amount,
          withdrawalReason: reason,
          withdrawalMethod: '转账',
          reference: input.app.serialNo,
        },
      ],
      { doneFeedback: feedback },
    );
    return booked ? { feedback, paid: true } : { feedback: SUBMITTED_FEEDBACK, paid: false };
  };
}

/** The form's amount, or what is allowed; never more than allowed (003 5.2.1.4 可提取金额 / 提取金额). */
export function chosenAmount(form: { amountFen?: number | undefined }, allowed: Eligibility): number {
  const max = allowed.amountFen ?? 0;
  const amount = allowed.fixedAmount ? max : (form.amountFen ?? max);
  if (amount <= 0) throw new DomainError('AMOUNT_INVALID', '提取金额须大于0', 400);
  if (amount > max) throw new DomainError('AMOUNT_EXCEEDS_ALLOWED', `提取金额不能超过可提取金额${yuanText(max)}元`, 409, { maxFen: max });
  return amount;
}

/**
 * Approval re-checks the kind's rules (a counter withdrawal or another approval may have come in between) and that
 * the amount still fits; the database's CHECK is the last word under concurrency.
 */
export function recheck(allowed: Eligibility, amountFen: number | null): void {
  if (!allowed.allowed) {
    if (allowed.code === 'NO_BALANCE') throw new DomainError('INSUFFICIENT_BALANCE', '公积金账户余额不足，无法办理', 409);
    throw new DomainError('NO_LONGER_ELIGIBLE', `已不符合办理条件：${allowed.reason}`, 409, { reasonCode: allowed.code });
  }
  const balance = Number(allowed.details.balanceFen ?? Number.POSITIVE_INFINITY);
  if (amountFen !== null && amountFen > balance) throw new DomainError('INSUFFICIENT_BALANCE', '公积金账户余额不足，无法办理', 409);
}

/**
 * The `prepare` of a kind that settles with nothing prepared: at the final decision its conditions and the
 * balance are checked again (`kind` is read then, so a kind can name itself).
 */
export function recheckedAtDecision(kind: () => { eligibility(input: EligibilityInput): Promise<Eligibility> }) {
  return async (app: ApplicationRow, today: IsoDate): Promise<null> => {
    recheck(await kind().eligibility({ memberId: app.memberId, today }), app.amountFen);
    return null;
  };
}
