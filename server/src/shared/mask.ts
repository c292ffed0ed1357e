/** Masking of personal data for responses and logs (PRODUCT.md: ID `530123********2329`, phone `139****1111`). */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  if (phone.length !== 11) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 卢青怡 → 卢*怡, 段德梅 → 段*梅, 张三 → 张* (for lists shown to other people, e.g. the spouse). */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Bank card: keep the last four digits. */
export function maskBankAccount(no: string): string {
  return no.length <= 4 ? no : `${'*'.repeat(Math.min(no.length - 4, 12))}${no.slice(-4)}`;
}

const ID_IN_TEXT = /(?<![\dA-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])/g;
/**
 * A mainland mobile in the spellings people type: 13908881234, +8613908881234, 008613908881234, 8613908881234,
 * +86 139 0888 1234, 139-0888-1234 (a space or hyphen between the groups).
 */
const PHONE_IN_TEXT = /(?<![\d+])((?:\+|00)?86[ -]?)?(1[3-9]\d)([ -]?)(\d{4})([ -]?)(\d{4})(?!\d)/g;

/** Masks every ID number and mobile number found in free text (log lines, error messages). */
export function maskPersonalDataInText(text: string): string {
  return text
    .replace(ID_IN_TEXT, (_m, a: string, _b: string, c: string) => `${a}********${c.slice(-4)}`)
    .replace(PHONE_IN_TEXT, (_m, cc: string | undefined, a: string, s1: string, _b: string, s2: string, c: string) => `${cc ?? ''}${a}${s1}****${s2}${c}`);
}
