/**
 * The staff side's guard and audit trail. Every staff write of this capability is recorded through the one function
 * `auditStaff(tx, staff, action, target, detail)` of the console contract (CONTRACTS.md "Staff console API"), in the
 * transaction of the change itself: the console's staff_audit (append-only, personal data masked).
 */
import type { StaffRole } from '../db/schema.js';
import { auditStaff } from '../console/audit.js';
import { forbidden } from '../shared/errors.js';
import type { StaffPrincipal } from '../review/staff.js';

/** Who answers complaints and community questions (CONTRACTS.md: service-agent and admin). */
export const SERVICE_ROLES: readonly StaffRole[] = ['service-agent', 'admin'];

export function requireRole(staff: StaffPrincipal, roles: readonly StaffRole[] = SERVICE_ROLES): StaffPrincipal {
  if (!roles.includes(staff.role)) throw forbidden('STAFF_FORBIDDEN', '无权限执行此操作');
  return staff;
}

/** The console's staff audit log (console/audit.ts, table staff_audit). */
export { auditStaff };
