/**
 * E4 / K2: electronic certificates as PDF, issued to demo members logged in over HTTP, parsed back with pdf-parse,
 * verified through the public route by anyone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import { CENTER_NAME } from '../src/core/builtin/seed/reference.js';
import { DEMO_LOGIN_PASSWORD } from '../src/identity/index.js';
import { formatYuan } from '../src/shared/money.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets, testCipher } from './helpers/database.js';

const LU_QINGYI = '530123199907242329'; // 000's member: an active 等额本金 loan
const ZHANG_JIAN = '530702198005120177'; // 004's member: the 300,000 loan 201505000000, settled
const LU_TIANPENG = '530722199002180510';
const PUBLIC_BASE = 'https://gjj.example.cn';
const CODE_SHAPE = /^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/;

const yuan = (fen: number) => `${formatYuan(fen, { grouping: true })} 元`;
const chineseDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

for (const target of targets()) {
  describe(`certificates on ${target}`, () => {
    let server: TestServer;
    let core: BuiltinCore;
    const tokens = new Map<string, string>();

    const login = async (idNumber: string) => {
      if (!tokens.has(idNumber)) {
        const res = await server.json<{ token: string }>('/api/auth/login', { method: 'POST', json: { account: idNumber, password: DEMO_LOGIN_PASSWORD } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        tokens.set(idNumber, res.body.token);
      }
      return { authorization: `Bearer ${tokens.get(idNumber)}` };
    };
    const issue = async (idNumber: string, body: Record<string, unknown>) =>
      server.json('/api/me/certificates', { method: 'POST', json: body, headers: await login(idNumber) });
    const download = async (idNumber: string | null, url: string) => fetch(server.url + url, { headers: idNumber ? await login(idNumber) : {} });
    const memberId = async (idNumber: string) => (await core.findMemberByIdNumber(idNumber))!.id;

    before(async () => {
      server = await startTestServer(target, { seeded: true, env: { PUBLIC_BASE_URL: PUBLIC_BASE } });
      core = new BuiltinCore(server.database, testCipher());
    });
    after(async () => server?.close());

    test('issues a deposit certificate whose PDF states the member’s figures from the core in Chinese', async () => {
      const id = await memberId(LU_QINGYI);
      const [member, account] = [await core.getMember(id), await core.getFundAccount(id)];
      const res = await issue(LU_QINGYI, { kind: 'deposit' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const { code, downloadUrl, verifyUrl, pdfSha256, pdfSizeBytes } = res.body;
      assert.match(code, CODE_SHAPE);
      assert.equal(downloadUrl, `/api/me/certificates/${code}/pdf`);
      assert.equal(verifyUrl, `${PUBLIC_BASE}/api/public/certificates/${code}`);

      const pdf = await download(LU_QINGYI, downloadUrl);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.match(pdf.headers.get('content-disposition') ?? '', /filename\*=UTF-8''.+\.pdf/);
      const bytes = Buffer.from(await pdf.arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      // Rendered again from the stored facts, the download is byte for byte the PDF issued.
      assert.equal(bytes.length, pdfSizeBytes);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), pdfSha256);

      const text = await pdfText(bytes);
      for (const expected of [
        CENTER_NAME,
        '住房公积金缴存证明',
        '卢青怡',
        '530123********2329',
        account!.accountNo,
        member!.employer!.name,
        `开户日期 ${chineseDate(account!.openedOn)}`,
        '账户状态 正常',
        `缴存基数 ${yuan(account!.depositBaseFen)}`,
        `单位 ${account!.unitRatioPercent}%，个人 ${account!.personalRatioPercent}%`,
        `${yuan(account!.monthlyTotalFen)}（单位 ${yuan(account!.unitMonthlyFen)}，个人 ${yuan(account!.personalMonthlyFen)}）`,
        `缴至年月 ${account!.paidUpTo!.slice(0, 4)}年${Number(account!.paidUpTo!.slice(4))}月`,
        `账户余额 ${yuan(account!.balanceFen)}`,
        `出具日期：${chineseDate(server.clock.today())}`,
        '特此证明',
        `验证码：${code}`,
        verifyUrl,
      ])
        assert.ok(text.includes(expected), `the PDF states “${expected}”:\n${text}`);
      assert.ok(!text.includes(LU_QINGYI), 'the whole ID number is never printed');
    });

    test('embeds the CJK font as small subsets of the chunks the text uses', async () => {
      const res = await issue(LU_QINGYI, { kind: 'deposit' });
      const bytes = Buffer.from(await (await download(LU_QINGYI, res.body.downloadUrl)).arrayBuffer());
      const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('noto-sans-sc/package.json')), 'noto_sans_sc_regular');
      const chunksTotal = readdirSync(dir)
        .filter((f) => f.endsWith('.woff2'))
        .reduce((s, f) => s + statSync(path.join(dir, f)).size, 0);
      assert.ok(bytes.length < 80_000, `PDF is ${bytes.length} bytes`);
      assert.ok(bytes.length < chunksTotal / 20, `PDF ${bytes.length} bytes vs ${chunksTotal} bytes of font chunks`);

      const doc = await PDFDocument.load(bytes);
      const fonts = [...doc.context.enumerateIndirectObjects()]
        .map(([, o]) => o)
        .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type'))?.toString() === '/FontDescriptor');
      assert.ok(fonts.length >= 5, 'several chunks are embedded, one font each');
      for (const descriptor of fonts) {
        assert.match(descriptor.get(PDFName.of('FontName'))!.toString(), /^\/[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/, 'a subset tag names each font');
        const file = descriptor.context.lookup(descriptor.get(PDFName.of('FontFile2')));
        assert.ok(file instanceof PDFRawStream && file.contents.length < 12_000, 'each embedded font program holds only the glyphs drawn');
      }
    });

    test('the QR code on the PDF opens the verification page, which a person reads in Chinese', async () => {
      const issued = await issue(LU_QINGYI, { kind: 'deposit' });
      const bytes = Buffer.from(await (await download(LU_QINGYI, issued.body.downloadUrl)).arrayBuffer());
      // The page as a phone's camera sees it: rendered to pixels, the QR code decoded from them.
      const parser = new PDFParse({ data: new Uint8Array(bytes) });
      const shot = await parser.getScreenshot({ scale: 2, imageBuffer: true, imageDataUrl: false }).finally(() => parser.destroy());
      const png = PNG.sync.read(Buffer.from(shot.pages[0]!.data));
      const qr = (jsQR as unknown as { default: typeof jsQR.default }).default(
        new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
        png.width,
        png.height,
      );
      assert.equal(qr?.data, issued.body.verifyUrl, 'the QR code holds the printed verification URL');

      const asBrowser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
      const pageRes = await fetch(`${server.url}${new URL(qr!.data).pathname}`, { headers: asBrowser });
      assert.equal(pageRes.status, 200);
      assert.match(pageRes.headers.get('content-type') ?? '', /^text\/html/);
      const csp = pageRes.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.doesNotMatch(csp, /script-src/, 'no script may run on it');
      const html = await pageRes.text();
      for (const shown of ['凭证真实有效', '住房公积金缴存证明', CENTER_NAME, '卢*怡', '530123********2329', issued.body.code])
        assert.ok(html.includes(shown), shown);
      assert.ok(!html.includes('卢青怡') && !html.includes(LU_QINGYI), 'personal data masked');
      assert.doesNotMatch(html, /\d{4}-\d{2}-\d{2}T\d{2}:/, 'no ISO times for a person to read');

      const unknown = await fetch(`${server.url}/api/public/certificates/AAAA-BBBB-CCCC-DDDD`, { headers: asBrowser });
      assert.equal(unknown.status, 404);
      const unknownHtml = await unknown.text();
      assert.ok(unknownHtml.includes('未能核验该凭证') && unknownHtml.includes('未找到与该验证码对应的电子凭证'));
      // API clients still get JSON from the same address.
      const api = await server.json(`/api/public/certificates/${issued.body.code}`, { headers: { accept: 'application/json' } });
      assert.equal(api.body.genuine, true);
    });

    test('anyone verifies a certificate by its code and sees what it states, personal data masked', async () => {
      const id = await memberId(LU_QINGYI);
      const account = (await core.getFundAccount(id))!;
      const issued = await issue(LU_QINGYI, { kind: 'deposit' });
      const { code, pdfSha256 } = issued.body;
      const res = await server.json(`/api/public/certificates/${code}`);
      assert.equal(res.status, 200);
      const v = res.body;
      assert.equal(v.genuine, true);
      assert.equal(v.code, code);
      assert.equal(v.kind, 'deposit');
      assert.equal(v.title, '住房公积金缴存证明');
      assert.equal(v.centerName, CENTER_NAME);
      assert.equal(v.issuedOn, server.clock.today());
      assert.equal(v.pdfSha256, pdfSha256);
      assert.deepEqual(v.holder, { nameMasked: '卢*怡', idNumberMasked: '530123********2329' });
      const item = (label: string) => v.items.find((i: { label: string }) => i.label === label)?.value;
      assert.equal(item('姓名'), '卢*怡');
      assert.equal(item('账户余额'), yuan(account.balanceFen));
      assert.equal(item('个人账号'), `${'*'.repeat(Math.min(account.accountNo.length - 4, 12))}${account.accountNo.slice(-4)}`);
      const json = JSON.stringify(v);
      for (const secret of [LU_QINGYI, '卢青怡', account.accountNo]) assert.ok(!json.includes(secret), `${secret} is not shown publicly`);

      // Typed back by hand: lower case, without the dashes.
      const typed = await server.json(`/api/public/certificates/${code.replaceAll('-', '').toLowerCase()}`);
      assert.equal(typed.status, 200);
      assert.equal(typed.body.code, code);

      for (const unknown of ['2222-2222-2222-2222', 'not-a-code', code.slice(0, -1) + (code.endsWith('Z') ? 'Y' : 'Z')]) {
        const miss = await server.json(`/api/public/certificates/${encodeURIComponent(unknown)}`);
        assert.equal(miss.status, 404);
        assert.equal(miss.body.code, 'CERTIFICATE_NOT_FOUND');
        assert.match(miss.body.message, /未找到/);
      }
    });

    test('a member can neither download nor list another member’s certificate', async () => {
      const mine = await issue(LU_QINGYI, { kind: 'deposit' });
      const theirs = await download(ZHANG_JIAN, mine.body.downloadUrl);
      assert.equal(theirs.status, 404);
      assert.equal(((await theirs.json()) as { code: string }).code, 'CERTIFICATE_NOT_FOUND');
      assert.equal((await download(null, mine.body.downloadUrl)).status, 401);
      const list = await server.json('/api/me/certificates?pageSize=50', { headers: await login(ZHANG_JIAN) });
      assert.equal(list.status, 200);
      assert.ok(!list.body.items.some((c: { code: string }) => c.code === mine.body.code));
    });

    test('lists the member’s own certificates, newest first, with paging', async () => {
      const fresh = await issue(LU_QINGYI, { kind: 'deposit' });
      const list = await server.json('/api/me/certificates?page=1&pageSize=2', { headers: await login(LU_QINGYI) });
      assert.equal(list.status, 200);
      assert.equal(list.body.items[0].code, fresh.body.code);
      assert.equal(list.body.items.length, 2);
      assert.ok(list.body.total >= 4);
      assert.deepEqual(Object.keys(list.body.items[0]).sort(), Object.keys(fresh.body).sort());
      const bad = await server.json('/api/me/certificates?pageSize=500', { headers: await login(LU_QINGYI) });
      assert.equal(bad.status, 400);
    });

    test('refuses a loan settlement certificate for a loan not yet settled', async () => {
      const res = await issue(LU_QINGYI, { kind: 'loan-settlement' });
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'LOAN_NOT_SETTLED');
      assert.match(res.body.message, /尚未结清/);
      const [loan] = await core.listLoans(await memberId(LU_QINGYI));
      const named = await issue(LU_QINGYI, { kind: 'loan-settlement', contractNo: loan!.contractNo });
      assert.equal(named.status, 409);
      assert.equal(named.body.code, 'LOAN_NOT_SETTLED');
      const notHers = await issue(LU_QINGYI, { kind: 'loan-settlement', contractNo: '201505000000' });
      assert.equal(notHers.status, 404);
      assert.equal(notHers.body.code, 'LOAN_NOT_FOUND');
    });

    test('issues a loan settlement certificate for the member’s settled loan', async () => {
      const loan = (await core.listLoans(await memberId(ZHANG_JIAN))).find((l) => l.contractNo === '201505000000')!;
      assert.equal(loan.status, 'settled');
      const res = await issue(ZHANG_JIAN, { kind: 'loan-settlement' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const text = await pdfText(Buffer.from(await (await download(ZHANG_JIAN, res.body.downloadUrl)).arrayBuffer()));
      for (const expected of [
        '住房公积金贷款结清证明',
        '张健',
        '530702********0177',
        '借款合同号 201505000000',
        '贷款金额 300,000.00 元',
        `发放日期 ${chineseDate(loan.issuedOn)}`,
        `结清日期 ${chineseDate(loan.settledOn!)}`,
        '已全部结清',
        '等额本息',
      ])
        assert.ok(text.includes(expected), `the PDF states “${expected}”:\n${text}`);
      const v = await server.json(`/api/public/certificates/${res.body.code}`);
      assert.equal(v.body.items.find((i: { label: string }) => i.label === '贷款状态').value, '已全部结清');
    });

    test('gives a transfer receipt only once a transfer-out posting is in the ledger', async () => {
      const refused = await issue(LU_TIANPENG, { kind: 'transfer-receipt' });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'NO_TRANSFER_OUT');
      assert.match(refused.body.message, /没有异地转移接续/);

      const id = await memberId(LU_TIANPENG);
      const balance = (await core.getFundAccount(id))!.balanceFen;
      const [posted] = await core.post([
        {
          memberId: id,
          postedOn: server.clock.today(),
          businessType: 'transfer_out',
          amountFen: -balance,
          summary: '异地转移转出（昆明市住房公积金管理中心）',
          reference: 'ZY202611260001',
        },
      ]);
      const res = await issue(LU_TIANPENG, { kind: 'transfer-receipt' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const text = await pdfText(Buffer.from(await (await download(LU_TIANPENG, res.body.downloadUrl)).arrayBuffer()));
      for (const expected of [
        '住房公积金异地转移接续回单',
        '卢天鹏',
        `转出金额 ${yuan(balance)}`,
        '昆明市住房公积金管理中心',
        '业务流水号 ZY202611260001',
        `转出日期 ${chineseDate(posted!.postedOn)}`,
        `转出后账户余额 ${yuan(0)}`,
      ])
        assert.ok(text.includes(expected), `the PDF states “${expected}”:\n${text}`);
    });

    test('rejects an unknown kind and keeps issued certificates unchangeable, with masked data only', async () => {
      const bad = await issue(LU_QINGYI, { kind: 'income' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'VALIDATION_FAILED');
      const rows = await server.database.query<{ facts: unknown; code: string }>('SELECT facts, code FROM certificates');
      assert.ok(rows.length > 0);
      for (const r of rows) assert.doesNotMatch(JSON.stringify(r.facts), /\d{17}[\dX]/, 'no whole ID number is stored');
      await assert.rejects(server.database.query(`UPDATE certificates SET pdf_size_bytes = 1 WHERE code = $1`, [rows[0]!.code]), /cannot be changed/);
      const audited = await server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'certificate.issue'`);
      assert.equal(audited[0]!.n, rows.length, 'each issue is in the audit trail');
    });

    test('documents the certificate routes in the OpenAPI document', async () => {
      const doc = await server.json('/api/openapi.json');
      assert.equal(doc.status, 200);
      for (const p of ['/api/me/certificates', '/api/me/certificates/{code}/pdf', '/api/public/certificates/{code}']) assert.ok(doc.body.paths[p], p);
      assert.ok(doc.body.paths['/api/me/certificates'].post.security);
      assert.equal(doc.body.paths['/api/public/certificates/{code}'].get.security, undefined);
    });
  });
}
