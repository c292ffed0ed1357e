/**
 * The withdrawal kinds this center offers online (000 (四), 001 二, 002 七, 003 5.2.1), in the order of 002's list.
 *
 * Review nodes per kind (I1):
 *   系统初审 (auto-approved when the rules hold; a person takes over when they do not):
 *     C1 物业费, C2 离退休, C4 租房, C5 购房, C6 建房 (follow-ups), C7 偿还商业贷款, C8 偿还公积金贷款
 *   初审 → 终审: C3 终止劳动关系, C9 低保, C11 贷款首付, C13 异地转移接续
 *   初审 → 复审 → 终审: C10 下岗失业 (the whole balance on a certificate)
 */
import type { KindRegistry } from '../workflow/index.js';
import { closingKinds } from './kinds-closing.js';
import { followUpKinds } from './kinds-followup.js';
import { otherKinds } from './kinds-other.js';
import type { RuleDeps } from './rules.js';

const ORDER = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'C13'];

export function registerWithdrawalKinds(kinds: KindRegistry, deps: RuleDeps): void {
  const all = [...otherKinds(deps), ...closingKinds(deps), ...followUpKinds(deps)];
  for (const code of ORDER) kinds.register(all.find((k) => k.code === code)!);
}
