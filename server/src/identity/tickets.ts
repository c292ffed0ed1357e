/**
 * One-use, short-lived proofs that a step of a flow was passed: registration (identity verified → set passwords,
 * 001 1.2 → 1.3), password reset (SMS verified → new password, 004 1.4) and A9 transaction confirmations. Only the
 * token's SHA-256 is stored; consuming is a single UPDATE, so a ticket can never be used twice.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { identityTickets, type TicketKind, type VerificationMethod } from './tables.js';
import { DomainError } from '../shared/errors.js';
import type { Executor } from './store.js';
import { newToken, tokenHash } from '../shared/tokens.js';

interface TicketSpec {
  kind: TicketKind;
  memberId: number;
  method: VerificationMethod;
  purpose?: string | null;
  reference?: string | null;
  data?: Record<string, unknown>;
  ttlSeconds: number;
}

type Ticket = typeof identityTickets.$inferSelect;

export async function issueTicket(database: Database, spec: TicketSpec): Promise<{ token: string; expiresAt: string }> {
  const token = newToken(spec.kind === 'transaction-confirmation' ? 'c' : 't');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + spec.ttlSeconds * 1000);
  await database.db.insert(identityTickets).values({
    tokenHash: tokenHash(token),
    kind: spec.kind,
    memberId: spec.memberId,
    method: spec.method,
    purpose: spec.purpose ?? null,
    reference: spec.reference ?? null,
    data: spec.data ?? {},
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt: expiresAt.toISOString() };
}

/**
 * Uses a ticket up. Unknown, expired, used, or of another kind / member / purpose / reference: `invalid()`.
 * Inside a transaction (executor), the use is undone with it.
 */
export async function consumeTicket(
  executor: Executor,
  token: string,
  expect: { kind: TicketKind; memberId?: number; purpose?: string; reference?: string },
  invalid: () => DomainError,
): Promise<Ticket> {
  const rows = await executor
    .update(identityTickets)
    .set({ consumedAt: new Date() })
    .where(
      and(
        eq(identityTickets.tokenHash, tokenHash(token)),
        eq(identityTickets.kind, expect.kind),
        isNull(identityTickets.consumedAt),
        gt(identityTickets.expiresAt, new Date()),
        expect.memberId !== undefined ? eq(identityTickets.memberId, expect.memberId) : undefined,
        expect.purpose !== undefined ? eq(identityTickets.purpose, expect.purpose) : undefined,
        expect.reference !== undefined ? eq(identityTickets.reference, expect.reference) : undefined,
      ),
    )
    .returning();
  if (!rows[0]) throw invalid();
  return rows[0];
}

/** Reads a live ticket without using it (to check inputs against its member before the use). */
export async function peekTicket(database: Database, token: string, kind: TicketKind, invalid: () => DomainError): Promise<Ticket> {
  const [row] = await database.db
    .select()
    .from(identityTickets)
    .where(
      and(
        eq(identityTickets.tokenHash, tokenHash(token)),
        eq(identityTickets.kind, kind),
        isNull(identityTickets.consumedAt),
        gt(identityTickets.expiresAt, new Date()),
      ),
    );
  if (!row) throw invalid();
  return row;
}
