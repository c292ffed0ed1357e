/**
 * The members the product knows (issue 17): the ids its own rows — credentials, sessions, followers, applications,
 * messages — refer to (migration 0060). With the built-in core a trigger fills it; with a center's own core the
 * product adds a member the first time the core names them (registration, login, any read of the member, an event
 * for them), remembering in memory whom it has added so that a read costs nothing more after the first.
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import type { CoreGateway, CoreMember } from '../core/gateway.js';

/** In the caller's transaction (or on the database): the member is known from now on. */
export async function knowMember(db: Db, memberId: number): Promise<void> {
  await db.execute(sql`INSERT INTO known_members (id) VALUES (${memberId}) ON CONFLICT DO NOTHING`);
}

/** The core whose member reads add the members they name to known_members (an external core; a Proxy passes all else). */
export function withKnownMembers<C extends CoreGateway>(core: C, database: Database): C {
  const known = new Set<number>();
  const see = async (member: CoreMember | null | undefined): Promise<void> => {
    if (!member || known.has(member.id)) return;
    await knowMember(database.db, member.id);
    known.add(member.id);
  };
  return new Proxy(core, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const call = (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      switch (prop) {
        case 'findMemberByIdNumber':
        case 'findMemberByPhone':
        case 'getMember':
          return async (...args: unknown[]) => {
            const member = (await call(...args)) as CoreMember | null;
            await see(member);
            return member;
          };
        case 'getMemberWithAccount':
        case 'getMemberOverview':
          return async (...args: unknown[]) => {
            const found = (await call(...args)) as { member: CoreMember } | null;
            await see(found?.member);
            return found;
          };
        default:
          return (value as (...a: unknown[]) => unknown).bind(target);
      }
    },
  });
}
