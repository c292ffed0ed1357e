/**
 * Calendar dates are 'YYYY-MM-DD' strings in Asia/Shanghai (UTC+8 all year, no DST), so month arithmetic
 * is plain integer arithmetic and no server time zone can shift a 记账日期 by a day.
 */
export type IsoDate = string;

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The date in Asia/Shanghai of an instant; "today" is the server clock's (shared/clock.ts `clock.today()`). */
export function todayShanghai(now: Date): IsoDate {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as Shanghai wall time with its offset: 2026-12-04T11:04:44+08:00. */
export const shanghaiIso = (at: Date): string => `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;

/** The instant a Shanghai day (YYYY-MM-DD) starts, and the next day's start (a day is [dayStart, nextDayStart)). */
export const dayStart = (day: IsoDate): Date => new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
export const nextDayStart = (day: IsoDate): Date => new Date(dayStart(day).getTime() + 86_400_000);

/** An instant as a person reads it: 2026-12-04 11:04 (Shanghai). */
export const shanghaiMinute = (at: Date): string => shanghaiIso(at).slice(0, 16).replace('T', ' ');

export function parseDate(d: IsoDate): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) throw new RangeError(`not a date: ${d}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function formatDate(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds months keeping the day, clamped to the month's end (01-31 + 1 month → 02-28/29). */
export function addMonths(date: IsoDate, months: number, day?: number): IsoDate {
  const p = parseDate(date);
  const total = p.y * 12 + (p.m - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return formatDate(y, m, Math.min(day ?? p.d, daysInMonth(y, m)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const p = parseDate(date);
  return new Date(Date.UTC(p.y, p.m - 1, p.d + days)).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const pa = parseDate(a);
  const pb = parseDate(b);
  return Math.round((Date.UTC(pb.y, pb.m - 1, pb.d) - Date.UTC(pa.y, pa.m - 1, pa.d)) / 86_400_000);
}

/** Whole months from a to b, counting a month only once its day is reached. */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
  const pa = parseDate(a);
  const pb = parseDate(b);
  return (pb.y - pa.y) * 12 + (pb.m - pa.m) - (pb.d < pa.d ? 1 : 0);
}

/** 'YYYYMM' of a date. */
export const yearMonth = (date: IsoDate) => date.slice(0, 4) + date.slice(5, 7);
