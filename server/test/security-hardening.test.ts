/**
 * Issue 15 (points 1, 7, 8, 9) as a security tester tries them on a demo center: applicants' photos only for the
 * reviewers of that application and administrators, forwarded headers trusted only from configured proxies, phones
 * masked in every spelling in the logs, uploads that are photos only when they parse as images, and the headers.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_STAFF } from '../src/review/demo.js';
import { DEMO_LOGIN_PASSWORD } from '../src/identity/index.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { apply, auth, bindCard, login, PHONES, staffLogin, upload } from './workflow-helpers.js';

/** Logs in as 张健 with these headers; the IP the audit kept for that login. */
async function auditedIp(server: TestServer, headers: Record<string, string>): Promise<string | null> {
  const r = await server.json('/api/auth/login', { method: 'POST', headers, json: { account: PHONES.zhangJian, password: DEMO_LOGIN_PASSWORD } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const [row] = await server.database.query<{ ip: string | null }>(`SELECT ip FROM audit_log WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1`);
  return row!.ip;
}

describe('security hardening (issue 15)', () => {
  let server: TestServer;
  let serialNo: string;
  let draftSerial: string;
  let memberToken: string;
  before(async () => {
    server = await startTestServer('pglite');
    memberToken = await login(server, 'duanDemei');
    await bindCard(server, memberToken, '段德梅', '6223691095740548', 'YNRCC');
    // 享受低保: 初审 → 终审 (README), so 复审 is not one of its nodes.
    serialNo = (await apply(server, memberToken, 'subsistence', { subsistenceCertificateNo: 'DB-53', amountFen: 50_000 })).body.serialNo;
    const draft = await server.json('/api/me/applications', { method: 'POST', headers: auth(memberToken), json: { kind: 'unemployment', form: { unemploymentCertificateNo: 'SY-1' }, channel: 'mini-program' } });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    draftSerial = draft.body.serialNo;
    assert.equal((await upload(server, memberToken, draftSerial, 'idFront')).status, 200);
  });
  after(async () => server.close());

  test('an applicant’s photo is shown only to reviewers at a node of that application and to administrators, each view audited', async () => {
    const admin = await staffLogin(server, 'admin');
    const detail = (await server.json(`/api/staff/applications/${serialNo}`, { headers: auth(admin) })).body;
    const photo = detail.application.photos[0];
    const expected: Record<string, number> = { chushen: 200, fushen: 403, zhongshen: 200, shenhe: 200, admin: 200, bianji: 403, kefu: 403 };
    assert.deepEqual(Object.keys(expected).sort(), DEMO_STAFF.map((s) => s.username).sort(), 'every demo role is tried');
    for (const s of DEMO_STAFF) {
      const token = await staffLogin(server, s.username);
      const res = await fetch(`${server.url}/api/staff/applications/${serialNo}/photos/${photo.id}`, { headers: auth(token) });
      assert.equal(res.status, expected[s.username], `${s.username} (${s.role} ${s.reviewNodes.join('/')})`);
      if (res.status === 200) {
        assert.equal(res.headers.get('content-type'), 'image/jpeg');
        assert.equal(res.headers.get('cache-control'), 'private, no-store');
      } else {
        assert.deepEqual(await res.json(), { code: 'STAFF_FORBIDDEN', message: '无权限执行此操作' });
      }
    }
    const views = await server.database.query<{ staff_username: string; target: string; detail: { photoId: number; category: string } }>(
      `SELECT staff_username, target, detail FROM staff_audit WHERE action = 'review.photo-view' ORDER BY id`);
    assert.deepEqual(views.map((v) => v.staff_username), ['chushen', 'zhongshen', 'shenhe', 'admin']);
    assert.deepEqual(views.map((v) => [v.target, v.detail.photoId, v.detail.category])[0], [`application:${serialNo}`, photo.id, photo.category]);
    const log = (await server.json('/api/staff/audit?action=review.photo-view', { headers: auth(admin) })).body;
    assert.equal(log.total, 4, 'the administrator sees the views in the console’s 操作日志');
  });

  test('a draft’s photos are not shown to anyone at the center, however its ids are guessed', async () => {
    const admin = await staffLogin(server, 'admin');
    const [row] = await server.database.query<{ id: number }>(
      `SELECT p.id FROM application_photos p JOIN applications a ON a.id = p.application_id WHERE a.serial_no = $1`, [draftSerial]);
    const res = await server.json(`/api/staff/applications/${draftSerial}/photos/${row!.id}`, { headers: auth(admin) });
    assert.deepEqual([res.status, res.body.code], [404, 'APPLICATION_NOT_FOUND']);
    const other = await server.json(`/api/staff/applications/${serialNo}/photos/${row!.id}`, { headers: auth(admin) });
    assert.deepEqual([other.status, other.body.code], [404, 'PHOTO_NOT_FOUND'], 'a photo of another application is not found through this one');
  });

  test('a forged X-Forwarded-For is not what the audit keeps: without TRUSTED_PROXIES the client is the TCP peer', async () => {
    assert.equal(await auditedIp(server, { 'x-forwarded-for': '203.0.113.9' }), '127.0.0.1');
    assert.equal(await auditedIp(server, { 'x-forwarded-for': '203.0.113.9, 198.51.100.7', 'x-real-ip': '203.0.113.10' }), '127.0.0.1');
  });

  test('phones are masked in logged query parameters however they are spelt', async () => {
    const spellings = ['+8613908881234', '8613908881234', '139 0888 1234', '139-0888-1234', '008613908881234', '+86 139-0888-1234'];
    for (const phone of spellings) {
      const r = await server.json(`/api/public/articles?q=${encodeURIComponent(phone)}`);
      assert.equal(r.status, 200);
      assert.equal((await server.json(`/api/public/housing-projects?name=${encodeURIComponent(phone).replace(/%20/g, '+')}`)).status, 200);
    }
    const lines = server.logLines.filter((l) => l.includes('/api/public/articles') || l.includes('/api/public/housing-projects'));
    assert.ok(lines.length >= spellings.length * 2, 'each request has its log line');
    const logged = lines.map((l) => JSON.parse(l) as { query?: { q?: string; name?: string } }).map((l) => l.query?.q ?? l.query?.name);
    assert.deepEqual([...new Set(logged)].sort(), ['+86 139-****-1234', '+86139****1234', '0086139****1234', '139 **** 1234', '139-****-1234', '86139****1234']);
    const digits = lines.join('\n').replace(/[^\d*]/g, '');
    assert.doesNotMatch(digits, /08881234/, 'no log line holds the middle and last digits together');
  });
});

describe('behind trusted proxies (TRUSTED_PROXIES)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', { env: { TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1' } });
  });
  after(async () => server.close());

  test('the client is the first address, from the right, that is not a trusted proxy: what the caller wrote before it is ignored', async () => {
    assert.equal(await auditedIp(server, { 'x-forwarded-for': '203.0.113.9' }), '203.0.113.9', 'the proxy’s word for its client');
    assert.equal(await auditedIp(server, { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.1.2.3' }), '203.0.113.9', 'a forged first entry and an inner proxy');
    assert.equal(await auditedIp(server, {}), '127.0.0.1', 'no header: the proxy itself');
    assert.equal(await auditedIp(server, { 'x-forwarded-for': 'not-an-address' }), '127.0.0.1');
  });
});
