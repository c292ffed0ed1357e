/**
 * Issue 17 with the product on an external core (the core emulator on its own database, reached over signed HTTP):
 * a deposit posted at the core reaches the member's 消息 and balance without any action in the product; an approved
 * withdrawal waits 入账中 until the core books it, once, whether the core was down or answered too late; business of
 * another channel shows in E1 and never steps back; repeated and reordered events give one message each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers/server.js';
import { fen } from '../src/shared/money.js';
import { Client, DEMO } from './helpers/identity.js';
import { bindOpenid } from './helpers/wechat.js';
import { auth, balance, bindCard, apply, login, memberIdOf, staffLogin, until } from './workflow-helpers.js';

describe('the product on an external core', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', { core: 'external', env: { CORE_TIMEOUT_MS: '1500' } });
  });
  after(async () => server.close());

  const messages = async (token: string) =>
    (await server.json<{ items: { business: string; content: string; channel: string }[] }>('/api/me/notifications?pageSize=50', { headers: auth(token) })).body
      .items;
  const application = async (token: string, serialNo: string) => (await server.json(`/api/me/applications/${serialNo}`, { headers: auth(token) })).body;
  const postingsAtCore = async (memberId: number, serialNo: string) =>
    (await server.coreEmulator!.system.listLedger(memberId, {}, { limit: 1000, offset: 0 }, 'desc')).entries.filter((e) => e.reference === serialNo);

  test('a deposit posted in the core shows in 消息 and in the balance, with nothing done in the product', async () => {
    const token = await login(server, 'duanDemei');
    const memberId = await memberIdOf(server, '段德梅');
    const before = await balance(server, token);
    await server.coreEmulator!.control.deposit(memberId, { month: '202612', amountFen: 123_456 });
    const msg = await until('the deposit message', async () => (await messages(token)).find((m) => m.business === '汇缴入账'));
    assert.equal(msg.content, `您的住房公积金2026年12月汇缴1234.56元已入账，账户余额${((before + 123_456) / 100).toFixed(2)}元。`);
    assert.equal(await balance(server, token), before + 123_456);
  });

  test('an approved withdrawal is 入账中 until the core books it; a core that is down only delays it, and it is booked once', async () => {
    const token = await login(server, 'duanDemei');
    const memberId = await memberIdOf(server, '段德梅');
    await bindCard(server, token, '段德梅', '6223691095740548', 'YNRCC');
    const before = await balance(server, token);
    // The core answers the member's queries but its business desk is down.
    server.coreEmulator!.control.faults({ down: true, only: ['submitBusiness', 'businessStatus'] });
    const submitted = await apply(server, token, 'propertyFee');
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const serialNo: string = submitted.body.serialNo;
    assert.equal(submitted.body.status, 'approved');
    assert.match(submitted.body.feedback, /^入账中/);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await application(token, serialNo)).status, 'approved', 'still 入账中 while the core is down');
    server.coreEmulator!.control.reset();
    const paid = await until('the payout', async () => {
      const a = await application(token, serialNo);
      return a.status === 'paid' && a;
    });
    assert.equal(paid.feedback, '银行付款成功，中心入账成功!');
    assert.deepEqual(
      (await postingsAtCore(memberId, serialNo)).map((e) => [e.summary, e.amountFen]),
      [['部分提取（物业费）', -150_000]],
    );
    assert.equal(await balance(server, token), before - 150_000);
    const done = (await messages(token)).filter((m) => m.content.includes(serialNo) && m.content.includes('已办结'));
    assert.equal(done.length, 1);
  });

  test('an answer that comes too late is asked again, and the money still moves once (C8 提取还贷)', async () => {
    const token = await login(server, 'duanDemei');
    const memberId = await memberIdOf(server, '段德梅');
    const before = await balance(server, token);
    // Slower than CORE_TIMEOUT_MS (1500 ms): the core books it but the product hears nothing in time, and asks again.
    server.coreEmulator!.control.faults({ delayMs: 2500, only: ['submitBusiness'] });
    const submitted = await apply(server, token, 'fundLoanRepay');
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const serialNo: string = submitted.body.serialNo;
    assert.equal(submitted.body.status, 'approved');
    await until('a submission that timed out', async () => server.logLines.some((l) => l.includes(serialNo) && l.includes('will be retried')));
    server.coreEmulator!.control.reset();
    const paid = await until('the payout', async () => {
      const a = await application(token, serialNo);
      return a.status === 'paid' && a;
    });
    assert.equal(paid.feedback, '提取还贷成功，中心入账成功!');
    const [posting, ...more] = await postingsAtCore(memberId, serialNo);
    assert.equal(more.length, 0, 'booked once');
    assert.equal(posting!.summary, '公积金提取还款');
    assert.equal(await balance(server, token), before + posting!.amountFen);
  });

  test('对账: a business the core lost and one it booked for another amount are reported to the administrators', async () => {
    const done = await server.database.query<{ serial_no: string }>("SELECT serial_no FROM core_submissions WHERE status = 'done' ORDER BY created_at");
    assert.equal(done.length, 2, 'the two withdrawals above');
    const [lost, other] = done.map((d) => d.serial_no);
    const today = server.clock.today();
    assert.equal(await server.coreSubmitter!.reconcile(today), 0, 'they agree');
    await server.coreDatabase.query('DELETE FROM core_business_requests WHERE serial = $1', [lost]);
    await server.coreDatabase.query(`UPDATE core_business_requests SET entries = jsonb_set(entries, '{0,amountFen}', '-100') WHERE serial = $1`, [other]);
    assert.equal(await server.coreSubmitter!.reconcile(today), 2);
    const admin = await staffLogin(server, 'admin');
    const r = await server.json('/api/staff/core/reconciliation', { headers: auth(admin) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(
      r.body.items.map((i: any) => [i.serialNo, i.problemLabel, i.coreAmount]).sort(),
      [
        [lost, '核心业务系统没有这笔业务', '—'],
        [other, '记账金额与核心业务系统不一致', '1.00 元'],
      ].sort(),
    );
    const reviewer = await staffLogin(server, 'chushen');
    assert.equal((await server.json('/api/staff/core/reconciliation', { headers: auth(reviewer) })).status, 403, 'administrators only');
  });

  test('business at the counter shows in E1 and its messages; a late earlier step does not move it back; repeats give one message', async () => {
    const token = await login(server, 'zhangRuixia');
    const memberId = await memberIdOf(server, '张瑞霞');
    const control = server.coreEmulator!.control;
    const step = (stepNo: number, stepName: string, done = false, eventId?: string) =>
      control.addEvent({
        type: 'business_progress',
        memberId,
        channel: 'counter',
        ...(eventId ? { eventId } : {}),
        occurredAt: `2026-11-2${stepNo}T10:00:00+08:00`,
        data: { serial: 'GT202611200001', business: '租房提取', step: stepName, stepNo, done, ...(done ? { result: '提取金额3000元已转入您的银行卡' } : {}) },
      });
    control.faults({ duplicateEvents: true, reorderEvents: true });
    await step(1, '受理', false, 'gt-1');
    await step(3, '办结', true, 'gt-3');
    const progress = async () =>
      (await server.json<{ items: any[] }>('/api/me/progress?page=1&pageSize=20', { headers: auth(token) })).body.items.find(
        (i) => i.serialNo === 'GT202611200001',
      );
    const row = await until('the counter business in E1', async () => {
      const r = await progress();
      return r?.status === '已办结' && r;
    });
    assert.equal(row.channelLabel, '柜台业务');
    assert.equal(row.fromCore, true);
    assert.equal(row.feedback, '提取金额3000元已转入您的银行卡');
    await step(2, '审核', false, 'gt-2');
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await progress()).status, '已办结', 'a late 审核 does not reopen it');
    const about = (await messages(token)).filter((m) => m.content.includes('GT202611200001'));
    assert.equal(about.length, 2, JSON.stringify(about));
    assert.ok(about.every((m) => m.channel === '柜台业务'));
    control.reset();
  });

  test('back pay, a base change, an instalment and an overdue one become the member’s messages and WeChat notices', async () => {
    const token = await login(server, 'zhangJian');
    const memberId = await memberIdOf(server, '张健');
    const control = server.coreEmulator!.control;
    // He follows the official account: the notices go there as template messages.
    await bindOpenid(server.database, 'oZhangJian', DEMO.zhangJian.idNumber);
    const wechat = server.emulators.wechat!.control;
    wechat.addFollower({ openid: 'oZhangJian' });
    await control.addEvent({
      type: 'back_pay',
      memberId,
      channel: 'counter',
      data: { fromMonth: '202609', toMonth: '202610', amountFen: fen(96_000), balanceAfterFen: fen(1_234_500) },
    });
    await control.addEvent({
      type: 'base_change',
      memberId,
      channel: 'counter',
      data: { effectiveMonth: '202607', depositBaseFen: fen(800_000), unitRatioPercent: 12, personalRatioPercent: 12, monthlyTotalFen: fen(192_000) },
    });
    await control.addEvent({
      type: 'instalment_deducted',
      memberId,
      channel: 'counter',
      data: { contractNo: 'HT001', period: 5, amountFen: fen(331_229), balanceAfterFen: fen(50_000_000) },
    });
    await control.addEvent({
      type: 'overdue',
      memberId,
      channel: 'counter',
      data: { contractNo: 'HT001', period: 6, amountFen: fen(331_229), overdueDays: 3 },
    });
    const list = await until('four messages', async () => {
      const m = await messages(token);
      return ['补缴入账', '缴存基数调整', '贷款还款扣款', '贷款逾期'].every((b) => m.some((x) => x.business === b)) && m;
    });
    assert.equal(list.find((m) => m.business === '补缴入账')!.content, '您补缴的住房公积金（2026年9月至2026年10月）960元已到账，账户余额12345元。');
    assert.match(list.find((m) => m.business === '贷款逾期')!.content, /第6期应还3312\.29元已逾期3天/);
    const sent = await until('four template messages', async () => {
      const t = wechat.sentMessages({ kind: 'template', touser: 'oZhangJian' });
      return t.length >= 4 && t;
    });
    const shown = sent.map((m) => [m.data['character_string1']?.value, m.data['thing2']?.value, m.data['phrase3']?.value]);
    assert.deepEqual(
      shown.sort(),
      [
        ['202607', '住房公积金缴存基数调整', '已调整'],
        ['202609-202610', '住房公积金补缴入账', '已到账'],
        ['HT001', '住房公积金贷款还款', '已扣款'],
        ['HT001', '住房公积金贷款逾期', '已逾期'],
      ].sort(),
    );
  });
});

describe('a center whose product database knows no member yet (only migrated), on its own core', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', { core: 'external', seeded: false });
  });
  after(async () => server.close());

  test('a member registers for the first time, sees the core’s balance, and gets the messages of events that came before', async () => {
    const client = new Client(server);
    const person = DEMO.duanDemei;
    const atCore = await server.coreEmulator!.system.findMemberByIdNumber(person.idNumber);
    assert.ok(atCore, 'the core knows her');
    // An event before her first visit: kept for her.
    await server.coreEmulator!.control.deposit(atCore.id, { month: '202612', amountFen: 50_000 });
    const known = async () => (await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM known_members WHERE id = $1', [atCore.id]))[0]!.n;
    await until('the event applied', async () => (await known()) === 1);
    assert.equal((await server.database.query('SELECT 1 FROM members')).length, 0, 'the product holds no member record of its own');

    const token = await client.register(person);
    const account = await client.get('/api/me/account', token);
    assert.equal(account.status, 200, JSON.stringify(account.body));
    assert.equal(account.body.balanceFen, (await server.coreEmulator!.system.getFundAccount(atCore.id))!.balanceFen);
    const list = await client.get('/api/me/notifications?pageSize=20', token);
    assert.deepEqual(
      list.body.items.map((m: { business: string }) => m.business),
      ['汇缴入账'],
    );
  });
});
