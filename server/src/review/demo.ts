/**
 * Demo reviewers of the center (registered in src/demo.ts). Their names are the handlers of the seeded loan progress
 * (core/builtin/seed: 和晓梅 初审, 杨志明 复审, 李春华 终审), so the demo reads as one center.
 */
import type { DemoContext } from '../demo.js';
import type { StaffRole } from '../staff/tables.js';
import type { ReviewNodeKey } from '../workflow/tables.js';
import { StaffAuth } from '../staff/auth.js';
import { insertStaff } from '../staff/store.js';

/** 8–16 characters, 4 classes, like members' login passwords (001 1.3). */
export const DEMO_STAFF_PASSWORD = 'Review@2026';

export const DEMO_STAFF: { username: string; name: string; role: StaffRole; reviewNodes: ReviewNodeKey[] }[] = [
  { username: 'chushen', name: '和晓梅', role: 'reviewer', reviewNodes: ['first', 'acceptance'] },
  { username: 'fushen', name: '杨志明', role: 'reviewer', reviewNodes: ['second', 'approval'] },
  { username: 'zhongshen', name: '李春华', role: 'reviewer', reviewNodes: ['final', 'signing'] },
  { username: 'shenhe', name: '赵文斌', role: 'reviewer', reviewNodes: ['first', 'second', 'final'] },
  // D4 贷款发放: the loan is paid out by a person who took no earlier decision on it (four eyes, 004 2.2).
  { username: 'fangkuan', name: '王丽娟', role: 'reviewer', reviewNodes: ['disbursement'] },
  { username: 'admin', name: '系统管理员', role: 'admin', reviewNodes: [] },
  { username: 'bianji', name: '周雪梅', role: 'content-editor', reviewNodes: [] },
  { username: 'kefu', name: '陈晓燕', role: 'service-agent', reviewNodes: [] },
];

export async function seedReviewDemo({ database, cipher }: DemoContext) {
  const auth = new StaffAuth(database, cipher);
  let staff = 0;
  for (const s of DEMO_STAFF) {
    if (await insertStaff(database.db, { ...s, passwordHash: await auth.hashPassword(DEMO_STAFF_PASSWORD) })) staff++;
  }
  return { staff };
}
