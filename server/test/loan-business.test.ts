/**
 * D1 提前还本 in both modes and D3 提前结清, over HTTP: the trial agrees with shared/loan-math.ts, the application goes
 * through review, and approval posts the repayment with the new plan from the next period on; D3 settles the loan and
 * the 贷款结清证明 becomes available. On both cores: the built-in one books at the approval; an external one gets the
 * business as a request, the application rests at 审批通过 · 入账中 until the core has booked it (once).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { coreTitle, cores, startTestServer, type TestServer } from './helpers/server.js';
import { partialPrepayment } from '../src/shared/loan-math.js';
import { yuanText } from '../src/shared/money.js';
import { apply, approveAll, auth, balance, login, paidAfterApproval } from './workflow-helpers.js';

const CONTRACT = '2022年委信字05318号';
const LOAN = 18_716_754;

/** The loan's repayment rows at the core that carry this serial number (one business, booked once). */
async function repaymentsAt(server: TestServer, serialNo: string) {
  const loanId = (await server.coreDatabase.query<{ id: number }>('SELECT id FROM loan_contracts WHERE contract_no = $1', [CONTRACT]))[0]!.id;
  return await server.coreDatabase.query<{ kind: string; principal_fen: number; interest_fen: number; reference: string }>(
    'SELECT kind, principal_fen::int, interest_fen::int, reference FROM loan_repayments WHERE loan_id = $1 AND reference LIKE $2 ORDER BY id',
    [loanId, `${serialNo}%`],
  );
}

for (const target of targets()) {
  for (const core of cores(target)) {
    for (const mode of ['keep-term', 'keep-payment'] as const) {
      describe(`D1 提前还本 (${mode}) on ${target}${coreTitle(core)}`, () => {
        let server: TestServer;
        let duan: string;
        before(async () => {
          server = await startTestServer(target, { core });
          duan = await login(server, 'duanDemei');
        });
        after(() => server.close());
        const plan = async () => (await server.json(`/api/me/loans/${encodeURIComponent(CONTRACT)}/plan`, { headers: auth(duan) })).body.items as any[];

        test('the trial agrees with shared/loan-math.ts; approval posts the prepayment and rewrites the plan from the next period', async () => {
          const before = await plan();
          const trial = await server.json('/api/me/loan-business/prepayment-trial', {
            method: 'POST',
            headers: auth(duan),
            json: { prepayFen: 3_000_000, mode },
          });
          assert.equal(trial.status, 200, JSON.stringify(trial.body));
          const next = before.filter((p) => p.period > 47);
          const expected = partialPrepayment({
            method: 'equal-principal',
            remainingPrincipalFen: LOAN,
            remainingMonths: next.length,
            annualRatePercent: 3.1,
            prepayFen: 3_000_000,
            mode,
            nextDueDate: next[0].dueOn,
            repaymentDay: 20,
            dayCount: '30/360',
            currentInstallmentFen: next[0].principalFen,
          });
          const t = trial.body;
          assert.equal(t.loanBalanceFen, LOAN);
          assert.equal(t.duesFen, 0, 'November is paid');
          assert.equal(t.prepayPrincipalFen, 3_000_000);
          // The server's clock is on the seed's day, 2026-11-26: 6 days since the 20th, so
          // 30,000 × 3.1 % × 6 / 360 = 15.50 (000 (五): 截止还款日的应还款利息).
          assert.equal(server.clock.today(), '2026-11-26');
          assert.equal(t.prepayInterestFen, 1550);
          assert.equal(t.newMonthlyPaymentFen, expected.newMonthlyPaymentFen);
          assert.equal(t.newMonths, expected.newMonths);
          assert.equal(t.interestSavedFen, expected.interestSavedFen);
          assert.equal(t.bankDebitFen, 3_000_000 + 1550);
          if (mode === 'keep-term') assert.equal(t.newMonths, next.length);
          else assert.ok(t.newMonths < next.length, 'the term shortens');

          const submitted = await apply(server, duan, 'partialPrepayment', { prepayFen: 3_000_000, mode });
          assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
          assert.equal(submitted.body.status, 'in_review');
          const paid = await paidAfterApproval(server, core, duan, await approveAll(server, submitted.body.serialNo, ['chushen']));
          assert.equal(paid.status, 'paid', JSON.stringify(paid));
          assert.equal(paid.feedback, `银行扣款成功，中心入账成功! 成功还款后月还额${yuanText(expected.newMonthlyPaymentFen)}元`);
          assert.deepEqual(
            (await repaymentsAt(server, submitted.body.serialNo)).map((r) => [r.kind, r.principal_fen, r.interest_fen, r.reference]),
            [['prepayment', 3_000_000, 1550, submitted.body.serialNo]],
            'the prepayment, once, at the core',
          );

          const after = await plan();
          assert.deepEqual(
            after.filter((p) => p.period <= 47),
            before.filter((p) => p.period <= 47),
            'the periods paid stay as they were',
          );
          const rewritten = after.filter((p) => p.period > 47);
          assert.equal(rewritten.length, expected.newMonths);
          assert.deepEqual(
            rewritten.map((p) => [p.dueOn, p.principalFen, p.interestFen, p.paymentFen]),
            expected.schedule.map((r) => [r.dueDate, r.principalFen, r.interestFen, r.paymentFen]),
          );
          const loans = (await server.json('/api/me/loans', { headers: auth(duan) })).body;
          const loan = (loans.items ?? loans).find((l: any) => l.contractNo === CONTRACT);
          assert.equal(loan.balanceFen, LOAN - 3_000_000);
          assert.equal(loan.monthlyPaymentFen, expected.newMonthlyPaymentFen);
          // At most once a month.
          const again = await server.json('/api/me/loan-business/prepayment-trial', {
            method: 'POST',
            headers: auth(duan),
            json: { prepayFen: 100_000, mode },
          });
          assert.equal(again.body.code, 'PREPAID_THIS_MONTH');
        });
      });
    }

    describe(`D3 提前结清 on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      let duan: string;
      before(async () => {
        server = await startTestServer(target, { core });
        duan = await login(server, 'duanDemei');
      });
      after(() => server.close());

      test('the fund and self-funds settle the loan; the settlement certificate becomes available', async () => {
        const early = await server.json('/api/me/certificates', { method: 'POST', headers: auth(duan), json: { kind: 'loan-settlement' } });
        assert.notEqual(early.status, 200, 'no certificate before the loan is settled');
        const tooMuch = await server.json('/api/me/loan-business/settlement-trial', { method: 'POST', headers: auth(duan), json: { fundFen: 3_000_000 } });
        assert.equal(tooMuch.body.code, 'AMOUNT_EXCEEDS_ALLOWED', '70 % of 30,921.43 is 21,645.00');
        const trial = await server.json('/api/me/loan-business/settlement-trial', { method: 'POST', headers: auth(duan), json: { fundFen: 2_000_000 } });
        assert.equal(trial.status, 200, JSON.stringify(trial.body));
        // 6 days (2026-11-20 → the server clock's 2026-11-26) of interest on the whole balance: 187,167.54 × 3.1 % × 6 / 360.
        const interest = Math.round((LOAN * 3.1 * 6) / 36000);
        assert.equal(interest, 9670);
        assert.deepEqual(
          { ...trial.body },
          {
            contractNo: CONTRACT,
            loanBalanceFen: LOAN,
            duesFen: 0,
            principalFen: LOAN,
            interestFen: interest,
            totalFen: LOAN + interest,
            fundBalanceFen: 3_092_143,
            fundMaxFen: 2_164_500,
            fundFen: 2_000_000,
            selfFundedFen: LOAN + interest - 2_000_000,
          },
        );
        const submitted = await apply(server, duan, 'earlySettlement', { fundFen: 2_000_000 });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        const paid = await paidAfterApproval(server, core, duan, await approveAll(server, submitted.body.serialNo, ['chushen']));
        assert.equal(paid.status, 'paid', JSON.stringify(paid));
        assert.equal(paid.feedback, '贷款已结清，中心入账成功! 请到申请贷款的管理部办理抵押解除相关手续');
        assert.equal(await balance(server, duan), 3_092_143 - 2_000_000);
        assert.deepEqual(
          (await repaymentsAt(server, submitted.body.serialNo)).map((r) => [r.kind, r.principal_fen, r.interest_fen]),
          [['settlement', LOAN, interest]],
          'the settlement, once, at the core',
        );
        const fund = await server.coreDatabase.query<{ amount_fen: number }>('SELECT amount_fen::int FROM ledger_entries WHERE reference = $1', [
          submitted.body.serialNo,
        ]);
        assert.deepEqual(
          fund.map((r) => r.amount_fen),
          [-2_000_000],
          'the fund’s withdrawal, once, at the core',
        );
        const loans = (await server.json('/api/me/loans', { headers: auth(duan) })).body;
        const loan = (loans.items ?? loans).find((l: any) => l.contractNo === CONTRACT);
        assert.equal(loan.balanceFen, 0);
        assert.equal(loan.status, 'settled');
        const cert = await server.json('/api/me/certificates', { method: 'POST', headers: auth(duan), json: { kind: 'loan-settlement' } });
        assert.equal(cert.status, 200, JSON.stringify(cert.body));
      });
    });
  }
}
