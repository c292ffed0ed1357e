/**
 * Staff accounts (administrators only): create, change role and review nodes, deactivate, reset a password (which
 * also lifts a lock-out). A reset or a deactivation ends the person's open sessions. Every change is audited.
 */
import { and, count, desc, eq, ilike, isNull, max, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { reviewNodeKey } from './auth.js';
import { type ReviewNodeKey } from '../workflow/tables.js';
import { staffSessions, staffUsers, type StaffRole } from './tables.js';
import { checkLoginPassword } from '../identity/passwords.js';
import type { StaffAuth, StaffPrincipal } from './auth.js';
import { conflict, DomainError, notFound } from '../shared/errors.js';
import { shanghaiIso } from '../shared/dates.js';
import { containsPattern } from '../content/store.js';
import { pageQuery, searchText } from '../content/paging.js';
import { auditStaff } from './audit.js';
import { ROLE_LABELS } from './roles.js';

const role = z.enum(['reviewer', 'content-editor', 'service-agent', 'admin']);
const nodes = z
  .array(reviewNodeKey)
  .max(7)
  .describe('审核人员可办理的环节：first 初审, second 复审, final 终审; 贷款 acceptance 受理, approval 审批, signing 签约, disbursement 放款');
const password = z.string().min(8).max(16).describe('8–16 位，含数字、大写字母、小写字母、特殊字符中的任意 3 种');

export const staffUserQuery = pageQuery.extend({ q: searchText(32).describe('用户名或姓名'), role: role.optional() });
export const createStaffBody = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '用户名须以字母开头，3～32位小写字母、数字、点、下划线或短横线'),
  name: z.string().trim().min(1).max(40),
  role,
  nodes: nodes.optional(),
  password,
});
export const updateStaffBody = z.object({
  name: z.string().trim().min(1).max(40).optional(),
  role: role.optional(),
  nodes: nodes.optional(),
  active: z.boolean().optional(),
  password: password.optional().describe('重置密码（同时解除锁定，结束该人员已登录的会话）'),
});

type StaffRow = typeof staffUsers.$inferSelect;

function view(u: StaffRow, lastLoginAt: Date | null) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    roleLabel: ROLE_LABELS[u.role],
    nodes: u.reviewNodes,
    active: u.active,
    locked: !!u.lockedUntil && u.lockedUntil > new Date(),
    lockedUntil: u.lockedUntil ? shanghaiIso(u.lockedUntil) : null,
    createdAt: shanghaiIso(u.createdAt),
    lastLoginAt: lastLoginAt ? shanghaiIso(lastLoginAt) : null,
  };
}

/** Review nodes belong to reviewers: a reviewer needs at least one, the other roles have none. */
function nodesFor(r: StaffRole, given: ReviewNodeKey[] | undefined, before: ReviewNodeKey[] = []): ReviewNodeKey[] {
  if (r !== 'reviewer') return [];
  const n = [...new Set(given ?? before)];
  if (n.length === 0) throw new DomainError('VALIDATION_FAILED', '审核人员须至少指定一个审批环节（初审、复审或终审）', 400);
  return n;
}

export class StaffUsers {
  constructor(
    private readonly database: Database,
    private readonly auth: StaffAuth,
  ) {}

  private lastLogin = () =>
    this.database.db
      .select({ staffId: staffSessions.staffId, at: max(staffSessions.createdAt).as('at') })
      .from(staffSessions)
      .groupBy(staffSessions.staffId)
      .as('last_login');

  async list(q: z.infer<typeof staffUserQuery>) {
    const db = this.database.db;
    const where = and(
      q.q ? or(ilike(staffUsers.username, containsPattern(q.q)), ilike(staffUsers.name, containsPattern(q.q))) : undefined,
      q.role ? eq(staffUsers.role, q.role) : undefined,
    );
    const last = this.lastLogin();
    const [rows, [total]] = await Promise.all([
      db
        .select({ u: staffUsers, at: last.at })
        .from(staffUsers)
        .leftJoin(last, eq(last.staffId, staffUsers.id))
        .where(where)
        .orderBy(desc(staffUsers.active), staffUsers.id)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(staffUsers).where(where),
    ]);
    return { items: rows.map((r) => view(r.u, r.at)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  async get(id: number) {
    const last = this.lastLogin();
    const [row] = await this.database.db
      .select({ u: staffUsers, at: last.at })
      .from(staffUsers)
      .leftJoin(last, eq(last.staffId, staffUsers.id))
      .where(eq(staffUsers.id, id));
    if (!row) throw notFound('STAFF_NOT_FOUND', '该工作人员账号不存在');
    return view(row.u, row.at);
  }

  async create(admin: StaffPrincipal, b: z.infer<typeof createStaffBody>) {
    checkLoginPassword(b.password);
    const passwordHash = await this.auth.hashPassword(b.password);
    const id = await this.database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(staffUsers)
        .values({ username: b.username, name: b.name, role: b.role, reviewNodes: nodesFor(b.role, b.nodes), passwordHash })
        .onConflictDoNothing()
        .returning({ id: staffUsers.id });
      if (!row) throw conflict('STAFF_USERNAME_TAKEN', `用户名 ${b.username} 已被使用`);
      await auditStaff(tx, admin, 'staff-users.create', `staff:${b.username}`, { name: b.name, role: b.role });
      return row.id;
    });
    return this.get(id);
  }

  async update(admin: StaffPrincipal, id: number, b: z.infer<typeof updateStaffBody>) {
    if (b.password !== undefined) checkLoginPassword(b.password);
    const passwordHash = b.password !== undefined ? await this.auth.hashPassword(b.password) : undefined;
    await this.database.db.transaction(async (tx) => {
      const [before] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).for('update');
      if (!before) throw notFound('STAFF_NOT_FOUND', '该工作人员账号不存在');
      if (id === admin.id && (b.active === false || (b.role && b.role !== 'admin')))
        throw conflict('STAFF_SELF_CHANGE', '不能停用自己的账号或取消自己的管理员角色');
      const nextRole = b.role ?? before.role;
      await tx
        .update(staffUsers)
        .set({
          ...(b.name !== undefined ? { name: b.name } : {}),
          role: nextRole,
          reviewNodes: nodesFor(nextRole, b.nodes, before.reviewNodes),
          ...(b.active !== undefined ? { active: b.active } : {}),
          ...(passwordHash ? { passwordHash, failedLogins: 0, lockedUntil: null } : {}),
        })
        .where(eq(staffUsers.id, id));
      if (passwordHash || b.active === false) {
        await tx
          .update(staffSessions)
          .set({ revokedAt: sql`now()` })
          .where(and(eq(staffSessions.staffId, id), isNull(staffSessions.revokedAt)));
      }
      const { password: _secret, ...changed } = b;
      await auditStaff(tx, admin, 'staff-users.update', `staff:${before.username}`, { ...changed, ...(passwordHash ? { passwordReset: true } : {}) });
    });
    return this.get(id);
  }
}
