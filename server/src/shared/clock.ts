/**
 * The server's one clock for business decisions: what day it is in Asia/Shanghai (记账日期, the instalment due,
 * the rate in effect, the agreement in force, the year a ledger page defaults to) and the instant a business step
 * happened (submitted, decided, a spouse's 48 hours). main.ts makes one and hands it to every capability and job;
 * nothing else reads the machine's time for such a decision (test/clock-usage.test.ts keeps it so). Log times,
 * timeouts, leases, token and session expiry stay on the machine's clock: they measure elapsed time, not the calendar.
 *
 * In sandbox mode the clock may start at a chosen instant (CLOCK_AT, used by the tests so that no figure depends on
 * the day they run) and be moved forward by an administrator (POST /api/staff/sandbox/clock) to rehearse a month end.
 * It always ticks at the machine's pace from there.
 */
import { todayShanghai, type IsoDate } from './dates.js';

export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Today's date in Asia/Shanghai. */
  today(): IsoDate;
}

/** The machine's clock, shifted by an offset that only moves forward. */
export class ServerClock implements Clock {
  private offsetMs: number;

  constructor(
    startAt?: Date,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = startAt ? startAt.getTime() - realNow() : 0;
  }

  /** The clock of a configuration: at CLOCK_AT when set (sandbox), else the machine's time. */
  static startingAt(iso: string | undefined): ServerClock {
    return new ServerClock(iso ? new Date(iso) : undefined);
  }

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  today(): IsoDate {
    return todayShanghai(this.now());
  }

  /** True when the clock has been set or moved away from the machine's time (the sandbox shows it). */
  get shifted(): boolean {
    return this.offsetMs !== 0;
  }

  /** Moves the clock forward (never back: a business step must not happen before one already recorded). */
  advance(ms: number): Date {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }
}

/** A clock that stands still at `at` (unit tests of pure functions; never the server's). */
export const fixedClock = (at: Date | string): Clock => {
  const instant = typeof at === 'string' ? new Date(at) : at;
  return { now: () => new Date(instant), today: () => todayShanghai(instant) };
};

/** The machine's own clock, for code that is built outside a running server (scripts) and unit tests. */
export const systemClock: Clock = new ServerClock();
