/**
 * Notices through the outbox (E5, H5): written in the business change's transaction, sent by the worker to the
 * WeChat emulator as template and subscribe messages, delivery status from TEMPLATESENDJOBFINISH, retries on
 * 45009 and system errors, 43004 → an SMS with a link (Tencent Cloud emulator).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import type { WeChatEmulatorControl } from '../src/emulators/wechat/index.js';
import type { Notice } from '../src/wechat/outbox/notices.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { bindOpenid, coreOf, PEOPLE, waitFor } from './helpers/wechat.js';
import { recordAnswers } from '../src/wechat/subscriptions.js';

const TEMPLATE = '/cgi-bin/message/template/send';
const progress = (serialNo: string): Notice => ({
  kind: 'progress',
  serialNo,
  business: '离退休提取',
  status: '审核通过',
  at: new Date('2026-11-26T02:05:00Z'),
  note: '资金将于3个工作日内到账',
});

describe('the notice outbox', () => {
  let server: TestServer;
  let control: WeChatEmulatorControl;
  let luId: number;

  const statusOf = async (reference: string) => server.wechat.outbox.store.deliveriesOf(reference);
  const settled = (reference: string, count = 1) =>
    waitFor(
      async () => {
        const rows = await statusOf(reference);
        return rows.length >= count && rows.every((r) => !['pending', 'sending'].includes(r.status));
      },
      15_000,
      `the notices of ${reference}`,
    );
  const enqueue = (to: { memberId: number } | { openid: string }, notice: Notice) =>
    server.database.db.transaction((tx) => server.wechat.enqueueNotice(tx, to, notice));

  before(async () => {
    server = await startTestServer('pglite');
    control = server.emulators.wechat!.control;
    luId = await bindOpenid(server.database, 'oLuQingyi', PEOPLE.luQingyi, { mpOpenid: 'mpLuQingyi' });
    control.addFollower({ openid: 'oLuQingyi' });
    control.issueJsCode({ appid: SANDBOX_DEFAULTS.WECHAT_MP_APP_ID, openid: 'mpLuQingyi' }); // she has used the mini-program
  });
  after(() => server.close());

  test('a notice of a rolled-back change is never sent; a committed one is, opening the mini-program page', async () => {
    await assert.rejects(
      server.database.db.transaction(async (tx) => {
        await server.wechat.enqueueNotice(tx, { memberId: luId }, progress('TQ-ROLLEDBACK'));
        throw new Error('the business change failed');
      }),
    );
    const queued = await enqueue({ memberId: luId }, progress('TQ-0001'));
    // She never accepted the progress template in the mini-program: no subscribe message is queued (issue 18.9).
    assert.deepEqual(
      queued.map((q) => q.channel),
      ['template'],
    );
    await settled('TQ-0001', 1);
    assert.deepEqual(await statusOf('TQ-ROLLEDBACK'), []);
    const [sent, ...others] = control.sentMessages({ kind: 'template', touser: 'oLuQingyi' });
    assert.equal(others.length, 0);
    assert.equal(sent!.templateId, SANDBOX_DEFAULTS.WECHAT_TEMPLATE_PROGRESS);
    assert.deepEqual(sent!.data, {
      character_string1: { value: 'TQ-0001' },
      thing2: { value: '离退休提取' },
      phrase3: { value: '审核通过' },
      time4: { value: '2026年11月26日 10:05' },
      thing5: { value: '资金将于3个工作日内到账' },
    });
    assert.deepEqual(sent!.miniprogram, { appid: SANDBOX_DEFAULTS.WECHAT_MP_APP_ID, pagepath: 'pages/mine/business/application/index?serialNo=TQ-0001' });
    assert.match(sent!.url!, /\/wechat\/open\?page=pages%2Fmine%2Fbusiness%2Fapplication%2Findex/);
    assert.match(sent!.clientMsgId!, /^[0-9a-f]{32}$/);
    // TEMPLATESENDJOBFINISH comes back through the webhook: delivered.
    await waitFor(async () => (await statusOf('TQ-0001')).some((r) => r.channel === 'template' && r.status === 'delivered'), 10_000, 'the delivery report');
    assert.equal(
      (await statusOf('TQ-0001')).find((r) => r.channel === 'subscribe'),
      undefined,
    );
  });

  test('a member who accepted a subscribe message gets it in the mini-program', async () => {
    control.grantSubscription({
      appid: SANDBOX_DEFAULTS.WECHAT_MP_APP_ID,
      openid: 'mpLuQingyi',
      templateId: SANDBOX_DEFAULTS.WECHAT_SUBSCRIBE_TEMPLATE_QUESTION_REPLY,
    });
    await recordAnswers(server.database.db, luId, { [SANDBOX_DEFAULTS.WECHAT_SUBSCRIBE_TEMPLATE_QUESTION_REPLY]: 'accept' }, new Date());
    await enqueue(
      { memberId: luId },
      {
        kind: 'question_reply',
        questionId: '42',
        question: '公积金账户余额为什么比上个月的对账单少了一笔钱',
        reply: '您上月办理了物业费提取，已从账户划转。',
        at: new Date(),
      },
    );
    await settled('question:42', 2);
    const [sub] = control.sentMessages({ kind: 'subscribe', touser: 'mpLuQingyi' });
    assert.equal(sub!.page, 'pages/interaction/help/feedback-detail/index?id=42');
    assert.equal(sub!.data['thing1']!.value, '公积金账户余额为什么比上个月的对账单少…', 'thing fields are cut to 20 characters');
    await waitFor(
      async () =>
        (await statusOf('question:42'))
          .map((r) => r.status)
          .sort()
          .join() === 'delivered,sent',
      10_000,
      'sent and delivered',
    );
    // An answered community question opens the member's own questions in the community page.
    await enqueue(
      { memberId: luId },
      { kind: 'question_reply', questionId: 'community-7', question: '异地购房能否提取', reply: '可以，需提供购房合同。', at: new Date() },
    );
    await settled('question:community-7', 1); // her one acceptance went to question:42
    const template = control.sentMessages({ kind: 'template', touser: 'oLuQingyi' }).find((m) => m.data['thing1']?.value === '异地购房能否提取');
    assert.equal(template!.miniprogram!.pagepath, 'pages/interaction/help/community/index?tab=mine');
  });

  test('a member who switched the account’s messages off: the delivery report says so', async () => {
    control.addFollower({ openid: 'oBlocker', blocksTemplates: true });
    await enqueue({ openid: 'oBlocker' }, progress('TQ-BLOCK'));
    await waitFor(async () => (await statusOf('TQ-BLOCK'))[0]?.status === 'blocked', 10_000, 'the blocked report');
    assert.equal((await statusOf('TQ-BLOCK'))[0]!.deliveryStatus, 'failed:user block');
  });

  test('a spouse who never followed the account (43004) gets an SMS with the link, and the borrower can see that', async () => {
    const spouseId = await bindOpenid(server.database, 'oLiGuoqiang', PEOPLE.liGuoqiang, { subscribed: false });
    control.addFollower({ openid: 'oLiGuoqiang', follows: false });
    const notice: Notice = {
      kind: 'spouse_confirmation',
      serialNo: 'TQ-SPOUSE',
      applicantName: '段德梅',
      business: '一次性提取偿还公积金贷款',
      amountFen: 3_000_000,
      answerBefore: new Date('2026-12-03T09:00:00Z'),
    };
    await enqueue({ memberId: spouseId }, notice);
    await settled('TQ-SPOUSE', 2);
    assert.deepEqual(
      (await statusOf('TQ-SPOUSE')).map((r) => [r.channel, r.status]),
      [
        ['template', 'not_following'],
        ['sms', 'sent'],
      ],
    );
    const phone = (await coreOf(server.database).revealContact(spouseId))!.phone!;
    const [sms] = server.emulators.tencentCloud!.control.sms(phone);
    // A mini-program URL Link (wxa/generate_urllink) that opens this application's confirmation page.
    const link = /^【公积金中心】您有一条配偶确认申请，请打开 (https:\/\/wxaurl\.cn\/[\w-]+) 查看办理。$/.exec(sms!.content)?.[1];
    assert.ok(link, sms!.content);
    assert.deepEqual(control.openUrlLink(link), {
      appid: SANDBOX_DEFAULTS.WECHAT_MP_APP_ID,
      path: 'pages/mine/business/spouse/index',
      query: 'serialNo=TQ-SPOUSE',
      expired: false,
    });
    const [kept] = await server.database.query<{ days: number }>(
      `SELECT round(extract(epoch FROM expires_at - now()) / 86400)::int AS days FROM wechat_url_links WHERE url_link = $1`,
      [link],
    );
    assert.equal(kept!.days, 30, 'valid for the 30 days WeChat allows');

    // Someone with no WeChat binding at all is told by SMS straight away; when WeChat gives no URL Link the SMS
    // still goes, with the web page.
    const [other, third] = await server.database.query<{ id: number }>(
      `SELECT m.id FROM members m WHERE m.phone_enc IS NOT NULL AND NOT EXISTS (SELECT 1 FROM wechat_users w WHERE w.member_id = m.id) ORDER BY m.id LIMIT 2`,
    );
    const otherPhone = (await coreOf(server.database).revealContact(other!.id))!.phone!;
    control.failNext({ path: '/wxa/generate_urllink', errcode: 45009 });
    await enqueue({ memberId: other!.id }, { ...notice, serialNo: 'TQ-SPOUSE-2' });
    await settled('TQ-SPOUSE-2');
    assert.deepEqual(
      (await statusOf('TQ-SPOUSE-2')).map((r) => [r.channel, r.status]),
      [['sms', 'sent']],
    );
    assert.match(
      server.emulators.tencentCloud!.control.sms(otherPhone).at(-1)!.content,
      /请打开 http:\/\/\S+\/wechat\/open\?page=pages%2Fmine%2Fbusiness%2Fspouse%2Findex%3FserialNo%3DTQ-SPOUSE-2 查看办理/,
    );

    // A second SMS about the same page reuses its link instead of spending WeChat's daily generation limit.
    const generated = control.calls({ path: '/wxa/generate_urllink', errcode: 0 }).length;
    const thirdPhone = (await coreOf(server.database).revealContact(third!.id))!.phone!;
    await enqueue({ memberId: third!.id }, notice);
    await waitFor(() => !!server.emulators.tencentCloud!.control.sms(thirdPhone).at(-1)?.content.includes(link), 10_000, 'the SMS with the same link');
    assert.equal(control.calls({ path: '/wxa/generate_urllink', errcode: 0 }).length, generated);
  });

  test('45009 and system errors are retried with backoff and sent once; an invalid template fails at once', async () => {
    control.failNext({ path: TEMPLATE, errcode: 45009, times: 1 });
    control.failNext({ path: TEMPLATE, errcode: -1, times: 1 });
    await enqueue({ openid: 'oLuQingyi' }, progress('TQ-RETRY'));
    await settled('TQ-RETRY');
    const [row] = await server.database.query<{ attempts: number; status: string }>(`SELECT attempts, status FROM wechat_outbox WHERE reference = 'TQ-RETRY'`);
    assert.equal(row!.attempts, 3);
    assert.ok(['sent', 'delivered'].includes(row!.status));
    assert.equal(control.sentMessages({ kind: 'template' }).filter((m) => m.data['character_string1']?.value === 'TQ-RETRY').length, 1);

    control.failNext({ path: TEMPLATE, errcode: 40037 });
    await enqueue({ openid: 'oLuQingyi' }, progress('TQ-BADTEMPLATE'));
    await settled('TQ-BADTEMPLATE');
    const [bad] = await server.database.query<{ attempts: number; status: string; last_errcode: number }>(
      `SELECT attempts, status, last_errcode FROM wechat_outbox WHERE reference = 'TQ-BADTEMPLATE'`,
    );
    assert.deepEqual(bad, { attempts: 1, status: 'failed', last_errcode: 40037 });
  });

  test('a token WeChat refused (40001) is replaced once and the send goes through', async () => {
    control.invalidateTokens();
    await enqueue({ openid: 'oLuQingyi' }, progress('TQ-TOKEN'));
    await settled('TQ-TOKEN');
    assert.ok(['sent', 'delivered'].includes((await statusOf('TQ-TOKEN'))[0]!.status));
  });

  test('the push-log retention job forgets pushes older than ten minutes, in batches, and keeps recent ones', async () => {
    // More old rows than one batch deletes (5,000), and one recent push whose repeat could still come.
    await server.database.query(
      `INSERT INTO wechat_push_log (dedupe_key, openid, kind, reply, received_at)
       SELECT 'msg:old:' || g || ':o:1', 'o', 'text', 'success', now() - interval '11 minutes' FROM generate_series(1, 12000) g`,
    );
    await server.database.query(
      `INSERT INTO wechat_push_log (dedupe_key, openid, kind, reply, received_at) VALUES ('msg:recent:o:1', 'o', 'text', 'success', now() - interval '2 minutes')`,
    );
    assert.equal(await server.wechat.jobs.pushLog!.runNow(), true);
    assert.equal((await server.database.query(`SELECT 1 FROM wechat_push_log WHERE dedupe_key LIKE 'msg:old:%'`)).length, 0);
    assert.equal((await server.database.query(`SELECT 1 FROM wechat_push_log WHERE dedupe_key = 'msg:recent:o:1'`)).length, 1);
    // An ordinary table (0011): a crash does not empty it, so a repeat after a restart is still recognised.
    const [table] = await server.database.query<{ relpersistence: string }>(`SELECT relpersistence FROM pg_class WHERE relname = 'wechat_push_log'`);
    assert.equal(table!.relpersistence, 'p');
  });

  test('housekeeping applies delivery reports that beat their send', async () => {
    await server.database.query(`INSERT INTO wechat_template_events (msgid, status) VALUES ('7000000000000000001', 'success')`);
    await server.database.query(
      `INSERT INTO wechat_outbox (channel, notice, reference, touser, template_id, payload, client_msg_id, status, msgid)
       VALUES ('template', 'progress', 'TQ-EARLY', 'oLuQingyi', 't', '{}', 'early-report', 'sent', '7000000000000000001')`,
    );
    assert.equal(await server.wechat.jobs.housekeeping!.runNow(), true);
    assert.deepEqual(
      (await statusOf('TQ-EARLY')).map((r) => [r.status, r.deliveryStatus]),
      [['delivered', 'success']],
    );
    assert.equal((await server.database.query('SELECT 1 FROM wechat_template_events')).length, 0);
  });
});
