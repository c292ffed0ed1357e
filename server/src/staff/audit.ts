/**
 * I5 the staff audit log (staff_audit, append-only): who did what to which record, and when. Every staff write
 * calls auditStaff with the transaction of its change, so the entry exists exactly when the change does; logins,
 * failed logins and lock-outs are recorded too. Details are masked: an entry never holds a whole ID number or phone.
 */
import { and, count, desc, eq, gte, ilike, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { staffAudit } from './tables.js';
import { maskPersonalDataInText } from '../shared/mask.js';
import { maskDetails } from '../identity/audit.js';
import { containsPattern } from '../content/store.js';
import { dayStart, nextDayStart, shanghaiIso } from '../shared/dates.js';
import { actionLabel, actionPattern, detailText, targetLabel } from './audit-labels.js';

/** Who acted: a staff member, or (failed login) the user name that was tried. */
interface StaffActor {
  id: number | null;
  username: string;
  name: string;
}

type AuditExecutor = Pick<Db, 'insert'>;

export async function auditStaff(
  tx: AuditExecutor,
  staff: StaffActor,
  action: string,
  target: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(staffAudit).values({
    staffId: staff.id,
    staffUsername: staff.username.slice(0, 64),
    staffName: staff.name.slice(0, 40),
    action,
    target: target === null ? null : maskPersonalDataInText(target).slice(0, 200),
    detail: maskDetails(detail) as Record<string, unknown>,
  });
}

interface AuditQuery {
  staff?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** Newest first. `staff` matches the user name or the name; `action` is a prefix (content. finds every content action). */
export async function searchAudit(db: Db, q: AuditQuery) {
  const a = staffAudit;
  const where = and(
    q.staff ? or(eq(a.staffUsername, q.staff.toLowerCase()), ilike(a.staffName, containsPattern(q.staff))) : undefined,
    q.action ? sql`${a.action} LIKE ${actionPattern(q.action)}` : undefined,
    q.from ? gte(a.at, dayStart(q.from)) : undefined,
    q.to ? lt(a.at, nextDayStart(q.to)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(a)
      .where(where)
      .orderBy(desc(a.at), desc(a.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(a).where(where),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: shanghaiIso(r.at),
      staffName: r.staffName,
      staffUsername: r.staffUsername,
      action: r.action,
      target: r.target,
      detail: r.detail,
      actionLabel: actionLabel(r.action),
      targetLabel: targetLabel(r.target),
      detailText: detailText(r.detail),
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}
