/** Dates, rates and distances as the member reads them. Instants are shown in Asia/Shanghai whatever the phone says. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

function shanghai(iso: string): string | null {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return null
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString()
}

/** ISO instant → "2026-11-26 17:38"; a plain date passes through. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso
  const s = shanghai(iso)
  return s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : iso
}

/** ISO instant or date → "2026-11-26". */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—'
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso
  const s = shanghai(iso)
  return s ? s.slice(0, 10) : iso
}

/** "202611" → "2026年11月" */
export function yearMonth(ym: string | null | undefined): string {
  if (!ym) return '—'
  const m = /^(\d{4})-?(\d{2})$/.exec(ym)
  return m ? `${m[1]}年${Number(m[2])}月` : ym
}

/** 12 → "12%", 3.25 → "3.25%", 3.075 → "3.075%" */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return `${Number(value.toFixed(4))}%`
}

/** 584 → "584米", 1638 → "1.6公里" */
export function distance(metres: number | null | undefined): string {
  if (metres === null || metres === undefined) return ''
  return metres < 1000 ? `${Math.round(metres)}米` : `${(metres / 1000).toFixed(1)}公里`
}

/** 13588 → "13.3 KB" */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** null / empty → "—" so a field never shows blank. */
export const orDash = (v: string | number | null | undefined): string => (v === null || v === undefined || v === '' ? '—' : String(v))
