/**
 * The withdrawal kinds this center offers online (000 (四), 001 二, 002 七, 003 5.2.1), one file each under kinds/,
 * registered here in the order of 002's list. A file under kinds/ that is not listed here, or a key or code used
 * twice, fails test/withdrawal-kinds.test.ts (README: “Adding a withdrawal kind”).
 *
 * Review nodes per kind (I1):
 *   系统初审 (auto-approved when the rules hold; a person takes over when they do not):
 *     C1 物业费, C2 离退休, C4 租房, C5 购房, C6 建房 (follow-ups), C7 偿还商业贷款, C8 偿还公积金贷款
 *   初审 → 终审: C3 终止劳动关系, C9 低保, C11 贷款首付, C13 异地转移接续
 *   初审 → 复审 → 终审: C10 下岗失业 (the whole balance on a certificate)
 */
import type { ApplicationKind, KindRegistry } from '../workflow/index.js';
import { buildKind } from './kinds/build.js';
import { commercialLoanRepayKind } from './kinds/commercial-loan-repay.js';
import { downPaymentKind } from './kinds/down-payment.js';
import { employmentEndedKind } from './kinds/employment-ended.js';
import { fundLoanRepayKind } from './kinds/fund-loan-repay.js';
import { propertyFeeKind } from './kinds/property-fee.js';
import { purchaseKind } from './kinds/purchase.js';
import { rentKind } from './kinds/rent.js';
import { retirementKind } from './kinds/retirement.js';
import { subsistenceKind } from './kinds/subsistence.js';
import { transferOutKind } from './kinds/transfer-out.js';
import { unemploymentKind } from './kinds/unemployment.js';
import type { RuleDeps } from './rules.js';

type WithdrawalKindFactory = (deps: RuleDeps) => ApplicationKind;

/** Every withdrawal kind, in 002's order (C12 is the spouse's, in spouse/). */
export const WITHDRAWAL_KINDS: readonly WithdrawalKindFactory[] = [
  propertyFeeKind, // C1
  retirementKind, // C2
  employmentEndedKind, // C3
  rentKind, // C4
  purchaseKind, // C5
  buildKind, // C6
  commercialLoanRepayKind, // C7
  fundLoanRepayKind, // C8
  subsistenceKind, // C9
  unemploymentKind, // C10
  downPaymentKind, // C11
  transferOutKind, // C13
];

export function registerWithdrawalKinds(kinds: KindRegistry, deps: RuleDeps): void {
  for (const make of WITHDRAWAL_KINDS) kinds.register(make(deps));
}
