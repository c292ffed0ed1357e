/**
 * Verification codes (K2): 16 symbols from 32 that cannot be misread for one another (no 0/O, no 1/I), drawn
 * with a CSPRNG: 80 random bits, far beyond guessing through the public verification route. Shown in groups
 * of four (7KQM-2XHT-9PRD-W4NC); typed back in any case, with or without the dashes and spaces.
 */
import { randomInt } from 'node:crypto';

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 16;

export function newVerificationCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** 7KQM2XHT9PRDW4NC → 7KQM-2XHT-9PRD-W4NC */
export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** The stored form of what someone typed or a link carried, or null when it cannot be a code at all. */
export function normalizeCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}
