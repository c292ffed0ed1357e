/** C5 购房后续提取 (000 4.4, 002 七(四)): the registered 购房合同号; 卢天鹏 may take 6,900.00 of 6,914.66. */
import { z } from 'zod';
import type { ApplicationKind } from '../../workflow/index.js';
import { amount, ID_FRONT, text } from '../forms.js';
import type { RuleDeps } from '../rules.js';
import { defineFollowUp } from './follow-up.js';

export function purchaseKind(deps: RuleDeps): ApplicationKind {
  return defineFollowUp(deps, {
    // 000 4.4, 002 七(四): 购房合同号; 卢天鹏 may take 6,900.00 of 6,914.66.
    key: 'purchase',
    code: 'C5',
    name: '购房后续提取',
    processName: '缴存人购买住房提取',
    registration: 'purchase',
    reason: '01',
    summary: '部分提取（购房）',
    condition: '购房提取',
    photos: [ID_FRONT, { key: 'purchaseInvoice', label: '购房发票', required: false }],
    form: z.object({ purchaseContractNo: text('购房合同号', 60), amountFen: amount() }),
    contractField: 'purchaseContractNo',
  });
}
