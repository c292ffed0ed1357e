import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idNumberProblem, makeIdNumber, genderOf, birthDateOf } from '../src/shared/id-number.js';
import { maskIdNumber, maskPhone, maskPersonalDataInText, maskName } from '../src/shared/mask.js';
import { PiiCipher } from '../src/shared/pii-crypto.js';
import { formatYuan, roundFen, yuanToFen } from '../src/shared/money.js';
import { addMonths, monthsBetween, todayShanghai } from '../src/shared/dates.js';

test('ID numbers: the manual’s number is valid; a wrong check digit, date or format is named', () => {
  assert.equal(idNumberProblem('530123199907242329'), null); // 000 一(一)
  assert.equal(idNumberProblem('530123199907242328'), 'check-digit');
  assert.equal(idNumberProblem('530123199902302329'), 'birth-date');
  assert.equal(idNumberProblem('53012319990724232'), 'format');
  const made = makeIdNumber('530702', '19850316', 24);
  assert.equal(idNumberProblem(made), null);
  assert.equal(birthDateOf(made), '1985-03-16');
  assert.equal(genderOf('530123199907242329'), 'female');
  assert.equal(idNumberProblem('11010519491231002x'), null, 'a lower-case x check character is accepted');
});

test('masking follows PRODUCT.md and catches numbers inside free text', () => {
  assert.equal(maskIdNumber('530123199907242329'), '530123********2329');
  assert.equal(maskPhone('13999991111'), '139****1111');
  assert.equal(maskName('卢青怡'), '卢*怡');
  assert.equal(maskPersonalDataInText('login 530123199907242329 phone 13999991111 amount 24000'), 'login 530123********2329 phone 139****1111 amount 24000');
});

test('phones are masked in the spellings people type, and other digit runs are left alone', () => {
  const cases: [string, string][] = [
    ['+8613908881234', '+86139****1234'],
    ['8613908881234', '86139****1234'],
    ['008613908881234', '0086139****1234'],
    ['139 0888 1234', '139 **** 1234'],
    ['139-0888-1234', '139-****-1234'],
    ['q=+86 139 0888 1234&x=1', 'q=+86 139 **** 1234&x=1'],
    ['card 6222020200112233445', 'card 6222020200112233445'],
    ['2026-11-26 13:08:01', '2026-11-26 13:08:01'],
    ['139088812345', '139088812345'],
  ];
  for (const [text, masked] of cases) assert.equal(maskPersonalDataInText(text), masked, text);
});

test('personal data is encrypted at rest and looked up by a keyed hash', () => {
  const a = new PiiCipher(Buffer.alloc(32, 1));
  const b = new PiiCipher(Buffer.alloc(32, 2));
  const c1 = a.encrypt('530123199907242329');
  assert.notEqual(c1, a.encrypt('530123199907242329'), 'a fresh IV each time');
  assert.doesNotMatch(c1, /530123/);
  assert.equal(a.decrypt(c1), '530123199907242329');
  assert.throws(() => b.decrypt(c1), 'another key cannot read it');
  assert.equal(a.lookupHash('id', 'x'), a.lookupHash('id', 'x'));
  assert.notEqual(a.lookupHash('id', 'x'), b.lookupHash('id', 'x'));
  assert.notEqual(a.lookupHash('id', 'x'), a.lookupHash('phone', 'x'));
});

test('money is integer fen, parsed and printed without floats', () => {
  assert.equal(yuanToFen('1304.69'), 130469);
  assert.equal(yuanToFen('240000'), 24000000);
  assert.equal(yuanToFen('0.1'), 10);
  assert.throws(() => yuanToFen('1.234'));
  assert.equal(formatYuan(39059767, { grouping: true }), '390,597.67');
  assert.equal(formatYuan(-5), '-0.05');
  assert.equal(roundFen(30468.75), 30469);
  assert.equal(roundFen(-0.5), -1);
});

test('dates are Asia/Shanghai calendar dates', () => {
  assert.equal(todayShanghai(new Date('2026-11-25T16:30:00Z')), '2026-11-26');
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2014-11-13', 1, 13), '2014-12-13');
  assert.equal(monthsBetween('2026-04-21', '2026-11-20'), 6);
  assert.equal(monthsBetween('2026-04-21', '2026-11-21'), 7);
});
