/** I2 content management as the editor uses it: what staff save is what the public API shows. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';
import { auth, staffLogin } from './workflow-helpers.js';

for (const target of targets()) {
  describe(`staff content management (${target})`, () => {
    let server: TestServer;
    let editor: string;
    before(async () => {
      server = await startTestServer(target);
      editor = await staffLogin(server, 'bianji');
    });
    after(async () => server.close());

    const call = (path: string, init: { method?: string; json?: unknown; token?: string } = {}) =>
      server.json(path, { method: init.method ?? 'GET', headers: auth(init.token ?? editor), ...(init.json !== undefined ? { json: init.json } : {}) });

    test('an article the editor publishes appears on the public side with its HTML cleaned; unpublishing hides it again', async () => {
      const created = await call('/api/staff/content/articles', {
        method: 'POST',
        json: {
          column: 'notices',
          title: '关于调整住房公积金缴存基数的通知',
          bodyHtml:
            '<p onclick="steal()">自2027年7月1日起调整<script>alert(1)</script><img src=x onerror=alert(2)></p><a href="javascript:alert(3)">详情</a><ul><li style="color:red">第一条</li></ul>',
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const a = created.body;
      assert.equal(a.status, 'draft');
      assert.equal(a.bodyHtml, '<p>自2027年7月1日起调整</p>详情<ul><li>第一条</li></ul>');
      assert.doesNotMatch(a.bodyHtml, /script|onerror|onclick|javascript|style/);
      assert.equal((await server.json(`/api/public/articles/${a.id}`)).status, 404, 'a draft is not public');

      const published = await call(`/api/staff/content/articles/${a.id}/publish`, { method: 'POST' });
      assert.equal(published.status, 200, JSON.stringify(published.body));
      assert.equal(published.body.status, 'published');
      const pub = await server.json(`/api/public/articles/${a.id}`);
      assert.equal(pub.status, 200);
      assert.deepEqual([pub.body.title, pub.body.bodyHtml, pub.body.column], ['关于调整住房公积金缴存基数的通知', a.bodyHtml, 'notices']);
      const list = await server.json('/api/public/articles?column=notices&q=缴存基数');
      assert.ok(list.body.items.some((i: any) => i.id === a.id));

      const refused = await call(`/api/staff/content/articles/${a.id}`, { method: 'DELETE' });
      assert.deepEqual([refused.status, refused.body.code, refused.body.message], [409, 'CONTENT_IN_USE', '该文章已发布，请先下线再删除']);

      const edited = await call(`/api/staff/content/articles/${a.id}`, { method: 'PUT', json: { title: '关于调整2027年度缴存基数的通知' } });
      assert.equal(edited.body.title, '关于调整2027年度缴存基数的通知');
      assert.equal((await server.json(`/api/public/articles/${a.id}`)).body.title, '关于调整2027年度缴存基数的通知');

      await call(`/api/staff/content/articles/${a.id}/unpublish`, { method: 'POST' });
      assert.equal((await server.json(`/api/public/articles/${a.id}`)).status, 404, 'unpublished: gone from the public side');
      assert.equal((await call(`/api/staff/content/articles/${a.id}`, { method: 'DELETE' })).status, 200);
      assert.equal((await call(`/api/staff/content/articles/${a.id}`)).status, 404);

      const admin = await staffLogin(server, 'admin');
      const trail = (await call(`/api/staff/audit?action=content.articles&staff=bianji`, { token: admin })).body.items.filter(
        (i: any) => i.target === `articles:${a.id}`,
      );
      assert.deepEqual(
        trail.map((i: any) => i.action),
        ['content.articles.delete', 'content.articles.unpublish', 'content.articles.update', 'content.articles.publish', 'content.articles.create'],
        'each write audited once; the refused delete is not',
      );
    });

    test('outlets: coordinates are checked (GCJ-02, inside China) and a saved outlet is listed publicly by distance', async () => {
      const bad = await call('/api/staff/content/outlets', {
        method: 'POST',
        json: { name: '测试网点', address: '某地', phone: '0888-5123456', hours: '工作日 9:00-17:00', businessTypes: ['提取'], latitude: 91, longitude: 100.2 },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /latitude.*纬度须在 3\.86～53\.56 之间/);
      const abroad = await call('/api/staff/content/outlets', {
        method: 'POST',
        json: { name: '测试网点', address: '某地', phone: '0888-5123456', hours: '工作日', businessTypes: ['提取'], latitude: 26.87, longitude: 2.35 },
      });
      assert.equal(abroad.status, 400);
      const ok = await call('/api/staff/content/outlets', {
        method: 'POST',
        json: {
          name: '玉龙县服务网点',
          address: '玉龙县黄山镇',
          phone: '0888-5123456',
          hours: '工作日 9:00-17:00',
          businessTypes: ['提取', '贷款'],
          latitude: 26.8214,
          longitude: 100.2366,
        },
      });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      const near = await server.json('/api/public/outlets?lat=26.8214&lng=100.2366');
      assert.equal(near.body.items[0].name, '玉龙县服务网点');
      assert.equal(near.body.items[0].distanceMetres, 0);
      const moved = await call(`/api/staff/content/outlets/${ok.body.id}`, { method: 'PUT', json: { longitude: 200 } });
      assert.equal(moved.status, 400);
    });

    test('a form upload downloads back byte-identical from the public side', async () => {
      const bytes = randomBytes(300_000);
      const created = await call('/api/staff/content/forms', {
        method: 'POST',
        json: { title: '住房公积金异地贷款缴存证明', category: '贷款', fileName: '异地贷款缴存证明.docx', contentBase64: bytes.toString('base64') },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.sha256, createHash('sha256').update(bytes).digest('hex'));
      const res = await fetch(server.url + created.body.downloadUrl);
      assert.equal(res.status, 200);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(bytes), 'the same bytes');
      assert.match(res.headers.get('content-disposition') ?? '', /filename\*=UTF-8''%E5%BC%82/);
      const listed = await server.json('/api/public/forms?category=贷款&pageSize=50');
      assert.ok(listed.body.items.some((f: any) => f.id === created.body.id && f.title === '住房公积金异地贷款缴存证明'));
      const tooBig = await call('/api/staff/content/forms', {
        method: 'POST',
        json: { title: 'x', category: '贷款', fileName: 'a.exe', contentBase64: 'AAAA' },
      });
      assert.equal(tooBig.status, 400);
      assert.equal((await call(`/api/staff/content/forms/${created.body.id}`, { method: 'DELETE' })).status, 409, 'in use: refused');
      await call(`/api/staff/content/forms/${created.body.id}/unpublish`, { method: 'POST' });
      assert.equal((await fetch(server.url + created.body.downloadUrl)).status, 404);
    });

    test('a new agreement version becomes current when published', async () => {
      const before = (await server.json('/api/public/agreements/privacy')).body;
      const draft = await call('/api/staff/content/agreements', {
        method: 'POST',
        json: { kind: 'privacy', version: '2027.1', title: '隐私声明', body: '本中心重视您的个人信息保护（2027年修订）。' },
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      assert.deepEqual([draft.body.status, draft.body.current], ['draft', false]);
      assert.equal((await server.json('/api/public/agreements/privacy')).body.version, before.version, 'a draft is not current');
      const pub = await call(`/api/staff/content/agreements/${draft.body.id}/publish`, { method: 'POST' });
      assert.deepEqual([pub.status, pub.body.status, pub.body.current], [200, 'published', true]);
      const now = (await server.json('/api/public/agreements/privacy')).body;
      assert.equal(now.version, '2027.1');
      const edit = await call(`/api/staff/content/agreements/${draft.body.id}`, { method: 'PUT', json: { body: '改' } });
      assert.equal(edit.status, 409);
    });

    test('rates, housing projects and FAQs saved by the editor are what the public tools show', async () => {
      const rate = await call('/api/staff/content/rates', {
        method: 'POST',
        json: { kind: 'loan_first_gt5', annualRatePercent: 2.6, effectiveOn: '2099-01-01' },
      });
      assert.equal(rate.status, 201, JSON.stringify(rate.body));
      const table = await server.json('/api/public/tools/interest-rates?on=2099-01-02');
      assert.equal(table.body.current.find((r: any) => r.kind === 'loan_first_gt5').annualRatePercent, 2.6);
      const past = await call('/api/staff/content/rates', { method: 'POST', json: { kind: 'deposit', annualRatePercent: 1.5, effectiveOn: '2020-01-01' } });
      assert.equal(past.status, 400);

      const hp = await call('/api/staff/content/housing-projects', {
        method: 'POST',
        json: { name: '雪山花园', location: '古城区', developer: '丽江置业', contact: '和先生', phone: '0888-5100000' },
      });
      assert.equal(hp.status, 201);
      assert.equal((await server.json('/api/public/housing-projects?name=雪山花园')).body.items[0].developer, '丽江置业');

      const faq = await call('/api/staff/content/faqs', {
        method: 'POST',
        json: { category: '提取', question: '退休后多久能提取公积金？', answer: '办理退休手续后即可申请。', keywords: ['退休'] },
      });
      assert.equal(faq.status, 201);
      assert.equal((await server.json(`/api/public/faqs/${faq.body.id}`)).body.answer, '办理退休手续后即可申请。');
      const page = await call('/api/staff/content/faqs?q=退休后多久&page=1&pageSize=5');
      assert.deepEqual([page.body.total, page.body.page, page.body.pageSize], [1, 1, 5]);
    });
  });
}

// A center's own core (CORE_MODE=external) keeps its reference data: the editor sees it as the core has it (what members
// are shown), cannot change it here, and is told where to change it. PGlite only: the answer does not depend on the
// product's database.
describe('staff content management with an external core: reference data is the core’s, shown read only', () => {
  let server: TestServer;
  let editor: string;
  before(async () => {
    server = await startTestServer('pglite', { core: 'external' });
    editor = await staffLogin(server, 'bianji');
  });
  after(async () => server.close());

  const keptByCore = (label: string) => `${label}由中心的核心业务系统维护，这里显示的是核心系统的数据；如需修改，请在核心业务系统中办理`;

  test('rates, outlets and housing projects are listed and opened as the core has them, with the reason they are read only', async () => {
    const headers = auth(editor);
    // A project the core's own staff registered just now (in the core's database, not the product's): seen at once.
    await server.coreDatabase.query(
      `INSERT INTO housing_projects (name, location, developer, contact, phone) VALUES ('玉龙雪山花园', '玉龙县', '丽江雪山置业', '和先生', '0888-5100001')`,
    );
    const projects = await server.json('/api/staff/content/housing-projects?q=雪山&pageSize=50', { headers });
    assert.equal(projects.status, 200, JSON.stringify(projects.body));
    assert.equal(projects.body.readOnly, keptByCore('楼盘'));
    assert.deepEqual(
      projects.body.items.map((p: { name: string }) => p.name),
      ['玉龙雪山花园'],
    );
    const publicProjects = (await server.json('/api/public/housing-projects?pageSize=50')).body.items as { name: string }[];
    const allProjects = await server.json('/api/staff/content/housing-projects?pageSize=50', { headers });
    assert.deepEqual(
      allProjects.body.items.map((p: { name: string }) => p.name).sort(),
      publicProjects.map((p) => p.name).sort(),
      'the projects members are shown',
    );

    const outlets = await server.json('/api/staff/content/outlets?pageSize=2', { headers });
    assert.equal(outlets.body.readOnly, keptByCore('服务网点'));
    const publicOutlets = (await server.json('/api/public/outlets?pageSize=50')).body.items as { id: number; name: string }[];
    assert.equal(outlets.body.total, publicOutlets.length, 'every outlet members are shown');
    assert.equal(outlets.body.items.length, 2, 'a page of them');
    const one = await server.json(`/api/staff/content/outlets/${outlets.body.items[1].id}`, { headers });
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.deepEqual(one.body, outlets.body.items[1], 'an outlet opens as listed');
    assert.equal(one.body.name, publicOutlets.find((o) => o.id === one.body.id)?.name);

    const rates = await server.json('/api/staff/content/rates?pageSize=50', { headers });
    assert.equal(rates.status, 200, JSON.stringify(rates.body));
    assert.equal(rates.body.readOnly, keptByCore('利率'));
    const coreRates = await server.coreEmulator!.system.listInterestRates();
    assert.equal(rates.body.total, coreRates.length);
    const key = (r: { kind: string; annualRatePercent: number; effectiveOn: string }) => `${r.kind} ${r.annualRatePercent} ${r.effectiveOn}`;
    assert.deepEqual(rates.body.items.map(key).sort(), coreRates.map(key).sort(), 'each adjustment as the core has it');
    const days = rates.body.items.map((r: { effectiveOn: string }) => r.effectiveOn);
    assert.deepEqual(days, [...days].sort().reverse(), 'newest adjustment first');
    const kindsOfLastDay = rates.body.items.filter((r: { effectiveOn: string }) => r.effectiveOn === days[0]).map((r: { kind: string }) => r.kind);
    const order = ['deposit', 'loan_first_le5', 'loan_first_gt5', 'loan_second_le5', 'loan_second_gt5'];
    assert.deepEqual(
      kindsOfLastDay,
      [...kindsOfLastDay].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
      'a day’s kinds in the calculator’s order',
    );
    assert.ok(
      rates.body.items.every((r: { label: string }) => /[\u4e00-\u9fa5]/.test(r.label)),
      'each kind named in Chinese',
    );
    const firstGt5 = (await server.json('/api/staff/content/rates?q=loan_first_gt5', { headers })).body.items;
    assert.ok(firstGt5.length >= 1 && firstGt5.every((r: { kind: string }) => r.kind === 'loan_first_gt5'), 'listed by kind');
    const rate = await server.json(`/api/staff/content/rates/${firstGt5[0].id}`, { headers });
    assert.deepEqual(rate.body, firstGt5[0], 'an adjustment opens as listed');
  });

  test('with the core away the tabs answer a 503 in Chinese, and list again once it is back', async () => {
    const headers = auth(editor);
    server.coreEmulator!.control.faults({ down: true });
    try {
      for (const key of ['rates', 'outlets', 'housing-projects']) {
        const res = await server.json(`/api/staff/content/${key}`, { headers });
        assert.equal(res.status, 503, `${key}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'CORE_UNAVAILABLE');
        assert.match(res.body.message, /[\u4e00-\u9fa5]/);
      }
    } finally {
      server.coreEmulator!.control.reset();
    }
    assert.equal((await server.json('/api/staff/content/outlets', { headers })).status, 200);
  });

  test('every write to them answers a 409 naming the core, and changes nothing; articles are still edited here', async () => {
    const headers = auth(editor);
    const outletsBefore = (await server.json('/api/public/outlets')).body;
    for (const [key, label] of [
      ['rates', '利率'],
      ['outlets', '服务网点'],
      ['housing-projects', '楼盘'],
    ] as const) {
      const [first] = (await server.json(`/api/staff/content/${key}`, { headers })).body.items as { id: number }[];
      const body =
        key === 'rates'
          ? { kind: 'deposit', annualRatePercent: 1.5, effectiveOn: '2099-01-01' }
          : key === 'outlets'
            ? { name: '新网点', address: '古城区', phone: '0888-5100000', hours: '9:00-17:00', businessTypes: ['提取'], latitude: 26.8, longitude: 100.2 }
            : { name: '雪山花园', location: '古城区', developer: '丽江置业', contact: '和先生', phone: '0888-5100000' };
      const calls = [
        await server.json(`/api/staff/content/${key}`, { method: 'POST', headers, json: body }),
        await server.json(`/api/staff/content/${key}/${first!.id}`, { method: 'PUT', headers, json: body }),
        await server.json(`/api/staff/content/${key}/${first!.id}`, { method: 'DELETE', headers }),
      ];
      for (const res of calls) {
        assert.equal(res.status, 409, `${key}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'REFERENCE_DATA_IN_CORE');
        assert.equal(res.body.message, keptByCore(label));
      }
    }
    assert.deepEqual((await server.json('/api/public/outlets')).body, outletsBefore, 'the public side still shows the core’s outlets');
    const article = await server.json('/api/staff/content/articles', {
      method: 'POST',
      headers,
      json: { column: 'notices', title: '通知', bodyHtml: '<p>正文</p>' },
    });
    assert.equal(article.status, 201, JSON.stringify(article.body));
    assert.equal((await server.json('/api/staff/content/articles', { headers })).body.readOnly, null, 'the product’s own content is edited here');
  });
});
