/**
 * Money is integer fen everywhere. `Fen` is a branded number so that a yuan float cannot be passed
 * where fen are expected without going through `fen()` or `yuanToFen()`.
 */
export type Fen = number & { readonly __brand: 'Fen' };

export function fen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer number of fen: ${value}`);
  return value as Fen;
}

/** Parses a yuan amount written as text ("1304.69", "240000") into fen without float arithmetic. */
export function yuanToFen(yuan: string | number): Fen {
  const text = typeof yuan === 'number' ? yuan.toFixed(2) : yuan.trim();
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new RangeError(`not a yuan amount: ${yuan}`);
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return fen(m[1] ? -value : value);
}

/** Formats fen as yuan with two decimals, optionally with thousands separators: 39059767 → "390,597.67". */
export function formatYuan(amount: number, opts: { grouping?: boolean } = {}): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  const grouped = opts.grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${sign}${grouped}.${cents}`;
}

/** Amounts in sentences (000 (九): 1399元, 6007.18元): whole yuan without decimals, else two; none → '—'. */
export const yuanText = (fen: number | null): string => (fen === null ? '—' : fen % 100 === 0 ? `${fen / 100}` : (fen / 100).toFixed(2));

/** An amount as a line shows it with its unit: 390,597.67 元. */
export const yuanWithUnit = (fen: number): string => `${formatYuan(fen, { grouping: true })} 元`;

/** Rounds half away from zero to a whole number of fen (the banks' and the manuals' rounding). */
export function roundFen(value: number): Fen {
  const r = Math.sign(value) * Math.round(Math.abs(value) + 1e-9);
  return fen(r === 0 ? 0 : r);
}

/** Formats fen as 万元 with two decimals, rounded half up (the calculator's 总还款(万) 39.17): 39168569 → "39.17". */
export function formatWan(amount: number): string {
  return formatYuan(roundFen(amount / 10000));
}
