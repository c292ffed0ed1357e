/**
 * The server's one clock (shared/clock.ts): it starts where CLOCK_AT says (sandbox), ticks from there, moves only
 * forward, and an administrator can move it in the sandbox to rehearse a month end or a year end — the jobs due in
 * between run day by day and what is "in effect today" follows it. Production refuses both.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, SANDBOX_DEFAULTS, loadConfig } from '../src/config.js';
import { ServerClock, fixedClock } from '../src/shared/clock.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, login, staffLogin } from './workflow-helpers.js';

test('the clock starts at the instant given and ticks on at the machine’s pace', () => {
  let machine = Date.parse('2030-01-01T00:00:00Z');
  const clock = new ServerClock(new Date('2026-12-31T23:59:30+08:00'), () => machine);
  assert.equal(clock.today(), '2026-12-31');
  machine += 29_000;
  assert.equal(clock.today(), '2026-12-31', '23:59:59 is still the 31st in Shanghai');
  machine += 1_000;
  assert.equal(clock.today(), '2027-01-01', 'midnight in Shanghai, 16:00 UTC');
  assert.equal(clock.now().toISOString(), '2026-12-31T16:00:00.000Z');
  assert.equal(clock.shifted, true);
  clock.advance(86_400_000);
  assert.equal(clock.today(), '2027-01-02');
  assert.throws(() => clock.advance(-1), RangeError);
  assert.equal(new ServerClock(undefined, () => machine).shifted, false);
  assert.equal(fixedClock('2026-06-30T23:59:30+08:00').today(), '2026-06-30');
});

test('CLOCK_AT must be an instant with its offset, and production refuses it', () => {
  assert.equal(loadConfig({ CLOCK_AT: '2026-12-31T23:59:30+08:00' }).CLOCK_AT, '2026-12-31T23:59:30+08:00');
  for (const bad of ['2026-12-31', '2026-12-31T23:59:30', 'tomorrow']) {
    assert.throws(
      () => loadConfig({ CLOCK_AT: bad }),
      (e: ConfigError) => e.problems.some((p) => p.includes('CLOCK_AT')),
    );
  }
  assert.throws(
    () => loadConfig({ APP_MODE: 'production', CLOCK_AT: '2026-12-31T23:59:30+08:00' }),
    (e: ConfigError) => e.problems.some((p) => p.includes('CLOCK_AT') && p.includes('sandbox')),
  );
});

describe('the sandbox clock, moved by an administrator', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer('pglite');
    admin = await staffLogin(server, 'admin');
  });
  after(() => server.close());

  const clock = (token: string, json?: unknown) =>
    server.json('/api/staff/sandbox/clock', json === undefined ? { headers: auth(token) } : { method: 'POST', headers: auth(token), json });

  test('only an administrator may read or move it, and only by a positive amount', async () => {
    const shown = await clock(admin);
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    assert.deepEqual([shown.body.today, shown.body.display, shown.body.shifted], ['2026-11-26', shown.body.display, true]);
    assert.match(shown.body.display, /^2026-11-26 10:\d\d$/);
    const reviewer = await staffLogin(server, 'chushen');
    const refused = await clock(reviewer, { advanceDays: 1 });
    assert.deepEqual([refused.status, refused.body.code], [403, 'STAFF_FORBIDDEN']);
    const nothing = await clock(admin, {});
    assert.deepEqual([nothing.status, nothing.body.code], [400, 'VALIDATION_FAILED']);
    const back = await clock(admin, { advanceDays: -1 });
    assert.equal(back.status, 400);
    const member = await clock(await login(server, 'duanDemei'), { advanceDays: 1 });
    assert.equal(member.status, 401, 'a member token is no staff session');
    assert.equal(server.clock.today(), '2026-11-26', 'nothing moved');
  });

  test('a month passes: the reminder before the 20th goes out on its day, and the member sees it', async () => {
    const duan = await login(server, 'duanDemei');
    const before = (await server.json('/api/me/overview', { headers: auth(duan) })).body;
    assert.equal(before.loans.nextDue.dueOn, '2026-12-20');
    const reminders = async () => JSON.stringify((await server.json('/api/me/notifications', { headers: auth(duan) })).body).includes('应于2026-12-20还款');
    const to16th = await clock(admin, { advanceDays: 20 });
    assert.equal(to16th.status, 200, JSON.stringify(to16th.body));
    assert.equal(to16th.body.today, '2026-12-16');
    assert.deepEqual(to16th.body.ran.map((r: any) => r.day).slice(0, 2), ['2026-11-27', '2026-11-28'], 'each day in between');
    assert.equal(to16th.body.ran.length, 20);
    assert.equal(await reminders(), false, 'not yet on the 16th');
    const to17th = await clock(admin, { advanceDays: 1 });
    assert.deepEqual(
      to17th.body.ran.map((r: any) => r.day),
      ['2026-12-17'],
    );
    assert.ok(to17th.body.ran[0].repaymentReminders >= 1);
    assert.equal(await reminders(), true, 'three days before the 20th (LOAN_REMINDER_DAYS_BEFORE)');
    const moved = await clock(admin, { advanceDays: 4 });
    assert.equal(moved.body.today, '2026-12-21');
    // The business day moved: the overview's next instalment is the next one from the clock's today.
    const after = (await server.json('/api/me/overview', { headers: auth(duan) })).body;
    assert.equal(after.loans.nextDue.dueOn, '2027-01-20');
    const audit = (await server.json('/api/staff/audit?action=sandbox.clock', { headers: auth(admin) })).body;
    assert.equal(audit.items[0].action, 'sandbox.clock.advance');
  });
});

describe('a year end rehearsed: what takes effect on 1 January does so at midnight in Shanghai', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer('pglite', { env: { CLOCK_AT: '2026-12-31T23:30:00+08:00' } });
    admin = await staffLogin(server, 'admin');
  });
  after(() => server.close());

  test('a rate adjustment and an agreement version effective 2027-01-01', async () => {
    const editor = await staffLogin(server, 'bianji');
    const rate = await server.json('/api/staff/content/rates', {
      method: 'POST',
      headers: auth(editor),
      json: { kind: 'loan_first_gt5', annualRatePercent: 2.35, effectiveOn: '2027-01-01' },
    });
    assert.equal(rate.status, 201, JSON.stringify(rate.body));
    assert.equal(rate.body.inEffect, false);
    const past = await server.json('/api/staff/content/rates', {
      method: 'POST',
      headers: auth(editor),
      json: { kind: 'loan_first_gt5', annualRatePercent: 2.5, effectiveOn: '2026-12-30' },
    });
    assert.deepEqual([past.status, past.body.code], [400, 'VALIDATION_FAILED'], 'the clock’s today is 2026-12-31');
    const agreement = await server.json('/api/staff/content/agreements', {
      method: 'POST',
      headers: auth(editor),
      json: { kind: 'user-agreement', version: '2027.1', title: '个人用户协议（2027版）', body: '新版协议正文', effectiveOn: '2027-01-01' },
    });
    assert.equal(agreement.status, 201, JSON.stringify(agreement.body));
    assert.equal((await server.json(`/api/staff/content/agreements/${agreement.body.id}/publish`, { method: 'POST', headers: auth(editor) })).status, 200);

    const firstGt5 = async () => (await server.json('/api/public/tools/interest-rates')).body.current.find((r: any) => r.kind === 'loan_first_gt5');
    const before = { rate: await firstGt5(), agreement: (await server.json('/api/public/agreements/user-agreement')).body };
    assert.notEqual(before.rate.annualRatePercent, 2.35);
    assert.notEqual(before.agreement.version, '2027.1');

    const moved = await server.json('/api/staff/sandbox/clock', { method: 'POST', headers: auth(admin), json: { advanceHours: 1 } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.today, '2027-01-01');
    assert.deepEqual(
      moved.body.ran.map((r: any) => r.day),
      ['2027-01-01'],
      'the jobs of the new day ran',
    );
    assert.deepEqual([(await firstGt5()).annualRatePercent, (await firstGt5()).effectiveOn], [2.35, '2027-01-01']);
    assert.equal((await server.json('/api/public/agreements/user-agreement')).body.version, '2027.1');
    const inEffect = await server.json(`/api/staff/content/rates/${rate.body.id}`, { headers: auth(editor) });
    assert.equal(inEffect.body.inEffect, true);
  });
});

describe('production', () => {
  test('the sandbox clock is refused, and the clock is the machine’s', async () => {
    const server = await startTestServer('pglite', {
      env: {
        APP_MODE: 'production',
        CLOCK_AT: '',
        ...SANDBOX_DEFAULTS,
        // The demo data's key (the seeded staff passwords are peppered with it); nothing may reach the real services.
        DATA_KEY: Buffer.alloc(32, 'hpf-sandbox-demo-key-not-secret!').toString('base64'),
        WECHAT_API_BASE: 'http://127.0.0.1:9',
        TENCENTCLOUD_ENDPOINT_BASE: 'http://127.0.0.1:9',
        LOG_LEVEL: 'fatal',
      },
    });
    try {
      assert.equal(server.clock.shifted, false);
      const admin = await staffLogin(server, 'admin');
      for (const call of [{ headers: auth(admin) }, { method: 'POST', headers: auth(admin), json: { advanceDays: 1 } }]) {
        const r = await server.json('/api/staff/sandbox/clock', call);
        assert.deepEqual([r.status, r.body.code], [403, 'SANDBOX_ONLY']);
        assert.match(r.body.message, /仅演示环境/);
      }
    } finally {
      await server.close();
    }
  });
});
