import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import type { Database } from '../src/db/client.js';
import { idNumberProblem } from '../src/shared/id-number.js';
import { monthsBetween } from '../src/shared/dates.js';
import { freshDatabase, SEED_AS_OF, targets, testCipher, type TestDatabase } from './helpers/database.js';
import { yuanToFen } from '../src/shared/money.js';

for (const target of targets()) {
  describe(`the demo center on ${target} (seeded as of ${SEED_AS_OF})`, () => {
    let fresh: TestDatabase;
    let db: Database;
    let core: BuiltinCore;
    before(async () => {
      fresh = await freshDatabase(target, { seeded: true });
      db = await fresh.open();
      core = new BuiltinCore(db, testCipher());
    });
    after(async () => {
      await db.close();
      await fresh.cleanup();
    });
    const member = async (idOrName: string) => {
      const byId = await core.findMemberByIdNumber(idOrName);
      if (byId) return byId;
      const [row] = await db.query<{ id: number }>('SELECT id FROM members WHERE name = $1', [idOrName]);
      assert.ok(row, `${idOrName} is in the demo data`);
      return (await core.getMember(row.id))!;
    };

    test('卢青怡 is found by the manual’s ID number and phone, with the manual’s account fields (000 (二))', async () => {
      const m = await core.findMemberByIdNumber('530123199907242329');
      assert.ok(m);
      assert.equal(m.name, '卢青怡');
      assert.equal(m.idNumberMasked, '530123********2329');
      assert.equal((await core.findMemberByPhone('13999991111'))?.id, m.id);
      assert.deepEqual(await core.revealContact(m.id), { idNumber: '530123199907242329', phone: '13999991111' });
      assert.equal(m.address, '家湾村55号');
      assert.equal(m.householdMonthlyIncomeFen, 891500);
      assert.equal(m.employer?.code, '530724000151');
      const a = (await core.getFundAccount(m.id))!;
      assert.deepEqual(
        [
          a.bankName,
          a.bankAccountNo,
          a.depositBaseFen,
          a.unitRatioPercent,
          a.personalRatioPercent,
          a.unitMonthlyFen,
          a.personalMonthlyFen,
          a.monthlyTotalFen,
          a.status,
        ],
        ['中国农业银行', '1400770000000012', 586600, 12, 12, 70400, 70400, 140800, 'normal'],
      );
    });

    test('卢青怡’s 2016-07 … 2017-06 ledger is the manual’s table to the fen', async () => {
      const m = await member('卢青怡');
      const { entries } = await core.listLedger(m.id, { from: '2016-07-01', to: '2017-06-30' }, { limit: 100, offset: 0 });
      const rows = entries.map((e) => [e.postedOn.replaceAll('-', ''), e.summary, e.amountFen, e.balanceAfterFen]);
      const manual = [
        ['20170630', '公积金结息', '467.04', '40141.53'],
        ['20170621', '汇缴201706', '1392', '39674.49'],
        ['20170524', '汇缴201705', '1392', '38282.49'],
        ['20170427', '汇缴201704', '1392', '36890.49'],
        ['20170317', '汇缴201703', '1392', '35498.49'],
        ['20170214', '汇缴201702', '1392', '34106.49'],
        ['20170207', '汇缴201701', '1392', '32714.49'],
        ['20170113', '汇缴201612', '1316', '31322.49'],
        ['20161122', '汇缴201611', '1316', '30006.49'],
        ['20161026', '汇缴201610', '1316', '28690.49'],
        ['20160930', '汇缴201609', '1140', '27374.49'],
        ['20160825', '汇缴201608', '1110', '26234.49'],
        ['20160707', '汇缴201607', '1110', '25124.49'],
        ['20160701', '上年结转', '0', '24014.49'],
      ]
        .reverse()
        .map(([d, s, amt, bal]) => [d, s, yuanToFen(amt!), yuanToFen(bal!)]);
      assert.deepEqual(rows, manual);
    });

    test('卢青怡’s 等额本金 loan: 1,310.10 with 114,500 outstanding, 1,304.69 with 112,500; 46 periods and 102,500 after 2018-09 (000 (三))', async () => {
      const m = await member('卢青怡');
      const [loan] = await core.listLoans(m.id);
      assert.ok(loan);
      assert.deepEqual(
        [
          loan.contractNo,
          loan.loanAccountNo,
          loan.principalFen,
          loan.annualRatePercent,
          loan.months,
          loan.method,
          loan.issuedOn,
          loan.maturityOn,
          loan.repaymentDay,
        ],
        ['2014年委农字17609号', '5307240013928101', 24000000, 3.25, 240, 'equal-principal', '2014-11-13', '2034-11-13', 13],
      );
      const y2017 = await core.listRepayments(loan.id, { from: '2017-01-01', to: '2017-12-31' });
      assert.equal(y2017.length, 12);
      const oct = y2017.find((r) => r.paidOn === '2017-10-13')!;
      assert.deepEqual([oct.principalFen, oct.interestFen, oct.amountFen, oct.balanceAfterFen], [100000, 31010, 131010, 11350000]);
      const dec = y2017.find((r) => r.paidOn === '2017-12-13')!;
      assert.deepEqual([dec.amountFen, dec.balanceAfterFen], [130469, 11150000]);
      assert.ok(
        y2017.some((r) => r.paidOn === '2017-05-15') && y2017.some((r) => r.paidOn === '2017-08-14'),
        'weekend due dates are debited on Monday, as in the manual',
      );
      const upTo2018Sep = await core.listRepayments(loan.id, { to: '2018-09-30' });
      const regular = upTo2018Sep.filter((r) => r.period !== null);
      assert.equal(regular.length, 46);
      assert.equal(upTo2018Sep[upTo2018Sep.length - 1]!.balanceAfterFen, 10250000);
    });

    test('段德梅 and 李国强 are married and share one loan; 002’s figures hold today', async () => {
      const d = await member('段德梅');
      const l = await member('李国强');
      assert.equal(d.spouseMemberId, l.id);
      assert.equal(l.spouseMemberId, d.id);
      assert.equal((await core.getFundAccount(d.id))!.balanceFen, 3092143);
      const [loanD] = await core.listLoans(d.id);
      const [loanL] = await core.listLoans(l.id);
      assert.equal(loanD!.id, loanL!.id);
      assert.equal(loanD!.role, 'borrower');
      assert.equal(loanL!.role, 'co-borrower');
      assert.equal(loanD!.principalFen, 29000000);
      assert.equal(loanD!.balanceFen, 18716754);
      assert.ok(loanD!.periodsPaid >= 12, 'C12 needs 12 periods repaid');
      const lastYear = await core.listRepayments(loanD!.id, { from: '2025-01-01', to: '2025-12-31' });
      const repaid = lastYear.filter((r) => r.kind !== 'prepayment').reduce((s, r) => s + r.amountFen, 0);
      assert.equal(Math.floor(repaid / 10000) * 10000, 2450000, '002: 24,500 may be withdrawn against last year’s repayments');
    });

    test('高振华 and 卢天鹏 carry 002’s balances and their counter registrations', async () => {
      const g = await member('高振华');
      assert.equal((await core.getFundAccount(g.id))!.balanceFen, 2385620);
      const [reg] = await core.listCounterRegistrations(g.id);
      assert.deepEqual([reg!.kind, reg!.amountFen, reg!.balanceFen], ['commercial_loan', 18000000, 5414055]);
      const t = await member('卢天鹏');
      const acc = (await core.getFundAccount(t.id))!;
      assert.equal(acc.balanceFen, 691466);
      assert.equal(acc.bankAccountNo, '6223691095732628');
      assert.equal((await core.listCounterRegistrations(t.id))[0]!.kind, 'purchase');
    });

    test('张瑞霞’s plan shows 004 3.6 to the fen; 张健’s 300,000 loan of 004 is settled', async () => {
      const z = await member('张瑞霞');
      const acc = (await core.getFundAccount(z.id))!;
      assert.deepEqual(
        [acc.balanceFen, acc.depositBaseFen, acc.unitRatioPercent, acc.personalRatioPercent, acc.unitMonthlyFen, acc.personalMonthlyFen],
        [1536098, 180800, 10, 10, 18080, 18080],
      );
      const [loan] = await core.listLoans(z.id);
      assert.equal(loan!.contractNo, '01201702090019');
      const plan = await core.listPlan(loan!.id, { from: '2017-01-01', to: '2017-12-31' });
      assert.deepEqual(
        plan.map((p) => `${p.dueOn} ${p.principalFen} ${p.interestFen} ${p.paymentFen}`),
        [
          '2017-04-09 56771 27307 84078',
          '2017-05-09 56928 27150 84078',
          '2017-06-09 57084 26994 84078',
          '2017-07-09 57241 26837 84078',
          '2017-08-09 57399 26679 84078',
          '2017-09-09 57556 26522 84078',
          '2017-10-09 57715 26363 84078',
          '2017-11-09 57873 26205 84078',
          '2017-12-09 58033 26045 84078',
        ],
      );
      const j = await member('张健');
      const [settled] = await core.listLoans(j.id);
      assert.deepEqual([settled!.contractNo, settled!.principalFen, settled!.status, settled!.balanceFen], ['201505000000', 30000000, 'settled', 0]);
      const [first] = await core.listRepayments(settled!.id, { to: '2015-05-31' });
      assert.equal(first!.amountFen, 331229, '004: 正常还款 3,312.29');
    });

    test('the special cases: retired, employment ended 7 months ago, closed account', async () => {
      const retired = await member('和丽华');
      assert.equal(retired.status, 'retired');
      assert.equal((await core.listLoans(retired.id)).length, 0);
      const ended = await member('木文军');
      assert.equal(ended.status, 'employment_ended');
      assert.equal(monthsBetween(ended.statusSince!, SEED_AS_OF), 7);
      assert.equal((await core.getFundAccount(ended.id))!.status, 'suspended');
      const closed = await member('杨秀英');
      assert.equal(closed.status, 'closed');
      const acc = (await core.getFundAccount(closed.id))!;
      assert.equal(acc.status, 'closed');
      assert.equal(acc.balanceFen, 0);
      const { entries } = await core.listLedger(closed.id, {}, { limit: 500, offset: 0 });
      assert.equal(entries[entries.length - 1]!.businessType, 'closing_withdrawal');
    });

    test('reference data: 6 outlets with coordinates, the manual’s 6 housing projects searchable, rate history', async () => {
      const outlets = await core.listOutlets();
      assert.ok(outlets.length >= 5);
      for (const o of outlets) assert.ok(o.latitude > 20 && o.longitude > 90 && o.phone && o.hours && o.businessTypes.length);
      const projects = await core.listHousingProjects();
      assert.deepEqual(
        projects.map((p) => p.name),
        ['云湖家园一期', '慧苑小区', '瑞景苑二期', '观海苑住宅小区', '德源领域', '保利家园一期'],
      );
      assert.deepEqual(
        (await core.listHousingProjects('家园')).map((p) => p.name),
        ['云湖家园一期', '保利家园一期'],
      );
      assert.deepEqual(await core.listHousingProjects('%'), [], 'LIKE wildcards are searched literally');
      const rates = await core.listInterestRates();
      assert.ok(rates.some((r) => r.kind === 'loan_first_gt5' && r.annualRatePercent === 3.25 && r.effectiveOn === '2015-08-26'));
    });

    test('every account: two years of monthly postings, balance = sum of its ledger, running balance consistent', async () => {
      const rows = await db.query<{ member_id: number; balance_fen: number; sum: number; n: number; months: number; bad: number }>(`
        SELECT a.member_id, a.balance_fen, coalesce(sum(e.amount_fen), 0)::bigint AS sum, count(e.id)::int AS n,
               count(DISTINCT to_char(e.posted_on, 'YYYYMM')) FILTER (WHERE e.business_type = 'regular_deposit')::int AS months,
               0 AS bad
        FROM fund_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id GROUP BY a.id`);
      assert.ok(rows.length >= 49);
      for (const r of rows) {
        assert.equal(Number(r.sum), r.balance_fen, `member ${r.member_id}`);
        if (r.balance_fen > 0 && r.member_id > 9) assert.ok(r.months >= 24, `member ${r.member_id} has ${r.months} months of deposits`);
      }
      const [chain] = await db.query<{ broken: number }>(`
        SELECT count(*)::int AS broken FROM (
          SELECT balance_after_fen - amount_fen AS before, lag(balance_after_fen, 1, 0::bigint) OVER (PARTITION BY account_id ORDER BY id) AS prev
          FROM ledger_entries) x WHERE before <> prev`);
      assert.equal(chain!.broken, 0);
    });

    test('every loan: balance = principal − repaid principal; plans end at zero; both methods present', async () => {
      const loans = await db.query<{ id: number; method: string; principal_fen: number; balance_fen: number; repaid: number; plan_end: number }>(`
        SELECT l.id, l.method, l.principal_fen, l.balance_fen,
               (SELECT coalesce(sum(principal_fen), 0) FROM loan_repayments r WHERE r.loan_id = l.id)::bigint AS repaid,
               (SELECT balance_after_fen FROM loan_plan_periods p WHERE p.loan_id = l.id ORDER BY period DESC LIMIT 1) AS plan_end
        FROM loan_contracts l`);
      assert.ok(loans.length >= 10);
      assert.ok(loans.some((l) => l.method === 'equal-installment') && loans.some((l) => l.method === 'equal-principal'));
      for (const l of loans) {
        assert.equal(l.principal_fen - Number(l.repaid), l.balance_fen, `loan ${l.id}`);
        assert.equal(l.plan_end, 0, `loan ${l.id} plan ends at zero`);
      }
      const [overdue] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM loan_overdue_records');
      assert.ok(overdue!.n > 0, 'some overdue records exist for B7');
    });

    test('every member has a valid ID number, stored encrypted', async () => {
      const rows = await db.query<{ id: number; id_number_enc: string }>('SELECT id, id_number_enc FROM members');
      const cipher = testCipher();
      for (const r of rows) {
        assert.doesNotMatch(r.id_number_enc, /^\d{17}/);
        assert.equal(idNumberProblem(cipher.decrypt(r.id_number_enc)), null, `member ${r.id}`);
      }
    });
  });
}
