/**
 * The staff side's guard and audit trail. Every staff write of this capability is recorded through the one function
 * `auditStaff(tx, staff, action, target, detail)` of the console contract (CONTRACTS.md "Staff console API"), in the
 * transaction of the change itself. Until the console's own staff audit exists it appends to audit_log (append-only,
 * personal data masked); the console can redirect this one function.
 */
import type { Db } from '../db/client.js';
import { auditLog, type StaffRole } from '../db/schema.js';
import { maskDetails } from '../identity/audit.js';
import { forbidden } from '../shared/errors.js';
import type { StaffPrincipal } from '../review/staff.js';

/** Who answers complaints and community questions (CONTRACTS.md: service-agent and admin). */
export const SERVICE_ROLES: readonly StaffRole[] = ['service-agent', 'admin'];

export function requireRole(staff: StaffPrincipal, roles: readonly StaffRole[] = SERVICE_ROLES): StaffPrincipal {
  if (!roles.includes(staff.role)) throw forbidden('STAFF_FORBIDDEN', '无权限执行此操作');
  return staff;
}

export async function auditStaff(tx: Pick<Db, 'insert'>, staff: StaffPrincipal, action: string, target: string, detail: Record<string, unknown> = {}): Promise<void> {
  await tx.insert(auditLog).values({
    actor: `staff:${staff.id}`,
    memberId: null,
    action,
    target,
    result: 'success',
    details: maskDetails({ staffName: staff.name, role: staff.role, ...detail }) as Record<string, unknown>,
  });
}
