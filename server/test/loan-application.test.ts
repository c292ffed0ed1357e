/**
 * D4 贷款申请 online (004 1.3, 3.3; issue 18 point 1), over HTTP: the live trial with the center's limits, the
 * application with materials and the repayment card, the console's 受理 → 审批 → 签约 → 放款 (four people), B8's nodes
 * following it, and the loan in B4 with its plan from loans/math.ts after 放款.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { cores, coreTitle, startTestServer, type TestServer } from './helpers/server.js';
import { bookedSchedule } from '../src/shared/loan-math.js';
import { addMonths } from '../src/shared/dates.js';
import { apply, approveAll, auth, bindCard, confirm, decide, LOAN_FORM, login, staffLogin, withLuhn } from './workflow-helpers.js';

for (const target of targets()) {
  for (const core of cores(target)) {
    describe(`D4 贷款申请 on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(target, { core });
      });
      after(() => server.close());

      const trial = (token: string, body: Record<string, unknown>) =>
        server.json('/api/me/loan-application/trial', { method: 'POST', headers: auth(token), json: body });
      const rateOf = async (kind: string) => {
        const r = await server.json('/api/public/tools/interest-rates');
        return (r.body.current as any[]).find((x) => x.kind === kind).annualRatePercent as number;
      };
      const terms = ({ houseAddress: _a, houseAreaSqm: _s, ...t }: typeof LOAN_FORM) => t;

      test('卢天鹏 applies: the trial holds the limits, four staff decide, B8 follows and the loan shows in B4 with its plan', async () => {
        const lu = await login(server, 'luTianpeng');
        const setup = await server.json('/api/me/loan-application', { headers: auth(lu) });
        assert.equal(setup.status, 200, JSON.stringify(setup.body));
        assert.equal(setup.body.applicant.name, '卢天鹏');
        assert.equal(setup.body.applicant.balanceFen, 691_466);
        assert.equal(setup.body.spouse, null, 'unmarried');

        // 6,914.66 × 15 = 103,719.90: 150,000 is too much; the reason names the limit.
        const tooMuch = await trial(lu, { ...terms(LOAN_FORM), amountFen: 15_000_000 });
        assert.equal(tooMuch.status, 200, JSON.stringify(tooMuch.body));
        assert.equal(tooMuch.body.ok, false);
        assert.match(tooMuch.body.problems[0], /账户余额6,914.66元的15倍（103,719.00元）/);
        assert.equal(tooMuch.body.maxAmountFen, 10_371_900);
        assert.equal(tooMuch.body.checks.find((c: any) => c.key === 'balance').ok, false);

        const rate = await rateOf('loan_first_gt5');
        const ok = await trial(lu, terms(LOAN_FORM));
        assert.equal(ok.body.ok, true, JSON.stringify(ok.body.problems));
        assert.equal(ok.body.annualRatePercent, rate);
        const today = server.clock.today();
        const expected = bookedSchedule({
          method: 'equal-installment',
          principalFen: 10_000_000,
          months: 240,
          annualRatePercent: rate,
          firstDueDate: addMonths(today, 1, 26),
          repaymentDay: 26,
          accrualStartDate: today,
        });
        assert.equal(ok.body.firstPaymentFen, expected.rows[0]!.paymentFen);
        assert.equal(ok.body.totalInterestFen, expected.totalInterestFen);

        // Repayment capacity: 3,000 a month cannot carry 100,000 over 5 years (≈ 1,790 > 1,500).
        const poor = await trial(lu, { ...terms(LOAN_FORM), months: 60, monthlyIncomeFen: 300_000 });
        assert.equal(poor.body.ok, false);
        assert.match(poor.body.problems.join(''), /超过家庭月收入的50%（1,500.00元）/);

        // Submitting what the trial refuses is refused with the same reason; the draft stays to be corrected.
        await bindCard(server, lu, '卢天鹏', withLuhn('622848000000987654'), 'ABC');
        const refused = await apply(server, lu, 'loanApplication', { ...LOAN_FORM, amountFen: 15_000_000 });
        assert.equal(refused.status, 409, JSON.stringify(refused.body));
        assert.equal(refused.body.code, 'LOAN_LIMIT_EXCEEDED');
        assert.match(refused.body.message, /15倍/);
        const [draft] = await server.database.query<{ serial_no: string }>(
          "SELECT serial_no FROM applications WHERE kind = 'loanApplication' AND status = 'draft'",
        );
        const serialNo = draft!.serial_no;
        const patched = await server.json(`/api/me/applications/${serialNo}`, { method: 'PATCH', headers: auth(lu), json: { form: LOAN_FORM } });
        assert.equal(patched.status, 200, JSON.stringify(patched.body));
        const confirmationToken = await confirm(server, lu, patched.body);
        const submitted = await server.json(`/api/me/applications/${serialNo}/submit`, { method: 'POST', headers: auth(lu), json: { confirmationToken } });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body) + server.logLines.filter((l) => l.includes('"level":50')).join('\n'));
        assert.equal(submitted.body.status, 'in_review');
        assert.equal(submitted.body.currentNodeLabel, '受理');
        assert.equal(submitted.body.bankCard.cardNoMasked.slice(-3), withLuhn('622848000000987654').slice(-3));

        // The console: 受理 is 和晓梅's; the loan nodes are not 赵文斌's (withdrawals only).
        const chushen = await staffLogin(server, 'chushen');
        const queue = await server.json('/api/staff/review/queue?node=acceptance', { headers: auth(chushen) });
        assert.equal(queue.status, 200, JSON.stringify(queue.body));
        const row = (queue.body.items as any[]).find((i) => i.serialNo === serialNo);
        assert.equal(row.nodeLabel, '受理');
        const detail = await server.json(`/api/staff/applications/${serialNo}`, { headers: auth(chushen) });
        const fields = Object.fromEntries((detail.body.formFields as any[]).map((f) => [f.label, f.value]));
        assert.equal(fields['申请贷款金额（元）'], '100,000.00');
        assert.equal(fields['还款方式'], '等额本息');
        assert.equal(fields['第二套住房'], '否');
        assert.equal(fields['贷款年利率（%）'], String(rate));
        const shenhe = await staffLogin(server, 'shenhe');
        const notHis = await decide(server, shenhe, serialNo, 'approve');
        assert.equal(notHis.status, 403, JSON.stringify(notHis.body));

        assert.equal((await decide(server, chushen, serialNo, 'approve')).status, 200);
        const b8 = async () => ((await server.json('/api/me/loan-progress', { headers: auth(lu) })).body as any[]).find((p) => p.applicationNo === serialNo);
        const accepted = await b8();
        assert.deepEqual(
          accepted.nodes.map((n: any) => [n.node, n.handler]),
          [
            ['任务发起人', '卢天鹏'],
            ['受理', '和晓梅'],
          ],
        );
        assert.equal(accepted.currentNode, '审批中');
        assert.equal(accepted.finished, false);
        assert.equal(accepted.amountFen, 10_000_000);

        // The same person never passes two nodes: 和晓梅 may not also 审批 (nor is it her node).
        assert.equal((await decide(server, chushen, serialNo, 'approve')).status, 403);
        await approveAll(server, serialNo, ['fushen', 'zhongshen']);
        assert.equal((await b8()).currentNode, '放款中');
        const paid = await decide(server, await staffLogin(server, 'fangkuan'), serialNo, 'approve');
        assert.equal(paid.status, 200, JSON.stringify(paid.body));
        if (core === 'external') {
          // The center's core books the contract: 放款中 until it says done (core/protocol.ts loan_disbursement).
          assert.equal(paid.body.status, 'approved');
          assert.match(paid.body.feedback, /^放款中/);
          for (let waited = 0; (await b8()).finished !== true; waited += 200) {
            assert.ok(waited < 20_000, 'the core books the loan');
            await new Promise((r) => setTimeout(r, 200));
          }
        } else assert.equal(paid.body.status, 'paid');

        const done = await b8();
        assert.equal(done.finished, true);
        assert.equal(done.currentNode, '贷款发放');
        assert.deepEqual(
          done.nodes.map((n: any) => n.node),
          ['任务发起人', '受理', '审批', '签约', '放款', core === 'external' ? '中心入账' : '银行付款'],
        );
        assert.match(done.contractNo, /^\d{4}年网贷字\d{5}号$/);

        // B4: the new contract, and its plan as loans/math.ts books it.
        const loans = (await server.json('/api/me/loans', { headers: auth(lu) })).body as any[];
        const loan = loans.find((l) => l.contractNo === done.contractNo);
        assert.ok(loan, JSON.stringify(loans));
        assert.equal(loan.principalFen, 10_000_000);
        assert.equal(loan.balanceFen, 10_000_000);
        assert.equal(loan.months, 240);
        assert.equal(loan.annualRatePercent, rate);
        assert.equal(loan.monthlyPaymentFen, expected.rows[0]!.paymentFen);
        assert.equal(loan.maturityOn, expected.rows[239]!.dueDate);
        const plan = await server.json(`/api/me/loans/${encodeURIComponent(done.contractNo)}/plan`, { headers: auth(lu) });
        assert.equal(plan.status, 200, JSON.stringify(plan.body));
        assert.equal(plan.body.items.length, 240);
        assert.deepEqual(
          plan.body.items.map((p: any) => [p.dueOn, p.paymentFen]),
          expected.rows.map((r) => [r.dueDate, r.paymentFen]),
        );

        // A second application is refused: the family now has a loan not settled.
        const again = await server.json('/api/me/loan-application/trial', { method: 'POST', headers: auth(lu), json: terms(LOAN_FORM) });
        assert.match(again.body.problems.join(''), /未结清的住房公积金贷款/);
        const notices = await server.json('/api/me/notifications', { headers: auth(lu) });
        assert.ok(JSON.stringify(notices.body).includes(`贷款已发放，借款合同编号${done.contractNo}`));
      });

      test('张健 has used a fund loan: a second home at the second-home rate and 60 % of the price', async () => {
        const zhang = await login(server, 'zhangJian');
        const asFirst = await trial(zhang, terms(LOAN_FORM));
        assert.equal(asFirst.body.ok, false);
        assert.match(asFirst.body.problems.join(''), /请按第二套住房申请/);
        const second = await trial(zhang, { ...terms(LOAN_FORM), secondHome: true, housePriceFen: 15_000_000 });
        assert.equal(second.body.annualRatePercent, await rateOf('loan_second_gt5'));
        assert.equal(second.body.checks.find((c: any) => c.key === 'price').limit, '90,000.00元');
        assert.equal(second.body.ok, false, '100,000 > 60 % of 150,000');
        assert.match(second.body.problems.join(''), /第二套住房贷款金额不得超过房价的60%（90,000.00元）/);
      });

      test('age + term ≤ 70, a retired member and a family with a loan are refused in Chinese', async () => {
        const gao = await login(server, 'gaoZhenhua'); // born 1979-06-22: 47 on 2026-11-26
        const long = await trial(gao, { ...terms(LOAN_FORM), months: 360 });
        assert.match(long.body.problems.join(''), /年龄与贷款期限之和不得超过70年，请缩短贷款期限（最长23年）/);
        assert.equal((await trial(gao, { ...terms(LOAN_FORM), months: 276 })).body.checks.find((c: any) => c.key === 'ageTerm').ok, true);

        const he = await login(server, 'heLihua');
        const retired = await server.json('/api/me/applications', {
          method: 'POST',
          headers: auth(he),
          json: { kind: 'loanApplication', form: LOAN_FORM, channel: 'mini-program' },
        });
        assert.equal(retired.status, 409, JSON.stringify(retired.body));
        assert.equal(retired.body.code, 'NOT_ELIGIBLE');
        assert.match(retired.body.message, /正常连续缴存/);

        // 段德梅 and 李国强 are listed once each: the spouse is shown (masked), and their shared loan blocks another.
        const duan = await login(server, 'duanDemei');
        const setup = await server.json('/api/me/loan-application', { headers: auth(duan) });
        assert.equal(setup.body.spouse.name, '**强');
        assert.equal(setup.body.openLoans, 1);
        const withSpouse = await trial(duan, { ...terms(LOAN_FORM), spouseCoBorrower: true });
        assert.match(withSpouse.body.problems[0], /未结清的住房公积金贷款/);
      });

      test('the limits are the settings table: a center that lowers the multiple sees it in the next trial', async () => {
        const lu = await login(server, 'gaoZhenhua');
        const before = await trial(lu, { ...terms(LOAN_FORM), months: 120 });
        await server.database.query("UPDATE loan_application_settings SET value = 10 WHERE key = 'balance_multiple'");
        try {
          const afterwards = await trial(lu, { ...terms(LOAN_FORM), months: 120 });
          assert.equal(before.body.checks.find((c: any) => c.key === 'balance').label, '账户余额的15倍');
          assert.equal(afterwards.body.checks.find((c: any) => c.key === 'balance').label, '账户余额的10倍');
          assert.equal(afterwards.body.checks.find((c: any) => c.key === 'balance').limit, '238,562.00元'); // 23,856.20 × 10
        } finally {
          await server.database.query("UPDATE loan_application_settings SET value = 15 WHERE key = 'balance_multiple'");
        }
      });
    });
  }
}
