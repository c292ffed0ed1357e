/**
 * Issue 15 (points 1, 7, 8, 9) as a security tester tries them on a demo center: applicants' photos only for the
 * reviewers of that application and administrators, forwarded headers trusted only from configured proxies, phones
 * masked in every spelling in the logs, uploads that are photos only when they parse as images, and the headers.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_STAFF } from '../src/review/demo.js';
import { createHash } from 'node:crypto';
import { DEMO_LOGIN_PASSWORD } from '../src/identity/index.js';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { apply, auth, bindCard, jpeg, login, PHONES, png, staffLogin, upload } from './workflow-helpers.js';

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
    const draft = await server.json('/api/me/applications', {
      method: 'POST',
      headers: auth(memberToken),
      json: { kind: 'unemployment', form: { unemploymentCertificateNo: 'SY-1' }, channel: 'mini-program' },
    });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    draftSerial = draft.body.serialNo;
    assert.equal((await upload(server, memberToken, draftSerial, 'idFront')).status, 200);
  });
  after(async () => server.close());

  test('an applicant’s photo is shown only to reviewers at a node of that application and to administrators, each view audited', async () => {
    const admin = await staffLogin(server, 'admin');
    const detail = (await server.json(`/api/staff/applications/${serialNo}`, { headers: auth(admin) })).body;
    const photo = detail.application.photos[0];
    const expected: Record<string, number> = { chushen: 200, fushen: 403, zhongshen: 200, shenhe: 200, admin: 200, bianji: 403, kefu: 403, fangkuan: 403 };
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
      `SELECT staff_username, target, detail FROM staff_audit WHERE action = 'review.photo-view' ORDER BY id`,
    );
    assert.deepEqual(
      views.map((v) => v.staff_username),
      ['chushen', 'zhongshen', 'shenhe', 'admin'],
    );
    assert.deepEqual(views.map((v) => [v.target, v.detail.photoId, v.detail.category])[0], [`application:${serialNo}`, photo.id, photo.category]);
    const log = (await server.json('/api/staff/audit?action=review.photo-view', { headers: auth(admin) })).body;
    assert.equal(log.total, 4, 'the administrator sees the views in the console’s 操作日志');
  });

  test('a draft’s photos are not shown to anyone at the center, however its ids are guessed', async () => {
    const admin = await staffLogin(server, 'admin');
    const [row] = await server.database.query<{ id: number }>(
      `SELECT p.id FROM application_photos p JOIN applications a ON a.id = p.application_id WHERE a.serial_no = $1`,
      [draftSerial],
    );
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
    assert.deepEqual([...new Set(logged)].sort(), [
      '+86 139-****-1234',
      '+86139****1234',
      '0086139****1234',
      '139 **** 1234',
      '139-****-1234',
      '86139****1234',
    ]);
    const digits = lines.join('\n').replace(/[^\d*]/g, '');
    assert.doesNotMatch(digits, /08881234/, 'no log line holds the middle and last digits together');
    await fetch(`${server.url}/wechat?signature=abc123signature&timestamp=1&nonce=2&openid=oForgedOpenidInLog`);
    assert.ok(
      !server.logLines.some((l) => l.includes('oForgedOpenidInLog') || l.includes('abc123signature')),
      'the webhook’s openid and signature are not logged',
    );
  });
});

describe('uploads and pages a browser might render (issue 15.9)', () => {
  let server: TestServer;
  let token: string;
  let serial: string;
  before(async () => {
    server = await startTestServer('pglite');
    token = await login(server, 'gaoZhenhua');
    const draft = await server.json('/api/me/applications', {
      method: 'POST',
      headers: auth(token),
      json: { kind: 'unemployment', form: { unemploymentCertificateNo: 'SY-9' } },
    });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    serial = draft.body.serialNo;
  });
  after(async () => server.close());

  test('an upload is a photo only if it parses as one: JPEG magic followed by HTML, broken or truncated images are refused', async () => {
    const magic = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
    const refused: [string, Buffer][] = [
      ['JPEG magic + HTML', Buffer.concat([magic, Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>')])],
      ['a whole JPEG with a script after it', Buffer.concat([jpeg(), Buffer.from('<script>alert(1)</script>')])],
      [
        'a JPEG with HTML in its comment',
        Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0x00, 0x1c]), Buffer.from('<!doctype html><b>x</b>!'), jpeg().subarray(2)]),
      ],
      ['a truncated JPEG', jpeg().subarray(0, 700)],
      ['a PNG whose data is cut', png().subarray(0, 60)],
    ];
    for (const [what, bytes] of refused) {
      const r = await upload(server, token, serial, 'idFront', bytes);
      assert.deepEqual([r.status, r.body.code], [415, 'PHOTO_INVALID'], what);
      assert.match(r.body.message, /^文件不是有效的 JPG 或 PNG 照片（.+），请重新拍摄或选择照片$/, what);
    }
    const view = (await server.json(`/api/me/applications/${serial}`, { headers: auth(token) })).body;
    assert.equal(view.photos.length, 0, 'nothing was stored');

    const real = jpeg();
    const motion = Buffer.concat([real, Buffer.from('ftypmp42 appended by the camera')]);
    const ok = await upload(server, token, serial, 'idFront', motion);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const stored = ok.body.photos[0];
    assert.equal(stored.sha256, createHash('sha256').update(real).digest('hex'), 'what the camera appends after the image is not kept');
    const back = await fetch(`${server.url}/api/me/applications/${serial}/photos/${stored.id}`, { headers: auth(token) });
    assert.deepEqual(Buffer.from(await back.arrayBuffer()), real);
    assert.equal(back.headers.get('content-security-policy'), "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    assert.equal(back.headers.get('x-content-type-options'), 'nosniff');
  });

  test('/wechat/open and the plan print page carry a CSP that allows exactly their own inline script', async () => {
    const open = await fetch(`${server.url}/wechat/open?page=pages/index/index`);
    const openCsp = open.headers.get('content-security-policy') ?? '';
    assert.match(openCsp, /default-src 'none'/);
    assert.doesNotMatch(openCsp, /script-src/, 'the fallback page runs no script');
    assert.match(openCsp, /frame-ancestors 'none'/);

    const zhang = await login(server, 'zhangRuixia');
    const [loan] = (await server.json('/api/me/loans', { headers: auth(zhang) })).body;
    assert.ok(loan, '张瑞霞 has a loan');
    const print = await fetch(`${server.url}/api/me/loans/${encodeURIComponent(loan.contractNo)}/plan/print`, { headers: auth(zhang) });
    assert.equal(print.status, 200);
    const html = await print.text();
    const csp = print.headers.get('content-security-policy') ?? '';
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 1, 'the print button’s script');
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}'`), csp);
    assert.doesNotMatch(html, /\son\w+=/, 'no inline event handlers (a CSP with hashes blocks them)');
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
  });
});

describe('production mode', () => {
  let server: TestServer;
  before(async () => {
    // Real services are unreachable here (nothing answers on the discard port): this only looks at the HTTP headers.
    const secrets = Object.fromEntries(Object.entries(SANDBOX_DEFAULTS).map(([k, v]) => [k, String(v)]));
    server = await startTestServer('pglite', {
      env: {
        ...secrets,
        APP_MODE: 'production',
        DATA_KEY: Buffer.alloc(32, 'hpf-sandbox-demo-key-not-secret!').toString('base64'),
        WECHAT_API_BASE: 'http://127.0.0.1:9',
        TENCENTCLOUD_ENDPOINT_BASE: 'http://127.0.0.1:9',
        LOG_LEVEL: 'silent',
      },
    });
  });
  after(async () => server.close());

  test('answers with HSTS (and sandbox does not)', async () => {
    const r = await fetch(`${server.url}/healthz`);
    assert.equal(r.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
    const api = await fetch(`${server.url}/api/public/articles/columns`);
    assert.equal(api.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
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

  test('a sandbox server sends no HSTS (it is served over plain HTTP)', async () => {
    assert.equal((await fetch(`${server.url}/healthz`)).headers.get('strict-transport-security'), null);
  });
});
