/**
 * Issue 18.9: subscribe messages are sent only as the member granted them in wx.requestSubscribeMessage — the
 * answers are remembered per template (POST /api/me/subscriptions), each acceptance lets one message through, a
 * template never accepted is skipped rather than sent to WeChat's 43101.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import type { Notice } from '../src/wechat/outbox/notices.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { bindOpenid, PEOPLE, waitFor } from './helpers/wechat.js';
import { auth, login } from './workflow-helpers.js';

const PROGRESS = SANDBOX_DEFAULTS.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS;
const REPLY = SANDBOX_DEFAULTS.WECHAT_SUBSCRIBE_TEMPLATE_QUESTION_REPLY;
const progress = (serialNo: string): Notice => ({ kind: 'progress', serialNo, business: '离退休提取', status: '已受理', at: new Date() });

describe('subscribe messages only as granted', () => {
  let server: TestServer;
  let token: string;
  let memberId: number;
  const api = (method: string, json?: unknown) => server.json('/api/me/subscriptions', { method, headers: auth(token), ...(json ? { json } : {}) });
  const enqueue = (notice: Notice) => server.database.db.transaction((tx) => server.wechat.enqueueNotice(tx, { memberId }, notice));

  before(async () => {
    server = await startTestServer('pglite');
    token = await login(server, 'luQingyi');
    memberId = await bindOpenid(server.database, 'oLuQingyi', PEOPLE.luQingyi, { mpOpenid: 'mpLuQingyi' });
    const control = server.emulators.wechat!.control;
    control.addFollower({ openid: 'oLuQingyi' });
    control.issueJsCode({ appid: SANDBOX_DEFAULTS.WECHAT_MP_APP_ID, openid: 'mpLuQingyi' });
    control.grantSubscription({ appid: SANDBOX_DEFAULTS.WECHAT_MP_APP_ID, openid: 'mpLuQingyi', templateId: PROGRESS });
  });
  after(() => server.close());

  test('the mini-program learns which templates to ask for; nothing is granted yet, so no subscribe message is queued', async () => {
    const r = await api('GET');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.templates.map((t: any) => [t.key, t.templateId]),
      [
        ['progress', PROGRESS],
        ['spouse_confirmation', SANDBOX_DEFAULTS.WECHAT_SUBSCRIBE_TEMPLATE_SPOUSE_CONFIRMATION],
        ['question_reply', REPLY],
      ],
    );
    assert.deepEqual(r.body.grants, []);
    assert.deepEqual(
      (await enqueue(progress('SUB-0'))).map((q) => q.channel),
      ['template'],
    );
  });

  test('each acceptance lets one message through and is used up; a refusal is remembered and sends nothing', async () => {
    const answered = await api('POST', { answers: { [PROGRESS]: 'accept', [REPLY]: 'reject' } });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.deepEqual(
      answered.body.grants.map((g: any) => [g.templateId, g.lastAnswer, g.remaining]).sort(),
      [
        [PROGRESS, 'accept', 1],
        [REPLY, 'reject', 0],
      ].sort(),
    );
    assert.deepEqual((await enqueue(progress('SUB-1'))).map((q) => q.channel).sort(), ['subscribe', 'template']);
    await waitFor(
      async () =>
        (await server.wechat.outbox.store.deliveriesOf('SUB-1')).some((r) => r.channel === 'subscribe' && r.status !== 'pending' && r.status !== 'sending'),
      15_000,
      'the subscribe message',
    );
    const [sent] = server.emulators.wechat!.control.sentMessages({ kind: 'subscribe', touser: 'mpLuQingyi' });
    assert.equal(sent!.templateId, PROGRESS);
    assert.deepEqual(
      (await enqueue(progress('SUB-2'))).map((q) => q.channel),
      ['template'],
      'the one acceptance is used up',
    );
    const reply: Notice = { kind: 'question_reply', questionId: '9', question: '余额', reply: '已答复', at: new Date() };
    assert.deepEqual(
      (await enqueue(reply)).map((q) => q.channel),
      ['template'],
    );
    assert.deepEqual((await api('GET')).body.grants.find((g: any) => g.templateId === PROGRESS).remaining, 0);
    // Two acceptances (asked twice) let two through.
    await api('POST', { answers: { [PROGRESS]: 'accept' } });
    await api('POST', { answers: { [PROGRESS]: 'accept' } });
    assert.equal((await api('GET')).body.grants.find((g: any) => g.templateId === PROGRESS).remaining, 2);
  });

  test('an unknown template or answer is refused in Chinese; another member’s answers are not reachable', async () => {
    const r = await api('POST', { answers: { 'not-ours': 'accept' } });
    assert.deepEqual([r.status, r.body.code, r.body.message], [400, 'SUBSCRIBE_TEMPLATE_UNKNOWN', '不支持的订阅消息模板']);
    const bad = await api('POST', { answers: { [PROGRESS]: 'yes' } });
    assert.equal(bad.status, 400);
    const other = await login(server, 'zhangJian');
    const theirs = await server.json('/api/me/subscriptions', { headers: auth(other) });
    assert.deepEqual(theirs.body.grants, []);
    assert.equal((await server.json('/api/me/subscriptions')).status, 401);
  });
});
