import { and, asc, eq, inArray, gte, ilike, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.js';
import * as t from '../tables.js';
import { DomainError } from '../../shared/errors.js';
import { fen, type Fen } from '../../shared/money.js';
import type { PiiCipher } from '../../shared/pii-crypto.js';
import type {
  CoreFundAccount,
  CoreGateway,
  CoreLoan,
  CoreMember,
  CounterRegistration,
  DateRange,
  HousingProject,
  InterestRate,
  LedgerEntry,
  LedgerPage,
  LedgerPosting,
  LoanProgress,
  MemberOverview,
  MemberProfilePatch,
  NextDue,
  LoanRepayment,
  LoanRepaymentInput,
  NewLoan,
  UnpaidInstalment,
  OverdueRecord,
  Outlet,
  Page,
  PlanPeriod,
} from '../gateway.js';
import { pgErrorCode } from '../../db/errors.js';
import { maskPhone } from '../../shared/mask.js';
import type { IsoDate } from '../../shared/dates.js';

/** The built-in core on our own tables (see db/migrations/0001_core.sql for the rules the database enforces). */

/**
 * A member may hold several fund accounts (004 1.3: 张健's 提取销户 account beside his 正常 one; 0064 lets at most one
 * be open). "The member's account", which every query by member means, is the first in this order: the one not
 * closed, else the most recently closed (then opened). listFundAccounts lists them all in it. `f` is fund_accounts.
 */
const MEMBER_ACCOUNT_ORDER = `(f.status = 'closed'), f.closed_on DESC NULLS FIRST, f.opened_on DESC, f.id DESC`;
/** The id of the member's account (the member's id is `member`, an SQL expression), as a scalar subquery. */
const memberAccountId = (member: string) => `(SELECT f.id FROM fund_accounts f WHERE f.member_id = ${member} ORDER BY ${MEMBER_ACCOUNT_ORDER} LIMIT 1)`;
/** The same for drizzle's queries, the member's id a bound parameter. */
const memberAccountIdOf = (memberId: number) =>
  sql`(SELECT f.id FROM fund_accounts f WHERE f.member_id = ${memberId} ORDER BY ${sql.raw(MEMBER_ACCOUNT_ORDER)} LIMIT 1)`;
/** The ledger_entries row of a posting to an account (the trigger computes the balance after it); the seed's too. */
export const ledgerRow = (accountId: number, p: Omit<LedgerPosting, 'memberId'>) => ({
  accountId,
  postedOn: p.postedOn,
  businessType: p.businessType,
  summary: p.summary,
  amountFen: p.amountFen,
  interestFen: p.interestFen ?? 0,
  balanceAfterFen: 0,
  withdrawalReason: p.withdrawalReason ?? null,
  withdrawalMethod: p.withdrawalMethod ?? null,
  reference: p.reference ?? null,
});
/** The built-in core's *Within methods run on the caller's transaction of the product's own database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export class BuiltinCore implements CoreGateway {
  /** B2 on every visit to 我的: member, employer and fund account by one prepared statement, built once. */
  private readonly memberWithAccount;

  constructor(
    private readonly database: Database,
    private readonly cipher: PiiCipher,
  ) {
    this.memberWithAccount = database.db
      .select({ m: t.members, e: { code: t.employers.code, name: t.employers.name, accountNo: t.employers.accountNo }, a: t.fundAccounts })
      .from(t.members)
      .leftJoin(t.employers, eq(t.employers.id, t.members.employerId))
      .leftJoin(t.fundAccounts, eq(t.fundAccounts.id, sql.raw(memberAccountId('"members"."id"'))))
      .where(eq(t.members.id, sql.placeholder('id')))
      .prepare('core_member_with_account');
  }

  private get db() {
    return this.database.db;
  }

  private async memberWhere(where: SQL): Promise<CoreMember | null> {
    const rows = await this.db
      .select({ m: t.members, e: { code: t.employers.code, name: t.employers.name, accountNo: t.employers.accountNo } })
      .from(t.members)
      .leftJoin(t.employers, eq(t.employers.id, t.members.employerId))
      .where(where)
      .limit(1);
    return rows[0] ? toMember(rows[0]) : null;
  }

  async getMemberWithAccount(memberId: number) {
    const [row] = await this.memberWithAccount.execute({ id: memberId });
    return row ? { member: toMember(row), account: row.a ? toFundAccount(row.a) : null } : null;
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

  async updatePhone(memberId: number, phone: string): Promise<void> {
    await this.db
      .update(t.members)
      .set({ phoneEnc: this.cipher.encrypt(phone), phoneHash: this.cipher.lookupHash('phone', phone), phoneMasked: maskPhone(phone) })
      .where(eq(t.members.id, memberId));
  }

  async getFundAccount(memberId: number): Promise<CoreFundAccount | null> {
    const [a] = await this.db
      .select()
      .from(t.fundAccounts)
      .where(eq(t.fundAccounts.id, memberAccountIdOf(memberId)));
    return a ? toFundAccount(a) : null;
  }

  /** The member's account of each member asked (one each, as getFundAccount: never a closed one beside an open one). */
  async getFundAccounts(memberIds: number[]): Promise<CoreFundAccount[]> {
    if (memberIds.length === 0) return [];
    const rows = await this.db
      .selectDistinctOn([t.fundAccounts.memberId])
      .from(t.fundAccounts)
      .where(inArray(t.fundAccounts.memberId, memberIds))
      .orderBy(t.fundAccounts.memberId, sql.raw(MEMBER_ACCOUNT_ORDER.replaceAll('f.', 'fund_accounts.')));
    return rows.map(toFundAccount);
  }

  async listFundAccounts(memberId: number): Promise<CoreFundAccount[]> {
    const rows = await this.db
      .select()
      .from(t.fundAccounts)
      .where(eq(t.fundAccounts.memberId, memberId))
      .orderBy(sql.raw(MEMBER_ACCOUNT_ORDER.replaceAll('f.', 'fund_accounts.')));
    return rows.map(toFundAccount);
  }

  async updateMemberProfile(memberId: number, patch: MemberProfilePatch): Promise<CoreMember> {
    const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(fields).length) await this.db.update(t.members).set(fields).where(eq(t.members.id, memberId));
    const m = await this.getMember(memberId);
    if (!m) throw new DomainError('MEMBER_NOT_FOUND', '未找到缴存职工信息', 404);
    return m;
  }

  async sumLedger(memberId: number, range: DateRange) {
    const e = t.ledgerEntries;
    const [row] = await this.db
      .select({
        deposits: sql<number>`coalesce(sum(${e.amountFen}) filter (where ${e.amountFen} > 0), 0)::bigint`,
        withdrawals: sql<number>`coalesce(-sum(${e.amountFen}) filter (where ${e.amountFen} < 0), 0)::bigint`,
      })
      .from(e)
      .where(
        and(
          eq(e.accountId, memberAccountIdOf(memberId)),
          range.from ? gte(e.postedOn, range.from) : undefined,
          range.to ? lte(e.postedOn, range.to) : undefined,
        ),
      );
    return { depositsFen: fen(Number(row?.deposits ?? 0)), withdrawalsFen: fen(Number(row?.withdrawals ?? 0)) };
  }

  async ledgerYearSpan(memberId: number) {
    // min/max over the (account_id, posted_on, id) index: two index probes, whatever the number of rows.
    const [row] = await this.database.prepared<{ first: string | null; last: string | null }>(
      'core_ledger_year_span',
      `
      SELECT min(posted_on) AS first, max(posted_on) AS last FROM ledger_entries
      WHERE account_id = ${memberAccountId('$1')}`,
      [memberId],
    );
    if (!row?.first || !row.last) return null;
    return { firstYear: Number(row.first.slice(0, 4)), lastYear: Number(row.last.slice(0, 4)) };
  }

  async listLedger(memberId: number, range: DateRange, page: Page, order: 'asc' | 'desc' = 'asc') {
    const p = await this.ledgerPage(memberId, range, page, order);
    return p ? { entries: p.entries, total: p.total } : { entries: [], total: 0 };
  }

  /**
   * One statement: the member's account (or the one numbered `accountNo`, when it is theirs), the range's count and sums and the page, as index range scans on
   * ledger_entries (account_id, posted_on, id), and the account's first and last posting dates (two index probes). An open end of the range is ±infinity, so that the generic plan
   * of the prepared statement still bounds the scan by date.
   */
  async ledgerPage(memberId: number, range: DateRange, page: Page, order: 'asc' | 'desc', accountNo?: string): Promise<LedgerPage | null> {
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    const inRange = `x.account_id = a.id AND x.posted_on BETWEEN coalesce($2::date, '-infinity') AND coalesce($3::date, 'infinity')`;
    const rows = await this.database.prepared<LedgerPageRow>(
      `core_ledger_page_${order}`,
      `
      SELECT t.n, t.deposits, t.withdrawals, t.first_on AS "firstOn", t.last_on AS "lastOn", e.*
      FROM fund_accounts a
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS n,
               coalesce(sum(x.amount_fen) FILTER (WHERE x.amount_fen > 0), 0)::bigint AS deposits,
               coalesce(-sum(x.amount_fen) FILTER (WHERE x.amount_fen < 0), 0)::bigint AS withdrawals,
               (SELECT min(y.posted_on) FROM ledger_entries y WHERE y.account_id = a.id) AS first_on,
               (SELECT max(y.posted_on) FROM ledger_entries y WHERE y.account_id = a.id) AS last_on
        FROM ledger_entries x WHERE ${inRange}) t
      LEFT JOIN LATERAL (
        SELECT x.id, x.posted_on AS "postedOn", x.business_type AS "businessType", x.summary, x.amount_fen AS "amountFen",
               x.interest_fen AS "interestFen", x.balance_after_fen AS "balanceAfterFen", x.withdrawal_reason AS "withdrawalReason",
               x.withdrawal_method AS "withdrawalMethod", x.reference
        FROM ledger_entries x WHERE ${inRange}
        ORDER BY x.posted_on ${dir}, x.id ${dir} LIMIT $4 OFFSET $5) e ON true
      WHERE a.member_id = $1 AND (CASE WHEN $6::text IS NULL THEN a.id = ${memberAccountId('$1')} ELSE a.account_no = $6::text END)
      ORDER BY e."postedOn" ${dir}, e.id ${dir}`,
      [memberId, range.from ?? null, range.to ?? null, page.limit, page.offset, accountNo ?? null],
    );
    const head = rows[0];
    if (!head) return null;
    return {
      entries: head.id === null ? [] : rows.map((r) => toLedgerEntry(r as LedgerRow)),
      total: head.n,
      totals: { depositsFen: fen(Number(head.deposits)), withdrawalsFen: fen(Number(head.withdrawals)) },
      span: head.firstOn && head.lastOn ? { firstYear: Number(head.firstOn.slice(0, 4)), lastYear: Number(head.lastOn.slice(0, 4)) } : null,
    };
  }

  post(postings: LedgerPosting[]): Promise<LedgerEntry[]> {
    // A year's carry-over may be zero (it is booked even when no interest accrued); other postings move money.
    return this.postAll((run) => this.db.transaction(run), postings, true);
  }

  postWithin(tx: Tx, postings: LedgerPosting[]): Promise<LedgerEntry[]> {
    // A savepoint: a refused posting undoes only these rows; the caller's transaction stays usable.
    return this.postAll((run) => tx.transaction(run), postings, false);
  }

  /** Books the postings in the transaction `within` opens; the database's refusals become the member's messages. */
  private async postAll(
    within: (run: (tx: Tx) => Promise<LedgerEntry[]>) => Promise<LedgerEntry[]>,
    postings: LedgerPosting[],
    zeroCarryOver: boolean,
  ): Promise<LedgerEntry[]> {
    if (postings.length === 0) return [];
    try {
      return await within(async (tx) => {
        const out: LedgerEntry[] = [];
        for (const p of postings) {
          if (!Number.isSafeInteger(p.amountFen) || (p.amountFen === 0 && !(zeroCarryOver && p.businessType === 'year_carry_over'))) {
            throw new DomainError('INVALID_POSTING', '记账金额有误', 400);
          }
          const [account] = await tx
            .select({ id: t.fundAccounts.id, status: t.fundAccounts.status })
            .from(t.fundAccounts)
            .where(eq(t.fundAccounts.id, memberAccountIdOf(p.memberId)));
          if (!account) throw new DomainError('FUND_ACCOUNT_NOT_FOUND', '未找到公积金个人账户', 404);
          if (account.status === 'closed') throw new DomainError('FUND_ACCOUNT_CLOSED', '公积金账户已销户，不能记账', 409);
          const [row] = await tx.insert(t.ledgerEntries).values(ledgerRow(account.id, p)).returning();
          if (p.amountFen < 0) await tx.update(t.fundAccounts).set({ lastWithdrawalOn: p.postedOn }).where(eq(t.fundAccounts.id, account.id));
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

  async closeAccountWithin(tx: Tx, memberId: number, on: IsoDate): Promise<void> {
    const closed = await tx
      .update(t.fundAccounts)
      .set({ status: 'closed', closedOn: on })
      .where(and(eq(t.fundAccounts.memberId, memberId), eq(t.fundAccounts.balanceFen, 0), ne(t.fundAccounts.status, 'closed')))
      .returning({ id: t.fundAccounts.id });
    if (!closed[0]) throw new DomainError('ACCOUNT_NOT_EMPTY', '账户余额发生变化，暂不能销户，请重新办理', 409);
    await tx.update(t.members).set({ status: 'closed', statusSince: on }).where(eq(t.members.id, memberId));
  }

  async listLoans(memberId: number): Promise<CoreLoan[]> {
    return (await this.loanRows(memberId, null)).map((r) => toLoan(r, memberId));
  }

  async getMemberOverview(memberId: number, on: IsoDate): Promise<MemberOverview | null> {
    const [found, rows] = await Promise.all([this.getMemberWithAccount(memberId), this.loanRows(memberId, on)]);
    if (!found) return null;
    const nextDues: NextDue[] = [];
    for (const r of rows) {
      if (r.nextPeriod !== null && r.nextDueOn !== null && r.nextPaymentFen !== null) {
        nextDues.push({ loanId: r.id, period: r.nextPeriod, dueOn: r.nextDueOn, paymentFen: fen(Number(r.nextPaymentFen)) });
      }
    }
    return { ...found, loans: rows.map((r) => toLoan(r, memberId)), nextDues };
  }

  /**
   * The member's loans (as borrower or co-borrower) in one prepared statement: each with its plan's last period and
   * due date and the current period's payment (of a settled loan the last regular one), and with `on` given, of a
   * loan not settled the first period due on or after it. Index scans on loan_plan_periods' key (loan_id, period).
   */
  private loanRows(memberId: number, on: IsoDate | null): Promise<LoanRow[]> {
    return this.database.prepared<LoanRow>(
      'core_member_loans',
      `
      SELECT l.id, l.contract_no AS "contractNo", l.loan_account_no AS "loanAccountNo", l.borrower_member_id AS "borrowerMemberId",
             l.co_borrower_member_id AS "coBorrowerMemberId", l.principal_fen AS "principalFen", l.annual_rate_percent AS "annualRatePercent",
             l.months, l.method, l.day_count AS "dayCount", l.issued_on AS "issuedOn", l.maturity_on AS "maturityOn",
             l.repayment_day AS "repaymentDay", l.repayment_bank AS "repaymentBank", l.repayment_account_no AS "repaymentAccountNo",
             l.collection_method AS "collectionMethod", l.status, l.balance_fen AS "balanceFen", l.periods_paid AS "periodsPaid",
             l.archive_no AS "archiveNo", l.house_address AS "houseAddress", l.loan_no AS "loanNo", l.loan_type AS "loanType",
             l.settled_on AS "settledOn", s.last AS "planPeriods", s.final AS "planFinalDueOn", cur.payment_fen AS "currentPaymentFen",
             nxt.period AS "nextPeriod", nxt.due_on AS "nextDueOn", nxt.payment_fen AS "nextPaymentFen"
      FROM loan_contracts l
      CROSS JOIN LATERAL (SELECT max(period) AS last, max(due_on) AS final FROM loan_plan_periods WHERE loan_id = l.id) s
      LEFT JOIN loan_plan_periods cur ON cur.loan_id = l.id AND cur.period = CASE
        WHEN l.status = 'settled' THEN greatest(1, least(l.periods_paid, s.last - 1)) ELSE greatest(1, l.periods_paid + 1) END
      LEFT JOIN LATERAL (
        SELECT p.period, p.due_on, p.payment_fen FROM loan_plan_periods p
        WHERE p.loan_id = l.id AND p.due_on >= $2::date ORDER BY p.period LIMIT 1) nxt ON l.status <> 'settled'
      WHERE l.borrower_member_id = $1 OR l.co_borrower_member_id = $1
      ORDER BY l.issued_on, l.id`,
      [memberId, on],
    );
  }

  async lockLoanWithin(tx: Tx, loanId: number) {
    const [l] = await tx
      .select({ id: t.loanContracts.id, status: t.loanContracts.status, balanceFen: t.loanContracts.balanceFen, periodsPaid: t.loanContracts.periodsPaid })
      .from(t.loanContracts)
      .where(eq(t.loanContracts.id, loanId))
      .for('update');
    return l ? { ...l, balanceFen: fen(l.balanceFen) } : null;
  }

  async repayWithin(tx: Tx, loanId: number, r: LoanRepaymentInput) {
    try {
      const [row] = await tx.transaction((sp) =>
        sp
          .insert(t.loanRepayments)
          .values({
            loanId,
            period: r.period,
            paidOn: r.paidOn,
            kind: r.kind,
            principalFen: r.principalFen,
            interestFen: r.interestFen,
            penaltyFen: r.penaltyFen ?? 0,
            balanceAfterFen: 0,
            reference: r.reference,
          })
          .returning({ balanceAfterFen: t.loanRepayments.balanceAfterFen }),
      );
      const balanceAfterFen = fen(row!.balanceAfterFen);
      if (balanceAfterFen === 0) {
        await tx.update(t.loanContracts).set({ status: 'settled', settledOn: r.paidOn }).where(eq(t.loanContracts.id, loanId));
      }
      return { balanceAfterFen, settled: balanceAfterFen === 0 };
    } catch (err) {
      if (pgErrorCode(err) === '23514') throw new DomainError('LOAN_OVERPAID', '还款金额超过贷款余额', 409);
      throw err;
    }
  }

  async listUnpaidInstalments(range: { from: IsoDate; to: IsoDate }): Promise<UnpaidInstalment[]> {
    const l = t.loanContracts;
    const p = t.loanPlanPeriods;
    const rows = await this.db
      .select({
        loanId: l.id,
        contractNo: l.contractNo,
        borrowerMemberId: l.borrowerMemberId,
        coBorrowerMemberId: l.coBorrowerMemberId,
        period: p.period,
        dueOn: p.dueOn,
        principalFen: p.principalFen,
        interestFen: p.interestFen,
        paymentFen: p.paymentFen,
      })
      .from(p)
      .innerJoin(l, eq(l.id, p.loanId))
      .where(and(ne(l.status, 'settled'), sql`${p.period} > ${l.periodsPaid}`, gte(p.dueOn, range.from), lte(p.dueOn, range.to)))
      .orderBy(asc(p.dueOn), asc(l.id), asc(p.period));
    return rows.map((r) => ({ ...r, principalFen: fen(r.principalFen), interestFen: fen(r.interestFen), paymentFen: fen(r.paymentFen) }));
  }

  async changeRepaymentAccountWithin(tx: Tx, loanId: number, to: { bank: string; accountNo: string }): Promise<void> {
    const rows = await tx
      .update(t.loanContracts)
      .set({ repaymentBank: to.bank, repaymentAccountNo: to.accountNo })
      .where(and(eq(t.loanContracts.id, loanId), ne(t.loanContracts.status, 'settled')))
      .returning({ id: t.loanContracts.id });
    if (!rows[0]) throw new DomainError('LOAN_SETTLED', '该笔贷款已结清，无需变更还款账户', 409);
  }

  async rewritePlanWithin(tx: Tx, loanId: number, fromPeriod: number, rows: PlanPeriod[]): Promise<void> {
    const p = t.loanPlanPeriods;
    await tx.delete(p).where(and(eq(p.loanId, loanId), gte(p.period, fromPeriod)));
    if (rows.length) {
      await tx.insert(p).values(
        rows.map((x) => ({
          loanId,
          period: x.period,
          dueOn: x.dueOn,
          principalFen: x.principalFen,
          interestFen: x.interestFen,
          paymentFen: x.paymentFen,
          balanceAfterFen: x.balanceAfterFen,
        })),
      );
    }
  }

  async createLoanWithin(tx: Tx, loan: NewLoan) {
    const l = t.loanContracts;
    // A repeat of the same 放款 (the archive number is the application's serial) finds the loan it made.
    const [made] = await tx.select({ id: l.id, contractNo: l.contractNo, loanAccountNo: l.loanAccountNo }).from(l).where(eq(l.archiveNo, loan.applicationNo));
    if (made) return { loanId: made.id, contractNo: made.contractNo, loanAccountNo: made.loanAccountNo };
    // PGlite's and node-postgres' results both carry rows.
    const seq = Number(
      ((await tx.execute(sql`SELECT nextval('loan_contract_no_seq') AS seq`)) as unknown as { rows: { seq: number | string }[] }).rows[0]!.seq,
    );
    const contractNo = `${loan.issuedOn.slice(0, 4)}年网贷字${String(seq).padStart(5, '0')}号`;
    const loanAccountNo = `53070${loan.issuedOn.slice(0, 4)}${String(seq).padStart(7, '0')}`;
    const last = loan.plan[loan.plan.length - 1]!;
    const [row] = await tx
      .insert(l)
      .values({
        contractNo,
        loanAccountNo,
        borrowerMemberId: loan.borrowerMemberId,
        coBorrowerMemberId: loan.coBorrowerMemberId,
        principalFen: loan.principalFen,
        annualRatePercent: loan.annualRatePercent.toFixed(4),
        months: loan.months,
        method: loan.method,
        dayCount: '30/360',
        issuedOn: loan.issuedOn,
        maturityOn: last.dueOn,
        repaymentDay: loan.repaymentDay,
        repaymentBank: loan.repaymentBank,
        repaymentAccountNo: loan.repaymentAccountNo,
        collectionMethod: '委托银行扣收',
        status: 'repaying',
        balanceFen: loan.principalFen,
        periodsPaid: 0,
        archiveNo: loan.applicationNo,
        houseAddress: loan.houseAddress,
      })
      .returning({ id: l.id });
    const loanId = row!.id;
    await tx.insert(t.loanPlanPeriods).values(loan.plan.map((p) => ({ loanId, ...p })));
    return { loanId, contractNo, loanAccountNo };
  }

  async listRepayments(loanId: number, range: DateRange): Promise<LoanRepayment[]> {
    const r = t.loanRepayments;
    const rows = await this.db
      .select()
      .from(r)
      .where(and(eq(r.loanId, loanId), range.from ? gte(r.paidOn, range.from) : undefined, range.to ? lte(r.paidOn, range.to) : undefined))
      .orderBy(asc(r.paidOn), asc(r.id));
    return rows.map((x) => ({
      id: x.id,
      period: x.period,
      paidOn: x.paidOn,
      kind: x.kind,
      principalFen: fen(x.principalFen),
      interestFen: fen(x.interestFen),
      penaltyFen: fen(x.penaltyFen),
      amountFen: fen(x.amountFen ?? x.principalFen + x.interestFen + x.penaltyFen),
      balanceAfterFen: fen(x.balanceAfterFen),
      reference: x.reference,
    }));
  }

  async listPlan(loanId: number, range: DateRange): Promise<PlanPeriod[]> {
    const p = t.loanPlanPeriods;
    const rows = await this.db
      .select()
      .from(p)
      .where(and(eq(p.loanId, loanId), range.from ? gte(p.dueOn, range.from) : undefined, range.to ? lte(p.dueOn, range.to) : undefined))
      .orderBy(asc(p.period));
    return rows.map((x) => ({
      period: x.period,
      dueOn: x.dueOn,
      principalFen: fen(x.principalFen),
      interestFen: fen(x.interestFen),
      paymentFen: fen(x.paymentFen),
      balanceAfterFen: fen(x.balanceAfterFen),
    }));
  }

  async listOverdue(loanId: number): Promise<OverdueRecord[]> {
    const o = t.loanOverdueRecords;
    const rows = await this.db.select().from(o).where(eq(o.loanId, loanId)).orderBy(asc(o.period));
    return rows.map((x) => ({
      period: x.period,
      dueOn: x.dueOn,
      principalFen: fen(x.principalFen),
      interestFen: fen(x.interestFen),
      penaltyFen: fen(x.penaltyFen),
      overdueDays: x.overdueDays,
      repaidOn: x.repaidOn,
    }));
  }

  async listLoanProgress(memberId: number): Promise<LoanProgress[]> {
    const rows = await this.db
      .select()
      .from(t.loanApplicationProgress)
      .where(eq(t.loanApplicationProgress.memberId, memberId))
      .orderBy(asc(t.loanApplicationProgress.appliedOn));
    return rows.map((x) => ({
      applicationNo: x.applicationNo,
      contractNo: x.contractNo,
      amountFen: fen(x.amountFen),
      months: x.months,
      appliedOn: x.appliedOn,
      currentNode: x.currentNode,
      nodes: x.nodes,
    }));
  }

  async listCounterRegistrations(memberId: number): Promise<CounterRegistration[]> {
    const rows = await this.db.select().from(t.counterRegistrations).where(eq(t.counterRegistrations.memberId, memberId));
    const opt = (v: number | null): Fen | null => (v === null ? null : fen(v));
    return rows.map((x) => ({
      kind: x.kind,
      registeredOn: x.registeredOn,
      contractNo: x.contractNo,
      counterparty: x.counterparty,
      amountFen: opt(x.amountFen),
      balanceFen: opt(x.balanceFen),
      intervalMonths: x.intervalMonths,
      limitFen: opt(x.limitFen),
      lastWithdrawalOn: x.lastWithdrawalOn,
    }));
  }

  async listOutlets(): Promise<Outlet[]> {
    return this.db.select().from(t.outlets).orderBy(asc(t.outlets.id));
  }

  async listHousingProjects(nameContains?: string): Promise<HousingProject[]> {
    const q = nameContains?.trim();
    return this.db
      .select()
      .from(t.housingProjects)
      .where(q ? ilike(t.housingProjects.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined)
      .orderBy(asc(t.housingProjects.id));
  }

  async listInterestRates(): Promise<InterestRate[]> {
    const rows = await this.db.select().from(t.interestRates).orderBy(asc(t.interestRates.kind), asc(t.interestRates.effectiveOn));
    return rows.map((r) => ({ kind: r.kind, annualRatePercent: Number(r.annualRatePercent), effectiveOn: r.effectiveOn }));
  }
}

type LedgerRow = Omit<typeof t.ledgerEntries.$inferSelect, 'accountId' | 'createdAt'>;
/** A row of ledgerPage: the range's count and sums, with a page row or (an empty page) nulls. */
type LedgerPageRow = { n: number; deposits: number; withdrawals: number; firstOn: string | null; lastOn: string | null } & (
  { [K in keyof LedgerRow]: LedgerRow[K] } | { [K in keyof LedgerRow]: null }
);

/** A row of loanRows: the contract, its plan's summary and (asked with a day) its next period; numeric and bigint as the driver gives them. */
interface LoanRow {
  id: number;
  contractNo: string;
  loanAccountNo: string;
  borrowerMemberId: number;
  coBorrowerMemberId: number | null;
  principalFen: number | string;
  annualRatePercent: number | string;
  months: number;
  method: CoreLoan['method'];
  dayCount: CoreLoan['dayCount'];
  issuedOn: IsoDate;
  maturityOn: IsoDate;
  repaymentDay: number;
  repaymentBank: string;
  repaymentAccountNo: string;
  collectionMethod: string;
  status: CoreLoan['status'];
  balanceFen: number | string;
  periodsPaid: number;
  archiveNo: string | null;
  houseAddress: string | null;
  loanNo: string | null;
  loanType: CoreLoan['loanType'];
  settledOn: IsoDate | null;
  planPeriods: number | null;
  planFinalDueOn: IsoDate | null;
  currentPaymentFen: number | string | null;
  nextPeriod: number | null;
  nextDueOn: IsoDate | null;
  nextPaymentFen: number | string | null;
}

function toLoan(l: LoanRow, memberId: number): CoreLoan {
  return {
    id: Number(l.id),
    contractNo: l.contractNo,
    loanAccountNo: l.loanAccountNo,
    borrowerMemberId: Number(l.borrowerMemberId),
    coBorrowerMemberId: l.coBorrowerMemberId === null ? null : Number(l.coBorrowerMemberId),
    role: Number(l.borrowerMemberId) === memberId ? 'borrower' : 'co-borrower',
    principalFen: fen(Number(l.principalFen)),
    annualRatePercent: Number(l.annualRatePercent),
    months: l.months,
    method: l.method,
    dayCount: l.dayCount,
    issuedOn: l.issuedOn,
    maturityOn: l.maturityOn,
    repaymentDay: l.repaymentDay,
    repaymentBank: l.repaymentBank,
    repaymentAccountNo: l.repaymentAccountNo,
    collectionMethod: l.collectionMethod,
    status: l.status,
    balanceFen: fen(Number(l.balanceFen)),
    periodsPaid: l.periodsPaid,
    archiveNo: l.archiveNo,
    houseAddress: l.houseAddress,
    loanNo: l.loanNo ?? l.contractNo,
    loanType: l.loanType,
    settledOn: l.settledOn,
    currentPaymentFen: l.currentPaymentFen == null ? null : fen(Number(l.currentPaymentFen)),
    planPeriods: l.planPeriods ?? null,
    planFinalDueOn: l.planFinalDueOn ? String(l.planFinalDueOn).slice(0, 10) : null,
  };
}

function toMember(row: { m: typeof t.members.$inferSelect; e: { code: string | null; name: string | null; accountNo: string | null } | null }): CoreMember {
  const m = row.m;
  return {
    id: m.id,
    name: m.name,
    idNumberMasked: m.idNumberMasked,
    phoneMasked: m.phoneMasked,
    gender: m.gender,
    birthDate: m.birthDate,
    maritalStatus: m.maritalStatus,
    spouseMemberId: m.spouseMemberId,
    education: m.education,
    occupation: m.occupation,
    title: m.title,
    position: m.position,
    address: m.address,
    postalCode: m.postalCode,
    householdMonthlyIncomeFen: m.householdMonthlyIncomeFen === null ? null : fen(m.householdMonthlyIncomeFen),
    employer: row.e?.code ? { code: row.e.code, name: row.e.name!, accountNo: row.e.accountNo ?? null } : null,
    status: m.status,
    statusSince: m.statusSince,
  };
}

function toLedgerEntry(r: LedgerRow): LedgerEntry {
  return {
    id: r.id,
    postedOn: r.postedOn,
    businessType: r.businessType,
    summary: r.summary,
    amountFen: fen(r.amountFen),
    interestFen: fen(r.interestFen),
    balanceAfterFen: fen(r.balanceAfterFen),
    withdrawalReason: r.withdrawalReason,
    withdrawalMethod: r.withdrawalMethod,
    reference: r.reference,
  };
}

function toFundAccount(a: typeof t.fundAccounts.$inferSelect): CoreFundAccount {
  return {
    id: a.id,
    memberId: a.memberId,
    accountNo: a.accountNo,
    balanceFen: fen(a.balanceFen),
    depositBaseFen: fen(a.depositBaseFen),
    unitRatioPercent: a.unitRatioBp / 100,
    personalRatioPercent: a.personalRatioBp / 100,
    unitMonthlyFen: fen(a.unitMonthlyFen),
    personalMonthlyFen: fen(a.personalMonthlyFen),
    monthlyTotalFen: fen(a.unitMonthlyFen + a.personalMonthlyFen),
    paidUpTo: a.paidUpTo,
    openedOn: a.openedOn,
    bankName: a.bankName,
    bankAccountNo: a.bankAccountNo,
    status: a.status,
    closedOn: a.closedOn,
    lastWithdrawalOn: a.lastWithdrawalOn,
    firstPaidMonth: a.firstPaidMonth ?? a.openedOn.slice(0, 7).replace('-', ''),
  };
}
