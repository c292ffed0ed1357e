/** Issue 18.7: each business's 须知 (003 5.2.1.1) — members read it before 我要办理, the content editor maintains it. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';
import { auth, login, staffLogin } from './workflow-helpers.js';

const KINDS = [
  'propertyFee',
  'retirement',
  'employmentEnded',
  'transferOut',
  'rent',
  'purchase',
  'build',
  'commercialLoanRepay',
  'fundLoanRepay',
  'subsistence',
  'unemployment',
  'downPayment',
  'loanApplication',
  'partialPrepayment',
  'earlySettlement',
];

for (const target of targets()) {
  describe(`business guides (${target})`, () => {
    let server: TestServer;
    let editor: string;
    let member: string;
    before(async () => {
      server = await startTestServer(target);
      editor = await staffLogin(server, 'bianji');
      member = await login(server, 'luQingyi');
    });
    after(async () => server.close());

    test('every withdrawal and loan business has its 须知; 离退休 reads as the manual (003 5.2.1.1)', async () => {
      for (const kind of KINDS) {
        const r = await server.json(`/api/public/business-guides/${kind}`, { headers: auth(member) });
        assert.equal(r.status, 200, `${kind}: ${JSON.stringify(r.body)}`);
        for (const f of ['itemName', 'basis', 'conditions', 'materials']) assert.ok(r.body[f].length > 0, `${kind}.${f}`);
      }
      const c2 = (await server.json('/api/public/business-guides/retirement')).body;
      assert.equal(c2.itemName, '离休、退休提取公积金');
      assert.equal(c2.basis, '依据《住房公积金管理条例》第二十四条第（二）项规定');
      assert.equal(c2.conditions, '离休、退休');
      assert.match(c2.materials, /^1、申请人身份证原件；\n2、离（退）休证/);
      const none = await server.json('/api/public/business-guides/nosuchkind');
      assert.deepEqual([none.status, none.body.code, none.body.message], [404, 'GUIDE_NOT_FOUND', '该业务暂无办理须知']);
    });

    test('the editor edits a 须知 and the member sees the edit; a member token cannot edit; the write is audited', async () => {
      const list = await server.json('/api/staff/content/business-guides?q=propertyFee', { headers: auth(editor) });
      assert.equal(list.status, 200, JSON.stringify(list.body));
      const item = list.body.items.find((i: any) => i.kind === 'propertyFee');
      assert.ok(item);

      const asMember = await server.json(`/api/staff/content/business-guides/${item.id}`, { method: 'PUT', headers: auth(member), json: { conditions: '改' } });
      assert.equal(asMember.status, 401);

      const empty = await server.json(`/api/staff/content/business-guides/${item.id}`, { method: 'PUT', headers: auth(editor), json: { conditions: '  ' } });
      assert.deepEqual([empty.status, empty.body.code], [400, 'VALIDATION_FAILED']);
      assert.match(empty.body.message, /请填写申请条件/);

      const conditions = '缴存人本人名下自住住房缴纳物业管理服务费，每年可提取一次（2027年起）';
      const saved = await server.json(`/api/staff/content/business-guides/${item.id}`, { method: 'PUT', headers: auth(editor), json: { conditions } });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.conditions, conditions);
      assert.doesNotMatch(saved.body.updatedAt, /Z$/, 'Beijing time, not UTC');

      const seen = await server.json('/api/public/business-guides/propertyFee', { headers: auth(member) });
      assert.equal(seen.body.conditions, conditions);
      assert.equal(seen.body.itemName, '物业管理费提取公积金', 'fields not sent stay as they were');

      const admin = await staffLogin(server, 'admin');
      const trail = (await server.json('/api/staff/audit?action=content.business-guides&staff=bianji', { headers: auth(admin) })).body.items;
      assert.ok(trail.some((i: any) => i.action === 'content.business-guides.update' && i.target === `business-guides:${item.id}`));
    });
  });
}
