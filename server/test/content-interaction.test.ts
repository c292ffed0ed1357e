/** 互动交流 public side over HTTP: FAQ with relevance search (G1), answered community questions (G3), contact (G8). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';

for (const target of targets()) {
  describe(`互动交流 (G1, G3, G8) over HTTP on ${target}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(target, { seeded: true });
    });
    after(() => server.close());
    const get = (p: string) => server.json(p);
    const ask = async (q: string) => (await get(`/api/public/faqs?q=${encodeURIComponent(q)}`)).body;

    test('the FAQ lists published questions in the center’s order, by category, with every field', async () => {
      const r = await get('/api/public/faqs?pageSize=50');
      assert.equal(r.status, 200);
      const [published] = await server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM faqs WHERE status = 'published'`);
      assert.equal(r.body.total, published!.n);
      assert.ok(r.body.total >= 20);
      for (const f of r.body.items) {
        assert.deepEqual(Object.keys(f).sort(), ['answer', 'category', 'id', 'keywords', 'question', 'score']);
        assert.equal(f.score, null, 'no search, no score');
      }
      const cats = await get('/api/public/faqs/categories');
      assert.deepEqual(
        cats.body.items.map((c: any) => c.category),
        ['提取', '贷款', '转移接续', '账户与密码', '缴存', '服务渠道'],
      );
      assert.equal(
        cats.body.items.reduce((s: number, c: any) => s + c.count, 0),
        r.body.total,
      );
      const withdrawals = await get('/api/public/faqs?category=提取&pageSize=50');
      assert.equal(withdrawals.body.total, cats.body.items[0].count);
      assert.ok(withdrawals.body.items.every((f: any) => f.category === '提取'));
      const one = await get(`/api/public/faqs/${withdrawals.body.items[0].id}`);
      const { score: _score, ...expected } = withdrawals.body.items[0];
      assert.deepEqual(one.body, expected);
    });

    test('search ranks by relevance: the question members mean comes first, whatever words they use', async () => {
      const expectations: [string, string][] = [
        ['密码忘了怎么办', '忘记登录密码怎么办？'],
        ['12329', '12329是什么电话？'],
        ['离职了公积金怎么取', '离职（终止劳动关系）后多久可以提取公积金？'],
        ['公积金能贷多少', '公积金贷款最多能贷多少？'],
        ['调到外地工作', '调到外地工作，公积金怎么转移？'],
        ['异地转移', '调到外地工作，公积金怎么转移？'],
        ['提取条件', '哪些情况可以提取住房公积金？'],
        ['贷款 利率', '现在的公积金贷款利率是多少？'],
        ['解绑微信', '怎样解除微信绑定？'],
        ['提示不是缴存用户', '注册时提示“您不是公积金中心的缴存用户”怎么办？'],
        ['物业费能提几次', '物业费提取每年可以提几次？'],
        ['ＡＰＰ 办理进度', '在哪里查看业务办理进度？'],
      ];
      for (const [q, first] of expectations) {
        const body = await ask(q);
        assert.equal(body.items[0]?.question, first, q);
        const scores = body.items.map((f: any) => f.score);
        assert.ok(
          scores.every((s: number) => s > 0),
          q,
        );
        assert.deepEqual(
          scores,
          [...scores].sort((a: number, b: number) => b - a),
          `${q}: best first`,
        );
      }
      assert.equal((await ask('天气预报')).total, 0, 'nothing unrelated');
      const loans = await get(`/api/public/faqs?q=${encodeURIComponent('贷款')}&category=贷款&pageSize=50`);
      assert.ok(loans.body.total >= 3 && loans.body.items.every((f: any) => f.category === '贷款'));
      const paged = await get(`/api/public/faqs?q=${encodeURIComponent('提取')}&pageSize=2&page=2`);
      const all = await get(`/api/public/faqs?q=${encodeURIComponent('提取')}&pageSize=50`);
      assert.deepEqual(
        paged.body.items.map((f: any) => f.id),
        all.body.items.slice(2, 4).map((f: any) => f.id),
        'paging over the ranking',
      );
      assert.equal(paged.body.total, all.body.total);
      assert.equal((await get(`/api/public/faqs?q=${'长'.repeat(51)}`)).status, 400, 'a search is at most 50 characters');
    });

    test('hidden and draft questions are never shown', async () => {
      const [hidden] = await server.database.query<{ id: number }>(`SELECT id FROM faqs WHERE status = 'hidden'`);
      const draft = (
        await server.database.query<{ id: number }>(
          `INSERT INTO faqs (category, question, answer, keywords, status) VALUES ('提取', '草稿：公积金提取新规？', '未定稿', '{提取}', 'draft') RETURNING id`,
        )
      )[0]!.id;
      for (const id of [hidden!.id, draft]) {
        const r = await get(`/api/public/faqs/${id}`);
        assert.deepEqual([r.status, r.body], [404, { code: 'FAQ_NOT_FOUND', message: '该问题不存在或已下线' }]);
      }
      assert.equal((await ask('疫情')).total, 0);
      assert.ok(!(await ask('提取新规')).items.some((f: any) => f.id === draft));
      const ids = (await get('/api/public/faqs?pageSize=50')).body.items.map((f: any) => f.id);
      assert.ok(!ids.includes(hidden!.id) && !ids.includes(draft));
      await server.database.query(`DELETE FROM faqs WHERE id = $1`, [draft]);
    });

    test('community questions: only answered, published ones, newest answer first, with masked names', async () => {
      const r = await get('/api/public/community-questions?pageSize=50');
      assert.equal(r.status, 200);
      const [published] = await server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM community_questions WHERE status = 'published'`);
      assert.equal(r.body.total, published!.n);
      const items = r.body.items;
      for (const q of items) {
        assert.deepEqual(Object.keys(q).sort(), ['answer', 'answeredAt', 'answeredBy', 'askedAt', 'askerName', 'id', 'question']);
        assert.match(q.askerName, /^\p{Script=Han}\*+\p{Script=Han}?$/u, 'the asker’s name is masked');
        assert.ok(q.answer.length > 0);
        assert.ok(Date.parse(q.answeredAt) >= Date.parse(q.askedAt));
      }
      const answered = items.map((q: any) => Date.parse(q.answeredAt));
      assert.deepEqual(
        answered,
        [...answered].sort((a, b) => b - a),
      );
      assert.ok(items.some((q: any) => q.askerName === '杨*娟' && q.question.includes('昆明买房')));
      const text = JSON.stringify(r.body);
      for (const never of ['杨丽娟', '公积金贷款审批一般需要多久', '含有个人信息的留言']) assert.ok(!text.includes(never), never);
      const search = await get(`/api/public/community-questions?q=${encodeURIComponent('永胜县')}`);
      assert.deepEqual(
        search.body.items.map((q: any) => q.askerName),
        ['赵*梅'],
      );
      assert.equal((await get('/api/public/community-questions?pageSize=2&page=2')).body.items[0].id, items[2].id);
    });

    test('contact us: hotline 12329, the center’s address and hours, and links to the outlets', async () => {
      const r = await get('/api/public/contact');
      assert.equal(r.status, 200);
      assert.equal(r.body.name, '丽江市住房公积金管理中心');
      assert.equal(r.body.hotline, '12329');
      assert.equal(r.body.address, '丽江市古城区长水路丽江市政务服务中心三楼');
      assert.match(r.body.officeHours, /周一至周五/);
      assert.equal(r.body.outletsUrl, '/api/public/outlets');
      assert.equal(r.body.outlets.length, 6);
      for (const o of r.body.outlets) {
        const detail = await get(o.url);
        assert.equal(detail.status, 200);
        assert.deepEqual([detail.body.name, detail.body.phone, detail.body.address], [o.name, o.phone, o.address]);
      }
    });

    test('the OpenAPI document lists the interaction routes', async () => {
      const r = await get('/api/openapi.json');
      for (const p of ['/api/public/faqs', '/api/public/faqs/{id}', '/api/public/faqs/categories', '/api/public/community-questions', '/api/public/contact']) {
        assert.ok(r.body.paths[p]?.get, p);
      }
    });
  });
}
