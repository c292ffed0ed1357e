/**
 * Issue 18, "figures that disagree": each figure as the manuals print it (004 我的贷款 / 3.2 / 3.4 / 3.6, 003 5.1.2,
 * 000 (三)), read through the API as the mini-program and the official account read it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { coreTitle, cores, startTestServer, type TestServer } from './helpers/server.js';
import { waitFor } from './helpers/wechat.js';
import { auth, login } from './workflow-helpers.js';
import { officialAccountMenu } from '../src/wechat/menu.js';
import { addDays } from '../src/shared/dates.js';

for (const target of targets())
  for (const core of cores(target)) {
    describe(`issue 18: the manuals' figures on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      const tokens: Record<string, string> = {};
      const get = (who: string, path: string) => server.json(path, { headers: auth(tokens[who]!) });

      before(async () => {
        server = await startTestServer(target, { core });
        for (const who of ['zhangJian', 'luQingyi', 'zhangRuixia', 'duanDemei'] as const) tokens[who] = await login(server, who);
      });
      after(() => server.close());

      test('张健’s 我的贷款 shows 3,312.29 a month (004), not his last instalment 3,312.33', async () => {
        const r = await get('zhangJian', '/api/me/loans');
        assert.equal(r.status, 200);
        const loan = r.body.find((l: any) => l.contractNo === '201505000000');
        assert.equal(loan.status, 'settled');
        assert.equal(loan.monthlyPaymentFen, 3312_29);
        assert.deepEqual([loan.periodsPaid, loan.totalPeriods, loan.remainingPeriods], [108, 108, 0]);
      });

      test('卢青怡’s loan list shows the plan’s remaining periods and end after her prepayment (000 (三)), as 还款计划 does', async () => {
        const [loan] = (await get('luQingyi', '/api/me/loans')).body;
        assert.equal(loan.months, 240);
        assert.equal(loan.maturityOn, '2034-11-13', 'the contract’s own end stays');
        const plan = (await get('luQingyi', `/api/me/loans/${encodeURIComponent(loan.contractNo)}/plan`)).body;
        assert.ok(plan.items.length > 0 && plan.items.length < 240 - 144);
        assert.equal(loan.remainingPeriods, plan.items.length, '剩余期数 = the plan’s rows still to pay');
        assert.equal(loan.finalDueOn, plan.items.at(-1).dueOn, '到期 = the plan’s last due date');
        assert.equal(loan.totalPeriods, loan.periodsPaid + loan.remainingPeriods);
        assert.ok(loan.totalPeriods < 240);
        assert.equal(loan.monthlyPaymentFen, plan.items[0].paymentFen);
      });

      test('张瑞霞’s 2017-01-01 … 2017-03-15: the six rows of 004 3.2, a property fee as 物业管理费; her balance stays 15,360.98', async () => {
        const r = await get('zhangRuixia', '/api/me/ledger?from=2017-01-01&to=2017-03-15');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.total, 6);
        // Newest first, as the mini-program lists them; the manual lists the same rows oldest first.
        assert.deepEqual(
          r.body.items.reverse().map((e: any) => [e.postedOn, e.businessType, e.amountFen, e.interestFen, e.withdrawalReason, e.withdrawalMethod]),
          [
            ['2017-02-27', '部分提取', -10_00, 0, '偿还购房贷款本息', '现金提取'],
            ['2017-02-28', '公积金提取还款', -10_00, 0, '偿还购房贷款本息', '其他'],
            ['2017-02-28', '部分提取', -2_22, 0, '偿还购房贷款本息', '现金提取'],
            ['2017-02-28', '部分提取', -2_89, 0, '物业管理费', '现金提取'],
            ['2017-03-01', '部分提取', -10_00, 0, '偿还购房贷款本息', '现金提取'],
            ['2017-03-01', '公积金提取还款', -50_00, 0, '偿还购房贷款本息', '其他'],
          ],
        );
        assert.deepEqual(r.body.totals, { depositsFen: 0, withdrawalsFen: 85_11 });
        assert.equal((await get('zhangRuixia', '/api/me/account')).body.balanceFen, 15360_98);
      });

      test('a property-fee withdrawal is labelled 物业管理费 in the ledger (004 3.2), not 其他', async () => {
        const r = await get('duanDemei', '/api/me/ledger?from=2000-01-01&pageSize=50');
        const fee = r.body.items.filter((e: any) => e.summary.includes('物业费'));
        assert.equal(fee.length, 1);
        assert.equal(fee[0].withdrawalReason, '物业管理费');
      });

      test('the calculator’s rows add up to 003’s totals; 剩余本金 beside 003’s 贷款余额 (the total still to repay)', async () => {
        const r = await server.json('/api/public/tools/loan-calculator', {
          method: 'POST',
          json: { method: 'equal-installment', principalFen: 25_000_000, months: 360, annualRatePercent: 3.25 },
        });
        assert.equal(r.status, 200);
        const rows: any[] = r.body.schedule;
        const sum = (k: string) => rows.reduce((s, x) => s + x[k], 0);
        assert.equal(r.body.totalPaymentFen, 391685_69, '003: 39.17万');
        assert.equal(sum('principalFen'), 25_000_000);
        assert.equal(sum('interestFen'), r.body.totalInterestFen);
        assert.equal(sum('paymentFen'), r.body.totalPaymentFen);
        assert.equal(rows.filter((x) => x.principalFen + x.interestFen !== x.paymentFen).length, 0);
        assert.deepEqual(
          [rows[0].principalFen, rows[0].interestFen, rows[0].principalBalanceFen, rows[0].remainingFen],
          [410_93, 677_08, 249589_07, 390597_67],
        );
        assert.equal(rows.at(-1).principalBalanceFen, 0);
      });

      test('a settled loan’s plan says so (004 3.4, 3.6), and so does one not issued yet', async () => {
        const settled = await get('zhangJian', '/api/me/loans/201505000000/plan');
        assert.equal(settled.status, 200);
        assert.deepEqual(settled.body.items, []);
        assert.equal(settled.body.message, '此合同【201505000000】的贷款已结清');

        // A contract signed but not yet paid out (the core books it before 放款).
        const [jian] = await server.coreDatabase.query<{ id: number }>(`SELECT id FROM members WHERE name = '张健'`);
        await server.coreDatabase.query(
          `INSERT INTO loan_contracts (contract_no, loan_account_no, borrower_member_id, principal_fen, annual_rate_percent, months, method,
          day_count, issued_on, maturity_on, repayment_day, repayment_bank, repayment_account_no, collection_method, status, balance_fen, periods_paid)
        VALUES ('DK-NOT-ISSUED-1', '3100000000199', $1, 10000000, 3.1, 120, 'equal-installment', '30/360', '2099-01-10', '2109-01-10', 10,
          '中国工商银行', '6212262505004445556', '委托银行扣收', 'repaying', 10000000, 0)`,
          [jian!.id],
        );
        const pending = await get('zhangJian', '/api/me/loans/DK-NOT-ISSUED-1/plan');
        assert.equal(pending.status, 200, JSON.stringify(pending.body));
        assert.equal(pending.body.message, '此合同【DK-NOT-ISSUED-1】的贷款未发放');
        assert.equal((await get('luQingyi', '/api/me/loans/DK-NOT-ISSUED-1/plan')).status, 404, 'still only the borrower’s');
      });

      test('the menu’s 缴存明细 opens the ledger page', () => {
        const menu = officialAccountMenu({ mpAppId: 'wxmp', publicBaseUrl: 'https://hpf.example.cn' });
        const item = menu.flatMap((b: any) => b.sub_button ?? []).find((b: any) => b.name === '缴存明细');
        assert.equal(item.pagepath, 'pages/mine/account/ledger/index');
      });

      test('a repayment reminder is a loan notice: it opens the loan page with its contract, not an application', async () => {
        const overview = (await get('duanDemei', '/api/me/overview')).body;
        const due = overview.loans.nextDue;
        const ran = await server.loanJobs.runOnce.repaymentReminders(addDays(due.dueOn, -3));
        assert.ok(!ran.skipped && ran.result > 0);
        const rows = await server.database.query<{ notice: string; reference: string }>(`SELECT notice, reference FROM wechat_outbox WHERE reference = $1`, [
          `loan:${due.contractNo}`,
        ]);
        assert.ok(rows.length > 0 && rows.every((x) => x.notice === 'loan'), JSON.stringify(rows));
        await waitFor(
          () =>
            server.emulators
              .wechat!.control.sentMessages({ kind: 'template', touser: 'oDEMO_duandemei' })
              .some((m) => m.miniprogram?.pagepath === `pages/mine/loans/list/index?contractNo=${encodeURIComponent(due.contractNo)}`),
          10_000,
          'the reminder opens the loan page',
        );
        const sent = server.emulators.wechat!.control.sentMessages({ kind: 'template', touser: 'oDEMO_duandemei' }).at(-1)!;
        assert.equal(sent.data['character_string1']?.value, due.contractNo);
        assert.doesNotMatch(sent.miniprogram?.pagepath ?? '', /application/);
      });
    });
  }
