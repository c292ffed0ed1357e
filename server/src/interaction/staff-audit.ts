/**
 * The staff side's guard and audit trail. Every staff write of this capability is recorded through the one function
 * `auditStaff(tx, staff, action, target, detail)` of the console contract (CONTRACTS.md "Staff console API"), in the
 * transaction of the change itself: the console's staff_audit (append-only, personal data masked).
 */
import { auditStaff } from '../staff/audit.js';
import { assertRole } from '../staff/roles.js';
import type { StaffPrincipal } from '../staff/auth.js';

/** Who answers complaints and community questions (CONTRACTS.md: service-agent and admin): 403 STAFF_FORBIDDEN otherwise. */
export const requireRole = (staff: StaffPrincipal): StaffPrincipal => assertRole(staff, 'service-agent');

/** The console's staff audit log (staff/audit.ts, table staff_audit). */
export { auditStaff };
