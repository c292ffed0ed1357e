/**
 * Opaque random tokens (sessions, tickets, confirmations) and the hashes the database keeps of them and of SMS codes.
 * A 256-bit random token needs no key to be stored safely, so a plain SHA-256 suffices; a 6-digit code does, so it is
 * an HMAC under a sub-key of DATA_KEY (a stolen table cannot be checked against the million possible codes).
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** `prefix` tells a reader of a leaked string what it was (`s` session, `t` ticket, `c` confirmation). */
export function newToken(prefix: 's' | 't' | 'c'): string {
  return `hpf${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

export function newSmsCode(digits: number): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

export class CodeHasher {
  constructor(private readonly key: Buffer) {}

  private mac(code: string, salt: string): string {
    return createHmac('sha256', this.key).update(`${salt}:${code}`).digest('base64url');
  }

  /** `salt.mac`: a random salt per row, so equal codes never look equal in the table. */
  hash(code: string): string {
    const salt = randomBytes(12).toString('base64url');
    return `${salt}.${this.mac(code, salt)}`;
  }

  matches(code: string, stored: string): boolean {
    const [salt = '', mac = ''] = stored.split('.');
    const a = Buffer.from(this.mac(code, salt));
    const b = Buffer.from(mac);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
