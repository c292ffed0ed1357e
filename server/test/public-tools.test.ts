/** 便民工具 over HTTP: outlets by distance (G4), prepayment trial (G6), rate table (G7); the calculator (G5) keeps its shape. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { partialPrepayment } from '../src/shared/loan-math.js';
import { coreTitle, cores, startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
/** Great-circle distance by the spherical law of cosines: an independent check of the server's haversine. */
const metres = (a: [number, number], b: [number, number]) =>
  R * Math.acos(Math.min(1, Math.sin(rad(a[0])) * Math.sin(rad(b[0])) + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.cos(rad(b[1] - a[1]))));

const GUCHENG: [number, number] = [26.8721, 100.2354]; // 古城区管理部
const NINGLANG: [number, number] = [27.2817, 100.8524]; // 宁蒗县管理部

for (const target of targets())
  for (const core of cores(target)) {
    describe(`便民工具 (G4–G7) over HTTP on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(target, { seeded: true, core });
      });
      after(() => server.close());
      const get = (p: string) => server.json(p);
      const trial = (json: Record<string, unknown>) => server.json('/api/public/tools/prepayment-trial', { method: 'POST', json });

      test('outlets carry coordinates, hours, phone and business types; without a position, the center’s order', async () => {
        const r = await get('/api/public/outlets');
        assert.equal(r.status, 200);
        assert.equal(r.body.total, 6);
        const hall = r.body.items[0];
        assert.deepEqual(hall, {
          id: hall.id,
          name: '丽江市住房公积金管理中心（业务大厅）',
          address: '丽江市古城区长水路丽江市政务服务中心三楼',
          phone: '0888-5121234',
          hours: '周一至周五 上午9:00—12:00，下午14:30—17:30（国家法定节假日除外）',
          businessTypes: ['缴存', '提取', '贷款', '查询', '证明打印'],
          latitude: 26.8555,
          longitude: 100.2271,
          distanceMetres: null,
        });
        const ids = r.body.items.map((o: any) => o.id);
        assert.deepEqual(
          ids,
          [...ids].sort((a: number, b: number) => a - b),
        );
      });

      test('outlets sort by distance from the given point, in metres (haversine)', async () => {
        const near = await get(`/api/public/outlets?lat=${GUCHENG[0]}&lng=${GUCHENG[1]}`);
        assert.deepEqual(
          near.body.items.map((o: any) => o.name.replace(/（.*）/, '')),
          ['古城区管理部', '丽江市住房公积金管理中心', '玉龙县管理部', '永胜县管理部', '宁蒗县管理部', '华坪县管理部'],
        );
        assert.deepEqual(
          near.body.items.map((o: any) => o.distanceMetres),
          [0, 2021, 5583, 55254, 76198, 105865],
        );
        for (const o of near.body.items) assert.ok(Math.abs(o.distanceMetres - metres(GUCHENG, [o.latitude, o.longitude])) <= 1, o.name);
        const far = await get(`/api/public/outlets?lat=${NINGLANG[0]}&lng=${NINGLANG[1]}`);
        assert.deepEqual(
          far.body.items.map((o: any) => o.distanceMetres),
          [0, 67141, 76198, 77970, 79594, 83373],
        );
        assert.equal(far.body.items[0].name, '宁蒗县管理部');
        const page2 = await get(`/api/public/outlets?lat=${GUCHENG[0]}&lng=${GUCHENG[1]}&page=2&pageSize=4`);
        assert.deepEqual(
          page2.body.items.map((o: any) => o.distanceMetres),
          [76198, 105865],
          'paging follows the distance order',
        );
      });

      test('outlets filter by business type; the filter’s choices are listed', async () => {
        const types = await get('/api/public/outlets/business-types');
        assert.deepEqual(types.body.items, ['缴存', '提取', '贷款', '查询', '证明打印']);
        const loans = await get(`/api/public/outlets?businessType=${encodeURIComponent('贷款')}&lat=${NINGLANG[0]}&lng=${NINGLANG[1]}`);
        assert.deepEqual(
          loans.body.items.map((o: any) => o.name),
          ['永胜县管理部', '古城区管理部', '丽江市住房公积金管理中心（业务大厅）', '玉龙县管理部'],
        );
        assert.equal(loans.body.total, 4);
        assert.deepEqual((await get(`/api/public/outlets?businessType=${encodeURIComponent('证明打印')}`)).body.total, 2);
        assert.deepEqual((await get(`/api/public/outlets?businessType=${encodeURIComponent('公证')}`)).body, { items: [], total: 0, page: 1, pageSize: 10 });
      });

      test('a position needs both lat and lng within range', async () => {
        for (const q of ['lat=26.87', 'lng=100.2', 'lat=91&lng=100', 'lat=26&lng=181', 'lat=abc&lng=100']) {
          const r = await get(`/api/public/outlets?${q}`);
          assert.deepEqual([r.status, r.body.code], [400, 'VALIDATION_FAILED'], q);
        }
        assert.equal((await get('/api/public/outlets?lat=&lng=')).status, 200, 'empty values mean no position');
      });

      test('an outlet’s details (003 5.1.1 详情), with the distance when a position is given', async () => {
        const list = await get('/api/public/outlets');
        const ninglang = list.body.items.find((o: any) => o.name === '宁蒗县管理部');
        const d = await get(`/api/public/outlets/${ninglang.id}?lat=${GUCHENG[0]}&lng=${GUCHENG[1]}`);
        assert.deepEqual(d.body, { ...ninglang, distanceMetres: 76198 });
        const missing = await get('/api/public/outlets/9999');
        assert.deepEqual([missing.status, missing.body], [404, { code: 'OUTLET_NOT_FOUND', message: '该服务网点不存在' }]);
      });

      test('prepayment trial, hand-computed: 等额本金 120,000 over 120 months at 3 %, 60,000 prepaid', async () => {
        const loan = {
          method: 'equal-principal',
          remainingPrincipalFen: 120_000_00,
          remainingMonths: 120,
          annualRatePercent: 3,
          prepayFen: 60_000_00,
          nextDueDate: '2026-12-20',
        };
        // Before: 1,000 principal a month, interest 120,000 × 0.25 % × (120 + 1) / 2 = 18,150.00 in all; the first month pays 1,300.00.
        const keepTerm = await trial({ ...loan, mode: 'keep-term' });
        assert.equal(keepTerm.status, 200);
        assert.deepEqual(
          [
            keepTerm.body.currentMonthlyPaymentFen,
            keepTerm.body.newMonthlyPaymentFen,
            keepTerm.body.newMonths,
            keepTerm.body.monthsReduced,
            keepTerm.body.interestSavedFen,
          ],
          [1_300_00, 650_00, 120, 0, 9_075_00], // 500 + 60,000 × 0.25 %; interest halves to 9,075.00
        );
        assert.deepEqual([keepTerm.body.totalInterestBeforeFen, keepTerm.body.totalInterestAfterFen], [18_150_00, 9_075_00]);
        const keepPayment = await trial({ ...loan, mode: 'keep-payment' });
        // 1,000 a month keeps going: 60 months, interest 2.5 × (60 + 59 + … + 1) = 4,575.00, saving 13,575.00.
        assert.deepEqual(
          [
            keepPayment.body.newMonthlyPaymentFen,
            keepPayment.body.newMonths,
            keepPayment.body.monthsReduced,
            keepPayment.body.interestSavedFen,
            keepPayment.body.totalInterestAfterFen,
          ],
          [1_150_00, 60, 60, 13_575_00, 4_575_00],
        );
        assert.equal(keepPayment.body.newMaturityOn, '2031-11-20');
        assert.equal(keepPayment.body.schedule.length, 60);
        assert.deepEqual(keepPayment.body.schedule.at(-1), {
          period: 60,
          dueDate: '2031-11-20',
          principalFen: 1_000_00,
          interestFen: 2_50,
          paymentFen: 1_002_50,
          balanceAfterFen: 0,
        });
      });

      test('prepayment trial equals shared/loan-math.ts partialPrepayment for 等额本息, both modes', async () => {
        const input = {
          method: 'equal-installment' as const,
          remainingPrincipalFen: 200_000_00,
          remainingMonths: 240,
          annualRatePercent: 3.25,
          prepayFen: 50_000_00,
          nextDueDate: '2026-12-20',
        };
        for (const mode of ['keep-term', 'keep-payment'] as const) {
          const expected = partialPrepayment({ ...input, mode });
          const r = await trial({ ...input, mode });
          assert.equal(r.status, 200, mode);
          assert.deepEqual(
            [r.body.newPrincipalFen, r.body.newMonths, r.body.newMonthlyPaymentFen, r.body.interestSavedFen, r.body.schedule],
            [expected.newPrincipalFen, expected.newMonths, expected.newMonthlyPaymentFen, expected.interestSavedFen, expected.schedule],
            mode,
          );
        }
        const keepTerm = await trial({ ...input, mode: 'keep-term' });
        assert.deepEqual([keepTerm.body.currentMonthlyPaymentFen, keepTerm.body.newMonthlyPaymentFen], [1_134_39, 850_79]);
        const keepPayment = await trial({ ...input, mode: 'keep-payment' });
        assert.deepEqual([keepPayment.body.newMonthlyPaymentFen, keepPayment.body.newMonths, keepPayment.body.monthsReduced], [1_134_39, 164, 76]);
        assert.ok(keepPayment.body.interestSavedFen > keepTerm.body.interestSavedFen, '月供不变 saves more interest');
      });

      test('003 6.3.1: on the repayment day 提前归还利息 is 0.00 and the bank debits the 10,000.00; later days add the accrued interest', async () => {
        const loan = {
          method: 'equal-installment',
          remainingPrincipalFen: 146_271_00,
          remainingMonths: 156,
          annualRatePercent: 3.25,
          prepayFen: 10_000_00,
          mode: 'keep-term',
          nextDueDate: '2026-12-20',
        };
        const onDueDay = await trial(loan);
        assert.deepEqual(
          [
            onDueDay.body.prepayOn,
            onDueDay.body.prepayPrincipalFen,
            onDueDay.body.prepayInterestFen,
            onDueDay.body.bankDebitFen,
            onDueDay.body.newPrincipalFen,
          ],
          ['2026-11-20', 10_000_00, 0, 10_000_00, 136_271_00],
        );
        // 期限不变: the payment falls in proportion to the principal (the manual: 1,239.59 × 136,271 / 146,271 → 1,154.84).
        const scaled = (onDueDay.body.currentMonthlyPaymentFen * 136_271) / 146_271;
        assert.ok(Math.abs(onDueDay.body.newMonthlyPaymentFen - scaled) <= 1);
        // Ten days into the period: 10,000.00 × 3.25 % × 10 / 360 = 9.03.
        const later = await trial({ ...loan, prepayOn: '2026-11-30' });
        assert.deepEqual([later.body.prepayInterestFen, later.body.bankDebitFen], [9_03, 10_009_03]);
      });

      test('prepayment trial refuses what shared/loan-math.ts refuses, in Chinese, with a stable code', async () => {
        const ok = {
          method: 'equal-installment',
          remainingPrincipalFen: 100_000_00,
          remainingMonths: 120,
          annualRatePercent: 3.25,
          prepayFen: 10_000_00,
          mode: 'keep-term',
          nextDueDate: '2026-12-20',
        };
        const cases: [Record<string, unknown>, number, string][] = [
          [{ prepayFen: 100_000_00 }, 400, 'PREPAY_COVERS_BALANCE'],
          [{ remainingMonths: 361 }, 400, 'VALIDATION_FAILED'],
          [{ annualRatePercent: 0 }, 400, 'VALIDATION_FAILED'],
          [{ mode: 'shorter' }, 400, 'VALIDATION_FAILED'],
          [{ prepayFen: 10.5 }, 400, 'VALIDATION_FAILED'],
          [{ nextDueDate: '2026-02-30' }, 400, 'VALIDATION_FAILED'],
          [{ prepayOn: '2026-12-20' }, 400, 'PREPAY_DATE_OUT_OF_PERIOD'],
          [{ prepayOn: '2026-11-19' }, 400, 'PREPAY_DATE_OUT_OF_PERIOD'],
        ];
        for (const [change, status, code] of cases) {
          const r = await trial({ ...ok, ...change });
          assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(change));
          assert.match(r.body.message, /[\u4e00-\u9fa5]/);
        }
      });

      test('the rate table: current rates by kind, and every adjustment newest first', async () => {
        const r = await get('/api/public/tools/interest-rates?on=2026-11-26');
        assert.equal(r.status, 200);
        assert.deepEqual(
          r.body.current.map((c: any) => [c.kind, c.annualRatePercent, c.effectiveOn]),
          [
            ['deposit', 1.5, '2016-02-21'],
            ['loan_first_le5', 2.1, '2025-05-08'],
            ['loan_first_gt5', 2.6, '2025-05-08'],
            ['loan_second_le5', 2.525, '2025-05-08'],
            ['loan_second_gt5', 3.075, '2025-05-08'],
          ],
        );
        assert.equal(r.body.current[2].label, '首套个人住房公积金贷款（五年以上）');
        assert.deepEqual([r.body.current[1].minMonths, r.body.current[1].maxMonths, r.body.current[2].minMonths], [1, 60, 61]);
        assert.deepEqual(
          r.body.history.map((h: any) => h.effectiveOn),
          ['2025-05-08', '2024-05-18', '2022-10-01', '2016-02-21', '2015-08-26'],
        );
        const may2024 = r.body.history[1].rates;
        assert.deepEqual(
          may2024.map((x: any) => [x.kind, x.annualRatePercent, x.changed]),
          [
            ['deposit', 1.5, false],
            ['loan_first_le5', 2.35, true],
            ['loan_first_gt5', 2.85, true],
            ['loan_second_le5', 2.775, true],
            ['loan_second_gt5', 3.325, true],
          ],
        );
        const in2020 = await get('/api/public/tools/interest-rates?on=2020-01-01');
        assert.deepEqual(
          in2020.body.current.map((c: any) => [c.kind, c.annualRatePercent]),
          [
            ['deposit', 1.5],
            ['loan_first_le5', 2.75],
            ['loan_first_gt5', 3.25],
          ],
        );
        assert.equal((await get('/api/public/tools/interest-rates?on=2020-13-01')).status, 400);
        const today = await get('/api/public/tools/interest-rates');
        assert.match(today.body.asOf, /^\d{4}-\d{2}-\d{2}$/);
      });

      test('the calculator keeps its fixed request and response shape', async () => {
        const r = await server.json('/api/public/tools/loan-calculator', {
          method: 'POST',
          json: { method: 'equal-installment', principalFen: 25000000, months: 360, annualRatePercent: 3.25 },
        });
        assert.deepEqual(Object.keys(r.body).sort(), ['monthlyPaymentFen', 'schedule', 'totalInterestFen', 'totalPaymentFen']);
        // Issue 18: a row's 月供 is what its shown principal and interest add up to; 剩余本金 beside 003's 贷款余额.
        assert.deepEqual(r.body.schedule[0], {
          period: 1,
          principalFen: 41093,
          interestFen: 67708,
          paymentFen: 108801,
          principalBalanceFen: 24958907,
          remainingFen: 39059767,
        });
        assert.equal(r.body.monthlyPaymentFen, 108802, '每月月供参考 from full precision');
      });

      test('the OpenAPI document lists the tool routes', async () => {
        const r = await get('/api/openapi.json');
        assert.ok(r.body.paths['/api/public/tools/prepayment-trial'].post.requestBody);
        for (const p of ['/api/public/tools/interest-rates', '/api/public/outlets', '/api/public/outlets/{id}', '/api/public/outlets/business-types'])
          assert.ok(r.body.paths[p]?.get, p);
      });
    });
  }
