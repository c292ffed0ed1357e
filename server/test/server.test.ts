import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';

for (const target of targets()) {
  describe(`HTTP basics on ${target}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(target, { seeded: false });
    });
    after(() => server.close());

    test('GET /healthz answers ok while the database answers', async () => {
      const r = await server.json('/healthz');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { status: 'ok' });
    });

    test('every response carries a request id, and a sane incoming one is kept', async () => {
      const r = await server.json('/healthz', { headers: { 'x-request-id': 'req-from-gateway-123' } });
      assert.equal(r.headers.get('x-request-id'), 'req-from-gateway-123');
      const r2 = await server.json('/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
      assert.match(r2.headers.get('x-request-id')!, /^[0-9a-f-]{36}$/);
    });

    test('HEAD /console/ answers as GET does (load balancers and link checkers ask with HEAD)', async () => {
      const get = await fetch(`${server.url}/console/`);
      const head = await fetch(`${server.url}/console/`, { method: 'HEAD' });
      assert.notEqual(head.status, 404);
      assert.equal(head.status, get.status);
      assert.equal(head.headers.get('content-security-policy'), get.headers.get('content-security-policy'));
      assert.equal(await head.text(), '');
    });

    test('the OpenAPI document is generated from the zod schemas', async () => {
      const r = await server.json('/api/openapi.json');
      assert.equal(r.status, 200);
      assert.equal(r.body.openapi, '3.1.0');
      const calc = r.body.paths['/api/public/tools/loan-calculator'].post;
      assert.deepEqual(calc.requestBody.content['application/json'].schema.required.sort(), ['annualRatePercent', 'method', 'months', 'principalFen']);
      assert.ok(calc.responses['200'].content['application/json'].schema.properties.schedule);
    });

    test('errors are { code, message } in Chinese with the right status', async () => {
      const missing = await server.json('/api/nothing-here');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { code: 'NOT_FOUND', message: '请求的地址不存在' });

      const badJson = await server.json('/api/public/tools/loan-calculator', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"method":',
      });
      assert.equal(badJson.status, 400);
      assert.equal(badJson.body.code, 'INVALID_JSON');

      const invalid = await server.json('/api/public/tools/loan-calculator', {
        method: 'POST',
        json: { method: 'equal-installment', principalFen: 25000000, months: 999, annualRatePercent: 3.25 },
      });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.body.code, 'VALIDATION_FAILED');
      assert.match(invalid.body.message, /months/);
      assert.match(invalid.body.message, /[\u4e00-\u9fa5]/, 'the message is Chinese');

      const huge = await server.json('/api/public/tools/loan-calculator', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"pad":"${'x'.repeat(200_000)}"}`,
      });
      assert.equal(huge.status, 413);
      assert.equal(huge.body.code, 'PAYLOAD_TOO_LARGE');

      const wrongType = await server.json('/api/public/tools/loan-calculator', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
      assert.equal(wrongType.status, 415);
    });

    test('the calculator answers with the manual’s first months (003 5.1.2)', async () => {
      const r = await server.json('/api/public/tools/loan-calculator', {
        method: 'POST',
        json: { method: 'equal-installment', principalFen: 25000000, months: 360, annualRatePercent: 3.25 },
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.schedule.length, 360);
      // 003 prints 月供本金 410.93, 月供利息 677.08, 贷款余额 390,597.67 (no per-row 月供 column); 每月月供参考 is the
      // full-precision payment 1,088.0158 rounded, 1,088.02, while the row's own 月供 is what it shows added up.
      assert.deepEqual(r.body.schedule[0], {
        period: 1,
        principalFen: 41093,
        interestFen: 67708,
        paymentFen: 108801,
        principalBalanceFen: 24958907,
        remainingFen: 39059767,
      });
      assert.equal(r.body.monthlyPaymentFen, 108802);
      assert.equal(r.body.schedule[1].remainingFen, 38950966);
      assert.equal(Math.round(r.body.totalPaymentFen / 10_000), 3917, '39.17万');
      assert.equal(Math.round(r.body.totalInterestFen / 10_000), 1417, '14.17万');
    });

    test('no log line holds a whole ID number or phone number', async () => {
      await server.json('/api/public/tools/loan-calculator?idNumber=530123199907242329&phone=13999991111', { method: 'POST', json: { method: 'x' } });
      const all = server.logLines.join('\n');
      assert.ok(server.logLines.length > 3);
      assert.doesNotMatch(all, /530123199907242329/);
      assert.doesNotMatch(all, /13999991111/);
    });

    test('healthz says 503 when the database does not answer', async () => {
      await server.database.close();
      const r = await server.json('/healthz');
      assert.equal(r.status, 503);
      assert.equal(r.body.code, 'DATABASE_UNAVAILABLE');
    });
  });
}
