/**
 * Login and business passwords (A2): the rules of 001 1.3 / 4.1 / 4.2 and their storage.
 *
 * Storage: scrypt (node:crypto) over HMAC(pepper, password), the pepper derived from DATA_KEY, so that a copy of
 * the database alone cannot be brute-forced (a 6-digit business password has only a million values).
 * Format: `scrypt$<logN>$<r>$<p>$<salt b64url>$<hash b64url>`; the parameters travel with the hash so they can be
 * raised later without invalidating stored ones.
 */
import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DomainError } from '../shared/errors.js';

const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: Buffer, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

const options = (logN: number, r: number, p: number): ScryptOptions => ({ N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r });

export class PasswordHasher {
  constructor(private readonly pepper: Buffer) {}

  private peppered(password: string): Buffer {
    return createHmac('sha256', this.pepper).update(password, 'utf8').digest();
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(this.peppered(password), salt, KEY_LENGTH, options(LOG_N, R, P));
    return ['scrypt', LOG_N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, logN, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    const key = await scrypt(this.peppered(password), Buffer.from(salt, 'base64url'), expected.length, options(Number(logN), Number(r), Number(p)));
    return timingSafeEqual(key, expected);
  }
}

/** 001 1.3 / 4.1: 8–16 characters with at least 3 of digit, upper case, lower case, special character. */
export function checkLoginPassword(password: string): void {
  const classes = [/\d/, /[A-Z]/, /[a-z]/, /[^0-9A-Za-z]/].filter((re) => re.test(password)).length;
  const printable = /^[\x21-\x7e]+$/.test(password);
  if (password.length < 8 || password.length > 16 || classes < 3 || !printable) {
    throw new DomainError('LOGIN_PASSWORD_WEAK', '登录密码须为8～16位，并包含数字、大写字母、小写字母、特殊字符中的任意3种（不含空格和中文）', 400);
  }
}

/**
 * A 6-digit password (the business password, the 12329 password): not 6 digits ('format'), or guessable: one digit
 * repeated (111111), runs up or down (123456, 654321), the birthday from the ID number in any usual order, and the
 * ends of the ID number and phone ('guessable').
 */
export function sixDigitProblem(password: string, person: { idNumber: string; phone?: string | null }): 'format' | 'guessable' | null {
  if (!/^\d{6}$/.test(password)) return 'format';
  const digits = [...password].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
  const run = steps.size === 1 && [0, 1, 9].includes([...steps][0]!);
  const id = person.idNumber;
  const [yyyy, mm, dd] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)];
  const yy = yyyy.slice(2);
  const personal = [yy + mm + dd, mm + dd + yy, dd + mm + yy, yyyy.slice(0, 2) + yy + mm, id.slice(-6), person.phone?.slice(-6)];
  return run || personal.includes(password) ? 'guessable' : null;
}

/** 001 4.2: the business password is 6 digits, not a guessable one (sixDigitProblem). */
export function checkBusinessPassword(password: string, person: { idNumber: string; phone?: string | null }): void {
  const problem = sixDigitProblem(password, person);
  if (problem === 'format') throw new DomainError('BUSINESS_PASSWORD_WEAK', '业务密码须为6位数字', 400);
  if (problem === 'guessable') {
    throw new DomainError('BUSINESS_PASSWORD_WEAK', '业务密码过于简单：不能使用相同或连续的数字、出生日期、身份证号或手机号的后6位', 400);
  }
}
