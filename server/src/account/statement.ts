/**
 * 缴存明细 and 提取明细 apart (002 三/四): the deposits (amounts in) or the withdrawals (amounts out) of a date range,
 * newest first, each with 002's columns — 本期发生 (the amount), 上期余额 (the balance carried into the interest year,
 * which runs from 07-01: 002's 26,043.43 on every row of 2018-07 … 2018-09), 本期余额 (what the interest year added
 * since: 2,126 → 4,252 → 6,378) and 合计余额 (the balance after the row) — and the range's totals. Read through the
 * core gateway only, so a center's own core answers it too.
 */
import type { CoreGateway, LedgerEntry } from '../core/gateway.js';
import { ledgerTypeLabels, withdrawalReasons } from '../core/jgj320.js';
import { addDays, addMonths, type IsoDate } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';

type StatementKind = 'deposits' | 'withdrawals';
interface StatementQuery {
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** The most rows one range may hold (a member's whole history is a few hundred). */
const RANGE_ROWS = 5000;

/** The interest year (结息年度, 07-01 … 06-30) a day belongs to starts on this 07-01. */
export function interestYearStart(day: IsoDate): IsoDate {
  const y = Number(day.slice(0, 4));
  return day.slice(5) >= '07-01' ? `${y}-07-01` : `${y - 1}-07-01`;
}

export async function statement(core: CoreGateway, memberId: number, kind: StatementKind, q: StatementQuery, today: IsoDate) {
  // Without a range: the last twelve months, as 002's list opens.
  const from = q.from ?? (q.to ? undefined : addDays(addMonths(today, -12), 1));
  const to = q.to ?? (q.from ? undefined : today);
  const page = await core.ledgerPage(memberId, { from, to }, { limit: RANGE_ROWS, offset: 0 }, 'desc');
  if (!page) throw new DomainError('FUND_ACCOUNT_NOT_FOUND', '未找到您的公积金个人账户', 404);
  const rows = page.entries.filter((e) => (kind === 'deposits' ? e.amountFen > 0 : e.amountFen < 0));
  const shown = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const carried = new Map<IsoDate, number>();
  for (const start of new Set(shown.map((e) => interestYearStart(e.postedOn)))) carried.set(start, await balanceBefore(core, memberId, start));
  return {
    kind,
    from: from ?? null,
    to: to ?? null,
    items: shown.map((e) => {
      const previous = carried.get(interestYearStart(e.postedOn))!;
      return {
        ...entryView(e),
        previousBalanceFen: previous,
        periodBalanceFen: e.balanceAfterFen - previous,
      };
    }),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
    totals: { count: rows.length, amountFen: rows.reduce((s, e) => s + Math.abs(e.amountFen), 0) },
  };
}

/** The balance at the end of the day before `day` (0 before the first posting). */
async function balanceBefore(core: CoreGateway, memberId: number, day: IsoDate): Promise<number> {
  const { entries } = await core.listLedger(memberId, { to: addDays(day, -1) }, { limit: 1, offset: 0 }, 'desc');
  return entries[0]?.balanceAfterFen ?? 0;
}

/** A ledger row as 我的 shows it: the business type and the withdrawal reason by name. */
export function entryView(e: LedgerEntry) {
  return {
    postedOn: e.postedOn,
    businessType: ledgerTypeLabels[e.businessType],
    summary: e.summary,
    amountFen: e.amountFen,
    interestFen: e.interestFen,
    balanceAfterFen: e.balanceAfterFen,
    withdrawalReason: e.withdrawalReason ? (withdrawalReasons[e.withdrawalReason as keyof typeof withdrawalReasons] ?? e.withdrawalReason) : null,
    withdrawalMethod: e.withdrawalMethod,
  };
}
