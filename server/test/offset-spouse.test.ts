/**
 * D2 按月抵扣签约 with the spouse's own consent (issue 18 point 11), over HTTP: 李国强 is listed once (配偶, who is
 * also the co-borrower); when 段德梅 signs his account in, he gets a message and must confirm with his own A9 within
 * 48 hours; until then, after a refusal or after the deadline, the monthly run leaves his account alone.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, balance, confirm, setBalance as setBalanceOf, login, memberIdOf } from './workflow-helpers.js';

const CONTRACT = '2022年委信字05318号';
const SIGN = { confirmation: { purpose: 'loan.monthly-offset', reference: '5307020021577101' } };

for (const target of targets()) {
  describe(`D2 spouse consent on ${target}`, () => {
    let server: TestServer;
    let duan: string;
    let li: string;
    let duanId: number;
    let liId: number;
    before(async () => {
      server = await startTestServer(target);
      [duan, li] = await Promise.all([login(server, 'duanDemei'), login(server, 'liGuoqiang')]);
      [duanId, liId] = await Promise.all([memberIdOf(server, '段德梅'), memberIdOf(server, '李国强')]);
    });
    after(() => server.close());

    const item = async (token: string) =>
      ((await server.json('/api/me/loan-business/offset', { headers: auth(token) })).body.items as any[]).find((i) => i.contractNo === CONTRACT);
    const post = (token: string, path: string, json: unknown) =>
      server.json(`/api/me/loan-business/offset/${path}`, { method: 'POST', headers: auth(token), json });
    const signWithSpouse = async () => {
      const r = await post(duan, 'sign', { contractNo: CONTRACT, payers: ['borrower', 'spouse'], confirmationToken: await confirm(server, duan, SIGN) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items.find((i: any) => i.contractNo === CONTRACT);
    };
    const cancel = async () => {
      const r = await post(duan, 'cancel', { contractNo: CONTRACT, confirmationToken: await confirm(server, duan, SIGN) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    };
    const setBalance = (memberId: number, fen: number) => setBalanceOf(server, memberId, fen);
    const nextDue = async () => {
      const [p] = await server.database.query<{ due_on: string; payment_fen: string }>(
        "SELECT to_char(p.due_on, 'YYYY-MM-DD') AS due_on, p.payment_fen FROM loan_plan_periods p JOIN loan_contracts l ON l.id = p.loan_id WHERE l.contract_no = $1 AND p.period = l.periods_paid + 1",
        [CONTRACT],
      );
      return { dueOn: p!.due_on, paymentFen: Number(p!.payment_fen) };
    };

    test('李国强 is listed once; signing him in waits for his own confirmation, and the run does not debit him before it', async () => {
      const before = await item(duan);
      assert.deepEqual(
        before.candidates.map((c: any) => c.roleLabel),
        ['借款人', '配偶（共同借款人）'],
      );

      const signed = await signWithSpouse();
      const spouse = signed.payers.find((p: any) => p.role === 'spouse');
      assert.equal(spouse.consent, 'pending');
      assert.equal(spouse.consentLabel, '待本人确认');
      assert.equal(signed.myConsent, null, 'the borrower has nothing to confirm');

      // 李国强's message names the borrower, the loan and the deadline (48 h after now, Shanghai time, no ISO).
      const notes = JSON.stringify((await server.json('/api/me/notifications', { headers: auth(li) })).body);
      assert.match(notes, /段德梅申请办理住房公积金贷款（合同号2022年委信字05318号）按月抵扣签约/);
      const mine = await item(li);
      assert.match(mine.myConsent.answerBefore, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      assert.deepEqual(mine.myConsent.confirmation, { purpose: 'loan.monthly-offset-consent', reference: '5307020021577101' });
      assert.ok(notes.includes(mine.myConsent.answerBefore));

      // The run before he answers: 段德梅's 100.00, the rest from the bank; his 50,000.00 untouched.
      const p = await nextDue();
      await setBalance(duanId, 10_000);
      await setBalance(liId, 5_000_000);
      const run = await server.loanJobs.runOnce.monthlyOffset(p.dueOn);
      assert.ok(!run.skipped);
      assert.deepEqual(run.result, { loans: 1, instalments: 1, fromFundFen: 10_000, shortfallFen: p.paymentFen - 10_000 });
      assert.equal(await balance(server, li), 5_000_000);

      // Confirming needs his A9: none, or the borrower's purpose, is refused; 段德梅 has nothing to confirm.
      const bare = await post(li, 'consent', { contractNo: CONTRACT });
      assert.equal(bare.status, 400);
      const wrong = await post(li, 'consent', { contractNo: CONTRACT, confirmationToken: await confirm(server, li, SIGN) });
      assert.notEqual(wrong.status, 200);
      const notHers = await post(duan, 'consent', {
        contractNo: CONTRACT,
        confirmationToken: await confirm(server, duan, { confirmation: mine.myConsent.confirmation }),
      });
      assert.equal(notHers.status, 404);
      assert.equal(notHers.body.code, 'CONSENT_NOT_FOUND');

      const ok = await post(li, 'consent', {
        contractNo: CONTRACT,
        confirmationToken: await confirm(server, li, { confirmation: mine.myConsent.confirmation }),
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.items.find((i: any) => i.contractNo === CONTRACT).payers.find((x: any) => x.role === 'spouse').consentLabel, '已确认');
      assert.match(
        JSON.stringify((await server.json('/api/me/notifications', { headers: auth(duan) })).body),
        /李国强已确认，自下一期起从其公积金账户依次扣划/,
      );

      // Now the next instalment takes what 段德梅 lacks from him.
      const q = await nextDue();
      await setBalance(duanId, 10_000);
      const run2 = await server.loanJobs.runOnce.monthlyOffset(q.dueOn);
      assert.ok(!run2.skipped);
      assert.deepEqual(run2.result, { loans: 1, instalments: 1, fromFundFen: q.paymentFen, shortfallFen: 0 });
      assert.equal(await balance(server, li), 5_000_000 - (q.paymentFen - 10_000));
      await cancel();
    });

    test('a refusal and a lapsed deadline leave his account out, and say so', async () => {
      await signWithSpouse();
      const declined = await post(li, 'decline', { contractNo: CONTRACT });
      assert.equal(declined.status, 200, JSON.stringify(declined.body));
      assert.equal((await item(duan)).payers.find((p: any) => p.role === 'spouse').consentLabel, '已拒绝');
      assert.match(JSON.stringify((await server.json('/api/me/notifications', { headers: auth(duan) })).body), /李国强已拒绝，不会从其公积金账户扣划/);
      const again = await post(li, 'decline', { contractNo: CONTRACT });
      assert.equal(again.status, 409);
      await cancel();

      await signWithSpouse();
      server.clock.advance(49 * 3_600_000);
      const spouse = (await item(duan)).payers.find((p: any) => p.role === 'spouse');
      assert.equal(spouse.consent, 'expired');
      assert.equal(spouse.consentLabel, '未在48小时内确认，已失效');
      assert.equal((await item(li)).myConsent, null);
      const late = await post(li, 'consent', {
        contractNo: CONTRACT,
        confirmationToken: await confirm(server, li, { confirmation: { purpose: 'loan.monthly-offset-consent', reference: '5307020021577101' } }),
      });
      assert.equal(late.status, 409);
      assert.equal(late.body.code, 'CONSENT_EXPIRED');
      assert.match(late.body.message, /48小时/);
    });
  });
}
