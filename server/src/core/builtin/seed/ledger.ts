/**
 * Generates a fund account's ledger history: monthly 汇缴, yearly 结息 on 06-30 (积数 method at the deposit
 * rate) and 上年结转 on 07-01, plus the given withdrawals, in date order with running balances.
 */
import { addDays, addMonths, daysBetween, type IsoDate } from '../../../shared/dates.js';
import { roundFen } from '../../../shared/money.js';
import type { LedgerBusinessType } from '../../../shared/core-vocabulary.js';
import type { LedgerPosting } from '../../gateway.js';
import { DEPOSIT_RATE_PERCENT } from './reference.js';

/** A posting of a generated history: a core posting without the member, who is known from the account. */
export type HistoryPosting = Omit<LedgerPosting, 'memberId' | 'reference'>;

interface HistoryInput {
  from: IsoDate;
  until: IsoDate; // today: nothing after it
  openingFen: number;
  monthlyFen: (yyyymm: string) => number;
  depositDay: number;
  depositsUntil: IsoDate;
  /** Deposits start in this month (default: the history's first month). */
  depositsFrom?: IsoDate;
  fixed: HistoryPosting[];
  extra: HistoryPosting[];
}

export function generateHistory(input: HistoryInput): { postings: HistoryPosting[]; finalBalanceFen: number; paidUpTo: string | null } {
  const fixedEnd = input.fixed.reduce((m, p) => (p.postedOn > m ? p.postedOn : m), '');
  const events: HistoryPosting[] = [...input.fixed, ...input.extra];
  if (input.openingFen > 0) {
    events.push({ postedOn: input.from, businessType: 'opening_balance', summary: '历史余额转入', amountFen: input.openingFen });
  }
  let paidUpTo: string | null = null;
  // Regular deposits: one a month, the month's contribution posted on the deposit day of that month.
  for (let m = input.from.slice(0, 7) + '-01'; m <= input.depositsUntil && m <= input.until; m = addMonths(m, 1)) {
    const on = addMonths(m, 0, input.depositDay);
    if (on > input.until || on <= fixedEnd || on < input.from || (input.depositsFrom && m < input.depositsFrom.slice(0, 7) + '-01')) continue;
    const ym = m.slice(0, 4) + m.slice(5, 7);
    events.push({ postedOn: on, businessType: 'regular_deposit', summary: `汇缴${ym}`, amountFen: input.monthlyFen(ym) });
    paidUpTo = ym;
  }
  events.sort((a, b) => (a.postedOn < b.postedOn ? -1 : a.postedOn > b.postedOn ? 1 : order(a) - order(b)));

  // Walk the days, adding 结息 (06-30) and 上年结转 (07-01) after the fixed rows.
  const out: HistoryPosting[] = [];
  let balance = 0;
  let product = 0; // 积数: Σ daily closing balance × days since the last interest posting
  let lastDay = input.from;
  const advanceTo = (day: IsoDate) => {
    product += balance * Math.max(0, daysBetween(lastDay, day));
    lastDay = day;
  };
  const postInterestYears = (upTo: IsoDate) => {
    for (let y = Number(lastDay.slice(0, 4)); ; y++) {
      const june30 = `${y}-06-30`;
      if (june30 < lastDay || june30 <= fixedEnd) continue;
      if (june30 > upTo || june30 > input.until) break;
      advanceTo(addDays(june30, 1));
      const interest = roundFen((product * DEPOSIT_RATE_PERCENT) / 100 / 360);
      product = 0;
      if (interest > 0) {
        balance += interest;
        out.push({ postedOn: june30, businessType: 'interest', summary: '公积金结息', amountFen: interest });
      }
      const july1 = `${y}-07-01`;
      if (july1 <= input.until) out.push({ postedOn: july1, businessType: 'year_carry_over', summary: '上年结转', amountFen: 0 });
    }
  };
  for (const e of events) {
    postInterestYears(addDays(e.postedOn, -1));
    advanceTo(e.postedOn);
    if (e.businessType === 'interest') product = 0; // a fixed 结息 row closes its interest year
    balance += e.amountFen;
    if (balance < 0) throw new Error(`seed history overdraws on ${e.postedOn}`);
    out.push(e);
  }
  postInterestYears(input.until);
  return { postings: out, finalBalanceFen: balance, paidUpTo };
}

function order(p: HistoryPosting): number {
  // Same day: carry-over first, then the opening, deposits, interest, withdrawals.
  const rank: Partial<Record<LedgerBusinessType, number>> = { year_carry_over: 0, opening_balance: 1, interest: 3 };
  return rank[p.businessType] ?? (p.amountFen >= 0 ? 2 : 4);
}

/**
 * Solves the opening balance so that the history ends on the target (the manuals' figure). Interest makes the
 * final balance step by one or two fen per fen of opening balance, so after closing in it scans nearby openings;
 * if the target falls between two steps it moves the deposit day by one and tries again. Exact, or it fails loudly.
 */
export function historyEndingAt(input: Omit<HistoryInput, 'openingFen'>, targetFen: number) {
  for (let shift = 0; shift < 5; shift++) {
    const attempt = { ...input, depositDay: ((input.depositDay - 1 + shift) % 28) + 1 };
    const finalFor = (opening: number) => generateHistory({ ...attempt, openingFen: opening });
    let opening = targetFen;
    for (let i = 0; i < 10; i++) {
      const diff = targetFen - finalFor(opening).finalBalanceFen;
      if (Math.abs(diff) <= 20) break;
      opening += Math.round(diff * 0.97);
    }
    for (let delta = -40; delta <= 40; delta++) {
      if (opening + delta < 0) continue;
      const h = finalFor(opening + delta);
      if (h.finalBalanceFen === targetFen) return h;
    }
  }
  throw new Error(
    `cannot reach the target balance ${targetFen} from ${input.from}: the deposits alone exceed it, or the opening balance would have to be negative`,
  );
}
