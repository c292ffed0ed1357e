/**
 * Issue 17, the loan business on an external core, over HTTP (the happy paths of D1, D3 and C12 run on both cores in
 * loan-business.test.ts and spouse.test.ts): a D1 whose loan moved at the core between the approval and the core's
 * execution (an instalment deducted there) ends 未通过 with the core's reason and nothing booked; a D3 whose answer
 * comes too late is asked again, and the loan is settled and the fund drawn once; a D1 and a D3 of one loan approved
 * together are both 入账中, the core books one and refuses the other, which the member reads.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testCipher } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import { apply, approveAll, auth, balance, decide, login, memberIdOf, paidAfterApproval, staffLogin } from './workflow-helpers.js';

const CONTRACT = '2022年委信字05318号';
const LOAN = 18_716_754;

describe('the loan business on an external core', () => {
  let server: TestServer;
  let duan: string;
  let duanId: number;
  let loanId: number;
  before(async () => {
    server = await startTestServer('pglite', { core: 'external', env: { CORE_TIMEOUT_MS: '1500' } });
    duan = await login(server, 'duanDemei');
    duanId = await memberIdOf(server, '段德梅');
    loanId = (await server.coreEmulator!.system.listLoans(duanId)).find((l) => l.contractNo === CONTRACT)!.id;
  });
  after(async () => server.close());

  const system = () => server.coreEmulator!.system;
  const control = () => server.coreEmulator!.control;
  const repaymentsAtCore = async (serialNo: string) => (await system().listRepayments(loanId, {})).filter((r) => r.reference?.startsWith(serialNo));
  const postingsAtCore = async (serialNo: string) =>
    (await system().listLedger(duanId, {}, { limit: 1000, offset: 0 }, 'desc')).entries.filter((e) => e.reference === serialNo);
  const messages = async () =>
    (await server.json<{ items: { content: string }[] }>('/api/me/notifications?pageSize=50', { headers: auth(duan) })).body.items.map((m) => m.content);
  const until = async (what: string, fn: () => boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  test('D1: the loan moved at the core after the approval: 未通过 with the core’s reason, nothing booked', async () => {
    // The core answers the member's queries but its business desk is down until the instalment below is deducted.
    control().faults({ down: true, only: ['submitBusiness', 'businessStatus'] });
    const submitted = await apply(server, duan, 'partialPrepayment', { prepayFen: 3_000_000, mode: 'keep-term' });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const serialNo: string = submitted.body.serialNo;
    const approved = await approveAll(server, serialNo, ['chushen']);
    assert.equal(approved.status, 'approved');
    assert.match(approved.feedback, /^入账中/);

    // Meanwhile the core deducts the December instalment (period 48) from the bank account.
    const planBefore = await system().listPlan(loanId, {});
    const instalment = planBefore.find((p) => p.period === 48)!;
    const atCore = new BuiltinCore(server.coreDatabase, testCipher());
    await server.coreDatabase.db.transaction((tx) =>
      atCore.repayWithin(tx, loanId, {
        paidOn: '2026-11-26',
        kind: 'regular',
        period: 48,
        principalFen: instalment.principalFen,
        interestFen: instalment.interestFen,
        reference: 'TEST-INSTALMENT-48',
      }),
    );
    control().reset();

    const ended = await paidAfterApproval(server, 'external', duan, approved);
    assert.equal(ended.status, 'rejected', JSON.stringify(ended));
    assert.equal(ended.feedback, '入账失败：贷款余额已发生变化，请重新试算后申请');
    assert.ok(
      (await messages()).some((m) => m.includes(serialNo) && m.includes('未能入账，原因：贷款余额已发生变化，请重新试算后申请')),
      'the member is told the core’s reason',
    );
    assert.deepEqual(await repaymentsAtCore(serialNo), [], 'no repayment at the core');
    assert.deepEqual(await system().listPlan(loanId, {}), planBefore, 'the plan as it was');
    const loan = (await system().listLoans(duanId)).find((l) => l.id === loanId)!;
    assert.equal(loan.balanceFen, LOAN - instalment.principalFen);
  });

  test('D3: an answer that comes too late is asked again; the loan is settled and the fund drawn once', async () => {
    const loan = (await system().listLoans(duanId)).find((l) => l.id === loanId)!;
    const fundBefore = await balance(server, duan);
    const trial = await server.json('/api/me/loan-business/settlement-trial', { method: 'POST', headers: auth(duan), json: { fundFen: 2_000_000 } });
    assert.equal(trial.status, 200, JSON.stringify(trial.body));
    assert.equal(trial.body.loanBalanceFen, loan.balanceFen);
    // Slower than CORE_TIMEOUT_MS (1500 ms): the core books it, the product hears nothing in time and asks again.
    control().faults({ delayMs: 2500, only: ['submitBusiness'] });
    const submitted = await apply(server, duan, 'earlySettlement', { fundFen: 2_000_000 });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const serialNo: string = submitted.body.serialNo;
    const approved = await approveAll(server, serialNo, ['chushen']);
    await until('a submission that timed out', () => server.logLines.some((l) => l.includes(serialNo) && l.includes('will be retried')));
    control().reset();
    const paid = await paidAfterApproval(server, 'external', duan, approved);
    assert.equal(paid.status, 'paid', JSON.stringify(paid));
    assert.equal(paid.feedback, '贷款已结清，中心入账成功! 请到申请贷款的管理部办理抵押解除相关手续');
    assert.deepEqual(
      (await repaymentsAtCore(serialNo)).map((r) => [r.kind, r.principalFen, r.interestFen, r.balanceAfterFen]),
      [['settlement', loan.balanceFen, trial.body.interestFen, 0]],
      'settled once',
    );
    assert.deepEqual(
      (await postingsAtCore(serialNo)).map((e) => [e.summary, e.amountFen]),
      [['公积金提取还款（提前结清）', -2_000_000]],
      'the fund drawn once',
    );
    assert.equal(await balance(server, duan), fundBefore - 2_000_000);
    const loans = (await server.json('/api/me/loans', { headers: auth(duan) })).body;
    const settled = (loans.items ?? loans).find((l: any) => l.contractNo === CONTRACT);
    assert.equal(settled.status, 'settled');
    assert.equal(settled.balanceFen, 0);
  });
});

describe('D1 and D3 of one loan approved together, on an external core', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', { core: 'external' });
  });
  after(async () => server.close());

  test('both wait 入账中; the core books one and refuses the other, which ends 未通过 with the core’s reason', async () => {
    const duan = await login(server, 'duanDemei');
    const duanId = await memberIdOf(server, '段德梅');
    const d1 = await apply(server, duan, 'partialPrepayment', { prepayFen: 3_000_000, mode: 'keep-term' });
    const d3 = await apply(server, duan, 'earlySettlement', { fundFen: 2_000_000 });
    assert.deepEqual([d1.status, d3.status], [200, 200], JSON.stringify([d1.body, d3.body]));
    const staff = await staffLogin(server, 'chushen');
    // The business desk is busy while both are approved: neither is booked before the other's approval reads the loan.
    server.coreEmulator!.control.faults({ down: true, only: ['submitBusiness', 'businessStatus'] });
    const approved = await Promise.all([decide(server, staff, d1.body.serialNo, 'approve'), decide(server, staff, d3.body.serialNo, 'approve')]);
    assert.deepEqual(
      approved.map((r) => [r.status, r.body.status]),
      [
        [200, 'approved'],
        [200, 'approved'],
      ],
      'the approvals only queue the requests',
    );
    server.coreEmulator!.control.reset();
    const ended = await Promise.all(approved.map((r) => paidAfterApproval(server, 'external', duan, r.body)));
    assert.deepEqual(ended.map((a) => a.status).sort(), ['paid', 'rejected'], JSON.stringify(ended));
    const refused = ended.find((a) => a.status === 'rejected');
    assert.match(refused.feedback, /^入账失败：(贷款余额已发生变化，请重新试算后申请|该笔贷款已结清)$/);
    const loan = (await server.coreEmulator!.system.listLoans(duanId)).find((l) => l.contractNo === CONTRACT)!;
    const repaid = (await server.coreEmulator!.system.listRepayments(loan.id, {})).filter((r) => ended.some((a) => r.reference?.startsWith(a.serialNo)));
    assert.equal(repaid.length, 1, 'one business booked at the core');
    assert.equal(repaid[0]!.reference, ended.find((a) => a.status === 'paid').serialNo);
  });
});
