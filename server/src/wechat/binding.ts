/**
 * The binding of a WeChat person (wechat_users: official-account openid, mini-program openid, unionid) to a member
 * (H6: one member across the account and the mini-program). The official account owns the table: identity binds
 * and unbinds through these functions (in its own transaction) once WeChat has vouched for the ids
 * (identity/wechat-binding.ts), and the webhook keeps the follow state (users.ts). A member is bound to at most one
 * WeChat person; binding is optional (web / API clients).
 */
import { and, eq, ne, or } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { wechatUsers } from './tables.js';

/** A transaction (or the database) of the caller. */
type Executor = Pick<Db, 'insert' | 'update' | 'select'>;

export interface WechatIds {
  oaOpenid?: string | undefined;
  mpOpenid?: string | undefined;
  unionid?: string | undefined;
}

const hasWechatIds = (ids: WechatIds | undefined | null): ids is WechatIds => !!(ids?.oaOpenid || ids?.mpOpenid || ids?.unionid);

interface BindResult {
  wechatUserId: number;
  /** The member this WeChat person was bound to before, when another one. */
  previousMemberId: number | null;
  /** False when the binding was already exactly this. */
  changed: boolean;
}

/** Binds the WeChat person with these ids to the member (creating or completing its row); null without ids. */
export async function bindWechat(executor: Executor, memberId: number, ids: WechatIds): Promise<BindResult | null> {
  if (!hasWechatIds(ids)) return null;
  const matches = await executor
    .select()
    .from(wechatUsers)
    .where(
      or(
        ids.unionid ? eq(wechatUsers.unionid, ids.unionid) : undefined,
        ids.oaOpenid ? eq(wechatUsers.oaOpenid, ids.oaOpenid) : undefined,
        ids.mpOpenid ? eq(wechatUsers.mpOpenid, ids.mpOpenid) : undefined,
      ),
    );
  // The unionid names the person across both apps; otherwise the row of either openid.
  const primary =
    matches.find((r) => ids.unionid && r.unionid === ids.unionid) ??
    matches.find((r) => ids.oaOpenid && r.oaOpenid === ids.oaOpenid) ??
    matches.find((r) => ids.mpOpenid && r.mpOpenid === ids.mpOpenid);
  const now = new Date();
  // member_id is unique: release the member's other WeChat row first.
  await executor
    .update(wechatUsers)
    .set({ memberId: null, boundAt: null })
    .where(and(eq(wechatUsers.memberId, memberId), primary ? ne(wechatUsers.id, primary.id) : undefined));
  if (!primary) {
    const [row] = await executor
      .insert(wechatUsers)
      .values({
        unionid: ids.unionid ?? null,
        oaOpenid: ids.oaOpenid ?? null,
        mpOpenid: ids.mpOpenid ?? null,
        memberId,
        boundAt: now,
      })
      .returning({ id: wechatUsers.id });
    return { wechatUserId: row!.id, previousMemberId: null, changed: true };
  }
  // Fill in ids the row lacks, unless another row already holds them.
  const others = matches.filter((r) => r.id !== primary.id);
  const free = (key: 'unionid' | 'oaOpenid' | 'mpOpenid') => (ids[key] && !primary[key] && !others.some((r) => r[key] === ids[key]) ? ids[key] : undefined);
  const fill = { unionid: free('unionid'), oaOpenid: free('oaOpenid'), mpOpenid: free('mpOpenid') };
  await executor
    .update(wechatUsers)
    .set({
      ...Object.fromEntries(Object.entries(fill).filter(([, v]) => v !== undefined)),
      memberId,
      boundAt: primary.memberId === memberId ? primary.boundAt : now,
    })
    .where(eq(wechatUsers.id, primary.id));
  const changed = primary.memberId !== memberId || Object.values(fill).some((v) => v !== undefined);
  return { wechatUserId: primary.id, previousMemberId: primary.memberId && primary.memberId !== memberId ? primary.memberId : null, changed };
}

/** A7: the member is no longer bound to any WeChat person; returns how many bindings ended. */
export async function unbindWechat(executor: Executor, memberId: number): Promise<number> {
  const rows = await executor
    .update(wechatUsers)
    .set({ memberId: null, boundAt: null })
    .where(eq(wechatUsers.memberId, memberId))
    .returning({ id: wechatUsers.id });
  return rows.length;
}

export async function wechatBindingOf(database: Database, memberId: number) {
  const [row] = await database.db.select().from(wechatUsers).where(eq(wechatUsers.memberId, memberId));
  return row ?? null;
}

/** The demo center: a demo member bound to their WeChat person, who follows the official account. */
export async function bindDemoFollower(executor: Executor, memberId: number, ids: Required<WechatIds>, at: Date): Promise<void> {
  await executor.insert(wechatUsers).values({ ...ids, subscribed: true, subscribedAt: at, memberId, boundAt: at });
}
