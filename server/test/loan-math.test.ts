import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { bookedSchedule, calculate, monthlyRate, partialPrepayment, type BookedRow, type RepaymentMethod } from '../src/shared/loan-math.js';
import { fen, formatWan, formatYuan, yuanToFen } from '../src/shared/money.js';
import { DomainError } from '../src/shared/errors.js';

const rowsOf = (input: Parameters<typeof bookedSchedule>[0]) => bookedSchedule(input).rows;
const y = (fenValue: number) => formatYuan(fenValue);
const split = (rows: { principalFen: number; interestFen: number }[]) => rows.map((r) => `${y(r.principalFen)}+${y(r.interestFen)}`);
const rejects = (fn: () => unknown, code: string) =>
  assert.throws(fn, (e: unknown) => e instanceof DomainError && e.code === code && /[\u4e00-\u9fa5]/.test(e.message));

function assertPlanInvariants(rows: BookedRow[], principalFen: number, method: RepaymentMethod, rate: number): void {
  assert.equal(
    rows.reduce((s, r) => s + r.principalFen, 0),
    principalFen,
    'principal sums to the loan',
  );
  assert.equal(rows.at(-1)!.balanceAfterFen, 0, 'balance reaches exactly 0');
  let balance = principalFen;
  for (const r of rows) {
    assert.equal(r.interestFen, Math.round((balance * rate) / 1200), `interest of period ${r.period}`);
    assert.equal(r.paymentFen, r.principalFen + r.interestFen);
    balance -= r.principalFen;
    assert.equal(r.balanceAfterFen, balance);
    assert.ok(r.principalFen > 0);
  }
  const body = rows.slice(0, -1);
  if (body.length === 0) return;
  if (method === 'equal-installment') assert.equal(new Set(body.map((r) => r.paymentFen)).size, 1, 'constant payment');
  else assert.equal(new Set(body.map((r) => r.principalFen)).size, 1, 'constant principal');
}

describe('calculator (003 5.1.2)', () => {
  test('monthlyRate is annual / 1200', () => assert.equal(monthlyRate(3.25), 3.25 / 1200));

  test('等额本息 250,000 / 360 months / 3.25 %: every figure of the manual to the fen', () => {
    const c = calculate({ method: 'equal-installment', principalFen: yuanToFen(250000), months: 360, annualRatePercent: 3.25 });
    assert.deepEqual(split(c.schedule.slice(0, 9)), [
      '410.93+677.08',
      '412.05+675.97',
      '413.16+674.85',
      '414.28+673.74',
      '415.40+672.61',
      '416.53+671.49',
      '417.66+670.36',
      '418.79+669.23',
      '419.92+668.09',
    ]);
    // The 贷款余额 column is the total still to repay (principal + future interest), not the principal.
    assert.deepEqual(
      c.schedule.slice(0, 9).map((r) => formatYuan(r.remainingFen, { grouping: true })),
      ['390,597.67', '389,509.66', '388,421.64', '387,333.62', '386,245.61', '385,157.59', '384,069.58', '382,981.56', '381,893.54'],
    );
    assert.equal(y(c.monthlyPaymentFen), '1088.02');
    assert.equal(formatWan(c.totalPaymentFen), '39.17');
    assert.equal(formatWan(c.totalInterestFen), '14.17');
    assert.equal(c.totalPaymentFen - c.totalInterestFen, 250000_00);
    assert.equal(c.schedule.length, 360);
    assert.equal(c.schedule.at(-1)!.remainingFen, 0);
  });

  test('issue 18: the shown rows add up to 003’s totals; each row is its principal + interest; the last row takes the rounding', () => {
    for (const method of ['equal-installment', 'equal-principal'] as const) {
      const c = calculate({ method, principalFen: yuanToFen(250000), months: 360, annualRatePercent: 3.25 });
      const sum = (f: (r: (typeof c.schedule)[number]) => number) => c.schedule.reduce((s, r) => s + f(r), 0);
      assert.equal(
        sum((r) => r.principalFen),
        250000_00,
        `${method}: the principal column is the loan`,
      );
      assert.equal(
        sum((r) => r.interestFen),
        c.totalInterestFen,
        `${method}: the interest column is 支付利息`,
      );
      assert.equal(
        sum((r) => r.paymentFen),
        c.totalPaymentFen,
        `${method}: the 月供 column is 还款总额`,
      );
      assert.ok(
        c.schedule.every((r) => r.principalFen + r.interestFen === r.paymentFen),
        `${method}: every row is principal + interest`,
      );
      assert.ok(
        c.schedule.slice(0, -1).every((r) => Math.abs(r.paymentFen - c.schedule[0]!.paymentFen) <= (method === 'equal-installment' ? 2 : r.paymentFen)),
        method,
      );
      assert.equal(c.schedule.at(-1)!.principalBalanceFen, 0);
    }
    const c = calculate({ method: 'equal-installment', principalFen: yuanToFen(250000), months: 360, annualRatePercent: 3.25 });
    assert.equal(c.totalPaymentFen, 391685_69, '003: 39.17万, kept from full precision');
    // 剩余本金 after month 1 and 2: the loan less the shown principal; 003's 贷款余额 column stays the total to repay.
    assert.deepEqual(
      c.schedule.slice(0, 2).map((r) => [y(r.principalBalanceFen), formatYuan(r.remainingFen, { grouping: true })]),
      [
        ['249589.07', '390,597.67'],
        ['249177.02', '389,509.66'],
      ],
    );
  });

  test('等额本金, same shape: principal P/n, interest on the declining balance, 贷款余额 = what is left to pay', () => {
    const c = calculate({ method: 'equal-principal', principalFen: yuanToFen(250000), months: 360, annualRatePercent: 3.25 });
    const [m1, m2] = c.schedule;
    // The row shows what it adds up from; 每月月供参考 is the full-precision 1,371.527 rounded.
    assert.equal(`${y(m1!.principalFen)}+${y(m1!.interestFen)}=${y(m1!.paymentFen)}`, '694.44+677.08=1371.52');
    assert.equal(y(m2!.interestFen), '675.20'); // (250,000 − 694.444) × 3.25 / 1200 = 675.199
    assert.equal(y(c.monthlyPaymentFen), '1371.53');
    assert.equal(y(c.totalInterestFen), '122213.54'); // P·r·(n+1)/2
    assert.equal(c.totalPaymentFen, 250000_00 + c.totalInterestFen);
    assert.equal(y(m1!.remainingFen), '370842.01'); // 还款总额 − the full-precision first payment
    assert.equal(c.schedule.at(-1)!.remainingFen, 0);
    assert.ok(c.schedule.every((r, i) => i === 0 || r.paymentFen < c.schedule[i - 1]!.paymentFen));
  });
});

describe('booked plans', () => {
  test('000 (三): 等额本金 240,000 / 240 / 3.25 % pays 1,000 principal a month', () => {
    const rows = rowsOf({
      method: 'equal-principal',
      principalFen: yuanToFen(240000),
      months: 240,
      annualRatePercent: 3.25,
      firstDueDate: '2014-12-13', // issued 2014-11-13, 月还款日 13
    });
    assert.equal(rows.length, 240);
    assert.ok(rows.every((r) => r.principalFen === 1000_00));
    assert.equal(y(rows[0]!.paymentFen), '1650.00');
    assert.equal(rows.at(-1)!.dueDate, '2034-11-13'); // 到期日期 2034-11-13
    assertPlanInvariants(rows, 240000_00, 'equal-principal', 3.25);
  });

  test('000 (三) 2017: after 91,500 prepaid (月供不变) the 114,500 and 112,500 periods pay 1,310.10 and 1,304.69', () => {
    // 25 instalments (2014-12 … 2016-12) leave 215,000; the 2017 rows start from 123,500, so 91,500 was
    // prepaid keeping the 1,000 monthly principal. That also gives 借款余额 102,500 at 还至期数 46.
    const p = partialPrepayment({
      method: 'equal-principal',
      remainingPrincipalFen: yuanToFen(215000),
      remainingMonths: 215,
      annualRatePercent: 3.25,
      prepayFen: yuanToFen(91500),
      mode: 'keep-payment',
      nextDueDate: '2017-01-13',
    });
    assert.equal(p.newPrincipalFen, 123500_00);
    assert.equal(p.newMonths, 124); // 123 × 1,000 + a last 500
    assert.equal(p.schedule.at(-1)!.principalFen, 500_00);
    const oct = p.schedule[9]!;
    const dec = p.schedule[11]!;
    assert.deepEqual([oct.dueDate, y(oct.balanceAfterFen + oct.principalFen), y(oct.paymentFen)], ['2017-10-13', '114500.00', '1310.10']);
    assert.deepEqual([dec.dueDate, y(dec.balanceAfterFen + dec.principalFen), y(dec.paymentFen)], ['2017-12-13', '112500.00', '1304.69']);
    assert.equal(y(p.schedule[20]!.balanceAfterFen), '102500.00'); // original period 46
    assertPlanInvariants(p.schedule, 123500_00, 'equal-principal', 3.25);
  });

  test('000 (三) 2017, all twelve rows: that center accrues balance × 3.25 % / 360 × actual days', () => {
    const p = partialPrepayment({
      method: 'equal-principal',
      remainingPrincipalFen: yuanToFen(215000),
      remainingMonths: 215,
      annualRatePercent: 3.25,
      prepayFen: yuanToFen(91500),
      mode: 'keep-payment',
      nextDueDate: '2017-01-13',
      dayCount: 'actual/360',
    });
    assert.deepEqual(
      p.schedule.slice(0, 12).map((r) => `${r.dueDate.slice(5)} ${y(r.paymentFen)} ${r.balanceAfterFen / 100}`),
      [
        '01-13 1345.63 122500',
        '02-13 1342.83 121500',
        '03-13 1307.13 120500',
        '04-13 1337.23 119500',
        '05-13 1323.65 118500',
        '06-13 1331.64 117500',
        '07-13 1318.23 116500',
        '08-13 1326.04 115500',
        '09-13 1323.24 114500',
        '10-13 1310.10 113500',
        '11-13 1317.64 112500',
        '12-13 1304.69 111500',
      ],
    );
  });

  test('004 3.6 (contract 01201702090019): 3.30 %, 143 instalments from 2017-04-09, principal 99,296.37–99,296.57', () => {
    // The interest steps (273.07 → 260.45 over 4,017.96 of principal) pin the rate to 3.294–3.306 %, i.e. 3.30 %
    // (3.25 % and 3.575 % are excluded). 143 = the 144 months from the contract date 2017-02-09 minus the
    // month before disbursement. No round principal reproduces the rows: only 99,296.37 … 99,296.57 does.
    const plan = (principal: string) =>
      rowsOf({
        method: 'equal-installment',
        principalFen: yuanToFen(principal),
        months: 143,
        annualRatePercent: 3.3,
        firstDueDate: '2017-04-09',
      });
    const expected = [
      '567.71+273.07',
      '569.28+271.50',
      '570.84+269.94',
      '572.41+268.37',
      '573.99+266.79',
      '575.56+265.22',
      '577.15+263.63',
      '578.73+262.05',
      '580.33+260.45',
    ];
    const rows = plan('99296.47');
    assert.deepEqual(split(rows.slice(0, 9)), expected);
    assert.deepEqual(
      rows.slice(0, 9).map((r) => `${r.dueDate} ${y(r.paymentFen)}`),
      ['2017-04-09', '2017-05-09', '2017-06-09', '2017-07-09', '2017-08-09', '2017-09-09', '2017-10-09', '2017-11-09', '2017-12-09'].map((d) => `${d} 840.78`),
    );
    assert.equal(rows.at(-1)!.dueDate, '2029-02-09');
    assertPlanInvariants(rows, 99296_47, 'equal-installment', 3.3);
    for (const edge of ['99296.37', '99296.57']) assert.deepEqual(split(plan(edge).slice(0, 9)), expected);
    for (const out of ['99296.36', '99296.58', '100000']) assert.notDeepEqual(split(plan(out).slice(0, 9)), expected);
  });

  test('004 我的贷款: 300,000 issued 2015-04-24, 等额本息 108 months at 4.00 % pays 3,312.29 from 2015-05-20', () => {
    const rows = rowsOf({
      method: 'equal-installment',
      principalFen: yuanToFen(300000),
      months: 108,
      annualRatePercent: 4,
      firstDueDate: '2015-05-20',
    });
    assert.deepEqual(
      rows.slice(0, 2).map((r) => `${r.dueDate} ${y(r.paymentFen)}`),
      ['2015-05-20 3312.29', '2015-06-20 3312.29'],
    );
    assertPlanInvariants(rows, 300000_00, 'equal-installment', 4);
    const plan = bookedSchedule({
      method: 'equal-installment',
      principalFen: 300000_00,
      months: 108,
      annualRatePercent: 4,
      firstDueDate: '2015-05-20',
    });
    assert.equal(
      plan.totalInterestFen,
      rows.reduce((s, r) => s + r.interestFen, 0),
    );
    // Under 'actual/360' the first period accrues from the issue date: 26 days × 300,000 × 4 % / 360.
    const actual = rowsOf({
      method: 'equal-installment',
      principalFen: 300000_00,
      months: 108,
      annualRatePercent: 4,
      firstDueDate: '2015-05-20',
      dayCount: 'actual/360',
      accrualStartDate: '2015-04-24',
    });
    assert.equal(y(actual[0]!.interestFen), '866.67');
    assert.equal(actual[0]!.paymentFen, 3312_29);
  });

  test('002 五 (段德梅): 等额本金 at 3.575 % actual/360, 1,909.87 a month; 第21期 and the 187,167.54 balance', () => {
    // The rows fit a 120-period plan of 229,184.68 (= 290,000 less earlier repayments not in the manual).
    const rows = rowsOf({
      method: 'equal-principal',
      principalFen: yuanToFen('229184.68'),
      months: 120,
      annualRatePercent: 3.575,
      firstDueDate: '2017-01-14',
      dayCount: 'actual/360',
    });
    const show = (r: BookedRow) => [r.dueDate, y(r.paymentFen), y(r.principalFen), y(r.interestFen), y(r.balanceAfterFen)].join(' ');
    assert.equal(show(rows[18]!), '2018-07-14 2490.23 1909.87 580.36 192897.15');
    assert.equal(show(rows[19]!), '2018-08-14 2503.70 1909.87 593.83 190987.28');
    assert.equal(show(rows[20]!), '2018-09-14 2497.82 1909.87 587.95 189077.41');
    assert.equal(y(rows[21]!.balanceAfterFen), '187167.54'); // 借款余额 on the 提前还款 page
    assert.equal(rows.at(-1)!.principalFen, 1910_15); // the last period absorbs the 0.28 rounding remainder
  });

  test('invariants over a spread of loans', () => {
    for (const method of ['equal-installment', 'equal-principal'] as const)
      for (const [principal, months, rate] of [
        [1, 1, 3.25],
        [99, 7, 2.75],
        [123456_78, 360, 3.25],
        [50000_00, 12, 20],
        [1000000_00, 97, 3.575],
      ] as const) {
        const rows = rowsOf({ method, principalFen: fen(principal), months, annualRatePercent: rate, firstDueDate: '2020-01-31' });
        assert.equal(rows.length, months);
        assertPlanInvariants(rows, principal, method, rate);
      }
  });

  test('due dates keep the repayment day and clamp it to the month end', () => {
    const rows = rowsOf({
      method: 'equal-installment',
      principalFen: yuanToFen(12000),
      months: 14,
      annualRatePercent: 3.25,
      firstDueDate: '2023-12-31',
    });
    assert.deepEqual(
      rows.slice(0, 4).map((r) => r.dueDate),
      ['2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31'],
    );
    assert.equal(rows[13]!.dueDate, '2025-01-31');
    const day30 = rowsOf({
      method: 'equal-principal',
      principalFen: yuanToFen(1000),
      months: 2,
      annualRatePercent: 3,
      firstDueDate: '2025-02-28',
      repaymentDay: 30,
    });
    assert.deepEqual(
      day30.map((r) => r.dueDate),
      ['2025-02-28', '2025-03-30'],
    );
  });
});

describe('partial prepayment (D1 / G6)', () => {
  const base = {
    method: 'equal-installment' as const,
    remainingPrincipalFen: yuanToFen(200000),
    remainingMonths: 240,
    annualRatePercent: 3.25,
    prepayFen: yuanToFen(50000),
    nextDueDate: '2025-07-20',
  };

  test('期限不变 recomputes the payment on the reduced principal over the same periods', () => {
    const p = partialPrepayment({ ...base, mode: 'keep-term' });
    const reference = rowsOf({
      method: 'equal-installment',
      principalFen: yuanToFen(150000),
      months: 240,
      annualRatePercent: 3.25,
      firstDueDate: '2025-07-20',
    });
    assert.deepEqual(p.schedule, reference);
    assert.equal(p.newMonths, 240);
    assert.equal(p.newPrincipalFen, 150000_00);
    assert.equal(y(p.newMonthlyPaymentFen), '850.79');
    const before = rowsOf({ method: 'equal-installment', principalFen: yuanToFen(200000), months: 240, annualRatePercent: 3.25, firstDueDate: '2025-07-20' });
    const interest = (rows: BookedRow[]) => rows.reduce((s, r) => s + r.interestFen, 0);
    assert.equal(p.interestSavedFen, interest(before) - interest(p.schedule));
    assertPlanInvariants(p.schedule, 150000_00, 'equal-installment', 3.25);
  });

  test('月供不变 keeps the payment to the fen and shortens the term; saves more interest than 期限不变', () => {
    const keepTerm = partialPrepayment({ ...base, mode: 'keep-term' });
    const p = partialPrepayment({ ...base, mode: 'keep-payment' });
    assert.equal(y(p.newMonthlyPaymentFen), '1134.39'); // the running payment on 200,000 / 240
    assert.ok(p.newMonths < 240);
    assert.equal(p.newMonths, 164);
    assert.ok(p.schedule.slice(0, -1).every((r) => r.paymentFen === 1134_39));
    assert.ok(p.schedule.at(-1)!.paymentFen <= 1134_39);
    assert.ok(p.interestSavedFen > keepTerm.interestSavedFen);
    assertPlanInvariants(p.schedule, 150000_00, 'equal-installment', 3.25);
  });

  test('月供不变 honours the running payment the caller supplies', () => {
    const p = partialPrepayment({ ...base, mode: 'keep-payment', currentInstallmentFen: yuanToFen('1134.50') });
    assert.ok(p.schedule.slice(0, -1).every((r) => r.paymentFen === 1134_50));
  });

  test('等额本金 期限不变 spreads the reduced principal over the remaining periods', () => {
    const p = partialPrepayment({ ...base, method: 'equal-principal', mode: 'keep-term' });
    assert.equal(p.schedule[0]!.principalFen, 625_00); // 150,000 / 240
    assert.equal(p.newMonths, 240);
    assert.equal(y(p.newMonthlyPaymentFen), '1031.25'); // 625 + 150,000 × 3.25 / 1200
    assert.ok(p.interestSavedFen > 0);
  });

  test('refuses nonsense; settling in full is 提前结清, not a partial prepayment', () => {
    rejects(() => partialPrepayment({ ...base, mode: 'keep-term', prepayFen: fen(0) }), 'PREPAY_AMOUNT_INVALID');
    rejects(() => partialPrepayment({ ...base, mode: 'keep-term', prepayFen: fen(-100) }), 'PREPAY_AMOUNT_INVALID');
    rejects(() => partialPrepayment({ ...base, mode: 'keep-term', prepayFen: yuanToFen(200000) }), 'PREPAY_COVERS_BALANCE');
    rejects(() => partialPrepayment({ ...base, mode: 'keep-payment', prepayFen: yuanToFen(250000) }), 'PREPAY_COVERS_BALANCE');
    rejects(() => partialPrepayment({ ...base, mode: 'keep-term', nextDueDate: '2025-02-30' }), 'LOAN_DATE_INVALID');
    rejects(() => partialPrepayment({ ...base, mode: 'keep-term', remainingMonths: 0 }), 'LOAN_TERM_INVALID');
  });
});

describe('input validation', () => {
  const ok = { method: 'equal-installment' as const, principalFen: yuanToFen(100000), months: 120, annualRatePercent: 3.25 };
  test('principal must be a positive whole number of fen', () => {
    rejects(() => calculate({ ...ok, principalFen: fen(0) }), 'LOAN_PRINCIPAL_INVALID');
    rejects(() => calculate({ ...ok, principalFen: -5 as never }), 'LOAN_PRINCIPAL_INVALID');
    rejects(() => calculate({ ...ok, principalFen: 10.5 as never }), 'LOAN_PRINCIPAL_INVALID');
  });
  test('term is 1..360 months', () => {
    rejects(() => calculate({ ...ok, months: 0 }), 'LOAN_TERM_INVALID');
    rejects(() => calculate({ ...ok, months: 361 }), 'LOAN_TERM_INVALID');
    rejects(() => calculate({ ...ok, months: 12.5 }), 'LOAN_TERM_INVALID');
    assert.equal(calculate({ ...ok, months: 1 }).schedule.length, 1);
    assert.equal(calculate({ ...ok, months: 360 }).schedule.length, 360);
  });
  test('rate must be > 0 and ≤ 20 %: 0 % is refused (an unfilled field, never an HPF loan)', () => {
    rejects(() => calculate({ ...ok, annualRatePercent: 0 }), 'LOAN_RATE_INVALID');
    rejects(() => calculate({ ...ok, annualRatePercent: -1 }), 'LOAN_RATE_INVALID');
    rejects(() => calculate({ ...ok, annualRatePercent: 20.01 }), 'LOAN_RATE_INVALID');
    rejects(() => calculate({ ...ok, annualRatePercent: Number.NaN }), 'LOAN_RATE_INVALID');
    rejects(() => rowsOf({ ...ok, annualRatePercent: 0, firstDueDate: '2025-01-01' }), 'LOAN_RATE_INVALID');
    assert.equal(calculate({ ...ok, annualRatePercent: 20 }).schedule.length, 120);
  });
  test('dates and repayment day', () => {
    rejects(() => rowsOf({ ...ok, firstDueDate: '2025/01/01' }), 'LOAN_DATE_INVALID');
    rejects(() => rowsOf({ ...ok, firstDueDate: '2023-02-29' }), 'LOAN_DATE_INVALID');
    rejects(() => rowsOf({ ...ok, firstDueDate: '2025-01-01', repaymentDay: 32 }), 'LOAN_REPAYMENT_DAY_INVALID');
  });
});
