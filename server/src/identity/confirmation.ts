/**
 * A9 identity confirmation before a transaction (001 2.1–2.4 “职工身份验证”: 人脸验证 or 业务密码). The member
 * confirms one transaction — a purpose and a reference the calling capability names (e.g. purpose
 * `withdrawal.retirement`, reference the application's serial number) — with the business password or a fresh face
 * pass started for that same transaction, and receives a one-use confirmation token bound to it.
 *
 * The capability that carries out the transaction then calls `consumeConfirmation(database, { token, memberId,
 * purpose, reference })`: it succeeds once, for that member, purpose and reference, within 10 minutes, and throws
 * 403 CONFIRMATION_INVALID otherwise. Inside a drizzle transaction pass `{ db: tx }`, so that a rollback undoes the use.
 */
import type { Database } from '../db/client.js';
import { DomainError } from '../shared/errors.js';
import { audited, type RequestMeta } from './audit.js';
import type { IdentityContext } from './context.js';
import type { FaceStarted, FaceVerifications } from './face.js';
import { FACE, TICKET } from './policy.js';
import { businessPasswordWrong, registeredCredentials } from './security.js';
import type { MemberPrincipal } from './sessions.js';
import type { Executor } from './store.js';
import { consumeTicket, issueTicket } from './tickets.js';

export const TRANSACTION_PURPOSE = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;
export const TRANSACTION_REFERENCE = /^[\w.:-]{1,64}$/;

interface TransactionRef {
  purpose: string;
  reference: string;
}

type TransactionFacePurpose = 'transaction' | 'spouse-confirmation';

const referenceKey = (t: TransactionRef) => `${t.purpose}/${t.reference}`;

/**
 * Starts the face verification for one transaction (001 2.5 “人脸认证”), by the member themself ('transaction': its
 * pass confirms through POST /api/me/security/confirmations) or by the spouse who confirms it (001 2.3
 * 'spouse-confirmation': the capability of that transaction checks the pass with `consumeTransactionFacePass`).
 */
export async function startTransactionFace(
  ctx: IdentityContext,
  me: MemberPrincipal,
  purpose: TransactionFacePurpose,
  t: TransactionRef,
): Promise<FaceStarted> {
  await registeredCredentials(ctx, me.id);
  return ctx.face.start({ memberId: me.id, purpose, reference: referenceKey(t) });
}

/** For capabilities: uses up a fresh face pass of this member started for this transaction, or throws. */
export async function consumeTransactionFacePass(
  face: FaceVerifications,
  p: { bizToken: string; memberId: number; purpose: TransactionFacePurpose; transaction: TransactionRef },
): Promise<void> {
  await face.consumePass({
    bizToken: p.bizToken,
    purpose: p.purpose,
    memberId: p.memberId,
    reference: referenceKey(p.transaction),
    freshSeconds: FACE.transactionFreshSeconds,
  });
}

interface Confirmation {
  confirmationToken: string;
  expiresAt: string;
  purpose: string;
  reference: string;
  method: 'business-password' | 'face';
}

export async function confirmTransaction(
  ctx: IdentityContext,
  me: MemberPrincipal,
  c: TransactionRef & { businessPassword?: string | undefined; bizToken?: string | undefined },
  meta: RequestMeta,
): Promise<Confirmation> {
  const method = c.businessPassword !== undefined ? 'business-password' : 'face';
  return audited(ctx.database, meta, { memberId: me.id, action: 'transaction.confirm', target: referenceKey(c), details: { method } }, async () => {
    const cred = await registeredCredentials(ctx, me.id);
    if (c.businessPassword !== undefined) {
      await ctx.checks.check(cred, 'business', c.businessPassword, businessPasswordWrong);
    } else if (c.bizToken !== undefined) {
      await consumeTransactionFacePass(ctx.face, { bizToken: c.bizToken, memberId: me.id, purpose: 'transaction', transaction: c });
    } else {
      throw new DomainError('VERIFICATION_REQUIRED', '请输入业务密码或进行人脸认证', 400);
    }
    const t = await issueTicket(ctx.database, {
      kind: 'transaction-confirmation',
      memberId: me.id,
      method,
      purpose: c.purpose,
      reference: c.reference,
      ttlSeconds: TICKET.confirmationSeconds,
    });
    return { confirmationToken: t.token, expiresAt: t.expiresAt, purpose: c.purpose, reference: c.reference, method };
  });
}

/**
 * For the capabilities that carry out transactions: uses up a confirmation token of this member for this purpose
 * and reference, or throws 403 CONFIRMATION_INVALID (unknown, expired, already used, or for something else).
 */
export async function consumeConfirmation(
  database: Database | { db: Executor },
  p: { token: string; memberId: number; purpose: string; reference: string },
): Promise<{ method: 'business-password' | 'face'; confirmedAt: Date }> {
  const ticket = await consumeTicket(
    database.db,
    p.token,
    { kind: 'transaction-confirmation', memberId: p.memberId, purpose: p.purpose, reference: p.reference },
    () => new DomainError('CONFIRMATION_INVALID', '身份确认已失效，请重新验证业务密码或人脸', 403),
  );
  return { method: ticket.method === 'face' ? 'face' : 'business-password', confirmedAt: ticket.createdAt };
}
