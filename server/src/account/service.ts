/** Account queries of 我的 (B1–B3, B9): read through the core gateway, shaped for the member's own screens. */
import type { CoreGateway, CoreMember, MemberProfilePatch } from '../core/gateway.js';
import { accountStatusLabels, memberStatusLabels } from '../core/jgj320.js';
import { entryView } from './statement.js';
import { DomainError } from '../shared/errors.js';
import { maskBankAccount } from '../shared/mask.js';
import type { IsoDate } from '../shared/dates.js';

const ACCOUNT_STATUS = accountStatusLabels;
const MARITAL = { unmarried: '未婚', married: '已婚', divorced: '离异', widowed: '丧偶' } as const;
export const EDITABLE_FIELDS = ['education', 'occupation', 'title', 'position', 'address', 'postalCode'] as const;

async function memberOrFail(core: CoreGateway, memberId: number): Promise<CoreMember> {
  const m = await core.getMember(memberId);
  if (!m) throw new DomainError('MEMBER_NOT_FOUND', '未找到您的缴存信息，请联系公积金中心', 404);
  return m;
}

export async function fundAccount(core: CoreGateway, memberId: number) {
  const found = await core.getMemberWithAccount(memberId);
  if (!found) throw new DomainError('MEMBER_NOT_FOUND', '未找到您的缴存信息，请联系公积金中心', 404);
  const { member: m, account: a } = found;
  if (!a) throw new DomainError('FUND_ACCOUNT_NOT_FOUND', '未找到您的公积金个人账户', 404);
  return {
    accountNo: a.accountNo,
    balanceFen: a.balanceFen,
    depositBaseFen: a.depositBaseFen,
    unitRatioPercent: a.unitRatioPercent,
    personalRatioPercent: a.personalRatioPercent,
    unitMonthlyFen: a.unitMonthlyFen,
    personalMonthlyFen: a.personalMonthlyFen,
    monthlyTotalFen: a.monthlyTotalFen,
    paidUpTo: a.paidUpTo,
    openedOn: a.openedOn,
    firstPaidMonth: a.firstPaidMonth,
    bankName: a.bankName,
    bankAccountNoMasked: a.bankAccountNo ? maskBankAccount(a.bankAccountNo) : null,
    status: a.status,
    statusLabel: ACCOUNT_STATUS[a.status],
    memberStatusLabel: memberStatusLabels[m.status],
    employer: m.employer,
    employerAccountNo: m.employer?.accountNo ?? null,
    lastWithdrawalOn: a.lastWithdrawalOn,
  };
}

/** 004 1.3 我的公积金: all the member's accounts, the current one first, then the closed ones (latest closed first). */
export async function accounts(core: CoreGateway, memberId: number) {
  const all = await core.listFundAccounts(memberId);
  if (all.length === 0) throw new DomainError('FUND_ACCOUNT_NOT_FOUND', '未找到您的公积金个人账户', 404);
  return {
    items: all.map((a, i) => ({
      accountNo: a.accountNo,
      balanceFen: a.balanceFen,
      status: a.status,
      statusLabel: ACCOUNT_STATUS[a.status],
      current: i === 0,
      openedOn: a.openedOn,
      closedOn: a.closedOn,
      bankName: a.bankName,
      bankAccountNoMasked: a.bankAccountNo ? maskBankAccount(a.bankAccountNo) : null,
    })),
  };
}

/** B1: one gateway call (getMemberOverview), which an external core's member cache answers until an event changes it. */
export async function overview(core: CoreGateway, memberId: number, today: IsoDate) {
  const found = await core.getMemberOverview(memberId, today);
  if (!found) throw new DomainError('MEMBER_NOT_FOUND', '未找到您的缴存信息，请联系公积金中心', 404);
  const { member: m, account: a, loans, nextDues } = found;
  if (!a) throw new DomainError('FUND_ACCOUNT_NOT_FOUND', '未找到您的公积金个人账户', 404);
  const repaying = loans.filter((l) => l.status !== 'settled');
  let nextDue: { contractNo: string; dueOn: string; paymentFen: number } | null = null;
  for (const loan of repaying) {
    const next = nextDues.find((d) => d.loanId === loan.id);
    if (next && (!nextDue || next.dueOn < nextDue.dueOn)) nextDue = { contractNo: loan.contractNo, dueOn: next.dueOn, paymentFen: next.paymentFen };
  }
  return {
    name: m.name,
    idNumberMasked: m.idNumberMasked,
    phoneMasked: m.phoneMasked,
    balanceFen: a.balanceFen,
    accountStatusLabel: ACCOUNT_STATUS[a.status],
    paidUpTo: a.paidUpTo,
    monthlyTotalFen: a.monthlyTotalFen,
    loans: {
      count: loans.length,
      repayingCount: repaying.length,
      balanceFen: repaying.reduce((s, l) => s + l.balanceFen, 0),
      nextDue,
    },
  };
}

export interface LedgerQuery {
  year?: number;
  /** One of the member's accounts (accounts()); default the current one. */
  accountNo?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

const NO_SUCH_ACCOUNT = () => new DomainError('FUND_ACCOUNT_NOT_FOUND', '未找到您的公积金个人账户', 404);

/**
 * B3: by year (the arrows switch years; default the latest year with postings) or by date range, newest first; of
 * the current account, or of `accountNo` when it is one of the member's (004 1.3: each account its own 流水).
 */
export async function ledger(core: CoreGateway, memberId: number, q: LedgerQuery, today: IsoDate) {
  const byRange = Boolean(q.from || q.to);
  const accountNo = q.accountNo;
  // Without a year, the latest year with postings is needed first; otherwise one round trip.
  let latest: { lastYear: number } | null = null;
  if (!byRange && q.year === undefined) {
    if (accountNo === undefined) latest = await core.ledgerYearSpan(memberId);
    else {
      const probe = await core.ledgerPage(memberId, {}, { limit: 0, offset: 0 }, 'desc', accountNo);
      if (!probe) throw NO_SUCH_ACCOUNT();
      latest = probe.span;
    }
  }
  const year = byRange ? null : (q.year ?? latest?.lastYear ?? Number(today.slice(0, 4)));
  const range = year !== null ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: q.from, to: q.to };
  const pageOf = { limit: q.pageSize, offset: (q.page - 1) * q.pageSize };
  // The current account's call stays as it was (an external core that predates accountNo still answers it).
  const page =
    accountNo === undefined ? await core.ledgerPage(memberId, range, pageOf, 'desc') : await core.ledgerPage(memberId, range, pageOf, 'desc', accountNo);
  const span = page?.span;
  if (!page) throw NO_SUCH_ACCOUNT();
  return {
    accountNo: accountNo ?? null,
    year,
    previousYear: year !== null && span && year > span.firstYear ? year - 1 : null,
    nextYear: year !== null && span && year < span.lastYear ? year + 1 : null,
    from: range.from ?? null,
    to: range.to ?? null,
    items: page.entries.map(entryView),
    total: page.total,
    page: q.page,
    pageSize: q.pageSize,
    totals: page.totals,
  };
}

export async function profile(core: CoreGateway, memberId: number) {
  const m = await memberOrFail(core, memberId);
  return {
    name: m.name,
    idNumberMasked: m.idNumberMasked,
    phoneMasked: m.phoneMasked,
    gender: m.gender,
    birthDate: m.birthDate,
    maritalStatus: MARITAL[m.maritalStatus],
    householdMonthlyIncomeFen: m.householdMonthlyIncomeFen,
    education: m.education,
    occupation: m.occupation,
    title: m.title,
    position: m.position,
    address: m.address,
    postalCode: m.postalCode,
    employer: m.employer,
    editableFields: [...EDITABLE_FIELDS],
  };
}

export async function updateProfile(core: CoreGateway, memberId: number, patch: MemberProfilePatch) {
  if (Object.keys(patch).length === 0) throw new DomainError('NOTHING_TO_UPDATE', '没有需要修改的信息', 400);
  await core.updateMemberProfile(memberId, patch);
  return profile(core, memberId);
}
