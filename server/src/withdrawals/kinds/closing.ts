/**
 * What the withdrawals that close the account (销户) share: C2 离退休, C3 终止劳动关系 and C13 异地转移接续. They pay out
 * the whole balance with the 销户利息 (003 5.2.1.1: 个人账户余额 5,925.21 + 销户利息 81.97 = 提取金额合计 6,007.18) and
 * close the account, in the approval's transaction.
 */
import type { LedgerBusinessType } from '../../core/gateway.js';
import { yuanWithUnit } from '../../shared/money.js';
import type { ApplicationKind, Eligibility, SettleInput, SettleResult } from '../../workflow/index.js';
import { SUBMITTED_FEEDBACK, allow, closingInterest, openLoans, postWithin, recheck, refuse, type RuleDeps, type Snapshot } from '../rules.js';

/** Why a closing withdrawal waits for the loan (the manual: 没有贷款结欠), and what to do first. */
const REPAY_LOAN_FIRST = '您还有未还清的公积金贷款。请先还清贷款（可在“我的—贷款”申请提前结清），再办理此项提取';

interface Closing {
  balanceFen: number;
  interestFen: number;
}

/** 没有贷款结欠: the member is neither borrower nor co-borrower of a loan not yet settled. */
export function noOpenLoan(s: Snapshot): boolean {
  const open = openLoans(s);
  return s.rules.check(
    '没有未还清的贷款',
    open.length === 0,
    open.length ? `未结清贷款 ${open.length} 笔，余额 ${yuanWithUnit(open.reduce((a, l) => a + l.balanceFen, 0))}` : '无未结清贷款',
    () => refuse('HAS_LOAN', REPAY_LOAN_FIRST),
  );
}

/** Every rule held: the whole balance with the 销户利息, as a figure the reviewer can follow. */
export async function closingAllowed(deps: RuleDeps, s: Snapshot): Promise<Eligibility> {
  const { interestFen, from, ratePercent } = await closingInterest(deps, s.member.id, s.today);
  const total = s.account.balanceFen + interestFen;
  s.rules.figure('提取金额 = 账户余额 + 销户利息', `${yuanWithUnit(s.account.balanceFen)} + ${yuanWithUnit(interestFen)} = ${yuanWithUnit(total)}`);
  return s.rules.verdict(() =>
    allow(
      total,
      {
        balanceFen: s.account.balanceFen,
        closingInterestFen: interestFen,
        totalFen: total,
        interestFrom: from,
        depositRatePercent: ratePercent,
      },
      { fixed: true },
    ),
  );
}

/** Outside the transaction: the balance and 销户利息 as of today, with the rules checked again. */
export async function prepareClosing(kind: ApplicationKind, memberId: number, today: string): Promise<Closing> {
  const allowed = await kind.eligibility({ memberId, today });
  recheck(allowed, null);
  return { balanceFen: Number(allowed.details.balanceFen), interestFen: Number(allowed.details.closingInterestFen) };
}

export function settleClosing(deps: RuleDeps, p: { businessType: LedgerBusinessType; summary: string; reason: string | undefined; feedback: string }) {
  return async (input: SettleInput<Closing>): Promise<SettleResult> => {
    const { balanceFen, interestFen } = input.prepared;
    const base = { memberId: input.app.memberId, postedOn: input.today, reference: input.app.serialNo };
    // As the core books a 销户: the interest is posted first, then the whole balance leaves with it (seed/index.ts).
    const booked = await postWithin(
      deps,
      input,
      [
        ...(interestFen > 0 ? [{ ...base, businessType: 'interest' as const, summary: '销户结息', amountFen: interestFen }] : []),
        {
          ...base,
          businessType: p.businessType,
          summary: p.summary,
          amountFen: -(balanceFen + interestFen),
          interestFen,
          ...(p.reason ? { withdrawalReason: p.reason } : {}),
          withdrawalMethod: '转账',
        },
      ],
      { closeAccountOn: input.today, doneFeedback: p.feedback },
    );
    return { feedback: booked ? p.feedback : SUBMITTED_FEEDBACK, paid: booked, amountFen: balanceFen + interestFen };
  };
}
