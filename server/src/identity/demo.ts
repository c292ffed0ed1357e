/**
 * Demo data of the identity capability (registered in src/demo.ts): the manuals' named members are registered with
 * the same memorable passwords, have accepted the current agreements, and are bound to demo WeChat ids, so that the
 * official-account bot and the mini-program work for them at once. 杨秀英 (closed account) stays unregistered:
 * she shows that registration is refused. The 40 generated members stay unregistered too (they can register).
 */
import { eq, inArray } from 'drizzle-orm';
import { namedMembers } from '../core/builtin/seed/people.js';
import { agreements } from '../content/tables.js';
import { members } from '../core/tables.js';
import { agreementAcceptances, memberCredentials } from './tables.js';
import { bindDemoFollower } from '../wechat/binding.js';
import type { DemoContext } from '../demo.js';
import { passwordPepper } from './context.js';
import { PasswordHasher } from './passwords.js';

/** 8–16 characters, 4 classes (001 1.3). */
export const DEMO_LOGIN_PASSWORD = 'Hpf@2026demo';
/** 6 digits, no run, no repeated digit, no demo member's birthday (001 4.2). */
export const DEMO_BUSINESS_PASSWORD = '258036';

const DEMO_KEYS = ['luQingyi', 'duanDemei', 'liGuoqiang', 'gaoZhenhua', 'luTianpeng', 'zhangRuixia', 'zhangJian', 'heLihua', 'muWenjun'] as const;

/** The demo WeChat person of each registered named member: official account, mini-program, unionid. */
export const DEMO_WECHAT: Readonly<Record<(typeof DEMO_KEYS)[number], { oaOpenid: string; mpOpenid: string; unionid: string }>> = Object.fromEntries(
  DEMO_KEYS.map((key) => {
    const k = key.toLowerCase();
    return [key, { oaOpenid: `oDEMO_${k}`, mpOpenid: `oDEMO_mp_${k}`, unionid: `uDEMO_${k}` }];
  }),
) as never;

export async function seedIdentityDemo({ database, cipher, today }: DemoContext) {
  const hasher = new PasswordHasher(passwordPepper(cipher));
  const people = namedMembers(today).filter((p) => (DEMO_KEYS as readonly string[]).includes(p.key));
  const db = database.db;
  const ids = await db
    .select({ id: members.id, hash: members.idNumberHash })
    .from(members)
    .where(
      inArray(
        members.idNumberHash,
        people.map((p) => cipher.lookupHash('id', p.idNumber)),
      ),
    );
  const byHash = new Map(ids.map((r) => [r.hash, r.id]));
  const current = await db.select({ id: agreements.id, kind: agreements.kind, effectiveOn: agreements.effectiveOn }).from(agreements);
  const agreementIds = (['user-agreement', 'privacy'] as const).map(
    (kind) => current.filter((a) => a.kind === kind && a.effectiveOn <= today).sort((a, b) => b.effectiveOn.localeCompare(a.effectiveOn) || b.id - a.id)[0]!.id,
  );
  const now = new Date();
  let registered = 0;
  for (const p of people) {
    const memberId = byHash.get(cipher.lookupHash('id', p.idNumber));
    if (!memberId) continue;
    const [loginPasswordHash, businessPasswordHash] = await Promise.all([hasher.hash(DEMO_LOGIN_PASSWORD), hasher.hash(DEMO_BUSINESS_PASSWORD)]);
    await db.transaction(async (tx) => {
      await tx.delete(memberCredentials).where(eq(memberCredentials.memberId, memberId));
      await tx.insert(memberCredentials).values({ memberId, loginPasswordHash, businessPasswordHash, registeredBy: 'sms', registeredAt: now });
      await tx.insert(agreementAcceptances).values(agreementIds.map((agreementId) => ({ memberId, agreementId, acceptedAt: now })));
      const w = DEMO_WECHAT[p.key as (typeof DEMO_KEYS)[number]];
      await bindDemoFollower(tx, memberId, w, now);
    });
    registered++;
  }
  return { registered };
}
