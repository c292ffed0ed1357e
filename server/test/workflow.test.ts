/**
 * The application workflow as members meet it: idempotent drafts, photos checked by content, the A9 token used up by
 * the submit, notifications (E3), and the guarantee that an approval, its posting, its notification and its template
 * message commit together or not at all.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import { closeApplication, defineKind, enterReview } from '../src/workflow/index.js';
import { createBusiness } from '../src/business.js';
import { testCipher } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { apply, auth, bindCard, confirm, decide, jpeg, login, png, postingsOf, staffLogin, upload, withLuhn, countOf } from './workflow-helpers.js';

describe('the application workflow', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite');
  });
  after(async () => server.close());

  const create = (token: string, kind: string, key?: string, form?: object) =>
    server.json('/api/me/applications', { method: 'POST', headers: { ...auth(token), ...(key ? { 'idempotency-key': key } : {}) }, json: { kind, form } });

  test('the same Idempotency-Key gives the same draft; another key while one is open is refused', async () => {
    const token = await login(server, 'duanDemei');
    const a = await create(token, 'subsistence', 'tap-0001-aaaa');
    const b = await create(token, 'subsistence', 'tap-0001-aaaa');
    assert.equal(a.status, 200);
    assert.equal(b.body.serialNo, a.body.serialNo, 'a double tap is one application');
    assert.match(a.body.serialNo, /^\d{14}$/);
    const c = await create(token, 'subsistence', 'tap-0002-bbbb');
    assert.deepEqual([c.status, c.body.code, c.body.details.serialNo], [409, 'APPLICATION_ALREADY_OPEN', a.body.serialNo]);
    assert.equal((await create(token, 'subsistence', 'short')).body.code, 'IDEMPOTENCY_KEY_INVALID');
    assert.equal((await create(token, 'unemployment', 'tap-0001-aaaa')).body.code, 'IDEMPOTENCY_KEY_REUSED');
    const other = await login(server, 'gaoZhenhua');
    const hidden = await server.json(`/api/me/applications/${a.body.serialNo}`, { headers: auth(other) });
    assert.equal(hidden.status, 404, 'another member’s application does not exist for them');
    await server.json(`/api/me/applications/${a.body.serialNo}/end`, { method: 'POST', headers: auth(token), json: {} });
  });

  test('photos: JPEG or PNG by their bytes, 4 a category, size-capped, stored under DATA_DIR by SHA-256', async () => {
    const token = await login(server, 'duanDemei');
    const app = (await create(token, 'unemployment', undefined, { unemploymentCertificateNo: 'SY-1' })).body;
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj');
    const fake = await upload(server, token, app.serialNo, 'unemploymentCertificate', pdf, 'image/jpeg');
    assert.deepEqual([fake.status, fake.body.code], [415, 'PHOTO_TYPE_UNSUPPORTED'], 'a PDF named .jpg is not a photo');
    const wrongCategory = await upload(server, token, app.serialNo, 'selfie');
    assert.equal(wrongCategory.body.code, 'PHOTO_CATEGORY_UNKNOWN');
    const big = Buffer.concat([jpeg(), Buffer.alloc(4 * 1024 * 1024)]);
    assert.equal((await upload(server, token, app.serialNo, 'idFront', big)).status, 413);

    const first = jpeg();
    for (let i = 0; i < 4; i++) assert.equal((await upload(server, token, app.serialNo, 'idFront', i === 0 ? first : jpeg())).status, 200);
    const fifth = await upload(server, token, app.serialNo, 'idFront');
    assert.deepEqual([fifth.status, fifth.body.code], [409, 'PHOTO_LIMIT']);
    // The raw image body works too (Content-Type image/png), the category in the query.
    const raw = png();
    const res = await fetch(`${server.url}/api/me/applications/${app.serialNo}/photos?category=idBack`, {
      method: 'POST',
      headers: { ...auth(token), 'content-type': 'image/png' },
      body: new Uint8Array(raw),
    });
    const view = (await res.json()) as any;
    assert.equal(res.status, 200);
    const stored = view.photos.find((p: any) => p.category === 'idBack');
    assert.equal(stored.mediaType, 'image/png');
    assert.equal(stored.sha256, createHash('sha256').update(raw).digest('hex'));
    assert.ok(existsSync(path.join(server.config.DATA_DIR, 'uploads', stored.sha256.slice(0, 2), stored.sha256)), 'the file is outside the database');
    const back = await fetch(`${server.url}/api/me/applications/${app.serialNo}/photos/${stored.id}`, { headers: auth(token) });
    assert.equal(back.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await back.arrayBuffer()), raw);

    const firstId = view.photos.find((p: any) => p.category === 'idFront' && p.slot === 1).id;
    const removed = await server.json(`/api/me/applications/${app.serialNo}/photos/${firstId}`, { method: 'DELETE', headers: auth(token) });
    assert.equal(removed.body.photoCategories.find((c: any) => c.key === 'idFront').uploaded, 3);
    assert.equal((await upload(server, token, app.serialNo, 'idFront')).status, 200, 'a deleted photo frees its slot');

    const missing = await server.json(`/api/me/applications/${app.serialNo}/submit`, {
      method: 'POST',
      headers: auth(token),
      json: { confirmationToken: 'hpfc_' + 'x'.repeat(40) },
    });
    assert.deepEqual([missing.status, missing.body.code], [409, 'PHOTOS_REQUIRED']);
    assert.equal(missing.body.message, '请先上传必传材料：失业证');
    await server.json(`/api/me/applications/${app.serialNo}/end`, { method: 'POST', headers: auth(token), json: {} });
  });

  test('submit needs this application’s A9 token, uses it once, and a repeat with the same key is answered the same', async () => {
    const token = await login(server, 'luQingyi');
    await bindCard(server, token, '卢青怡', withLuhn('622848040000005678'), 'ABC');
    const app = (await create(token, 'subsistence', undefined, { subsistenceCertificateNo: 'DB-7', amountFen: 20_000 })).body;
    for (const c of ['subsistenceCertificate', 'idFront', 'idBack']) await upload(server, token, app.serialNo, c);
    const submit = (confirmationToken: string, key?: string) =>
      server.json(`/api/me/applications/${app.serialNo}/submit`, {
        method: 'POST',
        headers: { ...auth(token), ...(key ? { 'idempotency-key': key } : {}) },
        json: { confirmationToken },
      });
    const forged = await submit('hpfc_' + 'A'.repeat(43));
    assert.deepEqual([forged.status, forged.body.code], [403, 'CONFIRMATION_INVALID']);
    const otherPurpose = await confirm(server, token, { confirmation: { purpose: 'withdrawal.unemployment', reference: app.serialNo } });
    assert.equal((await submit(otherPurpose)).body.code, 'CONFIRMATION_INVALID', 'a token confirms one purpose and reference only');
    assert.equal((await server.json(`/api/me/applications/${app.serialNo}`, { headers: auth(token) })).body.status, 'draft');

    const good = await confirm(server, token, app);
    const first = await submit(good, 'submit-key-0001');
    assert.equal(first.body.status, 'in_review', JSON.stringify(first.body));
    const replay = await submit(good, 'submit-key-0001');
    assert.deepEqual([replay.status, replay.body.serialNo, replay.body.status], [200, app.serialNo, 'in_review']);
    const twice = await submit(good, 'submit-key-0002');
    assert.deepEqual([twice.status, twice.body.code], [409, 'ALREADY_SUBMITTED']);
    const n = await countOf(
      server,
      `SELECT count(*)::int AS n FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.serial_no = $1 AND e.action = 'submit'`,
      [app.serialNo],
    );
    assert.equal(n, 1);
    const edit = await server.json(`/api/me/applications/${app.serialNo}`, { method: 'PATCH', headers: auth(token), json: { form: { amountFen: 1 } } });
    assert.equal(edit.body.code, 'NOT_EDITABLE');
    const end = await server.json(`/api/me/applications/${app.serialNo}/end`, { method: 'POST', headers: auth(token), json: {} });
    assert.equal(end.body.code, 'NOT_EDITABLE', 'only a draft or a returned application can be ended by the member');
  });

  test('notifications: one per state change, listed newest first, unread count, view, mark read, delete, paging', async () => {
    const token = await login(server, 'luQingyi');
    const list = async (q = '') => (await server.json(`/api/me/notifications${q}`, { headers: auth(token) })).body;
    const all = await list();
    assert.equal(all.total, 1, 'the submit of the previous test');
    assert.equal(all.unread, 1);
    const [n] = all.items;
    assert.equal(n.business, '享受低保');
    assert.equal(n.channel, '小程序');
    assert.match(n.content, /^尊敬的卢青怡，您的享受低保申请已提交，流水号\d{14}，目前处于初审环节。$/);
    assert.equal(n.pushedAgo, '刚刚');
    const first = await staffLogin(server, 'chushen');
    await decide(server, first, n.serialNo, 'return', '金额与低保证不符');
    const after = await list();
    assert.equal(after.unread, 2);
    assert.match(after.items[0].content, /在初审环节被退回，退回原因：金额与低保证不符。请修改后重新提交，或结束流程。$/);
    assert.equal((await server.json('/api/me/notifications/unread-count', { headers: auth(token) })).body.unread, 2);
    const viewed = await server.json(`/api/me/notifications/${after.items[0].id}`, { headers: auth(token) });
    assert.equal(viewed.body.read, false, 'viewing is not reading: 004 2.1 has its own 标为已阅');
    const read = await server.json(`/api/me/notifications/${after.items[0].id}/read`, { method: 'POST', headers: auth(token) });
    assert.deepEqual([read.body.message, read.body.unread], ['已标记为已阅', 1]);
    assert.equal((await list('?status=read')).items.length, 1);
    assert.equal((await list('?status=unread')).items.length, 1);
    assert.equal((await list('?pageSize=1&page=2')).items[0].id, n.id);
    const del = await server.json(`/api/me/notifications/${n.id}`, { method: 'DELETE', headers: auth(token) });
    assert.equal(del.body.message, '消息已删除');
    assert.equal((await list()).total, 1);
    assert.equal((await server.json(`/api/me/notifications/${n.id}`, { headers: auth(token) })).status, 404);
    // E2 结束流程: the returned application is closed by the member, and told so.
    const ended = await server.json(`/api/me/applications/${n.serialNo}/end`, { method: 'POST', headers: auth(token), json: { reason: '不再办理' } });
    assert.deepEqual([ended.body.status, ended.body.history.at(-1).node, ended.body.history.at(-1).opinion], ['ended', '结束流程', '不再办理']);
    assert.match((await list()).items[0].content, /已结束流程。$/);
    assert.equal((await server.json('/api/me/business/todo', { headers: auth(token) })).body.total, 0, 'nothing left to do');
    const others = await server.json(`/api/me/notifications/${after.items[0].id}`, { headers: auth(await login(server, 'gaoZhenhua')) });
    assert.equal(others.status, 404, 'nobody reads another member’s messages');
    // Each notification went to the official account's outbox in its transaction (卢青怡 follows the demo account).
    const outbox = await server.database.query<{ notice: string; channel: string }>(`SELECT notice, channel FROM wechat_outbox WHERE reference = $1`, [
      n.serialNo,
    ]);
    assert.ok(outbox.length >= 2 && outbox.every((o) => o.notice === 'progress'), JSON.stringify(outbox));
  });

  test('an approval whose notice cannot be written is not committed: no posting, no status change, no half state', async () => {
    const token = await login(server, 'zhangRuixia');
    await bindCard(server, token, '张瑞霞', withLuhn('621700287001234599'), 'CCB');
    const submitted = await apply(server, token, 'subsistence', { subsistenceCertificateNo: 'DB-11', amountFen: 30_000 });
    const serialNo = submitted.body.serialNo;
    await decide(server, await staffLogin(server, 'chushen'), serialNo, 'approve');
    const final = await staffLogin(server, 'zhongshen');
    const noticesBefore = await countOf(server, 'SELECT count(*)::int AS n FROM notifications');
    // The process "dies" at the moment the template message is written: the whole approval goes with it.
    await server.database.query(`CREATE FUNCTION crash_now() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await server.database.query(`CREATE TRIGGER crash_outbox BEFORE INSERT ON wechat_outbox FOR EACH ROW EXECUTE FUNCTION crash_now()`);
    const crashed = await decide(server, final, serialNo, 'approve');
    await server.database.query('DROP TRIGGER crash_outbox ON wechat_outbox');
    await server.database.query('DROP FUNCTION crash_now()');
    assert.equal(crashed.status, 500);
    assert.equal((await postingsOf(server, serialNo)).length, 0, 'no money moved');
    const noticesAfter = await countOf(server, 'SELECT count(*)::int AS n FROM notifications');
    assert.equal(noticesAfter, noticesBefore);
    const still = (await server.json(`/api/me/applications/${serialNo}`, { headers: auth(token) })).body;
    assert.deepEqual([still.status, still.currentNodeLabel], ['in_review', '终审']);

    const done = await decide(server, final, serialNo, 'approve');
    assert.equal(done.body.status, 'paid');
    assert.equal((await postingsOf(server, serialNo)).length, 1);
    const [row] = await server.database.query<{ content: string; push_state: string }>(
      `SELECT n.content, n.push_state FROM notifications n JOIN applications a ON a.id = n.application_id WHERE a.serial_no = $1 ORDER BY n.id DESC LIMIT 1`,
      [serialNo],
    );
    assert.equal(row!.push_state, 'queued');
    assert.match(row!.content, /已办结：银行付款成功，中心入账成功!$/);
    const pushes = await countOf(server, `SELECT count(*)::int AS n FROM wechat_outbox WHERE reference = $1`, [serialNo]);
    assert.ok(pushes >= 3, 'submit, 初审, paid: each with its template message');
  });

  test('the workflow is general: a kind that waits for someone before review (C12’s shape) enters review or expires', async () => {
    const business = createBusiness({
      config: { DATA_DIR: server.config.DATA_DIR },
      database: server.database,
      core: new BuiltinCore(server.database, testCipher()),
      cipher: testCipher(),
      wechat: server.wechat,
      clock: server.clock,
    });
    business.kinds.register(
      defineKind({
        key: 'waitingDemo',
        code: 'X1',
        group: 'loan',
        name: '等待确认示例',
        processName: '示例流程',
        businessType: '个人贷款业务',
        nodes: ['first'],
        autoApprove: false,
        needsBankCard: false,
        photos: [],
        form: z.object({}),
        afterSubmit: 'awaiting_spouse',
        eligibility: async () => ({ allowed: true, code: 'OK', reason: null, amountFen: null, fixedAmount: false, details: {} }),
        amountOf: () => null,
        describe: (name) => `${name}申请示例业务`,
        prepare: async () => null,
        settle: async () => ({ feedback: '办结', paid: true }),
      }),
    );
    const token = await login(server, 'zhangJian');
    const memberId = Number((await server.database.query<{ id: number }>(`SELECT id FROM members WHERE name = '张健'`))[0]!.id);
    const submitOne = async () => {
      const draft = await business.workflow.create(memberId, { kind: 'waitingDemo', channel: 'official-account' }, null);
      assert.equal(draft.confirmation.purpose, 'loan.waiting-demo');
      return business.workflow.submit(memberId, draft.serialNo, await confirm(server, token, draft), null);
    };
    const waiting = await submitOne();
    assert.deepEqual([waiting.status, waiting.statusLabel, waiting.feedback], ['awaiting_spouse', '待配偶确认', '待配偶确认']);
    const expired = await closeApplication(business.workflow.deps, waiting.serialNo, {
      to: 'expired',
      from: ['awaiting_spouse'],
      actor: { kind: 'system', id: null, name: '系统' },
      node: '配偶确认',
      action: 'expire',
      opinion: '配偶48小时内未确认',
    });
    assert.equal(expired.status, 'expired');
    const other = await submitOne();
    const spouse = { kind: 'spouse' as const, id: null, name: '配偶' };
    const reviewed = await enterReview(business.workflow.deps, other.serialNo, { actor: spouse, node: '配偶确认', action: 'spouse-confirm', opinion: '同意' });
    assert.deepEqual([reviewed.status, reviewed.currentNode], ['in_review', 'first']);
    const progress = (await business.business.progress(memberId, { page: 1, pageSize: 10 })).items;
    assert.deepEqual(
      progress.slice(0, 2).map((p: any) => [p.status, p.feedback, p.channelLabel]),
      [
        ['审核中', '初审中', '微信公众号'],
        ['已过期', '配偶48小时内未确认', '微信公众号'],
      ],
    );
  });

  test('the API document lists the business routes with their security', async () => {
    const doc = (await server.json('/api/openapi.json')).body;
    for (const p of [
      '/api/me/withdrawals',
      '/api/me/applications/{serialNo}/submit',
      '/api/me/notifications',
      '/api/staff/review/queue',
      '/api/me/bank-cards',
    ]) {
      assert.ok(doc.paths[p], p);
    }
    assert.deepEqual(doc.paths['/api/staff/review/queue'].get.security, [{ staffSession: [] }]);
    assert.deepEqual(doc.paths['/api/me/progress'].get.security, [{ memberToken: [] }]);
  });
});
