/**
 * G2 投诉建议 and G3 members' questions, as the mini-program and the staff console use them: member-written text
 * passes WeChat's content security check (the emulator's msg_sec_check) before it is stored, staff answer it, and the
 * member sees the answer, a notification and the WeChat notice.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { waitFor } from './helpers/wechat.js';
import { auth, login, staffLogin } from './workflow-helpers.js';

const SEC_CHECK = '/wxa/msg_sec_check';

for (const target of targets()) {
  describe(`G2/G3 complaints and questions (${target})`, () => {
    let server: TestServer;
    let duan: string; // 段德梅 writes
    let li: string; // 李国强, another member
    let kefu: string; // the service agent
    const count = async (table: 'complaints' | 'community_questions') =>
      Number((await server.database.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
    const emulator = () => server.emulators.wechat!.control;
    const post = (path: string, token: string, json: unknown = {}) => server.json(path, { method: 'POST', headers: auth(token), json });
    const get = (path: string, token: string) => server.json(path, { headers: auth(token) });

    before(async () => {
      server = await startTestServer(target);
      [duan, li, kefu] = await Promise.all([login(server, 'duanDemei'), login(server, 'liGuoqiang'), staffLogin(server, 'kefu')]);
    });
    after(async () => server.close());

    test('a member submits a complaint, a suggestion and a consultation and sees them newest first', async () => {
      const kinds = [
        { kind: 'complaint', title: '提取到账太慢', content: '11月3日提交的租房提取，过了十个工作日还没有到账。', contactPhone: '13908881234' },
        { kind: 'suggestion', title: '增加夜间办理', content: '建议小程序业务办理在夜间也能提交，次日受理。' },
        { kind: 'consultation', title: '异地贷款', content: '在昆明买房可以申请丽江的公积金贷款吗？' },
      ];
      const created = [];
      for (const body of kinds) {
        const r = await post('/api/me/complaints', duan, body);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        created.push(r.body);
      }
      const [complaint] = created;
      assert.match(complaint.ticketNo, /^TS\d{14}$/);
      assert.deepEqual(
        [complaint.kindLabel, complaint.status, complaint.statusLabel, complaint.reply, complaint.contactPhoneMasked],
        ['投诉', 'submitted', '已提交', null, '139****1234'],
      );
      assert.deepEqual(
        created.map((c) => c.kindLabel),
        ['投诉', '建议', '咨询'],
      );
      assert.match(complaint.createdAt, /\+08:00$/);

      const list = (await get('/api/me/complaints', duan)).body;
      assert.equal(list.total, 3);
      assert.deepEqual(
        list.items.map((i: any) => i.title),
        ['异地贷款', '增加夜间办理', '提取到账太慢'],
      );
      const one = await get(`/api/me/complaints/${complaint.id}`, duan);
      assert.deepEqual([one.status, one.body.ticketNo], [200, complaint.ticketNo]);

      // the phone is kept encrypted and shown masked; no response holds it whole
      const [row] = await server.database.query<{ contact_phone_enc: string; sec_check: string }>(
        'SELECT contact_phone_enc, sec_check FROM complaints WHERE id = $1',
        [complaint.id],
      );
      assert.match(row!.contact_phone_enc, /^v1:/);
      assert.equal(row!.sec_check, 'pass');
      assert.ok(!JSON.stringify(list).includes('13908881234'));
      assert.ok(emulator().calls({ path: SEC_CHECK }).length >= 3, 'every text went through msg_sec_check');
      const doc = (await server.json('/api/openapi.json')).body;
      assert.ok(doc.paths['/api/me/complaints'].post.responses['201'], 'documented as 201 Created');
      assert.ok(doc.paths['/api/staff/complaints/{id}/reply'].post.requestBody);
    });

    test('paging: bounds are refused in Chinese, a page past the end is empty', async () => {
      const tooBig = await get('/api/me/complaints?pageSize=51', duan);
      assert.deepEqual([tooBig.status, tooBig.body.code], [400, 'VALIDATION_FAILED']);
      assert.match(tooBig.body.message, /查询参数有误（pageSize）/);
      assert.equal((await get('/api/me/complaints?page=0', duan)).status, 400);
      const second = (await get('/api/me/complaints?page=2&pageSize=2', duan)).body;
      assert.deepEqual([second.items.length, second.total, second.page, second.pageSize], [1, 3, 2, 2]);
      const past = (await get('/api/me/complaints?page=9&pageSize=2', duan)).body;
      assert.deepEqual([past.items, past.total], [[], 3]);
      const demo = (await get('/api/me/complaints', await login(server, 'luQingyi'))).body;
      assert.deepEqual(
        demo.items.map((i: any) => i.status),
        ['submitted', 'processing', 'replied'],
        'the demo member’s tickets in each state',
      );
      assert.equal(demo.items[2].reply.department, '提取管理科');
    });

    test('another member cannot read a ticket by its id', async () => {
      const mine = (await get('/api/me/complaints', duan)).body.items[0];
      const theirs = await get(`/api/me/complaints/${mine.id}`, li);
      assert.deepEqual([theirs.status, theirs.body.code, theirs.body.message], [404, 'NOT_FOUND', '工单不存在']);
      assert.equal((await get('/api/me/complaints', li)).body.total, 0);
    });

    test('staff roles: a reviewer is refused, member tokens are refused on /api/staff and staff tokens on /api/me', async () => {
      const reviewer = await staffLogin(server, 'chushen');
      for (const path of ['/api/staff/complaints', '/api/staff/community-questions']) {
        const r = await get(path, reviewer);
        assert.deepEqual([r.status, r.body.code, r.body.message], [403, 'STAFF_FORBIDDEN', '无权限执行此操作'], path);
      }
      const refusedReply = await post('/api/staff/complaints/1/reply', reviewer, { content: '已处理' });
      assert.equal(refusedReply.status, 403);
      const asMember = await get('/api/staff/complaints', duan);
      assert.deepEqual([asMember.status, asMember.body.code], [401, 'STAFF_UNAUTHENTICATED']);
      const asStaff = await get('/api/me/complaints', kefu);
      assert.equal(asStaff.status, 401);
      const admin = await staffLogin(server, 'admin');
      assert.equal((await get('/api/staff/complaints', admin)).status, 200, 'an administrator may');
    });

    test('an agent claims and replies: the member sees the reply, a notification and the WeChat template message', async () => {
      const ticket = (await get('/api/me/complaints', duan)).body.items.find((i: any) => i.kind === 'complaint');
      const queue = (await get('/api/staff/complaints?status=submitted&kind=complaint', kefu)).body;
      const inQueue = queue.items.find((i: any) => i.id === ticket.id);
      assert.deepEqual([inQueue.memberNameMasked, inQueue.repliedBy, inQueue.secCheck], ['段*梅', null, 'pass']);

      const claimed = await post(`/api/staff/complaints/${ticket.id}/claim`, kefu);
      assert.deepEqual([claimed.status, claimed.body.status, claimed.body.claimedBy], [200, 'processing', '陈晓燕']);
      assert.equal((await get(`/api/me/complaints/${ticket.id}`, duan)).body.statusLabel, '处理中');
      const other = await post(`/api/staff/complaints/${ticket.id}/reply`, await staffLogin(server, 'kefu'), { content: '' });
      assert.deepEqual([other.status, other.body.code], [400, 'VALIDATION_FAILED'], 'an empty reply is refused');

      const reply = '经核实，您的租房提取已于11月18日到账，延迟原因为银行系统升级，给您带来不便深表歉意。';
      const replied = await post(`/api/staff/complaints/${ticket.id}/reply`, kefu, { content: reply, department: '提取管理科' });
      assert.deepEqual([replied.status, replied.body.status, replied.body.repliedBy], [200, 'replied', '陈晓燕'], JSON.stringify(replied.body));

      const seen = (await get(`/api/me/complaints/${ticket.id}`, duan)).body;
      assert.deepEqual([seen.status, seen.statusLabel, seen.reply.content, seen.reply.department], ['replied', '已答复', reply, '提取管理科']);
      const notes = (await get('/api/me/notifications', duan)).body.items;
      const note = notes.find((n: any) => n.business === '投诉建议');
      assert.ok(note, JSON.stringify(notes));
      assert.match(note.content, new RegExp(`工单号${ticket.ticketNo}.*已答复`));
      await waitFor(
        () =>
          emulator()
            .sentMessages({ kind: 'template', touser: 'oDEMO_duandemei' })
            .some((m) => m.templateId === server.config.WECHAT_TEMPLATE_QUESTION_REPLY && m.data.thing1?.value === '提取到账太慢'),
        10_000,
        'the reply’s template message',
      );

      const again = await post(`/api/staff/complaints/${ticket.id}/reply`, kefu, { content: '再次答复' });
      assert.deepEqual([again.status, again.body.code], [409, 'COMPLAINT_CLOSED']);
      const audit = await server.database.query<{ action: string; actor: string; target: string }>(
        `SELECT action, staff_username AS actor, target FROM staff_audit WHERE action LIKE 'complaint.%' ORDER BY id`,
      );
      assert.deepEqual(
        audit.map((a) => a.action),
        ['complaint.claim', 'complaint.reply'],
      );
      assert.ok(audit.every((a) => a.actor === 'kefu' && a.target === `complaint:${ticket.ticketNo}`));
    });

    test('a ticket held by one agent is not taken by another; an administrator may step in', async () => {
      const ticket = (await get('/api/me/complaints', duan)).body.items.find((i: any) => i.kind === 'suggestion');
      await server.database.query(
        `INSERT INTO staff_users (username, name, role, password_hash) SELECT 'kefu2', '李晓红', 'service-agent', password_hash FROM staff_users WHERE username = 'kefu'`,
      );
      assert.equal((await post(`/api/staff/complaints/${ticket.id}/claim`, kefu)).status, 200);
      const second = await post(`/api/staff/complaints/${ticket.id}/claim`, await staffLogin(server, 'kefu2'));
      assert.deepEqual([second.status, second.body.message], [409, '该工单已由陈晓燕领取办理']);
      const admin = await post(`/api/staff/complaints/${ticket.id}/reply`, await staffLogin(server, 'admin'), { content: '感谢建议，已转信息科评估。' });
      assert.deepEqual([admin.status, admin.body.repliedBy, admin.body.reply.department], [200, '系统管理员', '公积金中心客服']);

      const fresh = await post('/api/me/complaints', li, { kind: 'consultation', title: '缴存证明', content: '缴存证明可以在小程序打印吗？' });
      const [a, b] = await Promise.all([kefu, await staffLogin(server, 'kefu2')].map((t) => post(`/api/staff/complaints/${fresh.body.id}/claim`, t)));
      assert.deepEqual([a!.status, b!.status].sort(), [200, 409], 'two agents at once: one holds it');
    });

    test('risky text is refused with CONTENT_RISKY and nothing is stored', async () => {
      const before = [await count('complaints'), await count('community_questions')];
      const c = await post('/api/me/complaints', duan, { kind: 'complaint', title: '咨询', content: '有人说可以代办提取，收费500元，靠谱吗' });
      assert.deepEqual([c.status, c.body.code, c.body.message], [400, 'CONTENT_RISKY', '内容含有违规信息，请修改后再提交']);
      const inTitle = await post('/api/me/complaints', duan, { kind: 'suggestion', title: '套取公积金', content: '这个标题本身就有问题。' });
      assert.equal(inTitle.body.code, 'CONTENT_RISKY', 'the title is checked too');
      const q = await post('/api/me/community-questions', duan, { question: '哪里可以赌博赢钱还贷款？' });
      assert.deepEqual([q.status, q.body.code], [400, 'CONTENT_RISKY']);
      assert.deepEqual([await count('complaints'), await count('community_questions')], before);
    });

    test('bad input is refused in Chinese and nothing is stored', async () => {
      const before = [await count('complaints'), await count('community_questions')];
      const cases: [unknown, RegExp][] = [
        [{ kind: 'praise', title: '表扬', content: '工作人员服务很好。' }, /请选择类型/],
        [{ kind: 'complaint', title: '  ', content: '工作人员服务很好。' }, /请填写标题/],
        [{ kind: 'complaint', title: '标'.repeat(51), content: '工作人员服务很好。' }, /标题不能超过50个字/],
        [{ kind: 'complaint', title: '太短', content: '不好' }, /内容至少5个字/],
        [{ kind: 'complaint', title: '太长', content: '长'.repeat(1001) }, /内容不能超过1000个字/],
        [{ kind: 'complaint', title: '电话', content: '请回电话给我。', contactPhone: '12345' }, /请填写11位手机号码/],
      ];
      for (const [body, message] of cases) {
        const r = await post('/api/me/complaints', duan, body);
        assert.deepEqual([r.status, r.body.code], [400, 'VALIDATION_FAILED'], JSON.stringify(body).slice(0, 60));
        assert.match(r.body.message, message);
      }
      const q = await post('/api/me/community-questions', duan, { question: '能提吗' });
      assert.deepEqual([q.status, q.body.code], [400, 'VALIDATION_FAILED']);
      assert.match(q.body.message, /留言内容至少5个字/);
      assert.deepEqual([await count('complaints'), await count('community_questions')], before);
    });

    test('when WeChat errs or does not answer, the text is kept and flagged for a person; "review" is flagged too', async () => {
      emulator().failNext({ path: SEC_CHECK, errcode: -1 });
      const r = await post('/api/me/complaints', li, { kind: 'consultation', title: '贷款额度', content: '双职工缴存，最高可以贷多少？' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const staff = (await get(`/api/staff/complaints/${r.body.id}`, kefu)).body;
      assert.deepEqual([staff.secCheck, staff.secCheckLabel], ['unchecked', '内容安全检测未完成，待人工审核']);
      assert.ok(server.logLines.some((l) => l.includes('msg_sec_check unavailable')));

      // no answer within the client's 5 s: the same
      emulator().failNext({ path: SEC_CHECK, errcode: -1, delayMs: 12_000 });
      const started = Date.now();
      const slow = await post('/api/me/community-questions', li, { question: '公积金账户封存后还能提取吗？' });
      assert.deepEqual([slow.status, slow.body.status], [201, 'pending'], JSON.stringify(slow.body));
      const waited = Date.now() - started;
      assert.ok(waited < 11_000, `the member does not wait for WeChat beyond the client timeout (5 s): waited ${waited} ms`);
      const kept = (await get('/api/staff/community-questions?status=pending', kefu)).body.items.find((i: any) => i.id === slow.body.id);
      assert.equal(kept.secCheck, 'unchecked');

      const review = await post('/api/me/community-questions', li, { question: '听说有内部渠道可以加快审批，是真的吗？' });
      assert.equal(review.status, 201);
      const flagged = (await get('/api/staff/community-questions?status=pending', kefu)).body.items.find((i: any) => i.id === review.body.id);
      assert.equal(flagged.secCheck, 'review');
    });

    test('G3: a member asks, staff answer and publish or hide, the member sees status and answer', async () => {
      const asked = await post('/api/me/community-questions', duan, { question: '住房公积金贷款可以用于购买二手房吗？' });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      assert.deepEqual([asked.body.status, asked.body.statusLabel, asked.body.answer, asked.body.answeredBy], ['pending', '待答复', null, null]);
      const publicList = async () => (await server.json('/api/public/community-questions?pageSize=50')).body.items.map((i: any) => i.id);
      assert.ok(!(await publicList()).includes(asked.body.id), 'nothing public before an answer');

      const id = asked.body.id;
      const early = await post(`/api/staff/community-questions/${id}/publish`, kefu);
      assert.deepEqual([early.status, early.body.code], [409, 'QUESTION_NOT_ANSWERED']);
      const missing = await post(`/api/staff/community-questions/${id}/answer`, kefu, { answer: '可以。' });
      assert.deepEqual([missing.status, missing.body.code], [400, 'VALIDATION_FAILED']);
      const answer = '可以。购买二手房的，按评估价和成交价较低者的比例计算贷款额度，详见业务指南。';
      const answered = await post(`/api/staff/community-questions/${id}/answer`, kefu, { answer, department: '信贷管理科', publish: true });
      assert.deepEqual(
        [answered.status, answered.body.status, answered.body.answeredByStaff, answered.body.askerNameMasked],
        [200, 'published', '陈晓燕', '段*梅'],
      );
      assert.ok((await publicList()).includes(id));

      const mine = (await get('/api/me/community-questions', duan)).body;
      const item = mine.items.find((i: any) => i.id === id);
      assert.deepEqual([item.status, item.statusLabel, item.answer, item.answeredBy], ['published', '已答复并公开', answer, '信贷管理科']);
      assert.ok((await get('/api/me/notifications', duan)).body.items.some((n: any) => n.business === '互动社区'));

      const hidden = await post(`/api/staff/community-questions/${id}/hide`, kefu);
      assert.deepEqual([hidden.status, hidden.body.status], [200, 'hidden']);
      assert.ok(!(await publicList()).includes(id));
      assert.equal(
        (await get('/api/me/community-questions', duan)).body.items.find((i: any) => i.id === id).statusLabel,
        '已答复',
        'the asker still sees the answer',
      );
      assert.equal(
        (await get('/api/me/community-questions', li)).body.items.some((i: any) => i.id === id),
        false,
        'only one’s own questions',
      );
      assert.equal((await post('/api/staff/community-questions/999999/hide', kefu)).status, 404);
      const actions = await server.database.query<{ action: string }>(`SELECT action FROM staff_audit WHERE target = $1 ORDER BY id`, [
        `community-question:${id}`,
      ]);
      assert.deepEqual(
        actions.map((a) => a.action),
        ['community.answer', 'community.hide'],
      );
    });

    test('a member WeChat no longer accepts as a recent visitor, or without a mini-program openid, is checked with v1', async () => {
      // calls that reached the check (an expired access_token is renewed and retried first)
      const calls = () =>
        emulator()
          .calls({ path: SEC_CHECK })
          .filter((c) => c.errcode !== 42001 && c.errcode !== 40001).length;
      emulator().advanceClock(2 * 3600 + 60); // the last mini-program visit is now over two hours ago: v2 answers 61010
      const n = calls();
      const risky = await post('/api/me/complaints', li, { kind: 'complaint', title: '举报', content: '朋友圈有人发广告说可以代办提取。' });
      assert.equal(risky.body.code, 'CONTENT_RISKY');
      assert.equal(calls() - n, 2, 'v2 refused the openid, then v1');
      assert.ok(emulator().calls({ path: SEC_CHECK, errcode: 61010 }).length >= 1);

      await server.database.query(`UPDATE wechat_users SET mp_openid = NULL WHERE oa_openid = 'oDEMO_liguoqiang'`);
      const m = calls();
      const ok = await post('/api/me/community-questions', li, { question: '退休提取需要带哪些材料？' });
      assert.deepEqual([ok.status, calls() - m], [201, 1], 'one v1 call without an openid');
      const stored = await server.database.query<{ sec_check: string }>('SELECT sec_check FROM community_questions WHERE id = $1', [ok.body.id]);
      assert.equal(stored[0]!.sec_check, 'pass');
    });
  });
}
