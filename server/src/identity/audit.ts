/**
 * The audit trail (audit_log): every login and its failures, password changes, bindings and unbindings, and the
 * other security events of A1–A9. Other capabilities may record their own events through `recordAudit`.
 * Details are masked before they are stored: an audit row never holds a whole ID number or phone.
 */
import type { Context } from 'koa';
import type { Database } from '../db/client.js';
import { auditLog } from './tables.js';
import { DomainError } from '../shared/errors.js';
import { maskPersonalDataInText } from '../shared/mask.js';

/** Where a request came from, for the audit trail and the session list. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export const requestMeta = (ctx: Context): RequestMeta => ({
  ip: ctx.ip || null,
  userAgent: ctx.get('user-agent').slice(0, 256) || null,
});

export interface AuditEntry {
  /** The member acting, or null for an anonymous caller (a failed login of an unknown account). */
  memberId: number | null;
  actor?: string;
  action: string;
  target?: string | null;
  result: 'success' | 'failure';
  /** The error code of a failure. */
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Masks ID numbers and phones in every string of a details object (the staff audit uses it too). */
export function maskDetails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalDataInText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDetails(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDetails(v, depth + 1)]));
}

export async function recordAudit(database: Database, entry: AuditEntry, meta: RequestMeta | null = null): Promise<void> {
  await database.db.insert(auditLog).values({
    actor: entry.actor ?? (entry.memberId ? `member:${entry.memberId}` : 'anonymous'),
    memberId: entry.memberId,
    action: entry.action,
    target: entry.target ? maskPersonalDataInText(entry.target) : entry.memberId ? `member:${entry.memberId}` : null,
    result: entry.result,
    reason: entry.reason ?? null,
    ip: meta?.ip ?? null,
    userAgent: meta?.userAgent ?? null,
    details: maskDetails(entry.details ?? {}) as Record<string, unknown>,
  });
}

/**
 * Runs a security operation and records its outcome: success, or failure with the error's code (then rethrows).
 * `more` adds what is only known from the result (e.g. the member once identified).
 */
export async function audited<T>(
  database: Database,
  meta: RequestMeta | null,
  entry: Omit<AuditEntry, 'result' | 'reason'>,
  fn: () => Promise<T>,
  more?: (result: T) => Partial<AuditEntry>,
): Promise<T> {
  try {
    const result = await fn();
    await recordAudit(database, { ...entry, ...more?.(result), result: 'success' }, meta);
    return result;
  } catch (err) {
    if (err instanceof DomainError) await recordAudit(database, { ...entry, result: 'failure', reason: err.code }, meta);
    throw err;
  }
}
