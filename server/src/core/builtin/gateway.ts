import { and, asc, count, eq, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import * as t from '../../db/schema.js';
import { DomainError } from '../../shared/errors.js';
import { fen, type Fen } from '../../shared/money.js';
import type { PiiCipher } from '../../shared/pii-crypto.js';
import type {
  CoreFundAccount, CoreGateway, CoreLoan, CoreMember, CounterRegistration, DateRange, HousingProject, InterestRate,
  LedgerEntry, LedgerPosting, LoanProgress, LoanRepayment, OverdueRecord, Outlet, Page, PlanPeriod,
} from '../gateway.js';
import { pgErrorCode } from '../../db/errors.js';

/** The built-in core on our own tables (see db/migrations/0001_core.sql for the rules the database enforces). */
export class BuiltinCore implements CoreGateway {
  constructor(private readonly database: Database, private readonly cipher: PiiCipher) {}

  private get db() {
    return this.database.db;
  }

  private async memberWhere(where: SQL): Promise<CoreMember | null> {
    const rows = await this.db
      .select({ m: t.members, e: { code: t.employers.code, name: t.employers.name } })
      .from(t.members)
      .leftJoin(t.employers, eq(t.employers.id, t.members.employerId))
      .where(where)
      .limit(1);
    const row = rows[0];
    if (!row) return null;
    const m = row.m;
    return {
      id: m.id, name: m.name, idNumberMasked: m.idNumberMasked, phoneMasked: m.phoneMasked, gender: m.gender,
      birthDate: m.birthDate, maritalStatus: m.maritalStatus, spouseMemberId: m.spouseMemberId,
      education: m.education, occupation: m.occupation, title: m.title, position: m.position,
      address: m.address, postalCode: m.postalCode,
      householdMonthlyIncomeFen: m.householdMonthlyIncomeFen === null ? null : fen(m.householdMonthlyIncomeFen),
      employer: row.e?.code ? { code: row.e.code, name: row.e.name } : null,
      status: m.status, statusSince: m.statusSince,
    };
  }

  findMemberByIdNumber(idNumber: string) {
    return this.memberWhere(eq(t.members.idNumberHash, this.cipher.lookupHash('id', idNumber.trim().toUpperCase())));
  }

  findMemberByPhone(phone: string) {
    return this.memberWhere(eq(t.members.phoneHash, this.cipher.lookupHash('phone', phone.trim())));
  }

  getMember(memberId: number) {
    return this.memberWhere(eq(t.members.id, memberId));
  }

  async revealContact(memberId: number) {
    const [m] = await this.db.select({ id: t.members.idNumberEnc, phone: t.members.phoneEnc }).from(t.members).where(eq(t.members.id, memberId));
    if (!m) return null;
    return { idNumber: this.cipher.decrypt(m.id), phone: m.phone ? this.cipher.decrypt(m.phone) : null };
  }

  async getFundAccount(memberId: number): Promise<CoreFundAccount | null> {
    const [a] = await this.db.select().from(t.fundAccounts).where(eq(t.fundAccounts.memberId, memberId));
    if (!a) return null;
    return {
      id: a.id, memberId: a.memberId, accountNo: a.accountNo, balanceFen: fen(a.balanceFen),
      depositBaseFen: fen(a.depositBaseFen), unitRatioPercent: a.unitRatioBp / 100, personalRatioPercent: a.personalRatioBp / 100,
      unitMonthlyFen: fen(a.unitMonthlyFen), personalMonthlyFen: fen(a.personalMonthlyFen),
      monthlyTotalFen: fen(a.unitMonthlyFen + a.personalMonthlyFen), paidUpTo: a.paidUpTo, openedOn: a.openedOn,
      bankName: a.bankName, bankAccountNo: a.bankAccountNo, status: a.status, closedOn: a.closedOn, lastWithdrawalOn: a.lastWithdrawalOn,
    };
  }

  async listLedger(memberId: number, range: DateRange, page: Page) {
    const account = await this.getFundAccount(memberId);
    if (!account) return { entries: [], total: 0 };
    const where = and(
      eq(t.ledgerEntries.accountId, account.id),
      range.from ? gte(t.ledgerEntries.postedOn, range.from) : undefined,
      range.to ? lte(t.ledgerEntries.postedOn, range.to) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      this.db.select().from(t.ledgerEntries).where(where)
        .orderBy(asc(t.ledgerEntries.postedOn), asc(t.ledgerEntries.id)).limit(page.limit).offset(page.offset),
      this.db.select({ n: count() }).from(t.ledgerEntries).where(where),
    ]);
    return { entries: rows.map(toLedgerEntry), total: total?.n ?? 0 };
  }

  async post(postings: LedgerPosting[]): Promise<LedgerEntry[]> {
    if (postings.length === 0) return [];
    try {
      return await this.db.transaction(async (tx) => {
        const out: LedgerEntry[] = [];
        for (const p of postings) {
          if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0 && p.businessType !== 'year_carry_over') {
            throw new DomainError('INVALID_POSTING', '记账金额有误', 400);
          }
          const [account] = await tx.select({ id: t.fundAccounts.id, status: t.fundAccounts.status })
            .from(t.fundAccounts).where(eq(t.fundAccounts.memberId, p.memberId));
          if (!account) throw new DomainError('FUND_ACCOUNT_NOT_FOUND', '未找到公积金个人账户', 404);
          if (account.status === 'closed') throw new DomainError('FUND_ACCOUNT_CLOSED', '公积金账户已销户，不能记账', 409);
          const [row] = await tx.insert(t.ledgerEntries).values({
            accountId: account.id, postedOn: p.postedOn, businessType: p.businessType, summary: p.summary,
            amountFen: p.amountFen, interestFen: p.interestFen ?? 0, balanceAfterFen: 0,
            withdrawalReason: p.withdrawalReason ?? null, withdrawalMethod: p.withdrawalMethod ?? null, reference: p.reference ?? null,
          }).returning();
          if (p.amountFen < 0) {
            await tx.update(t.fundAccounts).set({ lastWithdrawalOn: p.postedOn }).where(eq(t.fundAccounts.id, account.id));
          }
          out.push(toLedgerEntry(row!));
        }
        return out;
      });
    } catch (err) {
      const code = pgErrorCode(err);
      if (code === '23514') throw new DomainError('INSUFFICIENT_BALANCE', '公积金账户余额不足，无法办理', 409);
      if (code === '23505') throw new DomainError('DUPLICATE_POSTING', '该笔业务已经入账，不能重复记账', 409);
      throw err;
    }
  }

  async listLoans(memberId: number): Promise<CoreLoan[]> {
    const rows = await this.db.select().from(t.loanContracts)
      .where(or(eq(t.loanContracts.borrowerMemberId, memberId), eq(t.loanContracts.coBorrowerMemberId, memberId)))
      .orderBy(asc(t.loanContracts.issuedOn), asc(t.loanContracts.id));
    return Promise.all(rows.map(async (l) => {
      const [current] = await this.db.select({ p: t.loanPlanPeriods.paymentFen }).from(t.loanPlanPeriods)
        .where(and(eq(t.loanPlanPeriods.loanId, l.id), eq(t.loanPlanPeriods.period, Math.max(1, l.periodsPaid + (l.status === 'settled' ? 0 : 1)))));
      return {
        id: l.id, contractNo: l.contractNo, loanAccountNo: l.loanAccountNo, borrowerMemberId: l.borrowerMemberId,
        coBorrowerMemberId: l.coBorrowerMemberId, role: l.borrowerMemberId === memberId ? 'borrower' : 'co-borrower',
        principalFen: fen(l.principalFen), annualRatePercent: Number(l.annualRatePercent), months: l.months, method: l.method, dayCount: l.dayCount,
        issuedOn: l.issuedOn, maturityOn: l.maturityOn, repaymentDay: l.repaymentDay, repaymentBank: l.repaymentBank,
        repaymentAccountNo: l.repaymentAccountNo, collectionMethod: l.collectionMethod, status: l.status,
        balanceFen: fen(l.balanceFen), periodsPaid: l.periodsPaid, archiveNo: l.archiveNo, houseAddress: l.houseAddress,
        settledOn: l.settledOn, currentPaymentFen: current ? fen(current.p) : null,
      } satisfies CoreLoan;
    }));
  }

  async listRepayments(loanId: number, range: DateRange): Promise<LoanRepayment[]> {
    const r = t.loanRepayments;
    const rows = await this.db.select().from(r)
      .where(and(eq(r.loanId, loanId), range.from ? gte(r.paidOn, range.from) : undefined, range.to ? lte(r.paidOn, range.to) : undefined))
      .orderBy(asc(r.paidOn), asc(r.id));
    return rows.map((x) => ({
      id: x.id, period: x.period, paidOn: x.paidOn, kind: x.kind, principalFen: fen(x.principalFen), interestFen: fen(x.interestFen),
      penaltyFen: fen(x.penaltyFen), amountFen: fen(x.amountFen ?? x.principalFen + x.interestFen + x.penaltyFen),
      balanceAfterFen: fen(x.balanceAfterFen), reference: x.reference,
    }));
  }

  async listPlan(loanId: number, range: DateRange): Promise<PlanPeriod[]> {
    const p = t.loanPlanPeriods;
    const rows = await this.db.select().from(p)
      .where(and(eq(p.loanId, loanId), range.from ? gte(p.dueOn, range.from) : undefined, range.to ? lte(p.dueOn, range.to) : undefined))
      .orderBy(asc(p.period));
    return rows.map((x) => ({
      period: x.period, dueOn: x.dueOn, principalFen: fen(x.principalFen), interestFen: fen(x.interestFen),
      paymentFen: fen(x.paymentFen), balanceAfterFen: fen(x.balanceAfterFen),
    }));
  }

  async listOverdue(loanId: number): Promise<OverdueRecord[]> {
    const o = t.loanOverdueRecords;
    const rows = await this.db.select().from(o).where(eq(o.loanId, loanId)).orderBy(asc(o.period));
    return rows.map((x) => ({
      period: x.period, dueOn: x.dueOn, principalFen: fen(x.principalFen), interestFen: fen(x.interestFen),
      penaltyFen: fen(x.penaltyFen), overdueDays: x.overdueDays, repaidOn: x.repaidOn,
    }));
  }

  async listLoanProgress(memberId: number): Promise<LoanProgress[]> {
    const rows = await this.db.select().from(t.loanApplicationProgress)
      .where(eq(t.loanApplicationProgress.memberId, memberId)).orderBy(asc(t.loanApplicationProgress.appliedOn));
    return rows.map((x) => ({
      applicationNo: x.applicationNo, contractNo: x.contractNo, amountFen: fen(x.amountFen), months: x.months,
      appliedOn: x.appliedOn, currentNode: x.currentNode, nodes: x.nodes,
    }));
  }

  async listCounterRegistrations(memberId: number): Promise<CounterRegistration[]> {
    const rows = await this.db.select().from(t.counterRegistrations).where(eq(t.counterRegistrations.memberId, memberId));
    const opt = (v: number | null): Fen | null => (v === null ? null : fen(v));
    return rows.map((x) => ({
      kind: x.kind, registeredOn: x.registeredOn, contractNo: x.contractNo, counterparty: x.counterparty,
      amountFen: opt(x.amountFen), balanceFen: opt(x.balanceFen), intervalMonths: x.intervalMonths,
      limitFen: opt(x.limitFen), lastWithdrawalOn: x.lastWithdrawalOn,
    }));
  }

  async listOutlets(): Promise<Outlet[]> {
    return this.db.select().from(t.outlets).orderBy(asc(t.outlets.id));
  }

  async listHousingProjects(nameContains?: string): Promise<HousingProject[]> {
    const q = nameContains?.trim();
    return this.db.select().from(t.housingProjects)
      .where(q ? ilike(t.housingProjects.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined)
      .orderBy(asc(t.housingProjects.id));
  }

  async listInterestRates(): Promise<InterestRate[]> {
    const rows = await this.db.select().from(t.interestRates).orderBy(asc(t.interestRates.kind), asc(t.interestRates.effectiveOn));
    return rows.map((r) => ({ kind: r.kind, annualRatePercent: Number(r.annualRatePercent), effectiveOn: r.effectiveOn }));
  }
}

function toLedgerEntry(r: typeof t.ledgerEntries.$inferSelect): LedgerEntry {
  return {
    id: r.id, postedOn: r.postedOn, businessType: r.businessType, summary: r.summary, amountFen: fen(r.amountFen),
    interestFen: fen(r.interestFen), balanceAfterFen: fen(r.balanceAfterFen), withdrawalReason: r.withdrawalReason,
    withdrawalMethod: r.withdrawalMethod, reference: r.reference,
  };
}
