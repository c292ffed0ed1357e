/**
 * G9: the versioned user agreement (个人用户协议) and privacy statement (隐私声明). The current version of a kind is
 * the newest already in effect (Asia/Shanghai day). Registration must accept the current versions (000 一(一)
 * “需打勾后才能进行注册”), and which versions were accepted, and when, is kept per member. A version staff are still
 * writing (console, published_at NULL) is never current.
 */
import { and, desc, eq, isNotNull, lte } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { agreements, type AgreementKind } from '../content/tables.js';
import { agreementAcceptances } from './tables.js';
import type { IsoDate } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';
import type { Executor } from './store.js';

type Agreement = typeof agreements.$inferSelect;

export async function currentAgreement(database: Database, kind: AgreementKind, today: IsoDate): Promise<Agreement> {
  const [row] = await database.db
    .select()
    .from(agreements)
    .where(and(eq(agreements.kind, kind), isNotNull(agreements.publishedAt), lte(agreements.effectiveOn, today)))
    .orderBy(desc(agreements.effectiveOn), desc(agreements.id))
    .limit(1);
  if (!row) throw new DomainError('AGREEMENT_NOT_FOUND', '协议尚未发布', 404);
  return row;
}

export interface AgreementConsent {
  accepted: boolean;
  userAgreementVersion: string;
  privacyVersion: string;
}

/** The ids of the current agreements the member accepted; refused when unticked or an older version was shown. */
export async function checkConsent(database: Database, consent: AgreementConsent, today: IsoDate): Promise<number[]> {
  if (!consent.accepted) throw new DomainError('AGREEMENT_NOT_ACCEPTED', '请阅读并勾选“我已同意【个人用户协议】”后再注册', 400);
  const [user, privacy] = await Promise.all([currentAgreement(database, 'user-agreement', today), currentAgreement(database, 'privacy', today)]);
  if (user.version !== consent.userAgreementVersion || privacy.version !== consent.privacyVersion) {
    throw new DomainError('AGREEMENT_OUTDATED', '用户协议或隐私声明已更新，请重新阅读并同意最新版本', 409, {
      userAgreementVersion: user.version,
      privacyVersion: privacy.version,
    });
  }
  return [user.id, privacy.id];
}

export async function recordAcceptances(executor: Executor, memberId: number, agreementIds: number[], at: Date): Promise<void> {
  if (!agreementIds.length) return;
  await executor.insert(agreementAcceptances).values(agreementIds.map((agreementId) => ({ memberId, agreementId, acceptedAt: at })));
}

/** The latest accepted version of each kind, with when. */
export async function acceptedAgreements(database: Database, memberId: number): Promise<{ kind: AgreementKind; version: string; acceptedAt: string }[]> {
  const rows = await database.db
    .select({ kind: agreements.kind, version: agreements.version, acceptedAt: agreementAcceptances.acceptedAt })
    .from(agreementAcceptances)
    .innerJoin(agreements, eq(agreements.id, agreementAcceptances.agreementId))
    .where(eq(agreementAcceptances.memberId, memberId))
    .orderBy(desc(agreementAcceptances.acceptedAt), desc(agreementAcceptances.id));
  const latest = new Map<AgreementKind, { kind: AgreementKind; version: string; acceptedAt: string }>();
  for (const r of rows) if (!latest.has(r.kind)) latest.set(r.kind, { kind: r.kind, version: r.version, acceptedAt: r.acceptedAt.toISOString() });
  return [...latest.values()];
}
