/** C6 建房后续提取 (000 4.5, 002 七(五)): the registered 建房合同号. */
import { z } from 'zod';
import type { ApplicationKind } from '../../workflow/index.js';
import { amount, ID_FRONT, text } from '../forms.js';
import type { RuleDeps } from '../rules.js';
import { defineFollowUp } from './follow-up.js';

export function buildKind(deps: RuleDeps): ApplicationKind {
  return defineFollowUp(deps, {
    // 000 4.5, 002 七(五): 建房合同号.
    key: 'build',
    code: 'C6',
    name: '建房后续提取',
    processName: '缴存人建造、翻建、大修住房提取',
    registration: 'build',
    reason: '02',
    summary: '部分提取（建房）',
    condition: '建房提取',
    photos: [ID_FRONT, { key: 'buildProof', label: '建房、翻修、大修证明材料', required: false }],
    form: z.object({ buildContractNo: text('建房合同号', 60), amountFen: amount() }),
    contractField: 'buildContractNo',
  });
}
