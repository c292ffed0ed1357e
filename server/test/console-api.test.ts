/**
 * The staff console's API (issue 8): roles, member and staff sessions kept apart on every route, broadcasts through
 * the outbox to the WeChat emulator, the staff audit log, statistics and staff accounts.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';
import { waitFor } from './helpers/wechat.js';
import { apply, auth, bindCard, countOf, decide, login, staffLogin } from './workflow-helpers.js';
import { todayShanghai } from '../src/shared/dates.js';
import { SANDBOX_DEFAULTS } from '../src/config.js';

const DEMO_MEMBER_ID = /:(\w+)/g;
/** A path of the OpenAPI document with its parameters filled in. */
const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'serialNo' ? '20261126000001' : name === 'kind' ? 'privacy' : '1')).replace(DEMO_MEMBER_ID, '1');

for (const target of targets()) {
  describe(`staff console API (${target})`, () => {
    let server: TestServer;
    const tokens: Record<string, string> = {};
    before(async () => {
      server = await startTestServer(target, { env: { BROADCAST_CHUNK_SIZE: '2' } });
      for (const u of ['chushen', 'bianji', 'kefu', 'admin']) tokens[u] = await staffLogin(server, u);
    });
    after(async () => server.close());

    const call = (who: string, path: string, init: { method?: string; json?: unknown } = {}) =>
      server.json(path, { method: init.method ?? 'GET', headers: auth(tokens[who] ?? who), ...(init.json !== undefined ? { json: init.json } : {}) });
    /** No outbox row waiting: the worker has done everything queued so far. */
    const outboxIdle = () =>
      waitFor(
        async () => (await countOf(server, `SELECT count(*)::int AS n FROM wechat_outbox WHERE status IN ('pending', 'sending')`)) === 0,
        15_000,
        'outbox idle',
      );

    test('member tokens are refused on every staff route, staff tokens on every member route', async () => {
      const doc = (await server.json('/api/openapi.json')).body;
      const member = await login(server, 'luQingyi');
      let staffRoutes = 0;
      let memberRoutes = 0;
      for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
        for (const method of Object.keys(ops)) {
          if (path.startsWith('/api/staff/') && path !== '/api/staff/login') {
            const r = await server.json(concrete(path), {
              method: method.toUpperCase(),
              headers: auth(member),
              ...(method === 'get' || method === 'delete' ? {} : { json: {} }),
            });
            assert.deepEqual([r.status, r.body.code], [401, 'STAFF_UNAUTHENTICATED'], `${method} ${path}`);
            staffRoutes++;
          }
          if (path.startsWith('/api/me/')) {
            const r = await server.json(concrete(path), {
              method: method.toUpperCase(),
              headers: auth(tokens['admin']!),
              ...(method === 'get' || method === 'delete' ? {} : { json: {} }),
            });
            assert.equal(r.status, 401, `${method} ${path}: ${JSON.stringify(r.body)}`);
            memberRoutes++;
          }
        }
      }
      assert.ok(staffRoutes >= 40, `${staffRoutes} staff routes checked`);
      assert.ok(memberRoutes >= 20, `${memberRoutes} member routes checked`);
    });

    test('each role reaches its own areas and is refused elsewhere with STAFF_FORBIDDEN', async () => {
      const areas: [string, string][] = [
        ['review', '/api/staff/review/queue'],
        ['content', '/api/staff/content/articles'],
        ['content', '/api/staff/content/agreements'],
        ['broadcasts', '/api/staff/broadcasts'],
        ['complaints', '/api/staff/complaints'],
        ['community', '/api/staff/community-questions'],
        ['audit', '/api/staff/audit'],
        ['stats', '/api/staff/stats'],
        ['staff-users', '/api/staff/users'],
      ];
      const allowed: Record<string, string[]> = {
        chushen: ['review'],
        bianji: ['content', 'broadcasts'],
        kefu: ['complaints', 'community'],
        admin: ['review', 'content', 'broadcasts', 'complaints', 'community', 'audit', 'stats', 'staff-users'],
      };
      for (const [who, areasAllowed] of Object.entries(allowed)) {
        const meta = (await call(who, '/api/staff/meta')).body;
        assert.equal(meta.staff.username, who);
        for (const [area, path] of areas) {
          const r = await call(who, path);
          if (areasAllowed.includes(area)) {
            assert.equal(r.status, 200, `${who} ${path}: ${JSON.stringify(r.body)}`);
            assert.ok(meta.permissions.includes(area), `${who} has ${area}`);
          } else {
            assert.deepEqual([r.status, r.body.code, r.body.message], [403, 'STAFF_FORBIDDEN', '无权限执行此操作'], `${who} ${path}`);
            assert.ok(!meta.permissions.includes(area), `${who} lacks ${area}`);
          }
        }
      }
      const editorMenu = (await call('bianji', '/api/staff/meta')).body.menu;
      assert.deepEqual(editorMenu, [
        { key: 'content', label: '内容管理' },
        { key: 'broadcasts', label: '消息群发' },
      ]);
      assert.deepEqual(
        (await call('kefu', '/api/staff/meta')).body.menu.map((m: any) => m.key),
        ['complaints', 'community'],
      );
      const write = await call('chushen', '/api/staff/content/faqs', {
        method: 'POST',
        json: { category: '提取', question: '审核人员能发布问题吗？', answer: '不能。' },
      });
      assert.deepEqual([write.status, write.body.code], [403, 'STAFF_FORBIDDEN']);
      const broadcast = await call('kefu', '/api/staff/broadcasts', {
        method: 'POST',
        json: { title: '测试', content: '客服不能群发', audience: { kind: 'all' } },
      });
      assert.deepEqual([broadcast.status, broadcast.body.code], [403, 'STAFF_FORBIDDEN']);
      assert.equal(await countOf(server, 'SELECT count(*)::int AS n FROM broadcasts'), 0);
    });

    test('a broadcast to a filtered group reaches exactly those members, as notifications and template messages, and its progress reaches done', async () => {
      const control = server.emulators.wechat!.control;
      control.failNext({ path: '/cgi-bin/message/template/send', errcode: 40003, errmsg: 'invalid openid' });
      const expected = (
        await server.database.query<{ id: number }>(
          `SELECT m.id FROM members m JOIN employers e ON e.id = m.employer_id WHERE e.name = '丽江旅游文化投资集团有限公司' AND m.status <> 'closed'
           AND NOT EXISTS (SELECT 1 FROM loan_contracts l WHERE m.id IN (l.borrower_member_id, l.co_borrower_member_id) AND l.status <> 'settled') ORDER BY m.id`,
        )
      ).map((r) => Number(r.id));
      const followers = (
        await server.database.query<{ oa_openid: string }>(
          'SELECT oa_openid FROM wechat_users WHERE member_id = ANY($1::bigint[]) AND oa_openid IS NOT NULL AND subscribed ORDER BY oa_openid',
          [expected],
        )
      ).map((r) => r.oa_openid);
      assert.ok(expected.length >= 5 && followers.length >= 2, `${expected.length} members, ${followers.length} followers`);

      const created = await call('bianji', '/api/staff/broadcasts', {
        method: 'POST',
        json: {
          title: '年度结息通知',
          content: '2026年度住房公积金结息已完成，请登录查询。',
          audience: { kind: 'filter', unitName: '旅游文化投资', hasLoan: false },
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.total, expected.length);
      assert.ok(['queued', 'sending'].includes(created.body.status));
      const id = created.body.id;
      let progress: any;
      await waitFor(
        async () => {
          progress = (await call('bianji', `/api/staff/broadcasts/${id}`)).body;
          return progress.status === 'done';
        },
        20_000,
        'broadcast done',
      );
      assert.deepEqual(
        [progress.total, progress.notified, progress.sent, progress.failed, progress.pushes.queued],
        [expected.length, expected.length, followers.length - 1, 1, followers.length],
      );

      const notified = (
        await server.database.query<{ member_id: number }>('SELECT member_id FROM notifications WHERE broadcast_id = $1 ORDER BY member_id', [id])
      ).map((r) => Number(r.member_id));
      assert.deepEqual(notified, expected, 'exactly the group, each once (in chunks of 2)');
      const sent = control.sentMessages({ kind: 'template' }).filter((m) => m.templateId === SANDBOX_DEFAULTS.WECHAT_TEMPLATE_BROADCAST);
      assert.deepEqual(sent.map((m) => m.touser).sort(), followers.filter((f) => sent.some((m) => m.touser === f)).sort());
      assert.equal(sent.length, followers.length - 1, 'one send was refused by WeChat (40003)');
      assert.equal((sent[0]!.data as any).thing1.value, '年度结息通知');

      const inGroup = await login(server, 'gaoZhenhua'); // 丽江旅游文化投资集团, no loan
      const mine = (await server.json('/api/me/notifications', { headers: auth(inGroup) })).body;
      assert.ok(
        mine.items.some((n: any) => n.business === '年度结息通知' && n.content === '2026年度住房公积金结息已完成，请登录查询。'),
        JSON.stringify(mine.items),
      );
      const outside = await login(server, 'luTianpeng'); // 华坪县第一中学
      assert.ok(!(await server.json('/api/me/notifications', { headers: auth(outside) })).body.items.some((n: any) => n.business === '年度结息通知'));

      const list = (await call('admin', '/api/staff/broadcasts')).body;
      assert.equal(list.items[0].id, id);
      const all = await call('bianji', '/api/staff/broadcasts', {
        method: 'POST',
        json: { title: '系统维护', content: '本周六凌晨系统维护。', audience: { kind: 'all' } },
      });
      assert.equal(all.body.total, await countOf(server, `SELECT count(*)::int AS n FROM members WHERE status <> 'closed'`));
      await waitFor(async () => (await call('bianji', `/api/staff/broadcasts/${all.body.id}`)).body.status === 'done', 30_000, 'the second broadcast done');
      const bad = await call('bianji', '/api/staff/broadcasts', { method: 'POST', json: { title: '', content: 'x', audience: { kind: 'some' } } });
      assert.equal(bad.status, 400);
    });

    test('every staff action is in the audit log, searchable by staff, action and day', async () => {
      const a = await call('bianji', '/api/staff/content/housing-projects', {
        method: 'POST',
        json: { name: '玉泉小区', location: '古城区', developer: '玉泉置业', contact: '木先生', phone: '0888-5111111' },
      });
      await call('bianji', `/api/staff/content/housing-projects/${a.body.id}`, { method: 'PUT', json: { phone: '0888-5222222' } });
      await call('bianji', `/api/staff/content/housing-projects/${a.body.id}`, { method: 'DELETE' });
      await server.json('/api/staff/login', { method: 'POST', json: { username: 'kefu', password: 'wrong' } });

      // The audit log is written on the machine's clock (a security record), not the business clock.
      const today = todayShanghai(new Date());
      const mine = (await call('admin', `/api/staff/audit?staff=bianji&action=content.housing-projects&from=${today}&to=${today}`)).body;
      assert.deepEqual(
        mine.items.map((i: any) => i.action),
        ['content.housing-projects.delete', 'content.housing-projects.update', 'content.housing-projects.create'],
      );
      assert.equal(mine.items[0].staffName, '周雪梅');
      assert.equal(mine.items[0].target, `housing-projects:${a.body.id}`);
      assert.deepEqual(mine.items[2].detail, { title: '玉泉小区' });
      const logins = (await call('admin', '/api/staff/audit?action=staff.login')).body.items;
      assert.ok(logins.some((i: any) => i.action === 'staff.login-failed' && i.staffName === '陈晓燕'));
      assert.ok(logins.some((i: any) => i.action === 'staff.login' && i.staffName === '系统管理员'));
      const broadcasts = (await call('admin', '/api/staff/audit?action=broadcasts.create')).body;
      assert.equal(broadcasts.total, await countOf(server, 'SELECT count(*)::int AS n FROM broadcasts'));
      assert.equal((await call('admin', '/api/staff/audit?from=2020-01-01&to=2020-01-02')).body.total, 0);
      await assert.rejects(server.database.query('DELETE FROM staff_audit'), /append-only/);
    });

    test('statistics count the applications, decisions, pushes and active members the test makes', async () => {
      // Applications count on the business clock's day (the test server's starts on the seed's day); template
      // messages and logins on the machine's, when they were sent or made.
      const today = server.clock.today();
      const machineDay = todayShanghai(new Date());
      await outboxIdle();
      const stats = async () => (await call('admin', `/api/staff/stats?from=${today}&to=${machineDay}`)).body;
      const before = await stats();
      const member = await login(server, 'duanDemei');
      await bindCard(server, member, '段德梅', '6223691095740548', 'YNRCC');
      const submitted = await apply(server, member, 'subsistence', { subsistenceCertificateNo: 'DB-53', amountFen: 50_000 });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      const rejected = await decide(server, tokens['chushen']!, submitted.body.serialNo, 'reject', '低保证明已过期');
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
      await outboxIdle();
      const after = await stats();

      const count = (s: any, state: string) =>
        s.applicationsByDay.filter((r: any) => r.day === today && r.kind === 'subsistence' && r.state === state).reduce((n: number, r: any) => n + r.count, 0);
      assert.equal(count(after, 'rejected') - count(before, 'rejected'), 1);
      assert.equal(after.applicationsByDay.find((r: any) => r.kind === 'subsistence').kindLabel, '享受低保');
      const review = after.averageReviewMinutes.find((r: any) => r.kind === 'subsistence');
      assert.deepEqual([review.decided, review.minutes], [1, 0], 'decided within the minute');
      const active = (s: any) => s.activeMembers.find((r: any) => r.day === machineDay)?.count ?? 0;
      assert.equal(active(after) - active(before), 1, '段德梅 logged in today');
      const pushesNow = await countOf(server, `SELECT count(*)::int AS n FROM wechat_outbox WHERE status IN ('sent', 'delivered') AND created_at >= $1`, [
        new Date(`${today}T00:00:00+08:00`),
      ]);
      assert.equal(after.pushes.sent, pushesNow);
      assert.ok(after.pushes.sent > before.pushes.sent, 'the rejection was pushed to 段德梅');
      const failedNow = await countOf(
        server,
        `SELECT count(*)::int AS n FROM wechat_outbox WHERE status NOT IN ('sent', 'delivered', 'pending', 'sending') AND created_at >= $1`,
        [new Date(`${today}T00:00:00+08:00`)],
      );
      assert.equal(after.pushes.failed, failedNow);
      assert.ok(after.pushes.failed >= 1, 'the template message WeChat refused in the broadcast');
      assert.deepEqual(after.pushes.byDay.at(-1), { day: machineDay, sent: pushesNow, failed: failedNow });
      const audit = (await call('admin', `/api/staff/audit?action=review.reject`)).body.items[0];
      assert.deepEqual([audit.staffName, audit.target, audit.detail.opinion], ['和晓梅', `application:${submitted.body.serialNo}`, '低保证明已过期']);
      // …and in the center's words, as the console shows it (issue 20).
      assert.deepEqual(
        [audit.actionLabel, audit.targetLabel, audit.detailText],
        ['不予通过', `业务申请 ${submitted.body.serialNo}`, '环节：初审；结果：未通过；意见：低保证明已过期'],
      );
      const actions = (await call('admin', '/api/staff/audit/actions')).body.items;
      assert.ok(actions.some((a: any) => a.value === 'review.reject' && a.label === '不予通过'));
      assert.equal((await call('admin', '/api/staff/stats?from=2026-12-01&to=2026-11-01')).status, 400);
    });

    test('the administrator manages staff accounts: create, change role, reset a password (ends sessions), deactivate', async () => {
      const weak = await call('admin', '/api/staff/users', {
        method: 'POST',
        json: { username: 'xinren', name: '新人', role: 'content-editor', password: 'password' },
      });
      assert.equal(weak.status, 400);
      const noNodes = await call('admin', '/api/staff/users', {
        method: 'POST',
        json: { username: 'xinren', name: '新人', role: 'reviewer', password: 'Xinren@2026' },
      });
      assert.equal(noNodes.status, 400);
      const created = await call('admin', '/api/staff/users', {
        method: 'POST',
        json: { username: 'XinRen', name: '和新', role: 'reviewer', nodes: ['second'], password: 'Xinren@2026' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual([created.body.username, created.body.roleLabel, created.body.nodes, created.body.active], ['xinren', '审核人员', ['second'], true]);
      assert.equal(
        (await call('admin', '/api/staff/users', { method: 'POST', json: { username: 'xinren', name: '重名', role: 'admin', password: 'Xinren@2026' } }))
          .status,
        409,
      );

      const token = (await server.json('/api/staff/login', { method: 'POST', json: { username: 'xinren', password: 'Xinren@2026' } })).body.token;
      assert.equal((await call(token, '/api/staff/review/queue?node=second')).status, 200);
      const changed = await call('admin', `/api/staff/users/${created.body.id}`, { method: 'PUT', json: { role: 'content-editor', password: 'Changed#2026' } });
      assert.deepEqual([changed.status, changed.body.role, changed.body.nodes], [200, 'content-editor', []]);
      assert.equal((await call(token, '/api/staff/meta')).status, 401, 'a reset password ends the open sessions');
      const again = (await server.json('/api/staff/login', { method: 'POST', json: { username: 'xinren', password: 'Changed#2026' } })).body.token;
      assert.equal((await call(again, '/api/staff/content/articles')).status, 200);
      await call('admin', `/api/staff/users/${created.body.id}`, { method: 'PUT', json: { active: false } });
      assert.equal((await call(again, '/api/staff/meta')).status, 401);
      assert.equal((await server.json('/api/staff/login', { method: 'POST', json: { username: 'xinren', password: 'Changed#2026' } })).status, 401);
      const self = await call('admin', '/api/staff/users');
      const adminId = self.body.items.find((u: any) => u.username === 'admin').id;
      assert.ok(self.body.items.find((u: any) => u.username === 'admin').lastLoginAt);
      assert.equal((await call('admin', `/api/staff/users/${adminId}`, { method: 'PUT', json: { active: false } })).status, 409);
      const trail = (await call('admin', '/api/staff/audit?action=staff-users')).body.items;
      assert.deepEqual(
        trail.map((i: any) => i.action),
        ['staff-users.update', 'staff-users.update', 'staff-users.create'],
      );
      assert.equal(trail[1].detail.passwordReset, true);
      assert.ok(!JSON.stringify(trail).includes('Changed#2026'), 'no password in the log');
    });
  });
}
