/** C7 偿还商业贷款提取 (000 4.6, 002 七(三), 003 5.2.1.5): yearly, up to the registered loan's balance. */
import { z } from 'zod';
import type { ApplicationKind } from '../../workflow/index.js';
import { amount, ID_FRONT } from '../forms.js';
import type { RuleDeps } from '../rules.js';
import { defineFollowUp } from './follow-up.js';

export function commercialLoanRepayKind(deps: RuleDeps): ApplicationKind {
  return defineFollowUp(deps, {
    // 000 4.6, 002 七(三), 003 5.2.1.5: yearly; 高振华 may take 23,800.00 (balance 23,856.20, loan 54,140.55 left).
    key: 'commercialLoanRepay',
    code: 'C7',
    name: '偿还商业贷款提取',
    processName: '缴存人偿还商业贷款提取',
    registration: 'commercial_loan',
    reason: '06',
    summary: '部分提取（偿还商业贷款）',
    condition: '提取商业还贷，',
    photos: [ID_FRONT, { key: 'repaymentStatement', label: '商业贷款还款明细', required: true }],
    form: z.object({ amountFen: amount() }),
  });
}
