/**
 * Issue 15 points 3 and 5: the limits on the public doors, as a caller meets them over HTTP — SMS codes per account,
 * per phone, per client IP and overall per hour (429 SMS_RATE_LIMITED + Retry-After), shared by two server
 * instances on one PostgreSQL database; failed logins throttled per IP for members and staff (429 LOGIN_RATE_LIMITED).
 * Every test server here comes from 127.0.0.1, so one IP; the limits are set low through the configuration.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { start, type RunningServer } from '../src/main.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';
import { Client, DEMO, DEMO_LOGIN_PASSWORD, travel, unregisteredMembers, type Person } from './helpers/identity.js';

const LIMITS = { SMS_LIMIT_PER_ACCOUNT_HOUR: '3', SMS_LIMIT_PER_PHONE_HOUR: '2', SMS_LIMIT_PER_IP_HOUR: '8', SMS_LIMIT_TOTAL_HOUR: '1000' };

/** The 429 of a limit: code, Chinese message naming the wait, Retry-After within the hour (and the same in details). */
function assertLimited(r: { status: number; body: any; headers: Headers }, message: RegExp): void {
  assert.equal(r.status, 429, JSON.stringify(r.body));
  assert.equal(r.body.code, 'SMS_RATE_LIMITED');
  assert.match(r.body.message, message);
  const retryAfter = Number(r.headers.get('retry-after'));
  assert.ok(retryAfter > 0 && retryAfter <= 3600, `Retry-After: ${r.headers.get('retry-after')}`);
  assert.equal(r.body.details.retryAfterSeconds, retryAfter);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

for (const target of targets()) {
  describe(`SMS limits on ${target}`, () => {
    let server: TestServer;
    let client: Client;
    before(async () => {
      server = await startTestServer(target, { seeded: true, env: LIMITS });
      client = new Client(server);
    });
    after(() => server.close());

    test('one session cannot send codes to phone after phone: 3 an hour per account, the fourth is refused and not sent', async () => {
      const token = await client.login(DEMO.luQingyi.phone);
      const phones = ['13611110001', '13611110002', '13611110003', '13611110004'];
      for (const newPhone of phones.slice(0, 3)) {
        const r = await server.json('/api/me/security/phone/sms', { method: 'POST', json: { newPhone }, headers: bearer(token) });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const fourth = await server.json('/api/me/security/phone/sms', { method: 'POST', json: { newPhone: phones[3] }, headers: bearer(token) });
      assertLimited(fourth, /^您的账户获取验证码过于频繁，请\d+分钟后再试$/);
      assert.equal(client.smsCount(phones[3]!), 0, 'nothing went out');
      await travel(server, 3601);
      const later = await server.json('/api/me/security/phone/sms', {
        method: 'POST',
        json: { newPhone: phones[3] },
        headers: bearer(await client.login(DEMO.luQingyi.phone)),
      });
      assert.equal(later.status, 200, 'the next hour has room again');
    });

    test('one phone gets 2 codes an hour whoever asks; per IP 8 an hour; a refused request uses up nothing of the others', async () => {
      await travel(server, 3601);
      const [a, b] = (await unregisteredMembers(server, 2)) as [Person, Person];
      const send = (p: Person) => server.json('/api/auth/register/sms', { method: 'POST', json: p });
      assert.equal((await send(a)).status, 200);
      await travel(server, 61); // past the minute between two sends
      assert.equal((await send(a)).status, 200);
      await travel(server, 61);
      assertLimited(await send(a), /^该手机号获取验证码过于频繁，请\d+分钟后再试$/);
      assert.equal(client.smsCount(a.phone), 2);

      // The IP has used 2 of its 8 (the refused one counted nothing); 6 more to other phones, then the IP is full.
      const others = await unregisteredMembers(server, 8);
      const fresh = others.filter((p) => p.phone !== a.phone && p.phone !== b.phone).slice(0, 6);
      for (const p of fresh) assert.equal((await send(p)).status, 200);
      assertLimited(await send(b), /^当前网络获取验证码过于频繁，请\d+分钟后再试$/);
      assert.equal(client.smsCount(b.phone), 0);
      const rows = await server.database.query<{ key: string }>('SELECT key FROM rate_limit_counters');
      const dump = JSON.stringify(rows);
      for (const p of [a, b, ...fresh]) assert.ok(!dump.includes(p.phone), 'phones are not stored as such');
      assert.ok(!dump.includes('127.0.0.1'), 'nor IPs');
    });
  });

  describe(`login throttle per IP on ${target}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(target, { seeded: true, env: { LOGIN_LIMIT_PER_IP: '6', LOGIN_CHALLENGE_AFTER_FAILURES: '50' } });
    });
    after(() => server.close());

    test('after 6 failed logins from one IP (members and staff together) even a right password waits: 429 with Retry-After', async () => {
      const member = (account: string, password: string) => server.json('/api/auth/login', { method: 'POST', json: { account, password } });
      const staff = (username: string, password: string) => server.json('/api/staff/login', { method: 'POST', json: { username, password } });
      assert.equal((await member(DEMO.liGuoqiang.phone, DEMO_LOGIN_PASSWORD)).status, 200, 'successes do not count');
      for (let i = 0; i < 3; i++) assert.equal((await member(`1300000000${i}`, 'Wrong#Pass123')).status, 401);
      for (let i = 0; i < 3; i++) assert.equal((await staff(`nobody${i}`, 'wrong')).status, 401);
      for (const r of [await member(DEMO.liGuoqiang.phone, DEMO_LOGIN_PASSWORD), await staff('chushen', 'Review@2026')]) {
        assert.equal(r.status, 429, JSON.stringify(r.body));
        assert.equal(r.body.code, 'LOGIN_RATE_LIMITED');
        assert.match(r.body.message, /^登录尝试过于频繁，请\d+分钟后再试$/);
        const retryAfter = Number(r.headers.get('retry-after'));
        assert.ok(retryAfter > 0 && retryAfter <= 15 * 60);
      }
      await travel(server, 15 * 60 + 1);
      assert.equal((await member(DEMO.liGuoqiang.phone, DEMO_LOGIN_PASSWORD)).status, 200, 'the window passes');
    });
  });
}

if (targets().includes('postgres')) {
  describe('SMS limits shared by two instances on PostgreSQL', () => {
    let first: TestServer;
    let second: RunningServer;
    before(async () => {
      first = await startTestServer('postgres', { seeded: true, env: { ...LIMITS, SMS_LIMIT_PER_IP_HOUR: '1000', SMS_LIMIT_TOTAL_HOUR: '5' } });
      const quiet = new Writable({ write: (_c, _e, cb) => cb() });
      second = await start(
        { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...first.db.env, ...LIMITS, SMS_LIMIT_PER_IP_HOUR: '1000', SMS_LIMIT_TOTAL_HOUR: '5' },
        { log: quiet },
      );
    });
    after(async () => {
      await second.stop();
      await first.close();
    });

    test('the per-account and the overall hourly limits count the sends of both instances', async () => {
      const client = new Client(first);
      const on = (s: { url: string }) => async (path: string, json: unknown, token?: string) => {
        const res = await fetch(s.url + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
          body: JSON.stringify(json),
        });
        return { status: res.status, body: (await res.json()) as any, headers: res.headers };
      };
      const [one, two] = [on(first), on(second)];
      const token = await client.login(DEMO.luQingyi.phone);
      assert.equal((await one('/api/me/security/phone/sms', { newPhone: '13622220001' }, token)).status, 200);
      assert.equal((await two('/api/me/security/phone/sms', { newPhone: '13622220002' }, token)).status, 200);
      assert.equal((await one('/api/me/security/phone/sms', { newPhone: '13622220003' }, token)).status, 200);
      assertLimited(await two('/api/me/security/phone/sms', { newPhone: '13622220004' }, token), /^您的账户获取验证码过于频繁/);

      // Three sends so far; the centre allows 5 an hour in all: one more on each instance, then neither sends.
      const crowd = await unregisteredMembers(first, 3);
      assert.equal((await two('/api/auth/register/sms', crowd[0])).status, 200);
      assert.equal((await one('/api/auth/register/sms', crowd[1])).status, 200);
      assertLimited(await two('/api/auth/register/sms', crowd[2]), /^短信验证码发送繁忙，请\d+分钟后再试$/);
      assertLimited(await one('/api/auth/register/sms', crowd[2]), /^短信验证码发送繁忙/);
    });
  });
}
