/** Chinese resident ID numbers (GB 11643-1999): 17 digits + ISO 7064 MOD 11-2 check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

type IdNumberProblem = 'format' | 'birth-date' | 'check-digit';

/** Returns why an ID number is not valid, or null when it is (format, real birth date, check digit). */
export function idNumberProblem(raw: string): IdNumberProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'birth-date';
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return 'check-digit';
  return null;
}

/** Upper-cases the trailing x and trims; call after validation. */
export const normalizeIdNumber = (raw: string) => raw.trim().toUpperCase();

export function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** The 17th digit is odd for men, even for women. */
export function genderOf(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** Builds a valid ID number from region code, birth date (YYYYMMDD) and 3-digit sequence (demo data, tests). */
export function makeIdNumber(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
