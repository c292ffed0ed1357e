/**
 * C14 (001 2.6): the banks a member can bind a card of — 中国农业银行、中国工商银行、中国建设银行、中国银行、云南省农村
 * 信用联社 — and how their card numbers are checked.
 *
 * The Luhn check digit (ISO/IEC 7812) is checked only where the number is a card of a scheme that mandates it:
 * every card of the three national banks below, and 农业银行's UnionPay (62…) and Visa/Mastercard (4…/5…) cards.
 * It is NOT checked for 农业银行's older 金穗 numbers (95599…, 19 digits) nor for 云南省农村信用社, whose cards and
 * passbook-linked account numbers do not all carry a Luhn digit: refusing them would refuse real members' cards.
 */
import type { BankCode } from './tables.js';

interface Bank {
  code: BankCode;
  name: string;
  /** Whether this number must pass the Luhn check. */
  luhn(cardNo: string): boolean;
}

const always = () => true;
const schemeCards = (no: string) => /^(62|4|5)/.test(no);

export const BANKS: readonly Bank[] = [
  { code: 'ABC', name: '中国农业银行', luhn: schemeCards },
  { code: 'ICBC', name: '中国工商银行', luhn: always },
  { code: 'CCB', name: '中国建设银行', luhn: always },
  { code: 'BOC', name: '中国银行', luhn: always },
  { code: 'YNRCC', name: '云南省农村信用社', luhn: () => false },
];

export const bankOf = (code: BankCode): Bank => BANKS.find((b) => b.code === code)!;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

type CardNumberProblem = 'format' | 'check-digit';

/** Spaces and dashes as people type them are ignored; then 16–19 digits, and the check digit where the bank has one. */
export function normalizeCardNo(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function cardNumberProblem(bank: Bank, cardNo: string): CardNumberProblem | null {
  if (!/^\d{16,19}$/.test(cardNo)) return 'format';
  if (bank.luhn(cardNo) && !luhnValid(cardNo)) return 'check-digit';
  return null;
}
