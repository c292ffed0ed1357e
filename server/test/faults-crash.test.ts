/**
 * Fault test (issue 14, done-when): the server process killed with SIGKILL (no drain, no cleanup) while reviewers
 * approve withdrawals (template and subscribe notices queued with them) and while a broadcast fans out and is sent;
 * restarted, with the reviewers repeating what they had sent. Nothing is lost and nothing is done twice: each
 * application is paid once, balances and ledger sums add up through the API, and the WeChat emulator (outside the
 * killed process, as WeChat is) records each notice at most once — every subscribe message sent or counted as
 * maybe_sent, every template message and broadcast exactly once. PostgreSQL; run with `npm run test:faults`.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { startWeChatEmulator, type WeChatEmulator } from '../src/emulators/wechat/index.js';
import type { Database } from '../src/db/client.js';
import { DEMO_LOGIN_PASSWORD } from '../src/identity/index.js';
import { DEMO_STAFF_PASSWORD } from '../src/review/demo.js';
import { freshDatabase, TEST_CLOCK_AT, type TestDatabase } from './helpers/database.js';
import { startServerProcess, type Child } from './helpers/faults.js';
import { waitFor } from './helpers/wechat.js';
import { auth, apply, bindCard, PHONES } from './workflow-helpers.js';
import { jsonAt, type TestServer } from './helpers/server.js';

const skip = !process.env.TEST_DATABASE_URL && 'PostgreSQL only (TEST_DATABASE_URL; npm run test:faults sets it)';
const D = SANDBOX_DEFAULTS;

describe('kill -9 of the server (postgres)', { skip }, () => {
  let emulator: WeChatEmulator;
  let db: TestDatabase;
  let admin: Database;
  let proc: (Child & { url: string }) | undefined;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startWeChatEmulator({
      apps: { [D.WECHAT_APP_ID]: D.WECHAT_APP_SECRET, [D.WECHAT_MP_APP_ID]: D.WECHAT_MP_APP_SECRET },
      templateIds: [D.WECHAT_TEMPLATE_PROGRESS, D.WECHAT_TEMPLATE_BROADCAST, D.WECHAT_TEMPLATE_SPOUSE_CONFIRMATION, D.WECHAT_TEMPLATE_QUESTION_REPLY],
      subscribeTemplateIds: [D.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS!],
    });
    db = await freshDatabase('postgres', { seeded: true });
    admin = await db.open();
    // Every member follows the official account and uses the mini-program, accepting progress notices five times
    // (so a second send of one would be delivered and seen).
    const members = await admin.query<{ id: number }>(`SELECT id FROM members WHERE status <> 'closed' ORDER BY id`);
    await admin.query('UPDATE wechat_users SET member_id = NULL, bound_at = NULL WHERE member_id IS NOT NULL');
    for (const { id } of members) {
      await admin.query(
        `INSERT INTO wechat_users (oa_openid, mp_openid, subscribed, subscribed_at, member_id, bound_at) VALUES ($1, $2, true, now(), $3, now())`,
        [`oCrash${id}`, `mCrash${id}`, id],
      );
      emulator.control.addFollower({ openid: `oCrash${id}` });
      emulator.control.addFollower({ appid: D.WECHAT_MP_APP_ID, openid: `mCrash${id}` });
      emulator.control.grantSubscription({ appid: D.WECHAT_MP_APP_ID, openid: `mCrash${id}`, templateId: D.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS!, times: 5 });
    }
    env = {
      ...db.env,
      CLOCK_AT: TEST_CLOCK_AT,
      WECHAT_API_BASE: emulator.url,
      LOG_LEVEL: 'warn',
      WECHAT_OUTBOX_LEASE_SECONDS: '1',
      WECHAT_OUTBOX_CONCURRENCY: '1',
      BROADCAST_CHUNK_SIZE: '2',
    };
  });
  after(async () => {
    proc?.child.kill('SIGKILL');
    await proc?.exited;
    await admin?.close();
    await db?.cleanup();
    await emulator?.close();
  });

  /** The running process as the test helpers see a server (HTTP only). */
  const http = () => ({ url: proc!.url, json: jsonAt(proc!.url) }) as unknown as TestServer;
  const memberLogin = async (phone: string) =>
    (await http().json('/api/auth/login', { method: 'POST', json: { account: phone, password: DEMO_LOGIN_PASSWORD } })).body.token as string;
  const staffToken = async (username: string) =>
    (await http().json('/api/staff/login', { method: 'POST', json: { username, password: DEMO_STAFF_PASSWORD } })).body.token as string;
  const killHard = async () => {
    proc!.child.kill('SIGKILL');
    await proc!.exited;
  };
  const outboxLeft = async () =>
    (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM wechat_outbox WHERE status IN ('pending', 'sending')`))[0]!.n;
  const ledgerMismatches = () =>
    admin.query(
      `SELECT f.id FROM fund_accounts f WHERE f.balance_fen <> coalesce((SELECT sum(amount_fen) FROM ledger_entries l WHERE l.account_id = f.id), 0)`,
    );
  /** The emulator's record: each (kind, recipient, template, content) once. */
  const repeated = () => {
    const seen = new Map<string, number>();
    for (const m of emulator.control.sentMessages()) {
      if (m.kind !== 'template' && m.kind !== 'subscribe') continue;
      const key = `${m.kind} ${m.touser} ${m.templateId} ${JSON.stringify(m.data)}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return [...seen].filter(([, n]) => n > 1);
  };

  test('killed during approvals: each application paid once, the balances and ledger add up, each notice once', async () => {
    proc = await startServerProcess(env);
    const people = [
      ['gaoZhenhua', '高振华', '6212262505001234566'],
      ['duanDemei', '段德梅', '6223691095740548'],
    ] as const;
    const apps: { serialNo: string; token: string; phone: string; before: number }[] = [];
    for (const [who, name, card] of people) {
      const token = await memberLogin(PHONES[who]);
      await bindCard(http(), token, name, card, 'YNRCC');
      // The member said yes to every subscribe template at three taps (each yes lets one message through).
      const { templates } = (await http().json('/api/me/subscriptions', { headers: auth(token) })).body as { templates: { templateId: string }[] };
      const answers = Object.fromEntries(templates.map((t) => [t.templateId, 'accept']));
      for (let i = 0; i < 3; i++) {
        const granted = await http().json('/api/me/subscriptions', { method: 'POST', headers: auth(token), json: { answers } });
        assert.equal(granted.status, 200, JSON.stringify(granted.body));
      }
      const before = (await http().json('/api/me/account', { headers: auth(token) })).body.balanceFen as number;
      const submitted = await apply(http(), token, 'subsistence', { subsistenceCertificateNo: `KILL-${who}`, amountFen: 10_000 });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      apps.push({ serialNo: submitted.body.serialNo, token, phone: PHONES[who], before });
    }
    const decideAt = async (token: string, serialNo: string, node: string) => {
      await http().json(`/api/staff/applications/${serialNo}/claim`, { method: 'POST', headers: auth(token) });
      return http().json(`/api/staff/applications/${serialNo}/approve`, { method: 'POST', headers: auth(token), json: { node } });
    };
    const [first, final] = [await staffToken('chushen'), await staffToken('zhongshen')];
    // Both reviewers at work on both applications; the process dies as the first decision is answered.
    const inFlight = apps.map(async (a) => {
      const r = await decideAt(first, a.serialNo, 'first').catch(() => undefined);
      if (r?.status === 200) await decideAt(final, a.serialNo, 'final').catch(() => undefined);
    });
    await Promise.race(inFlight);
    await killHard();
    await Promise.allSettled(inFlight);

    proc = await startServerProcess(env);
    // The console repeats what it had sent: a decision that committed answers as it did, one that did not is made now.
    const [first2, final2] = [await staffToken('chushen'), await staffToken('zhongshen')];
    for (const a of apps) {
      const [row] = await admin.query<{ status: string; current_node: string | null }>('SELECT status, current_node FROM applications WHERE serial_no = $1', [
        a.serialNo,
      ]);
      if (row!.status === 'in_review' && row!.current_node === 'first') assert.equal((await decideAt(first2, a.serialNo, 'first')).status, 200);
      const paid = await decideAt(final2, a.serialNo, 'final');
      assert.equal(paid.status, 200, JSON.stringify(paid.body));
      assert.equal(paid.body.status, 'paid');
    }
    for (const a of apps) {
      const postings = await admin.query('SELECT amount_fen FROM ledger_entries WHERE reference = $1', [a.serialNo]);
      assert.equal(postings.length, 1, `${a.serialNo} paid once`);
      const token = await memberLogin(a.phone);
      const after = (await http().json('/api/me/account', { headers: auth(token) })).body.balanceFen as number;
      assert.equal(after, a.before - 10_000, 'the member sees the balance less the withdrawal, once');
    }
    assert.deepEqual(await ledgerMismatches(), [], 'every balance is the sum of its ledger');
    await waitFor(async () => (await outboxLeft()) === 0, 30_000, 'the notices are out');
    assert.deepEqual(repeated(), [], 'no notice reached WeChat twice');
    const rows = await admin.query<{ channel: string; status: string; n: number }>(
      `SELECT channel, status, count(*)::int AS n FROM wechat_outbox WHERE reference = ANY($1) GROUP BY channel, status ORDER BY 1, 2`,
      [apps.map((a) => a.serialNo)],
    );
    const sentTo = (kind: 'template' | 'subscribe') =>
      emulator.control.sentMessages({ kind }).filter((m) => apps.some((a) => JSON.stringify(m.data).includes(a.serialNo))).length;
    const count = (channel: string, status: string) => rows.find((r) => r.channel === channel && r.status === status)?.n ?? 0;
    assert.equal(sentTo('template'), count('template', 'sent'), `template messages: each sent row once (${JSON.stringify(rows)})`);
    assert.equal(
      count('template', 'sent'),
      rows.filter((r) => r.channel === 'template').reduce((s, r) => s + r.n, 0),
      'no template message lost',
    );
    // A subscribe row the kill left 'sending' is maybe_sent: WeChat may or may not have it (the kill can fall between
    // WeChat's answer and the row's update), and it is never sent again. So WeChat holds every sent row and at most
    // the maybe_sent ones besides; repeated() above shows none of them twice.
    const subscribeSeen = sentTo('subscribe');
    assert.ok(
      subscribeSeen >= count('subscribe', 'sent') && subscribeSeen <= count('subscribe', 'sent') + count('subscribe', 'maybe_sent'),
      `subscribe messages: each sent row once, a maybe_sent one at most once, none resent (WeChat has ${subscribeSeen}; ${JSON.stringify(rows)})`,
    );
    const subscribeRows = rows.filter((r) => r.channel === 'subscribe').reduce((s, r) => s + r.n, 0);
    assert.ok(subscribeRows >= 4, 'the mini-program was notified too');
    assert.equal(count('subscribe', 'sent') + count('subscribe', 'maybe_sent'), subscribeRows, 'no subscribe message lost: sent, or counted as maybe sent');
    assert.ok(count('template', 'sent') >= 4, 'submits and approvals were notified');
  });

  test('killed during a broadcast: every member notified once, each follower sent it once', async () => {
    const editor = await staffToken('bianji');
    const res = await http().json('/api/staff/broadcasts', {
      method: 'POST',
      headers: auth(editor),
      json: { title: '系统维护通知', content: '本周六凌晨系统维护，暂停服务两小时。', audience: { kind: 'all' } },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { id, total } = res.body as { id: number; total: number };
    const received = () => emulator.control.sentMessages({ kind: 'template' }).filter((m) => m.templateId === D.WECHAT_TEMPLATE_BROADCAST);
    await waitFor(() => received().length >= 1, 30_000, 'the first broadcast messages');
    await killHard();
    const [mid] = await admin.query<{ notified: number }>('SELECT notified FROM broadcasts WHERE id = $1', [id]);
    assert.ok(received().length < total, `killed mid-way (${received().length} of ${total} sent, ${mid!.notified} notified)`);

    proc = await startServerProcess(env); // the broadcast job carries on from its cursor, the outbox from its rows
    await waitFor(
      async () => {
        const [b] = await admin.query<{ fanned_out_at: Date | null }>('SELECT fanned_out_at FROM broadcasts WHERE id = $1', [id]);
        return b!.fanned_out_at !== null && (await outboxLeft()) === 0;
      },
      60_000,
      'the broadcast fanned out and sent',
    );
    const [counts] = await admin.query<{ rows: number; members: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT member_id)::int AS members FROM notifications WHERE broadcast_id = $1',
      [id],
    );
    assert.deepEqual([counts!.rows, counts!.members], [total, total], 'one notification per member');
    const perUser = new Map<string, number>();
    for (const m of received()) perUser.set(m.touser, (perUser.get(m.touser) ?? 0) + 1);
    assert.deepEqual(
      [...perUser].filter(([, n]) => n > 1),
      [],
      'no follower got the broadcast twice',
    );
    const [out] = await admin.query<{ sent: number; all: number }>(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS all FROM wechat_outbox WHERE reference = $1 AND channel = 'template'`,
      [`broadcast:${id}`],
    );
    assert.equal(out!.sent, out!.all, 'none lost');
    assert.equal(perUser.size, out!.all, 'each follower sent it once');
    assert.deepEqual(repeated(), [], 'no notice reached WeChat twice');
    assert.deepEqual(await ledgerMismatches(), []);
  });
});
