/**
 * What the member pages read on every visit (B1 账户总览: the member, the fund account, the loans and their next
 * instalments; B2 我的: the member and the fund account), remembered for a few seconds in front of an external core,
 * whose every call crosses the network (issue 17: p99 < 60 ms with 20 ms per call).
 *
 * It never shows a balance older than the last event the product applied: applying a core event for a member (a
 * deposit, a loan's disbursement, deduction or overdue instalment …), a business the core ended, or a change the
 * member made NOTIFYs core_member_changed with the member's id in that transaction (`memberChanged`); every instance
 * LISTENs and forgets the member, and the overviews that show a loan the member shares (the co-borrower's). While the listening connection is
 * down nothing is remembered; a read that began before a change was heard is not remembered; an entry lives
 * CORE_CACHE_SECONDS at most in any case (0 turns the cache off).
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.js';
import type { IsoDate } from '../../shared/dates.js';
import type { CoreFundAccount, CoreGateway, CoreMember, MemberOverview } from '../gateway.js';

const CORE_MEMBER_CHANNEL = 'core_member_changed';
const MAX_ENTRIES = 50_000;

/** In the caller's transaction: every instance forgets what it remembers of this member once it commits. */
export async function memberChanged(tx: Db, memberId: number): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${CORE_MEMBER_CHANNEL}, ${String(memberId)})`);
}

type Cached = 'getMember' | 'getMemberWithAccount' | 'getFundAccount' | 'getMemberOverview';
type Value = CoreMember | { member: CoreMember; account: CoreFundAccount | null } | CoreFundAccount | MemberOverview | null;

export class CoreMemberCache {
  /** `op:memberId[:argument]` → the answer; `keysOf` finds a member's entries when they are forgotten. */
  private readonly entries = new Map<string, { value: Value; until: number; memberId: number }>();
  private readonly keysOf = new Map<number, Set<string>>();
  /**
   * Member → the members whose remembered overview an event of theirs changes too: the other party of a loan they
   * share (an instalment deducted from the borrower's loan is the co-borrower's balance as well) and the spouse (the
   * usual co-borrower, of a loan made after the overview was remembered).
   */
  private readonly sharers = new Map<number, Set<number>>();
  private live = false;
  private epoch = 0;
  private readonly hits = { hit: 0, miss: 0 };

  constructor(
    database: Database,
    private readonly ttlSeconds: number,
  ) {
    if (ttlSeconds <= 0) return;
    database.listen(CORE_MEMBER_CHANNEL, {
      message: (payload) => this.forget(Number(payload)),
      up: () => {
        this.epoch++;
        this.live = true;
      },
      down: () => {
        this.live = false;
        this.entries.clear();
        this.keysOf.clear();
        this.sharers.clear();
      },
    });
  }

  /** Forgets one member at once, and the overviews that show a loan of theirs (this instance's own changes; the notification follows for the others). */
  forget(memberId: number): void {
    this.epoch++;
    this.drop(memberId);
    const sharing = this.sharers.get(memberId);
    this.sharers.delete(memberId);
    for (const other of sharing ?? []) this.drop(other);
  }

  private drop(memberId: number): void {
    for (const key of this.keysOf.get(memberId) ?? []) this.entries.delete(key);
    this.keysOf.delete(memberId);
  }

  get stats() {
    return { ...this.hits, size: this.entries.size };
  }

  /** The answer of `op` for the member (and `argument`, the overview's day), remembered or loaded. */
  async read<T extends Value>(op: Cached, memberId: number, load: () => Promise<T>, argument?: string): Promise<T> {
    const key = argument === undefined ? `${op}:${memberId}` : `${op}:${memberId}:${argument}`;
    const now = Date.now();
    const e = this.entries.get(key);
    if (e && e.until > now && this.live) {
      this.hits.hit++;
      return e.value as T;
    }
    this.hits.miss++;
    const epoch = this.epoch;
    const value = await load();
    if (this.live && epoch === this.epoch && this.ttlSeconds > 0) this.remember(key, memberId, value, now + this.ttlSeconds * 1000);
    return value;
  }

  private remember(key: string, memberId: number, value: Value, until: number): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const [oldest, entry] = this.entries.entries().next().value as [string, { memberId: number }];
      this.entries.delete(oldest);
      this.keysOf.get(entry.memberId)?.delete(oldest);
    }
    this.entries.set(key, { value, until, memberId });
    let keys = this.keysOf.get(memberId);
    if (!keys) this.keysOf.set(memberId, (keys = new Set()));
    keys.add(key);
    if (value && 'loans' in value) {
      const parties = value.loans.flatMap((l) => [l.borrowerMemberId, l.coBorrowerMemberId]);
      for (const other of [...parties, value.member.spouseMemberId]) {
        if (other === null || other === memberId) continue;
        let set = this.sharers.get(other);
        if (!set) this.sharers.set(other, (set = new Set()));
        set.add(memberId);
      }
    }
  }
}

/**
 * The core with its member reads remembered: the same object for every other call (a Proxy, so that the business,
 * the event feed and every query pass straight through), and the member's own changes forgotten at once.
 */
export function withMemberCache<C extends CoreGateway>(core: C, cache: CoreMemberCache): C {
  return new Proxy(core, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      switch (prop) {
        case 'getMember':
        case 'getMemberWithAccount':
        case 'getFundAccount':
          return (memberId: number) => cache.read(prop, memberId, () => (value as (id: number) => Promise<Value>).call(target, memberId));
        case 'getMemberOverview':
          return (memberId: number, on: IsoDate) =>
            cache.read(prop, memberId, () => (value as (id: number, on: IsoDate) => Promise<Value>).call(target, memberId, on), on);
        case 'updatePhone':
        case 'updateMemberProfile':
          return async (memberId: number, ...rest: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).call(target, memberId, ...rest);
            } finally {
              cache.forget(memberId);
            }
          };
        default:
          return (value as (...a: unknown[]) => unknown).bind(target);
      }
    },
  });
}
