/** 政策业务 public side over HTTP (F1–F7): articles by column, housing projects, forms. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';

/** The entries of a ZIP file (stored or deflated), read from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a ZIP end-of-central-directory record');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLen + extra;
  }
  return out;
}

const MANUAL_PROJECTS = [
  // 000 三(四) 签约楼盘, as printed
  ['云湖家园一期', '丽江市古城区祥和街道祥云社区现云村', '丽江恒瑞天祥房地产开发有限公司', '曾琳', '0888-8888399'],
  ['慧苑小区', '丽江市古城区祥和街道办事处祥云居委会庆东居民小组', '丽江玉缘房地产开发有限公司', '王书林', '08885172888'],
  ['瑞景苑二期', '玉龙县白华居委会加乐片区', '丽江瑞雪房地产开发有限公司', '刘冬梅', '5158300'],
  ['观海苑住宅小区', '文笔海东南侧（《控规》3号地块南侧）', '丽江华荣房地产开发有限公司', '唐继云', '0888-5377666'],
  ['德源领域', '宁蒗泸沽湖大道中段朝阳路与北渠路交汇处', '宁蒗德源房地产开发有限公司', '刘玉权', '0888-5810888'],
  ['保利家园一期', '丽江市古城区祥和街道祥云（八河村10-14、10-15号地块）', '丽江保利新联房地产开发有限公司', '季利红', '0888-5159977'],
];

for (const target of targets()) {
  describe(`政策业务 (F1–F7) over HTTP on ${target}`, () => {
    let server: TestServer;
    let hidden: { draft: number; withdrawn: number };
    before(async () => {
      server = await startTestServer(target, { seeded: true });
      const rows = await server.database.query<{ id: number; status: string }>(`SELECT id, status FROM articles WHERE status <> 'published' ORDER BY id`);
      hidden = { draft: rows.find((r) => r.status === 'draft')!.id, withdrawn: rows.find((r) => r.status === 'hidden')!.id };
    });
    after(() => server.close());
    const get = (p: string) => server.json(p);

    test('the five columns of 000 二, in order, with published counts', async () => {
      const r = await get('/api/public/articles/columns');
      assert.equal(r.status, 200);
      assert.deepEqual(
        r.body.items.map((c: any) => c.name),
        ['新闻公告', '机构介绍', '政策法规', '业务指南', '政务公开'],
      );
      assert.deepEqual(
        r.body.items.map((c: any) => c.key),
        ['notices', 'introduction', 'policies', 'guides', 'disclosure'],
      );
      const [published] = await server.database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM articles WHERE column_key = 'notices' AND status = 'published'`,
      );
      assert.equal(r.body.items[0].articleCount, published!.n);
      assert.ok(r.body.items.every((c: any) => c.articleCount > 0 && c.description));
    });

    test('an article list is paged newest first with every field, per column', async () => {
      const all = await get('/api/public/articles?pageSize=50');
      assert.equal(all.status, 200);
      const { items, total, page, pageSize } = all.body;
      assert.deepEqual([page, pageSize, items.length], [1, 50, total]);
      const times = items.map((a: any) => Date.parse(a.publishedAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        'newest first',
      );
      for (const a of items) {
        assert.deepEqual(Object.keys(a).sort(), ['column', 'columnName', 'id', 'publishedAt', 'source', 'summary', 'title', 'viewCount']);
        assert.match(a.publishedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
        assert.ok(a.summary.length > 0);
      }
      const rate = items.find((a: any) => a.title === '关于下调个人住房公积金贷款利率的公告');
      assert.equal(rate.publishedAt, '2025-05-07T18:00:00+08:00', 'Asia/Shanghai wall time');

      const first = await get('/api/public/articles');
      assert.deepEqual([first.body.page, first.body.pageSize, first.body.items.length, first.body.total], [1, 10, 10, total]);
      const second = await get('/api/public/articles?page=2&pageSize=10');
      assert.deepEqual(
        second.body.items.map((a: any) => a.id),
        items.slice(10, 20).map((a: any) => a.id),
      );
      const past = await get(`/api/public/articles?page=${Math.ceil(total / 10) + 1}`);
      assert.deepEqual([past.status, past.body.items, past.body.total], [200, [], total], 'past the end: empty, not an error');

      const guides = await get('/api/public/articles?column=guides&pageSize=50');
      assert.ok(guides.body.items.length >= 5);
      assert.ok(guides.body.items.every((a: any) => a.column === 'guides' && a.columnName === '业务指南'));
      assert.equal(guides.body.total, guides.body.items.length);
    });

    test('paging bounds: page ≥ 1, pageSize 1–50, numbers only, else 400 VALIDATION_FAILED', async () => {
      for (const q of ['page=0', 'page=-1', 'pageSize=0', 'pageSize=51', 'page=abc', 'pageSize=1.5', 'page=', 'column=news']) {
        const r = await get(`/api/public/articles?${q}`);
        assert.equal(r.status, 400, q);
        assert.equal(r.body.code, 'VALIDATION_FAILED', q);
        assert.match(r.body.message, /[\u4e00-\u9fa5]/);
      }
      for (const p of ['/api/public/housing-projects', '/api/public/forms', '/api/public/faqs', '/api/public/community-questions', '/api/public/outlets']) {
        assert.equal((await get(`${p}?pageSize=51`)).status, 400, p);
        assert.equal((await get(`${p}?page=0`)).status, 400, p);
        const ok = await get(`${p}?pageSize=50`);
        assert.equal(ok.status, 200, p);
        assert.deepEqual(Object.keys(ok.body).sort(), ['items', 'page', 'pageSize', 'total'], p);
      }
      assert.equal((await get('/api/public/articles?pageSize=1')).body.items.length, 1);
    });

    test('search finds words in the title or the body; every word must appear; title hits first', async () => {
      const base = await get('/api/public/articles?q=缴存基数');
      assert.equal(base.body.items[0].title, '关于2026年度住房公积金缴存基数调整的通知');
      const bodyOnly = await get(`/api/public/articles?q=${encodeURIComponent('低保人员')}&pageSize=50`);
      assert.ok(
        bodyOnly.body.items.some((a: any) => a.title === '丽江市住房公积金提取管理办法'),
        'a word only in the body',
      );
      const both = await get(`/api/public/articles?q=${encodeURIComponent('第二套 3.075%')}`);
      assert.deepEqual(
        both.body.items.map((a: any) => a.title),
        ['关于下调个人住房公积金贷款利率的公告'],
      );
      const extract = await get('/api/public/articles?q=提取&pageSize=50');
      const firstBodyOnly = extract.body.items.findIndex((a: any) => !a.title.includes('提取'));
      assert.ok(firstBodyOnly > 0 && extract.body.items.slice(firstBodyOnly).every((a: any) => !a.title.includes('提取')), 'title hits before body hits');
      assert.equal(
        (await get('/api/public/articles?q=提取&column=policies')).body.items.every((a: any) => a.column === 'policies'),
        true,
      );
      assert.equal((await get(`/api/public/articles?q=${encodeURIComponent('%%%')}`)).body.total, 0, 'wildcards are literal');
      assert.equal((await get(`/api/public/articles?q=${encodeURIComponent('天气预报')}`)).body.total, 0);
    });

    test('the article shows its sanitized body and counts each view', async () => {
      const list = await get('/api/public/articles?q=住房公积金管理条例');
      const id = list.body.items[0].id;
      const a = await get(`/api/public/articles/${id}`);
      assert.equal(a.status, 200);
      assert.equal(a.body.title, '住房公积金管理条例（2019年修订）');
      assert.equal(a.body.column, 'policies');
      assert.match(a.body.bodyHtml, /^<p>/);
      assert.match(a.body.bodyHtml, /<li>离休、退休的；<\/li>/);
      assert.match(a.body.bodyText, /第二十四条\n/);
      const b = await get(`/api/public/articles/${id}`);
      assert.equal(b.body.viewCount, a.body.viewCount + 1);
      const all = await server.database.query<{ body_html: string }>(`SELECT body_html FROM articles`);
      for (const { body_html } of all) assert.doesNotMatch(body_html, /<[a-z0-9]+\s|<script|javascript:|on\w+=/i, 'no attribute, no script');
    });

    test('a missing, draft, withdrawn or not-yet-due article is a 404 with { code, message } and never listed', async () => {
      const future = (
        await server.database.query<{ id: number }>(
          `INSERT INTO articles (column_key, title, body_html, body_text, status, published_at) VALUES ('notices', '明日发布的公告', '<p>x</p>', 'x', 'published', now() + interval '1 day') RETURNING id`,
        )
      )[0]!.id;
      const viewsOf = async (id: number) =>
        (await server.database.query<{ view_count: number }>(`SELECT view_count FROM articles WHERE id = $1`, [id]))[0]!.view_count;
      const draftViews = await viewsOf(hidden.draft);
      for (const id of [999999, hidden.draft, hidden.withdrawn, future]) {
        const r = await get(`/api/public/articles/${id}`);
        assert.equal(r.status, 404, String(id));
        assert.deepEqual(r.body, { code: 'ARTICLE_NOT_FOUND', message: '该文章不存在或已下线' });
      }
      const titles = (await get('/api/public/articles?pageSize=50')).body.items.map((a: any) => a.title);
      for (const t of ['明日发布的公告', '关于调整住房公积金贷款最高额度的通知（征求意见稿）', '关于系统升级暂停线上业务的通知（已撤回）']) {
        assert.ok(!titles.includes(t), t);
        assert.equal((await get(`/api/public/articles?q=${encodeURIComponent(t)}`)).body.total, 0, t);
      }
      assert.equal(await viewsOf(hidden.draft), draftViews, 'a refused view is not counted');
      assert.equal((await get('/api/public/articles/abc')).body.code, 'VALIDATION_FAILED');
      await server.database.query(`DELETE FROM articles WHERE id = $1`, [future]);
    });

    test('the six housing projects of 000 三(四), searchable by name', async () => {
      const all = await get('/api/public/housing-projects');
      assert.equal(all.status, 200);
      assert.equal(all.body.total, 6);
      assert.deepEqual(
        all.body.items.map((p: any) => [p.name, p.location, p.developer, p.contact, p.phone]),
        MANUAL_PROJECTS,
      );
      const names = async (name: string) => (await get(`/api/public/housing-projects?name=${encodeURIComponent(name)}`)).body.items.map((p: any) => p.name);
      assert.deepEqual(await names('家园'), ['云湖家园一期', '保利家园一期']);
      assert.deepEqual(await names('苑'), ['慧苑小区', '瑞景苑二期', '观海苑住宅小区']);
      assert.deepEqual(await names('德源领域'), ['德源领域']);
      assert.deepEqual(await names(' 一期 '), ['云湖家园一期', '保利家园一期']);
      assert.deepEqual(await names('万达'), []);
      assert.deepEqual(await names('%'), [], 'a wildcard is a literal character');
      const paged = await get('/api/public/housing-projects?page=3&pageSize=2');
      assert.deepEqual([paged.body.total, paged.body.items.map((p: any) => p.name)], [6, ['德源领域', '保利家园一期']]);
    });

    test('forms are listed with their file facts and download as real .docx files with a UTF-8 file name', async () => {
      const list = await get('/api/public/forms');
      assert.equal(list.status, 200);
      assert.ok(list.body.total >= 5);
      const form = list.body.items.find((f: any) => f.code === 'prepayment-application');
      assert.equal(form.title, '提前偿还住房公积金个人贷款申请表');
      assert.equal(form.fileName, '提前偿还住房公积金个人贷款申请表.docx');
      assert.equal(form.contentType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      assert.equal(form.downloadUrl, `/api/public/forms/${form.id}/download`);
      assert.deepEqual(
        (await get('/api/public/forms?category=贷款')).body.items.map((f: any) => f.category),
        ['贷款', '贷款', '贷款'],
      );

      const res = await fetch(server.url + form.downloadUrl);
      assert.equal(res.status, 200);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(res.headers.get('content-type'), form.contentType);
      assert.equal(res.headers.get('content-length'), String(form.sizeBytes));
      assert.equal(bytes.length, form.sizeBytes);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), form.sha256);
      assert.equal(res.headers.get('etag'), `"${form.sha256}"`);
      const disposition = res.headers.get('content-disposition')!;
      assert.match(disposition, /^attachment; filename="prepayment-application\.docx"; filename\*=UTF-8''/);
      assert.equal(decodeURIComponent(disposition.split("UTF-8''")[1]!), '提前偿还住房公积金个人贷款申请表.docx');

      assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04');
      const parts = unzip(bytes);
      assert.ok(parts.has('[Content_Types].xml') && parts.has('_rels/.rels'));
      const doc = parts.get('word/document.xml')!.toString('utf8');
      const text = [...doc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
      for (const label of [
        '提前偿还住房公积金个人贷款申请表',
        '申请人姓名',
        '身份证号码',
        '借款余额（元）',
        '提前还款金额（元）',
        '期限不变，重新计算月还金额',
      ]) {
        assert.ok(text.includes(label), label);
      }
      const again = await fetch(server.url + form.downloadUrl);
      assert.ok(Buffer.from(await again.arrayBuffer()).equals(bytes), 'the same bytes every time');
      const after = (await get('/api/public/forms')).body.items.find((f: any) => f.id === form.id);
      assert.equal(after.downloadCount, form.downloadCount + 2);
    });

    test('a form uploaded under DATA_DIR downloads as stored; hidden and missing ones do not', async () => {
      const dir = path.join(server.config.DATA_DIR, 'forms');
      mkdirSync(dir, { recursive: true });
      const pdf = Buffer.from('%PDF-1.4\n% 住房公积金缴存证明申请\n%%EOF\n', 'utf8');
      writeFileSync(path.join(dir, 'deposit-cert-2026.pdf'), pdf);
      const sha = createHash('sha256').update(pdf).digest('hex');
      const insert = async (code: string, key: string, status: string) =>
        (
          await server.database.query<{ id: number }>(
            `INSERT INTO forms (code, title, category, file_name, content_type, size_bytes, sha256, storage, storage_key, status, published_at, sort)
         VALUES ($1, '缴存证明申请表', '缴存', '缴存证明申请表（2026版）.pdf', 'application/pdf', $2, $3, 'data_dir', $4, $5, now(), 999) RETURNING id`,
            [code, pdf.length, sha, key, status],
          )
        )[0]!.id;
      const id = await insert('deposit-cert', 'deposit-cert-2026.pdf', 'published');
      const res = await fetch(`${server.url}/api/public/forms/${id}/download`);
      assert.equal(res.status, 200);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(pdf));
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.equal(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1]!), '缴存证明申请表（2026版）.pdf');
      assert.match(res.headers.get('content-disposition')!, /filename="deposit-cert\.pdf"/);

      const hiddenId = await insert('deposit-cert-old', 'deposit-cert-2026.pdf', 'hidden');
      const h = await get(`/api/public/forms/${hiddenId}/download`);
      assert.deepEqual([h.status, h.body], [404, { code: 'FORM_NOT_FOUND', message: '该表格不存在或已下架' }]);
      assert.ok(!(await get('/api/public/forms?pageSize=50')).body.items.some((f: any) => f.id === hiddenId));
      const gone = await insert('deposit-cert-gone', 'not-uploaded.pdf', 'published');
      const g = await get(`/api/public/forms/${gone}/download`);
      assert.deepEqual([g.status, g.body.code], [503, 'FORM_FILE_MISSING']);
      assert.equal((await get('/api/public/forms/424242/download')).status, 404);
      await server.database.query(`DELETE FROM forms WHERE code LIKE 'deposit-cert%'`);
    });

    test('the OpenAPI document lists the public content routes', async () => {
      const r = await get('/api/openapi.json');
      for (const p of [
        '/api/public/articles',
        '/api/public/articles/{id}',
        '/api/public/articles/columns',
        '/api/public/housing-projects',
        '/api/public/forms',
        '/api/public/forms/{id}/download',
      ]) {
        assert.ok(r.body.paths[p]?.get, p);
      }
      const params = r.body.paths['/api/public/articles'].get.parameters.map((p: any) => p.name).sort();
      assert.deepEqual(params, ['column', 'page', 'pageSize', 'q']);
    });
  });
}
