/**
 * D2 按月抵扣签约 / 取消签约 over HTTP and the monthly offset through the job's run-once: only the borrower signs,
 * with A9; each instalment is taken from 段德梅 first, then 李国强, the shortfall left to the bank; balances never go
 * negative, the ledger and the loan balance agree, a second run for the same period does nothing, cancel stops it.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, balance, confirm, setBalance as setBalanceOf, countOf, login, memberIdOf } from './workflow-helpers.js';

const CONTRACT = '2022年委信字05318号';
const offsetConfirmation = { confirmation: { purpose: 'loan.monthly-offset', reference: '5307020021577101' } }; // the loan account no.

for (const target of targets()) {
  describe(`D2 按月抵扣 on ${target}`, () => {
    let server: TestServer;
    let duan: string;
    let li: string;
    let duanId: number;
    let liId: number;
    let loanId: number;
    before(async () => {
      server = await startTestServer(target);
      [duan, li] = await Promise.all([login(server, 'duanDemei'), login(server, 'liGuoqiang')]);
      [duanId, liId] = await Promise.all([memberIdOf(server, '段德梅'), memberIdOf(server, '李国强')]);
      const [row] = await server.database.query<{ id: number }>('SELECT id FROM loan_contracts WHERE contract_no = $1', [CONTRACT]);
      loanId = Number(row!.id);
    });
    after(() => server.close());

    const state = async (token: string) => (await server.json('/api/me/loan-business/offset', { headers: auth(token) })).body as any;
    const sign = (token: string, json: unknown) => server.json('/api/me/loan-business/offset/sign', { method: 'POST', headers: auth(token), json });
    const cancel = (token: string, json: unknown) => server.json('/api/me/loan-business/offset/cancel', { method: 'POST', headers: auth(token), json });
    const setBalance = (memberId: number, fen: number) => setBalanceOf(server, memberId, fen);
    const loan = async () => {
      const [l] = await server.database.query<{ balance_fen: string; periods_paid: number }>(
        'SELECT balance_fen, periods_paid FROM loan_contracts WHERE id = $1',
        [loanId],
      );
      return { balanceFen: Number(l!.balance_fen), periodsPaid: Number(l!.periods_paid) };
    };
    const instalment = async (period: number) => {
      const [p] = await server.database.query<{ due_on: string; principal_fen: string; interest_fen: string; payment_fen: string }>(
        "SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on, principal_fen, interest_fen, payment_fen FROM loan_plan_periods WHERE loan_id = $1 AND period = $2",
        [loanId, period],
      );
      return { dueOn: p!.due_on, principalFen: Number(p!.principal_fen), interestFen: Number(p!.interest_fen), paymentFen: Number(p!.payment_fen) };
    };
    const offsetPostings = async (memberId: number) =>
      countOf(
        server,
        "SELECT coalesce(-sum(e.amount_fen), 0)::int AS n FROM ledger_entries e JOIN fund_accounts a ON a.id = e.account_id WHERE a.member_id = $1 AND e.business_type = 'withdrawal_repay' AND e.summary = '按月抵扣还贷'",
        [memberId],
      );

    test('the state: 段德梅 may sign, 李国强 (co-borrower) sees the loan but may not', async () => {
      const d = await state(duan);
      const item = d.items.find((i: any) => i.contractNo === CONTRACT);
      assert.equal(item.signed, false);
      assert.equal(item.canSign, true);
      assert.deepEqual(item.confirmation, offsetConfirmation.confirmation);
      // 李国强 is listed once: the spouse who is also the co-borrower (issue 18 point 11).
      assert.deepEqual(
        item.candidates.map((c: any) => [c.role, c.roleLabel]),
        [
          ['borrower', '借款人'],
          ['spouse', '配偶（共同借款人）'],
        ],
      );
      const spouse = item.candidates.find((c: any) => c.role === 'spouse');
      assert.equal(spouse.self, false);
      assert.equal(spouse.balanceFen, null, 'the spouse’s balance is not shown');
      assert.ok(!spouse.name.includes('国'), `masked: ${spouse.name}`);
      assert.ok(d.notice.includes('扣划顺序'));
      const l = (await state(li)).items.find((i: any) => i.contractNo === CONTRACT);
      assert.equal(l.relation, 'co-borrower');
      assert.equal(l.canSign, false);
    });

    test('signing needs the A9 confirmation, the borrower, and the manual’s order', async () => {
      const missing = await sign(duan, { contractNo: CONTRACT, payers: ['borrower', 'spouse'] });
      assert.equal(missing.status, 400);
      const forged = await sign(duan, { contractNo: CONTRACT, payers: ['borrower', 'spouse'], confirmationToken: 'nope' });
      assert.equal(forged.status, 403);
      assert.equal(forged.body.code, 'CONFIRMATION_INVALID');
      const byLi = await sign(li, {
        contractNo: CONTRACT,
        payers: ['borrower', 'co-borrower'],
        confirmationToken: await confirm(server, li, offsetConfirmation),
      });
      assert.equal(byLi.status, 403);
      assert.equal(byLi.body.code, 'NOT_BORROWER');
      const reversed = await sign(duan, {
        contractNo: CONTRACT,
        payers: ['spouse', 'borrower'],
        confirmationToken: await confirm(server, duan, offsetConfirmation),
      });
      assert.equal(reversed.status, 400);
      assert.equal(reversed.body.code, 'PAYER_ORDER');
      const twice = await sign(duan, {
        contractNo: CONTRACT,
        payers: ['borrower', 'spouse', 'co-borrower'],
        confirmationToken: await confirm(server, duan, offsetConfirmation),
      });
      assert.equal(twice.status, 400, 'the spouse is the co-borrower');
      assert.equal(await countOf(server, 'SELECT count(*)::int AS n FROM loan_offset_signings'), 0);

      const token = await confirm(server, duan, offsetConfirmation);
      const ok = await sign(duan, { contractNo: CONTRACT, payers: ['borrower', 'spouse'], confirmationToken: token });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const item = ok.body.items.find((i: any) => i.contractNo === CONTRACT);
      assert.equal(item.signed, true);
      assert.equal(item.canCancel, true);
      assert.deepEqual(
        item.payers.map((p: any) => [p.order, p.role]),
        [
          [1, 'borrower'],
          [2, 'spouse'],
        ],
      );
      const reused = await sign(duan, { contractNo: CONTRACT, payers: ['borrower'], confirmationToken: token });
      assert.equal(reused.status, 409, 'already signed');
      const l = (await state(li)).items.find((i: any) => i.contractNo === CONTRACT);
      assert.equal(l.signed, true, 'the spouse sees the signing');
      // The spouse's own consent (issue 18 point 11; offset-spouse.test.ts holds the rest of it).
      const consent = { confirmation: l.myConsent.confirmation };
      const agreed = await server.json('/api/me/loan-business/offset/consent', {
        method: 'POST',
        headers: auth(li),
        json: { contractNo: CONTRACT, confirmationToken: await confirm(server, li, consent) },
      });
      assert.equal(agreed.status, 200, JSON.stringify(agreed.body));
    });

    test('the run takes 段德梅 first, then 李国强; a second run for the period does nothing', async () => {
      const before = await loan();
      const p = await instalment(before.periodsPaid + 1);
      await setBalance(duanId, 10_000); // 100.00: less than the instalment
      await setBalance(liId, 5_000_000);
      const run = await server.loanJobs.runOnce.monthlyOffset(p.dueOn);
      assert.equal(run.skipped, false);
      assert.ok(!run.skipped);
      assert.deepEqual(run.result, { loans: 1, instalments: 1, fromFundFen: p.paymentFen, shortfallFen: 0 });
      assert.equal(await balance(server, duan), 0);
      assert.equal(await balance(server, li), 5_000_000 - (p.paymentFen - 10_000));
      assert.equal(await offsetPostings(duanId), 10_000);
      assert.equal(await offsetPostings(liId), p.paymentFen - 10_000);
      const after = await loan();
      assert.deepEqual(after, { balanceFen: before.balanceFen - p.principalFen, periodsPaid: before.periodsPaid + 1 });

      const again = await server.loanJobs.runOnce.monthlyOffset(p.dueOn);
      assert.deepEqual(again, { skipped: false, result: { loans: 0, instalments: 0, fromFundFen: 0, shortfallFen: 0 } });
      assert.deepEqual(await loan(), after);
      assert.equal(await balance(server, li), 5_000_000 - (p.paymentFen - 10_000));
      const notes = JSON.stringify((await server.json('/api/me/notifications', { headers: auth(li) })).body);
      assert.ok(notes.includes('按月抵扣'), notes.slice(0, 300));
    });

    test('when both are short the bank pays the rest; no balance goes negative', async () => {
      const before = await loan();
      const p = await instalment(before.periodsPaid + 1);
      await setBalance(duanId, 3_000);
      await setBalance(liId, 7_000);
      const run = await server.loanJobs.runOnce.monthlyOffset(p.dueOn);
      assert.ok(!run.skipped);
      assert.deepEqual(run.result, { loans: 1, instalments: 1, fromFundFen: 10_000, shortfallFen: p.paymentFen - 10_000 });
      assert.equal(await balance(server, duan), 0);
      assert.equal(await balance(server, li), 0);
      assert.equal(await countOf(server, 'SELECT count(*)::int AS n FROM fund_accounts WHERE balance_fen < 0'), 0);
      const after = await loan();
      assert.deepEqual(after, { balanceFen: before.balanceFen - p.principalFen, periodsPaid: before.periodsPaid + 1 });
      const reps = await server.database.query<{ kind: string; period: number | null; amount_fen: string }>(
        'SELECT kind, period, amount_fen FROM loan_repayments WHERE loan_id = $1 AND paid_on = $2 ORDER BY id',
        [loanId, p.dueOn],
      );
      assert.deepEqual(
        reps.map((r) => [r.kind, r.period === null ? null : Number(r.period), Number(r.amount_fen)]),
        [
          ['offset', null, 10_000],
          ['regular', before.periodsPaid + 1, p.paymentFen - 10_000],
        ],
      );
      // The ledger and the loan agree: every fen taken from the accounts is an offset repayment.
      const offsetRepaid = await countOf(server, "SELECT coalesce(sum(amount_fen), 0)::int AS n FROM loan_repayments WHERE loan_id = $1 AND kind = 'offset'", [
        loanId,
      ]);
      assert.equal(offsetRepaid, (await offsetPostings(duanId)) + (await offsetPostings(liId)));
      const again = await server.loanJobs.runOnce.monthlyOffset(p.dueOn);
      assert.ok(!again.skipped && again.result.instalments === 0);
    });

    test('cancel needs A9 and stops the offset', async () => {
      const forged = await cancel(duan, { contractNo: CONTRACT, confirmationToken: 'nope' });
      assert.equal(forged.status, 403);
      const byLi = await cancel(li, { contractNo: CONTRACT, confirmationToken: await confirm(server, li, offsetConfirmation) });
      assert.equal(byLi.status, 403);
      const ok = await cancel(duan, { contractNo: CONTRACT, confirmationToken: await confirm(server, duan, offsetConfirmation) });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.items.find((i: any) => i.contractNo === CONTRACT).signed, false);
      const before = await loan();
      const p = await instalment(before.periodsPaid + 1);
      await setBalance(duanId, 5_000_000);
      const run = await server.loanJobs.runOnce.monthlyOffset(p.dueOn);
      assert.deepEqual(run, { skipped: false, result: { loans: 0, instalments: 0, fromFundFen: 0, shortfallFen: 0 } });
      assert.deepEqual(await loan(), before);
      assert.equal(await balance(server, duan), 5_000_000);
      const again = await cancel(duan, { contractNo: CONTRACT, confirmationToken: await confirm(server, duan, offsetConfirmation) });
      assert.equal(again.status, 409);
    });
  });
}
