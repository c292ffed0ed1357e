/**
 * The demo center: `npm run seed`, and the first `npm start` on an empty database in sandbox mode.
 * Everything goes in one transaction: a half-seeded center is never left behind.
 */
import { count, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client.js';
import * as t from '../../tables.js';
import { ledgerRow } from '../gateway.js';
import { addDays, type IsoDate } from '../../../shared/dates.js';
import { birthDateOf, genderOf, idNumberProblem } from '../../../shared/id-number.js';
import { maskIdNumber, maskPhone } from '../../../shared/mask.js';
import type { PiiCipher } from '../../../shared/pii-crypto.js';
import { generateHistory, historyEndingAt, type HistoryPosting } from './ledger.js';
import { buildLoan, type LoanSpec } from './loans.js';
import { namedLoans, namedMembers, type MemberSpec } from './people.js';
import { employers, housingProjects, interestRates, outlets } from './reference.js';
import { generatedMembers } from './generated.js';
import { demoLoans004 } from './loans-004.js';

export async function isDatabaseEmpty(database: Database): Promise<boolean> {
  const [row] = await database.db.select({ n: count() }).from(t.members);
  return (row?.n ?? 0) === 0;
}

/** `today`: the day the demo is laid out as of (the server clock's today: loans are current, deposits paid up to it). */
export interface SeedOptions {
  today: IsoDate;
  generated?: number;
}

export async function seedDemo(database: Database, cipher: PiiCipher, opts: SeedOptions) {
  const { today } = opts;
  const crowd = generatedMembers(opts.generated ?? 40, today);
  const people = [...namedMembers(today), ...crowd.members];
  const loans = [...namedLoans(), ...demoLoans004(), ...crowd.loans];
  let ledgerRows = 0;
  let repaymentRows = 0;

  await database.db.transaction(async (tx) => {
    const employerIds = new Map<string, number>();
    for (const e of employers) {
      const [row] = await tx.insert(t.employers).values(e).returning({ id: t.employers.id });
      employerIds.set(e.code, row!.id);
    }
    await tx.insert(t.outlets).values(outlets.map((o) => ({ ...o, businessTypes: [...o.businessTypes] })));
    await tx.insert(t.housingProjects).values(housingProjects);
    await tx.insert(t.interestRates).values(interestRates.map((r) => ({ ...r })));

    const memberIds = new Map<string, number>();
    for (const p of people) {
      if (idNumberProblem(p.idNumber)) throw new Error(`demo ID number of ${p.key} is invalid`);
      const [row] = await tx
        .insert(t.members)
        .values({
          name: p.name,
          idNumberEnc: cipher.encrypt(p.idNumber),
          idNumberHash: cipher.lookupHash('id', p.idNumber),
          idNumberMasked: maskIdNumber(p.idNumber),
          phoneEnc: cipher.encrypt(p.phone),
          phoneHash: cipher.lookupHash('phone', p.phone),
          phoneMasked: maskPhone(p.phone),
          gender: genderOf(p.idNumber),
          birthDate: birthDateOf(p.idNumber),
          maritalStatus: p.maritalStatus,
          education: p.education ?? null,
          occupation: p.occupation ?? null,
          title: p.title ?? null,
          position: p.position ?? null,
          address: p.address ?? null,
          postalCode: p.postalCode ?? null,
          householdMonthlyIncomeFen: p.householdMonthlyIncomeFen ?? null,
          employerId: employerIds.get(p.employerCode)!,
          status: p.status,
          statusSince: p.statusSince ?? null,
        })
        .returning({ id: t.members.id });
      memberIds.set(p.key, row!.id);
    }
    for (const p of people) {
      if (p.spouseKey)
        await tx
          .update(t.members)
          .set({ spouseMemberId: memberIds.get(p.spouseKey)! })
          .where(eq(t.members.id, memberIds.get(p.key)!));
    }

    for (const p of people) {
      const employer = employers.find((e) => e.code === p.employerCode)!;
      // 000 (二): 5,866 × 12 % = 703.92 is booked as 704 — this center rounds each monthly amount to the yuan.
      const unitRatioBp = p.account.unitRatioBp ?? employer.unitRatioBp;
      const personalRatioBp = p.account.personalRatioBp ?? employer.personalRatioBp;
      const unitMonthly = p.account.unitMonthlyFen ?? Math.round((p.account.depositBaseFen * unitRatioBp) / 1_000_000) * 100;
      const personalMonthly = p.account.personalMonthlyFen ?? Math.round((p.account.depositBaseFen * personalRatioBp) / 1_000_000) * 100;
      const input = {
        from: p.account.historyFrom,
        until: p.account.closeOn ?? today,
        depositDay: 5 + (p.account.accountNo.charCodeAt(p.account.accountNo.length - 1) % 20),
        monthlyFen: (ym: string) => p.account.monthlyOverride?.(ym) ?? unitMonthly + personalMonthly,
        depositsUntil: p.account.depositsUntil ?? today,
        depositsFrom: p.account.depositsFrom,
        fixed: p.account.fixed ?? [],
        extra: p.extra ?? [],
      };
      const history =
        p.account.targetBalanceFen !== undefined
          ? historyEndingAt(input, p.account.targetBalanceFen)
          : generateHistory({ ...input, openingFen: p.account.openingBalanceFen ?? 0 });
      const memberId = memberIds.get(p.key)!;
      const [account] = await tx
        .insert(t.fundAccounts)
        .values({
          memberId,
          accountNo: p.account.accountNo,
          depositBaseFen: p.account.depositBaseFen,
          unitRatioBp,
          personalRatioBp,
          unitMonthlyFen: unitMonthly,
          personalMonthlyFen: personalMonthly,
          paidUpTo: history.paidUpTo,
          openedOn: p.account.openedOn,
          bankName: p.account.bankName,
          bankAccountNo: p.account.bankAccountNo,
          status: 'normal',
        })
        .returning({ id: t.fundAccounts.id });
      const postings = [...history.postings];
      if (p.account.closeOn) {
        // 销户: the remaining balance goes out with the closing interest (销户利息).
        const closingInterest = Math.round(history.finalBalanceFen * 0.015 * 0.5);
        postings.push({ postedOn: p.account.closeOn, businessType: 'interest', summary: '销户结息', amountFen: closingInterest });
        postings.push({
          postedOn: p.account.closeOn,
          businessType: 'closing_withdrawal',
          summary: '销户提取',
          amountFen: -(history.finalBalanceFen + closingInterest),
          interestFen: closingInterest,
          withdrawalReason: '03',
          withdrawalMethod: '转账',
        });
      }
      for (let i = 0; i < postings.length; i += 500) {
        await tx.insert(t.ledgerEntries).values(postings.slice(i, i + 500).map((x) => ledgerRow(account!.id, x)));
      }
      ledgerRows += postings.length;
      const lastWithdrawal =
        postings
          .filter((x) => x.amountFen < 0)
          .map((x) => x.postedOn)
          .sort()
          .pop() ?? null;
      await tx
        .update(t.fundAccounts)
        .set({
          status: p.account.status,
          lastWithdrawalOn: lastWithdrawal,
          closedOn: p.account.closeOn ?? null,
        })
        .where(eq(t.fundAccounts.id, account!.id));
      for (const c of p.closedAccounts ?? []) ledgerRows += await insertClosedAccount(tx as never, memberId, c);
      for (const r of p.registrations ?? []) {
        await tx.insert(t.counterRegistrations).values({
          memberId,
          kind: r.kind,
          registeredOn: r.registeredOn,
          contractNo: r.contractNo ?? null,
          counterparty: r.counterparty ?? null,
          amountFen: r.amountFen ?? null,
          balanceFen: r.balanceFen ?? null,
          limitFen: r.limitFen ?? null,
          intervalMonths: r.intervalMonths ?? 12,
          lastWithdrawalOn: r.lastWithdrawalOn ?? null,
        });
      }
    }

    for (const spec of loans) repaymentRows += await insertLoan(tx as never, spec, memberIds, today);
  });
  return { members: people.length, loans: loans.length, ledgerRows, repaymentRows, asOf: today };
}

type Tx = Database['db'];

/**
 * A closed account of the member's (people.ts closedAccounts): inserted closed (0064 lets one account of a member be
 * open), its postings as given, then 销户提取 of all that is left on the day it closed (the manual's 提取销户, 0.00).
 */
async function insertClosedAccount(tx: Tx, memberId: number, c: NonNullable<MemberSpec['closedAccounts']>[number]): Promise<number> {
  const [account] = await tx
    .insert(t.fundAccounts)
    .values({
      memberId,
      accountNo: c.accountNo,
      depositBaseFen: c.depositBaseFen,
      openedOn: c.openedOn,
      bankName: c.bankName,
      bankAccountNo: c.bankAccountNo,
      status: 'closed',
      closedOn: c.closedOn,
      lastWithdrawalOn: c.closedOn,
      firstPaidMonth: c.openedOn.slice(0, 7).replace('-', ''),
      paidUpTo:
        c.postings
          .filter((p) => p.businessType === 'regular_deposit')
          .pop()
          ?.summary.slice(-6) ?? null,
    })
    .returning({ id: t.fundAccounts.id });
  const left = c.postings.reduce((s, p) => s + p.amountFen, 0);
  const postings: HistoryPosting[] = [
    ...c.postings,
    { postedOn: c.closedOn, businessType: 'closing_withdrawal', summary: '销户提取', amountFen: -left, withdrawalReason: '99', withdrawalMethod: '转账' },
  ];
  await tx.insert(t.ledgerEntries).values(postings.map((x) => ledgerRow(account!.id, x)));
  return postings.length;
}

async function insertLoan(tx: Tx, spec: LoanSpec, memberIds: Map<string, number>, today: IsoDate): Promise<number> {
  const built = buildLoan(spec, today);
  const settled = built.plan.every((p) => built.repayments.some((r) => r.period === p.period));
  const borrower = memberIds.get(spec.borrowerKey)!;
  const [loan] = await tx
    .insert(t.loanContracts)
    .values({
      contractNo: spec.contractNo,
      loanAccountNo: spec.loanAccountNo,
      borrowerMemberId: borrower,
      coBorrowerMemberId: spec.coBorrowerKey ? memberIds.get(spec.coBorrowerKey)! : null,
      principalFen: spec.principalFen,
      annualRatePercent: spec.annualRatePercent.toFixed(4),
      months: spec.months,
      method: spec.method,
      dayCount: spec.dayCount ?? '30/360',
      issuedOn: spec.issuedOn,
      maturityOn: built.maturityOn,
      repaymentDay: spec.repaymentDay,
      repaymentBank: spec.repaymentBank,
      repaymentAccountNo: spec.repaymentAccountNo,
      collectionMethod: '委托银行扣收',
      status: 'repaying',
      balanceFen: spec.principalFen,
      periodsPaid: 0,
      archiveNo: spec.archiveNo ?? null,
      loanNo: spec.loanNo ?? spec.contractNo,
      houseAddress: spec.houseAddress ?? null,
    })
    .returning({ id: t.loanContracts.id });
  const loanId = loan!.id;
  for (let i = 0; i < built.plan.length; i += 500) {
    await tx.insert(t.loanPlanPeriods).values(built.plan.slice(i, i + 500).map((p) => ({ loanId, ...p })));
  }
  for (let i = 0; i < built.repayments.length; i += 500) {
    await tx.insert(t.loanRepayments).values(built.repayments.slice(i, i + 500).map((r) => ({ loanId, ...r, balanceAfterFen: 0 })));
  }
  if (built.overdue.length) await tx.insert(t.loanOverdueRecords).values(built.overdue.map((o) => ({ loanId, ...o })));
  if (settled) {
    await tx
      .update(t.loanContracts)
      .set({ status: 'settled', settledOn: built.repayments[built.repayments.length - 1]!.paidOn })
      .where(eq(t.loanContracts.id, loanId));
  }
  const applied = addDays(spec.issuedOn, -20);
  const at = (minutes: number) => `${applied} ${String(9 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
  // 004 2.2: 借款人贷款审批 passes 任务发起人 → 贷款受理初审 → 复审 → 终审.
  await tx.insert(t.loanApplicationProgress).values({
    memberId: borrower,
    applicationNo: `DK${spec.loanAccountNo}`,
    contractNo: spec.contractNo,
    amountFen: spec.principalFen,
    months: spec.months,
    appliedOn: applied,
    currentNode: '贷款发放',
    nodes: [
      { node: '任务发起人', handler: '本人', opinion: '', at: at(4) },
      { node: '贷款受理初审', handler: '和晓梅', opinion: '同意', at: at(25) },
      { node: '贷款受理复审', handler: '杨志明', opinion: '同意', at: at(62) },
      { node: '贷款受理终审', handler: '李春华', opinion: '同意', at: at(95) },
      { node: '贷款发放', handler: spec.repaymentBank, opinion: '已放款', at: `${spec.issuedOn} 15:00:00` },
    ],
  });
  return built.repayments.length;
}
