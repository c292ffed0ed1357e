/**
 * The staff side's guard and audit trail. Every staff write of this capability is recorded through the one function
 * `auditStaff(tx, staff, action, target, detail)` of the console contract (CONTRACTS.md "Staff console API"), in the
 * transaction of the change itself: the console's staff_audit (append-only, personal data masked).
 */
import { auditStaff } from '../console/audit.js';
import { assertRole } from '../console/roles.js';
import type { StaffPrincipal } from '../review/staff.js';

/** Who answers complaints and community questions (CONTRACTS.md: service-agent and admin): 403 STAFF_FORBIDDEN otherwise. */
export const requireRole = (staff: StaffPrincipal): StaffPrincipal => assertRole(staff, 'service-agent');

/** The console's staff audit log (console/audit.ts, table staff_audit). */
export { auditStaff };
