/**
 * Fault test (issue 14 point 2): subscribe messages (and other sends without a client message id) are never
 * delivered twice when a worker dies with sends in flight. The claim records the attempt before the call; a row
 * left 'sending' when its lease runs out is marked maybe_sent instead of being sent again, counted by the worker
 * and shown in the console's statistics. Run with `npm run test:faults`.
 */
import { todayShanghai } from '../src/shared/dates.js';
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, staffLogin } from './workflow-helpers.js';
import { waitFor } from './helpers/wechat.js';

const N = 600; // long enough a queue that the worker is still sending when it is stopped, even on a busy machine
let server: TestServer;
before(async () => {
  server = await startTestServer('pglite', { env: { WECHAT_OUTBOX_LEASE_SECONDS: '1', WECHAT_OUTBOX_CONCURRENCY: '8' } });
});
after(async () => server?.close());

const statusCounts = async () =>
  Object.fromEntries(
    (
      await server.database.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM wechat_outbox WHERE reference LIKE 'fault-sub-%' GROUP BY status`,
      )
    ).map((r) => [r.status, Number(r.n)]),
  );

test('a worker that dies with subscribe messages in flight: none is sent twice; the unknown ones are maybe_sent, counted and shown', async () => {
  const wx = server.emulators.wechat!.control;
  const mp = server.config.WECHAT_MP_APP_ID;
  const templateId = server.config.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS!;
  wx.addTemplate(templateId, 'subscribe');
  const [member] = await server.database.query<{ id: number }>('SELECT id FROM members ORDER BY id LIMIT 1');
  for (let i = 0; i < N; i++) {
    wx.addFollower({ appid: mp, openid: `oSubFault${i}` });
    // Three accepts each: a second send would be delivered, as in the reliability run.
    wx.grantSubscription({ appid: mp, openid: `oSubFault${i}`, templateId, times: 3 });
  }
  const worker = server.wechat.outbox.worker;
  await worker.stop();
  await server.database.query(
    `INSERT INTO wechat_outbox (channel, notice, reference, member_id, touser, template_id, payload, client_msg_id)
     SELECT 'subscribe', 'progress', 'fault-sub-' || i, $1, 'oSubFault' || i, $2, $3::jsonb, 'fault-sub-' || i FROM generate_series(0, $4::int - 1) AS i`,
    [member!.id, templateId, JSON.stringify({ page: 'pages/mine/index/index', data: { thing1: { value: '业务进度' } } }), N],
  );
  const received = () => wx.sentMessages({ kind: 'subscribe', appid: mp }).filter((m) => m.touser.startsWith('oSubFault'));

  // A slow WeChat: each send takes 1.5 s, so when the worker dies it has sends in flight however the machine's
  // load falls (a fast answer could all be recorded while stop() waits for the worker's loop to end).
  const sendPath = '/cgi-bin/message/subscribe/send';
  wx.setLatency(sendPath, 1500);
  worker.start();
  await waitFor(() => received().length >= 10, 30_000, 'the first sends'); // early: the worker is busy with the rest
  await worker.stop(0); // dies: the sends in flight reach WeChat or not, and are not recorded
  const left = (await statusCounts())['sending'] ?? 0;
  assert.ok(left > 0, 'the worker died with sends in flight');

  wx.setLatency(sendPath, 0);
  worker.start();
  await waitFor(
    async () => {
      const c = await statusCounts();
      return !c['pending'] && !c['sending'];
    },
    60_000,
    'the queue to empty',
  );
  const counts = await statusCounts();
  const perUser = new Map<string, number>();
  for (const m of received()) perUser.set(m.touser, (perUser.get(m.touser) ?? 0) + 1);
  assert.deepEqual(
    [...perUser].filter(([, n]) => n > 1),
    [],
    'no member got a notice twice',
  );
  assert.equal(counts['maybe_sent'], left, 'each send the dead worker left behind is maybe_sent');
  assert.equal((counts['sent'] ?? 0) + counts['maybe_sent']!, N, 'none lost: every notice is sent or maybe sent');
  const sentRows = await server.database.query<{ touser: string }>(`SELECT touser FROM wechat_outbox WHERE reference LIKE 'fault-sub-%' AND status = 'sent'`);
  assert.ok(
    sentRows.every((r) => perUser.get(r.touser) === 1),
    'every row recorded as sent reached WeChat once',
  );
  assert.ok(worker.stats.maybeSent >= left);

  const admin = await staffLogin(server, 'admin');
  // Pushes count on the machine's day (the test server's business clock stands on the seed's day).
  const stats = await server.json(`/api/staff/stats?from=${server.clock.today()}&to=${todayShanghai(new Date())}`, { headers: auth(admin) });
  assert.equal(stats.status, 200, JSON.stringify(stats.body));
  assert.equal(stats.body.pushes.maybeSent, left, 'the console shows the notices whose outcome is unknown');
});
