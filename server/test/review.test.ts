/** I1 as an API: staff sessions apart from members', the queue by node, claiming, four eyes, decisions on record. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { apply, auth, bindCard, decide, login, staffLogin, withLuhn } from './workflow-helpers.js';

describe('review by the center’s staff', () => {
  let server: TestServer;
  let serialNo: string;
  before(async () => {
    server = await startTestServer('pglite');
    const token = await login(server, 'duanDemei');
    await bindCard(server, token, '段德梅', '6223691095740548', 'YNRCC');
    serialNo = (await apply(server, token, 'subsistence', { subsistenceCertificateNo: 'DB-53', amountFen: 50_000 })).body.serialNo;
  });
  after(async () => server.close());

  test('staff log in apart from members: a member token is refused on staff routes and a staff token on member routes', async () => {
    const member = await login(server, 'duanDemei');
    const staff = await staffLogin(server, 'chushen');
    assert.match(staff, /^hpfst_/);
    const asMember = await server.json('/api/staff/review/queue', { headers: auth(member) });
    assert.deepEqual([asMember.status, asMember.body.code], [401, 'STAFF_UNAUTHENTICATED']);
    const asStaff = await server.json('/api/me/withdrawals', { headers: auth(staff) });
    assert.equal(asStaff.status, 401);
    assert.equal((await server.json('/api/staff/review/queue')).status, 401);
    const me = (await server.json('/api/staff/me', { headers: auth(staff) })).body;
    assert.deepEqual([me.name, me.nodes], ['和晓梅', ['first', 'acceptance']]);
    await server.json('/api/staff/logout', { method: 'POST', headers: auth(staff) });
    assert.equal((await server.json('/api/staff/me', { headers: auth(staff) })).status, 401, 'a logged-out token is dead');
  });

  test('wrong staff logins answer the same for unknown usernames; after five a challenge, never a lock-out', async () => {
    const attempt = (username: string, password: string, challenge?: object) =>
      server.json('/api/staff/login', { method: 'POST', json: { username, password, ...(challenge ? { challenge } : {}) } });
    const shape = (r: { status: number; body: any }) => [r.status, r.body.code, r.body.message, !!r.body.details?.challenge];
    const known = [];
    const unknown = [];
    for (let i = 1; i <= 5; i++) {
      known.push(shape(await attempt('fushen', `wrong-${i}`)));
      unknown.push(shape(await attempt('nobody', `wrong-${i}`)));
    }
    assert.deepEqual(known, unknown, 'nothing tells which usernames exist');
    assert.deepEqual(known[0], [401, 'STAFF_LOGIN_FAILED', '用户名或密码错误', false]);
    assert.deepEqual(known[4], [401, 'STAFF_LOGIN_FAILED', '用户名或密码错误', true]);
    const bare = await attempt('fushen', 'Review@2026');
    assert.deepEqual([bare.status, bare.body.code], [401, 'LOGIN_CHALLENGE_REQUIRED']);
    const c = bare.body.details.challenge;
    const [, a, b] = /(\d+) \+ (\d+)/.exec(c.question)!;
    const ok = await attempt('fushen', 'Review@2026', { id: c.id, answer: String(Number(a) + Number(b)) });
    assert.equal(ok.status, 200, 'the right password with the answer gets in at once');
    assert.deepEqual(shape(await attempt('fushen', 'wrong-6')).slice(0, 2), [401, 'STAFF_LOGIN_FAILED']);
    const audit = await server.database.query<{ detail: any }>(
      `SELECT detail FROM staff_audit WHERE action = 'staff.login-failed' AND target = 'staff:nobody'`,
    );
    assert.ok(audit.length >= 5 && audit.every((r) => r.detail.reason === 'unknown-user'), 'failures of unknown usernames are audited too');
  });

  test('the queue shows a reviewer the items at their nodes, with filters', async () => {
    const first = await staffLogin(server, 'chushen');
    const q = (await server.json('/api/staff/review/queue', { headers: auth(first) })).body;
    const item = q.items.find((i: any) => i.serialNo === serialNo);
    assert.ok(item, JSON.stringify(q));
    assert.deepEqual(
      [item.business, item.nodeLabel, item.memberName, item.memberIdNumberMasked, item.amountFen, item.channelLabel],
      ['享受低保', '初审', '段德梅', '530702********0243', 50_000, '小程序'],
    );
    assert.equal((await server.json('/api/staff/review/queue?kind=unemployment', { headers: auth(first) })).body.total, 0);
    const other = await staffLogin(server, 'zhongshen');
    assert.equal(
      (await server.json('/api/staff/review/queue', { headers: auth(other) })).body.items.some((i: any) => i.serialNo === serialNo),
      false,
      '终审 does not see 初审 items',
    );
    const forbidden = await server.json('/api/staff/review/queue?node=first', { headers: auth(other) });
    assert.deepEqual([forbidden.status, forbidden.body.code], [403, 'NODE_NOT_ALLOWED']);
    const detail = (await server.json(`/api/staff/applications/${serialNo}`, { headers: auth(first) })).body;
    assert.equal(detail.account.balanceFen, 3_092_143);
    assert.equal(detail.loans[0].contractNo, '2022年委信字05318号');
    assert.equal(detail.rulesNow.allowed, true);
    // Each rule of the kind with the figures behind it, then the amount applied for against them (issue 20 point 8).
    assert.deepEqual(
      detail.ruleCheck.checks.map((c: any) => [c.rule, c.pass, c.figures]),
      [
        ['账户未销户', true, '账户状态 正常，人员状态 正常'],
        ['账户余额 > 0', true, '账户余额 30,921.43 元'],
        ['申请金额 ≤ 可提取金额', true, '500.00 元 < 30,921.43 元'],
        ['申请金额 ≤ 账户余额', true, '500.00 元 < 30,921.43 元'],
      ],
    );
    // Decisions need the claim (issue 20): the detail says so, and the server refuses one without it.
    assert.deepEqual([detail.mayClaim, detail.mayDecide, detail.blocked?.code], [true, false, 'CLAIM_REQUIRED']);
    const unclaimed = await server.json(`/api/staff/applications/${serialNo}/approve`, { method: 'POST', headers: auth(first), json: {} });
    assert.deepEqual([unclaimed.status, unclaimed.body.code, unclaimed.body.message], [409, 'CLAIM_REQUIRED', '请先领取该申请，再作审批决定']);
    assert.deepEqual(
      detail.formFields.map((f: any) => [f.label, f.value]),
      [
        ['低保证号', 'DB-53'],
        ['提取金额（元）', '500.00'],
      ],
    );
    const photo = detail.application.photos[0];
    const img = await fetch(`${server.url}/api/staff/applications/${serialNo}/photos/${photo.id}`, { headers: auth(first) });
    assert.deepEqual([img.status, img.headers.get('content-type')], [200, 'image/jpeg']);
  });

  test('two reviewers cannot take the same item at once; the holder decides, the other is refused', async () => {
    const a = await staffLogin(server, 'chushen');
    const b = await staffLogin(server, 'shenhe');
    const [ra, rb] = await Promise.all([
      server.json(`/api/staff/applications/${serialNo}/claim`, { method: 'POST', headers: auth(a) }),
      server.json(`/api/staff/applications/${serialNo}/claim`, { method: 'POST', headers: auth(b) }),
    ]);
    const statuses = [ra.status, rb.status].sort();
    assert.deepEqual(statuses, [200, 409], JSON.stringify([ra.body, rb.body]));
    const [holder, other] = ra.status === 200 ? [a, b] : [b, a];
    const loser = ra.status === 200 ? rb : ra;
    assert.equal(loser.body.code, 'CLAIMED_BY_OTHER');
    assert.match(loser.body.message, /^该申请已由(和晓梅|赵文斌)领取办理$/);
    const refused = await decide(server, other, serialNo, 'approve');
    assert.deepEqual([refused.status, refused.body.code], [409, 'CLAIMED_BY_OTHER']);
    assert.equal((await server.json(`/api/staff/review/queue?claimed=mine`, { headers: auth(holder) })).body.items[0].serialNo, serialNo);
    const noReason = await decide(server, holder, serialNo, 'return');
    assert.deepEqual([noReason.status, noReason.body.code], [400, 'VALIDATION_FAILED']);
    await server.json(`/api/staff/applications/${serialNo}/release`, { method: 'POST', headers: auth(holder) });
    const taken = await server.json(`/api/staff/applications/${serialNo}/claim`, { method: 'POST', headers: auth(b) });
    assert.equal(taken.status, 200, 'released: the other may take it');
  });

  test('初审 and 终审 of one application are decided by two people, each on record with opinion and time', async () => {
    const all = await staffLogin(server, 'shenhe'); // may act at every node
    const passed = await decide(server, all, serialNo, 'approve', '材料齐全');
    assert.equal(passed.body.currentNodeLabel, '终审');
    const same = await decide(server, all, serialNo, 'approve');
    assert.deepEqual([same.status, same.body.code], [409, 'SAME_REVIEWER']);
    const wrongNode = await decide(server, await staffLogin(server, 'chushen'), serialNo, 'approve');
    assert.deepEqual([wrongNode.status, wrongNode.body.code], [403, 'NODE_NOT_ALLOWED']);
    const done = await decide(server, await staffLogin(server, 'zhongshen'), serialNo, 'approve', '同意支付');
    assert.equal(done.body.status, 'paid');
    const h = done.body.history;
    assert.deepEqual(
      h.map((x: any) => [x.node, x.handler, x.opinion]),
      [
        ['任务发起人', '段德梅', ''],
        ['初审', '赵文斌', '材料齐全'],
        ['终审', '李春华', '同意支付'],
        ['银行付款', '系统', '银行付款成功，中心入账成功!'],
      ],
    );
    assert.ok(h.every((x: any) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(x.atText) && x.durationSeconds >= 0));
    const again = await decide(server, all, serialNo, 'approve');
    assert.deepEqual([again.status, again.body.code], [409, 'NOT_IN_REVIEW']);
  });

  test('an approval that would overdraw is refused clearly and the application stays in review', async () => {
    const token = await login(server, 'gaoZhenhua');
    await bindCard(server, token, '高振华', withLuhn('622202020011223399'), 'ICBC');
    const big = await apply(server, token, 'subsistence', { subsistenceCertificateNo: 'DB-88', amountFen: 2_000_000 });
    const serial = big.body.serialNo;
    await decide(server, await staffLogin(server, 'chushen'), serial, 'approve');
    // Meanwhile the follow-up 商业贷款 withdrawal (approved by the system) takes most of the balance.
    const c7 = await apply(server, token, 'commercialLoanRepay');
    assert.equal(c7.body.status, 'paid');
    const refused = await decide(server, await staffLogin(server, 'zhongshen'), serial, 'approve');
    assert.deepEqual([refused.status, refused.body.code, refused.body.message], [409, 'INSUFFICIENT_BALANCE', '公积金账户余额不足，无法办理']);
    const still = (await server.json(`/api/me/applications/${serial}`, { headers: auth(token) })).body;
    assert.deepEqual([still.status, still.currentNodeLabel], ['in_review', '终审']);
    const rejected = await decide(server, await staffLogin(server, 'zhongshen'), serial, 'reject', '余额不足');
    assert.equal(rejected.body.status, 'rejected');
  });
});
