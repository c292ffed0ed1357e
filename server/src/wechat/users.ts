/**
 * What the official account knows of its followers (wechat_users, 0002): who is bound to which member (written
 * by identity, read here), whether they follow (written here), their unionid (H6, from cgi-bin/user/info), and
 * the last location they sent (wechat_locations, for 网点).
 */
import { asc, eq, or } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { pgErrorCode } from '../db/errors.js';
import { wechatUsers } from './tables.js';
import { batched } from '../shared/batch.js';

export interface Location {
  latitude: number;
  longitude: number;
}

interface Follower {
  memberId: number | null;
  subscribed: boolean;
}

export class WeChatUsers {
  /** The member bound to an official-account openid (null: not bound); batched across concurrent pushes. */
  readonly memberIdOf: (oaOpenid: string) => Promise<number | null>;

  constructor(private readonly database: Database) {
    this.memberIdOf = batched(async (openids: string[]) => {
      const rows = await database.query<{ oa_openid: string; member_id: number | null }>(
        'SELECT oa_openid, member_id FROM wechat_users WHERE oa_openid = ANY($1::text[])',
        [[...new Set(openids)]],
      );
      const byOpenid = new Map(rows.map((r) => [r.oa_openid, r.member_id]));
      return openids.map((o) => byOpenid.get(o) ?? null);
    });
  }

  /** subscribe: the follower exists and follows from now on. */
  async recordSubscribe(oaOpenid: string): Promise<Follower> {
    const [row] = await this.database.query<{ member_id: number | null }>(
      `INSERT INTO wechat_users (oa_openid, subscribed, subscribed_at) VALUES ($1, true, now())
       ON CONFLICT (oa_openid) DO UPDATE SET subscribed = true, subscribed_at = now(), unsubscribed_at = NULL
       RETURNING member_id`,
      [oaOpenid],
    );
    return { memberId: row?.member_id ?? null, subscribed: true };
  }

  /** unsubscribe: kept (the binding stays), marked as no longer following. */
  async recordUnsubscribe(oaOpenid: string): Promise<void> {
    await this.database.query(
      `INSERT INTO wechat_users (oa_openid, subscribed, unsubscribed_at) VALUES ($1, false, now())
       ON CONFLICT (oa_openid) DO UPDATE SET subscribed = false, unsubscribed_at = now()`,
      [oaOpenid],
    );
  }

  async saveLocation(oaOpenid: string, loc: Location): Promise<void> {
    await this.database.query(
      `INSERT INTO wechat_locations (oa_openid, latitude, longitude) VALUES ($1, $2, $3)
       ON CONFLICT (oa_openid) DO UPDATE SET latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, reported_at = now()`,
      [oaOpenid, loc.latitude, loc.longitude],
    );
  }

  async locationOf(oaOpenid: string): Promise<Location | null> {
    const [row] = await this.database.query<{ latitude: number; longitude: number }>('SELECT latitude, longitude FROM wechat_locations WHERE oa_openid = $1', [
      oaOpenid,
    ]);
    return row ? { latitude: Number(row.latitude), longitude: Number(row.longitude) } : null;
  }

  /** Followers of the last day whose unionid is not known yet (the unionid job asks WeChat for them). */
  async withoutUnionid(limit: number): Promise<string[]> {
    const rows = await this.database.query<{ oa_openid: string }>(
      `SELECT oa_openid FROM wechat_users WHERE oa_openid IS NOT NULL AND unionid IS NULL AND subscribed
         AND subscribed_at > now() - interval '1 day'
       ORDER BY subscribed_at DESC, id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.oa_openid);
  }

  /**
   * Records the unionid of an official-account follower (H6). When the mini-program already brought the same
   * person (a row with this unionid), the two rows become one: the follower's row is folded into it, keeping
   * whichever binding exists. Two rows bound to different members are left alone ('conflict').
   */
  async attachUnionid(oaOpenid: string, unionid: string): Promise<'attached' | 'merged' | 'unchanged' | 'conflict'> {
    return this.database.db
      .transaction(async (tx) => {
        const rows = await tx
          .select()
          .from(wechatUsers)
          .where(or(eq(wechatUsers.oaOpenid, oaOpenid), eq(wechatUsers.unionid, unionid)))
          .orderBy(asc(wechatUsers.id))
          .for('update');
        const mine = rows.find((r) => r.oaOpenid === oaOpenid);
        const theirs = rows.find((r) => r.unionid === unionid);
        if (!mine) return 'unchanged';
        if (!theirs) {
          await tx.update(wechatUsers).set({ unionid }).where(eq(wechatUsers.id, mine.id));
          return 'attached';
        }
        if (theirs.id === mine.id) return 'unchanged';
        if (theirs.oaOpenid !== null || (mine.memberId !== null && theirs.memberId !== null && mine.memberId !== theirs.memberId)) return 'conflict';
        // oa_openid and member_id are unique: the follower's row goes first, then the person's row takes them.
        await tx.delete(wechatUsers).where(eq(wechatUsers.id, mine.id));
        await tx
          .update(wechatUsers)
          .set({
            oaOpenid,
            subscribed: mine.subscribed,
            subscribedAt: mine.subscribedAt,
            unsubscribedAt: mine.unsubscribedAt,
            ...(theirs.memberId === null && mine.memberId !== null ? { memberId: mine.memberId, boundAt: mine.boundAt } : {}),
          })
          .where(eq(wechatUsers.id, theirs.id));
        return 'merged' as const;
      })
      .catch((err: unknown) => {
        if (pgErrorCode(err) === '23505') return 'conflict' as const; // another instance got there first
        throw err;
      });
  }
}
