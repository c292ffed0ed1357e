/**
 * Roles of the center's staff (staff_users.role) and what each may do. An administrator may do everything; the
 * console builds its navigation from `GET /api/staff/meta`, and every staff route checks with requireRole.
 */
import type { Context } from 'koa';
import type { StaffRole } from './tables.js';
import { staffOf, type StaffPrincipal } from './auth.js';
import { forbidden } from '../shared/errors.js';

export const ROLE_LABELS: Record<StaffRole, string> = {
  reviewer: '审核人员',
  'content-editor': '内容编辑',
  'service-agent': '客服人员',
  admin: '系统管理员',
};

type Permission = 'review' | 'content' | 'broadcasts' | 'complaints' | 'community' | 'stats' | 'audit' | 'staff-users';

/** The console's menu, in order; each entry needs its permission. */
const MENU: { key: Permission; label: string }[] = [
  { key: 'review', label: '业务审批' },
  { key: 'content', label: '内容管理' },
  { key: 'broadcasts', label: '消息群发' },
  { key: 'complaints', label: '投诉建议' },
  { key: 'community', label: '互动社区' },
  { key: 'stats', label: '统计分析' },
  { key: 'audit', label: '操作日志' },
  { key: 'staff-users', label: '人员管理' },
];

export const ROLE_PERMISSIONS: Record<StaffRole, Permission[]> = {
  reviewer: ['review'],
  'content-editor': ['content', 'broadcasts'],
  'service-agent': ['complaints', 'community'],
  admin: MENU.map((m) => m.key),
};

export const STAFF_FORBIDDEN_MESSAGE = '无权限执行此操作';

/** The staff member of the request when their role is one of `roles` (an administrator always is); 403 STAFF_FORBIDDEN otherwise. */
export function requireRole(ctx: Context, ...roles: StaffRole[]): StaffPrincipal {
  return assertRole(staffOf(ctx), ...roles);
}

/** The same check for a staff member already known (services that take the principal rather than the request). */
export function assertRole(staff: StaffPrincipal, ...roles: StaffRole[]): StaffPrincipal {
  if (staff.role !== 'admin' && !roles.includes(staff.role)) throw forbidden('STAFF_FORBIDDEN', STAFF_FORBIDDEN_MESSAGE);
  return staff;
}

export function meta(staff: StaffPrincipal) {
  const permissions = ROLE_PERMISSIONS[staff.role];
  return {
    staff,
    roles: (Object.keys(ROLE_LABELS) as StaffRole[]).map((key) => ({ key, label: ROLE_LABELS[key], permissions: ROLE_PERMISSIONS[key] })),
    permissions,
    menu: MENU.filter((m) => permissions.includes(m.key)),
  };
}
