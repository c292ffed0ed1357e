/**
 * Money arrives from the server in integer fen; only the screen turns it into yuan: two decimals, thousands
 * separators, integer arithmetic throughout (no float rounding surprises).
 */
const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** 21565940 → "215,659.40"; null/undefined → "—". */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—'
  const n = Math.round(fen)
  const abs = Math.abs(n)
  const cents = String(abs % 100).padStart(2, '0')
  return `${n < 0 ? '-' : ''}${group(String(Math.floor(abs / 100)))}.${cents}`
}

/** "215,659.40元" */
export function yuan(fen: number | null | undefined): string {
  const text = formatFen(fen)
  return text === '—' ? text : `${text}元`
}

/** Signed, for ledger amounts: "+1,392.00", "-3,000.00", "0.00". */
export function signedFen(fen: number): string {
  return fen > 0 ? `+${formatFen(fen)}` : formatFen(fen)
}

/** In 万元 with two decimals, as 003 5.1.2's summary shows it: 39168569 → "39.17". */
export function wan(fen: number): string {
  const hundredths = Math.round(Math.abs(fen) / 10000)
  const text = `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`
  return fen < 0 ? `-${text}` : text
}

/**
 * What the member typed in yuan → fen, or null when it is not an amount ("1,234.5" → 123450). At most two decimals.
 */
export function parseYuan(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null
  const text = String(input).replace(/[,，\s]/g, '')
  const m = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(text)
  if (!m) return null
  const whole = Number(m[1])
  const cents = Number(((m[2] || '') + '00').slice(0, 2))
  return whole * 100 + cents
}

/** fen → the plain yuan text an input field holds: 25000000 → "250000", 123450 → "1234.50". */
export function fenToInput(fen: number): string {
  const abs = Math.abs(Math.round(fen))
  const cents = abs % 100
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`
}
