/**
 * Issue 17, the loan business that makes or changes a contract on an external core (the core emulator on its own
 * database, over signed HTTP): D4 贷款申请's 放款 rests at 放款中 until the core books the contract — once, even when the
 * core's business desk was down for a while — and the member then finds it in B4 with the contract number the core
 * made; D5 还款银行账户变更 changes the account at the core, or answers 503 and changes nothing while the core is down.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BusinessResult } from '../src/core/protocol.js';
import { maskBankAccount } from '../src/shared/mask.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { apply, approveAll, auth, bindCard, confirm, decide, LOAN_FORM, login, memberIdOf, staffLogin, withLuhn, until } from './workflow-helpers.js';

const CONTRACT = '2022年委信字05318号';

describe('the loan business on an external core', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', { core: 'external' });
  });
  after(async () => server.close());

  const application = async (token: string, serialNo: string) => (await server.json(`/api/me/applications/${serialNo}`, { headers: auth(token) })).body;
  const progress = async (token: string, serialNo: string) =>
    ((await server.json('/api/me/loan-progress', { headers: auth(token) })).body as any[]).find((p) => p.applicationNo === serialNo);

  test('D4: 放款 waits 放款中 while the core is down, then the core books the contract once and B4 shows its number', async () => {
    const lu = await login(server, 'luTianpeng');
    const memberId = await memberIdOf(server, '卢天鹏');
    await bindCard(server, lu, '卢天鹏', withLuhn('622848000000987654'), 'ABC');
    const submitted = await apply(server, lu, 'loanApplication', LOAN_FORM);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const serialNo: string = submitted.body.serialNo;
    await approveAll(server, serialNo, ['chushen', 'fushen', 'zhongshen']);

    // The core answers the member's queries, but its business desk is down at 放款.
    server.coreEmulator!.control.faults({ down: true, only: ['submitBusiness', 'businessStatus'] });
    const disbursed = await decide(server, await staffLogin(server, 'fangkuan'), serialNo, 'approve');
    assert.equal(disbursed.status, 200, JSON.stringify(disbursed.body));
    assert.equal(disbursed.body.status, 'approved');
    assert.match(disbursed.body.feedback, /^放款中/);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await application(lu, serialNo)).status, 'approved', 'still 放款中 while the core is down');
    assert.equal((await progress(lu, serialNo)).finished, false);
    assert.deepEqual(
      (await server.coreEmulator!.system.listLoans(memberId)).filter((l) => l.archiveNo === serialNo),
      [],
    );
    server.coreEmulator!.control.reset();

    const paid = await until('the 放款', async () => {
      const a = await application(lu, serialNo);
      return a.status === 'paid' && a;
    });
    const atCore = (await server.coreEmulator!.system.listLoans(memberId)).filter((l) => l.archiveNo === serialNo);
    assert.equal(atCore.length, 1, 'booked once');
    const contractNo = atCore[0]!.contractNo;
    assert.match(contractNo, /^\d{4}年网贷字\d{5}号$/);
    assert.match(paid.feedback, new RegExp(`^贷款已发放，借款合同编号${contractNo}，首期还款日`));

    const b8 = await progress(lu, serialNo);
    assert.equal(b8.finished, true);
    assert.equal(b8.contractNo, contractNo);

    // B4, read from the core: the new contract with its figures.
    const loans = (await server.json('/api/me/loans', { headers: auth(lu) })).body as any[];
    const loan = loans.find((l) => l.contractNo === contractNo);
    assert.ok(loan, JSON.stringify(loans));
    assert.equal(loan.principalFen, 10_000_000);
    assert.equal(loan.balanceFen, 10_000_000);
    assert.equal(loan.months, 240);
    const plan = await server.json(`/api/me/loans/${encodeURIComponent(contractNo)}/plan`, { headers: auth(lu) });
    assert.equal(plan.body.items.length, 240);

    // The core's 贷款发放 event of this serial is applied, and the member is told once, by the application's end.
    await until('the loan_disbursed event applied', async () => {
      const rows = await server.database.query('SELECT 1 FROM core_events_applied WHERE event_id = $1', [`business-${serialNo}-loan`]);
      return rows.length > 0;
    });
    const items = (await server.json('/api/me/notifications?pageSize=50', { headers: auth(lu) })).body.items as { business: string; content: string }[];
    const told = items.filter((m) => m.content.includes(contractNo));
    assert.equal(told.length, 1, JSON.stringify(told));
    assert.match(told[0]!.content, new RegExp(`已办结：贷款已发放，借款合同编号${contractNo}`));
    // Sent again, the serial finds the contract it made.
    const again = (await server.coreEmulator!.system.businessStatus(serialNo))!;
    assert.equal(again.status, 'done');
    assert.equal(again.loan!.contractNo, contractNo);
  });

  test('D5: the account changes at the core; while the core is down 503 CORE_UNAVAILABLE and nothing changes', async () => {
    const duan = await login(server, 'duanDemei');
    const memberId = await memberIdOf(server, '段德梅');
    const path = `/api/me/loans/${encodeURIComponent(CONTRACT)}/repayment-account`;
    const view = async () => (await server.json(path, { headers: auth(duan) })).body;
    const change = (body: Record<string, unknown>) => server.json(path, { method: 'POST', headers: auth(duan), json: body });
    const atCore = async () => (await server.coreEmulator!.system.listLoans(memberId)).find((l) => l.contractNo === CONTRACT)!;

    const before = await view();
    assert.equal(before.canChange, true, JSON.stringify(before));
    const cardNo = withLuhn('621700287005556667');
    const card = await bindCard(server, duan, '段德梅', cardNo, 'CCB');
    const token = await confirm(server, duan, before);
    const old = await atCore();

    server.coreEmulator!.control.faults({ down: true, only: ['submitBusiness', 'businessStatus'] });
    const down = await change({ cardId: card.id, confirmationToken: token });
    assert.equal(down.status, 503, JSON.stringify(down.body));
    assert.equal(down.body.code, 'CORE_UNAVAILABLE');
    assert.equal(down.body.message, '核心业务系统暂时无法访问，请稍后再试');
    server.coreEmulator!.control.reset();
    assert.deepEqual([(await atCore()).repaymentBank, (await atCore()).repaymentAccountNo], [old.repaymentBank, old.repaymentAccountNo]);
    assert.deepEqual((await view()).history, [], 'nothing recorded');

    // The same request again (its A9 was not used up): the core changes the account, the channel records it once.
    const done = await change({ cardId: card.id, confirmationToken: token });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.repaymentBank, '中国建设银行');
    assert.equal(done.body.repaymentAccountNoMasked, maskBankAccount(cardNo));
    assert.equal(done.body.history.length, 1);
    const changed = await atCore();
    assert.deepEqual([changed.repaymentBank, changed.repaymentAccountNo], ['中国建设银行', cardNo]);
    const notes = JSON.stringify((await server.json('/api/me/notifications?pageSize=50', { headers: auth(duan) })).body);
    assert.equal(notes.split('还款账户已由').length - 1, 1, 'one message for the change');

    const other = await bindCard(server, duan, '段德梅', withLuhn('622202250500777888'), 'ICBC');
    const replay = await change({ cardId: other.id, confirmationToken: token });
    assert.equal(replay.status, 403, 'a confirmation is used once');
    assert.equal((await atCore()).repaymentAccountNo, cardNo);
  });

  test('D5: a retry sends the same serial, and a refusal the core stored under it reaches the member as 409 CORE_REFUSED', async () => {
    const duan = await login(server, 'duanDemei');
    const memberId = await memberIdOf(server, '段德梅');
    const path = `/api/me/loans/${encodeURIComponent(CONTRACT)}/repayment-account`;
    const view = async () => (await server.json(path, { headers: auth(duan) })).body;
    const change = (body: Record<string, unknown>) => server.json(path, { method: 'POST', headers: auth(duan), json: body });
    const loan = async () => (await server.coreEmulator!.system.listLoans(memberId)).find((l) => l.contractNo === CONTRACT)!;

    const before = await view();
    const card = await bindCard(server, duan, '段德梅', withLuhn('622202250500123456'), 'ICBC');
    const token = await confirm(server, duan, before);
    server.coreEmulator!.control.faults({ down: true, only: ['submitBusiness', 'businessStatus'] });
    assert.equal((await change({ cardId: card.id, confirmationToken: token })).status, 503);
    server.coreEmulator!.control.reset();
    const [row] = await server.database.query<{ serial_no: string }>(
      'SELECT serial_no FROM repayment_account_requests WHERE member_id = $1 ORDER BY created_at DESC LIMIT 1',
      [memberId],
    );
    const serial = row!.serial_no;
    assert.match(serial, /^\d{14}$/, 'made as applications’ serial numbers are');
    // Meanwhile the core refused that serial (here: asked for by someone who is not the borrower).
    const other = await memberIdOf(server, '卢天鹏');
    const refused = await server.coreEmulator!.system.submitBusiness({
      serial,
      type: 'repayment_account_change',
      memberId: other,
      business: '还款银行账户变更',
      channel: 'counter',
      loanId: (await loan()).id,
      bank: '中国工商银行',
      accountNo: '6222020200112233445',
    });
    assert.equal(refused.status, 'refused');

    const atBefore = await loan();
    const answer = await change({ cardId: card.id, confirmationToken: token });
    assert.equal(answer.status, 409, JSON.stringify(answer.body));
    assert.equal(answer.body.code, 'CORE_REFUSED');
    assert.equal(answer.body.message, '还款银行账户变更须由借款人本人办理');
    assert.equal((await loan()).repaymentAccountNo, atBefore.repaymentAccountNo, 'nothing changed at the core');
    assert.equal((await view()).history.length, before.history.length, 'nothing recorded');
  });

  test('the core refuses a change of a loan not the member’s own, with its reason in Chinese, the same on every retry', async () => {
    const duan = await memberIdOf(server, '段德梅');
    const lu = await memberIdOf(server, '卢天鹏');
    const loan = (await server.coreEmulator!.system.listLoans(duan)).find((l) => l.contractNo === CONTRACT)!;
    const request = {
      serial: 'T-RA-0001',
      type: 'repayment_account_change',
      memberId: lu,
      business: '还款银行账户变更',
      channel: 'mini-program',
      loanId: loan.id,
      bank: '中国工商银行',
      accountNo: '6222020200112233445',
    } as const;
    const refused: BusinessResult = await server.coreEmulator!.system.submitBusiness(request);
    assert.equal(refused.status, 'refused');
    assert.equal(refused.code, 'NOT_BORROWER');
    assert.equal(refused.reason, '还款银行账户变更须由借款人本人办理');
    assert.deepEqual(await server.coreEmulator!.system.submitBusiness({ ...request, memberId: duan }), refused, 'the serial was answered');
    assert.notEqual((await server.coreEmulator!.system.listLoans(duan)).find((l) => l.id === loan.id)!.repaymentBank, '中国工商银行');
  });
});
