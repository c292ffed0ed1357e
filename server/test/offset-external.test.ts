/**
 * Issue 17, D2 按月抵扣 on an external core (the core emulator on its own database, over signed HTTP): the borrower
 * signs, cancels and the spouse consents through the core (`offset_signing`), the product keeps its copy for D2's
 * screens; the core's own monthly run (the emulator's control) takes the instalment from the accounts and its
 * `instalment_deducted` events reach B2 and 消息 with nothing done in the product. While the core is down nothing is
 * signed; a request the core executed but whose answer was lost is executed once when repeated; the core's refusal
 * reaches the member in Chinese.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, balance, confirm, login, memberIdOf, until } from './workflow-helpers.js';

const CONTRACT = '2022年委信字05318号';
const offsetConfirmation = { confirmation: { purpose: 'loan.monthly-offset', reference: '5307020021577101' } };

describe('D2 按月抵扣 on an external core', () => {
  let server: TestServer;
  let duan: string;
  let li: string;
  let duanId: number;
  let liId: number;
  let loanId: number;
  before(async () => {
    server = await startTestServer('pglite', { core: 'external', env: { CORE_TIMEOUT_MS: '2000' } });
    duan = await login(server, 'duanDemei');
    li = await login(server, 'liGuoqiang');
    [duanId, liId] = await Promise.all([memberIdOf(server, '段德梅'), memberIdOf(server, '李国强')]);
    loanId = (await server.coreEmulator!.system.listLoans(duanId)).find((l) => l.contractNo === CONTRACT)!.id;
  });
  after(() => server.close());

  const core = () => server.coreDatabase;
  const state = async (token: string) =>
    ((await server.json('/api/me/loan-business/offset', { headers: auth(token) })).body as any).items.find((i: any) => i.contractNo === CONTRACT);
  const sign = (token: string, json: unknown) => server.json('/api/me/loan-business/offset/sign', { method: 'POST', headers: auth(token), json });
  const cancel = (token: string, json: unknown) => server.json('/api/me/loan-business/offset/cancel', { method: 'POST', headers: auth(token), json });
  const count = async (sql: string, params: unknown[] = []) => Number((await core().query<{ n: number }>(sql, params))[0]!.n);
  const local = async (sql: string, params: unknown[] = []) => Number((await server.database.query<{ n: number }>(sql, params))[0]!.n);
  /** The member's balance at the core, set as a counter adjustment would (the core's own ledger). */
  const setBalance = async (memberId: number, fen: number) => {
    const [a] = await core().query<{ id: number; balance_fen: string }>('SELECT id, balance_fen FROM fund_accounts WHERE member_id = $1', [memberId]);
    const delta = fen - Number(a!.balance_fen);
    if (delta === 0) return;
    await core().query(
      "INSERT INTO ledger_entries (account_id, posted_on, business_type, summary, amount_fen, balance_after_fen) VALUES ($1, '2026-11-30', $2, '测试调整', $3, 0)",
      [a!.id, delta > 0 ? 'back_deposit' : 'partial_withdrawal', delta],
    );
  };
  const loan = async () => {
    const [l] = await core().query<{ balance_fen: string; periods_paid: number }>('SELECT balance_fen, periods_paid FROM loan_contracts WHERE id = $1', [
      loanId,
    ]);
    return { balanceFen: Number(l!.balance_fen), periodsPaid: Number(l!.periods_paid) };
  };
  const nextInstalment = async () => {
    const { periodsPaid } = await loan();
    const [p] = await core().query<{ due_on: string; principal_fen: string; payment_fen: string }>(
      "SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on, principal_fen, payment_fen FROM loan_plan_periods WHERE loan_id = $1 AND period = $2",
      [loanId, periodsPaid + 1],
    );
    return { period: periodsPaid + 1, dueOn: p!.due_on, principalFen: Number(p!.principal_fen), paymentFen: Number(p!.payment_fen) };
  };
  const messages = async (token: string) => JSON.stringify((await server.json('/api/me/notifications?pageSize=50', { headers: auth(token) })).body);
  const offsetMessages = async (token: string, period: number) => (await messages(token)).split(`第${period}期月还款额`).length - 1;

  test('while the core is down the signing answers 503 CORE_UNAVAILABLE and nothing is signed anywhere', async () => {
    const item = await state(duan);
    assert.equal(item.signed, false);
    assert.equal(item.canSign, true, JSON.stringify(item));
    server.coreEmulator!.control.faults({ down: true, only: ['submitBusiness', 'businessStatus'] });
    try {
      const down = await sign(duan, {
        contractNo: CONTRACT,
        payers: ['borrower', 'spouse'],
        confirmationToken: await confirm(server, duan, offsetConfirmation),
      });
      assert.equal(down.status, 503, JSON.stringify(down.body));
      assert.equal(down.body.code, 'CORE_UNAVAILABLE');
      assert.equal(down.body.message, '核心业务系统暂时无法访问，请稍后再试');
    } finally {
      server.coreEmulator!.control.reset();
    }
    assert.equal((await state(duan)).signed, false);
    assert.equal(await local('SELECT count(*)::int AS n FROM loan_offset_signings'), 0);
    assert.equal(await count('SELECT count(*)::int AS n FROM core_offset_signings'), 0);
  });

  test('an answer lost (the core too slow) and the same request again: the core signs once, D2 shows it signed', async () => {
    const token = await confirm(server, duan, offsetConfirmation);
    server.coreEmulator!.control.faults({ delayMs: 4_000, only: ['submitBusiness'] });
    try {
      const slow = await sign(duan, { contractNo: CONTRACT, payers: ['borrower', 'spouse'], confirmationToken: token });
      assert.equal(slow.status, 503, JSON.stringify(slow.body));
      assert.equal(slow.body.code, 'CORE_UNAVAILABLE');
      assert.equal((await state(duan)).signed, false, 'nothing recorded before the core’s done');
      // The core went on and signed it.
      await until('the core’s signing', async () => (await count('SELECT count(*)::int AS n FROM core_offset_signings')) === 2);
    } finally {
      server.coreEmulator!.control.reset();
    }
    const again = await sign(duan, { contractNo: CONTRACT, payers: ['borrower', 'spouse'], confirmationToken: token });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const item = again.body.items.find((i: any) => i.contractNo === CONTRACT);
    assert.equal(item.signed, true);
    assert.equal(item.canCancel, true);
    assert.deepEqual(
      item.payers.map((p: any) => [p.order, p.role, p.consent]),
      [
        [1, 'borrower', 'confirmed'],
        [2, 'spouse', 'pending'],
      ],
    );
    assert.equal(await count("SELECT count(*)::int AS n FROM core_business_requests WHERE type = 'offset_signing'"), 1, 'one serial, executed once');
    assert.equal(await count('SELECT count(DISTINCT signed_serial)::int AS n FROM core_offset_signings'), 1);
    assert.equal(await local('SELECT count(*)::int AS n FROM loan_offset_signings'), 2, 'recorded once');
    assert.equal((await messages(li)).split('申请办理住房公积金贷款').length - 1, 1, 'the spouse is asked once');
    // The core's 办结 of the product's own serial is not business of another channel (E1).
    await until(
      'the core’s progress event applied',
      async () => (await local("SELECT count(*)::int AS n FROM core_events_applied WHERE type = 'business_progress'")) >= 1,
    );
    assert.equal(await local('SELECT count(*)::int AS n FROM channel_business'), 0);
    const reused = await sign(duan, { contractNo: CONTRACT, payers: ['borrower'], confirmationToken: token });
    assert.equal(reused.status, 409);
    assert.equal(reused.body.code, 'ALREADY_SIGNED');

    // The spouse's consent goes to the core too: only then is his account debited there.
    const mine = await state(li);
    assert.ok(mine.myConsent, JSON.stringify(mine));
    const agreed = await server.json('/api/me/loan-business/offset/consent', {
      method: 'POST',
      headers: auth(li),
      json: { contractNo: CONTRACT, confirmationToken: await confirm(server, li, { confirmation: mine.myConsent.confirmation }) },
    });
    assert.equal(agreed.status, 200, JSON.stringify(agreed.body));
    assert.equal(await count("SELECT count(*)::int AS n FROM core_offset_signings WHERE consent = 'confirmed' AND cancelled_at IS NULL"), 2);
    assert.equal((await state(duan)).payers[1].consent, 'confirmed');
  });

  test('the core’s monthly run takes the instalment: B2 and 消息 show it with nothing done in the product', async () => {
    const p = await nextInstalment();
    const before = await loan();
    await setBalance(duanId, 5_000_000);
    await setBalance(liId, 3_000_000);
    const run = await server.coreEmulator!.control.monthlyOffset(p.dueOn);
    assert.deepEqual(run, { loans: 1, instalments: 1, fromFundFen: p.paymentFen, shortfallFen: 0 });
    assert.deepEqual(await loan(), { balanceFen: before.balanceFen - p.principalFen, periodsPaid: before.periodsPaid + 1 });

    await until('the message in 消息', async () => (await offsetMessages(duan, p.period)) === 1);
    assert.equal(await balance(server, duan), 5_000_000 - p.paymentFen, 'B2: the borrower’s balance fell by the instalment');
    assert.equal(await balance(server, li), 3_000_000, 'the spouse pays only what the borrower cannot');
    const notes = await messages(duan);
    assert.ok(notes.includes('按月抵扣还贷') && notes.includes('从您的公积金账户扣划'), notes.slice(0, 400));
    assert.equal(await offsetMessages(li, p.period), 0, 'the spouse’s account gave nothing: no message for him');

    const again = await server.coreEmulator!.control.monthlyOffset(p.dueOn);
    assert.deepEqual(again, { loans: 0, instalments: 0, fromFundFen: 0, shortfallFen: 0 }, 'a period is taken once');
    // The product's own job takes nothing on an external core: the core does it.
    const job = await server.loanJobs.runOnce.monthlyOffset(p.dueOn);
    assert.deepEqual(job, { skipped: false, result: { loans: 0, instalments: 0, fromFundFen: 0, shortfallFen: 0 } });
  });

  test('over the HTTP control: the borrower short, the spouse pays the rest, each told what their account gave', async () => {
    const p = await nextInstalment();
    await setBalance(duanId, 10_000);
    await setBalance(liId, 3_000_000);
    const res = await fetch(`${server.coreEmulator!.url}/emulator/monthly-offset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ on: p.dueOn }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { result: unknown }).result, { loans: 1, instalments: 1, fromFundFen: p.paymentFen, shortfallFen: 0 });
    await until('both messages', async () => (await offsetMessages(duan, p.period)) === 1 && (await offsetMessages(li, p.period)) === 1);
    assert.equal(await balance(server, duan), 0);
    assert.equal(await balance(server, li), 3_000_000 - (p.paymentFen - 10_000));
  });

  test('cancel goes to the core: the next run deducts nothing; the core’s refusal reaches the member in Chinese', async () => {
    const ok = await cancel(duan, { contractNo: CONTRACT, confirmationToken: await confirm(server, duan, offsetConfirmation) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.items.find((i: any) => i.contractNo === CONTRACT).signed, false);
    assert.equal(await count('SELECT count(*)::int AS n FROM core_offset_signings WHERE cancelled_at IS NULL'), 0);
    const p = await nextInstalment();
    const before = await loan();
    await setBalance(duanId, 5_000_000);
    const run = await server.coreEmulator!.control.monthlyOffset(p.dueOn);
    assert.deepEqual(run, { loans: 0, instalments: 0, fromFundFen: 0, shortfallFen: 0 });
    assert.deepEqual(await loan(), before);
    assert.equal(await count("SELECT count(*)::int AS n FROM core_events WHERE type = 'instalment_deducted' AND data->>'period' = $1", [String(p.period)]), 0);

    // Signed again with the spouse, who agrees; then the borrower cancels at the center's counter.
    const signed = await sign(duan, {
      contractNo: CONTRACT,
      payers: ['borrower', 'spouse'],
      confirmationToken: await confirm(server, duan, offsetConfirmation),
    });
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    const asked = (await state(li)).myConsent;
    const agreed = await server.json('/api/me/loan-business/offset/consent', {
      method: 'POST',
      headers: auth(li),
      json: { contractNo: CONTRACT, confirmationToken: await confirm(server, li, { confirmation: asked.confirmation }) },
    });
    assert.equal(agreed.status, 200, JSON.stringify(agreed.body));
    const cancelledMessages = async (token: string) =>
      ((await server.json('/api/me/notifications?pageSize=50', { headers: auth(token) })).body.items as { business: string }[]).filter(
        (m) => m.business === '按月抵扣取消签约',
      ).length;
    const [duanBefore, liBefore] = [await cancelledMessages(duan), await cancelledMessages(li)];
    const atCounter = await server.coreEmulator!.system.submitBusiness({
      serial: 'T-OFFSET-COUNTER-1',
      type: 'offset_signing',
      memberId: duanId,
      business: '按月抵扣取消签约',
      channel: 'counter',
      action: 'cancel',
      loanId,
    });
    assert.equal(atCounter.status, 'done', JSON.stringify(atCounter));
    // The core's event ends the product's copy: D2 shows the loan unsigned, to the borrower and to the spouse.
    await until('D2 shows the counter’s cancelling', async () => (await state(duan)).signed === false);
    assert.equal((await state(li)).signed, false);
    assert.equal((await state(li)).myConsent ?? null, null, 'nothing left for the spouse to answer');
    // The counter's cancelling is another channel's business: E1 shows it, the borrower is told once by it, and the
    // spouse, whose account was debited, is told it no longer is.
    await until(
      'the counter’s business in E1',
      async () => (await local("SELECT count(*)::int AS n FROM channel_business WHERE serial_no = 'T-OFFSET-COUNTER-1'")) === 1,
    );
    assert.equal((await cancelledMessages(duan)) - duanBefore, 1, 'the borrower told once');
    assert.equal((await cancelledMessages(li)) - liBefore, 1, 'the spouse told once');
    assert.match(
      await messages(li),
      /借款人已在柜台业务取消住房公积金贷款（合同号2022年委信字05318号）的按月抵扣签约，此后不再从您的公积金账户扣划该笔贷款的月还款额。/,
    );
    // Nothing left to cancel here, in the product's words; and the borrower may sign again online.
    const refused = await cancel(duan, { contractNo: CONTRACT, confirmationToken: await confirm(server, duan, offsetConfirmation) });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.message, '该笔贷款未办理按月抵扣签约');
    const again = await sign(duan, { contractNo: CONTRACT, payers: ['borrower'], confirmationToken: await confirm(server, duan, offsetConfirmation) });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal((await state(duan)).signed, true);
    assert.equal(await count('SELECT count(*)::int AS n FROM core_offset_signings WHERE cancelled_at IS NULL'), 1, 'signed at the core once more');
  });
});
