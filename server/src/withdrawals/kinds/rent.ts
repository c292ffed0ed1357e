/** C4 租房后续提取 (000 4.3, 002 (六), 003 5.2.1.3): within the interval and limit the counter registered. */
import { z } from 'zod';
import { DomainError } from '../../shared/errors.js';
import type { ApplicationKind } from '../../workflow/index.js';
import { amount, date, fen, text } from '../forms.js';
import type { RuleDeps } from '../rules.js';
import { defineFollowUp } from './follow-up.js';

export function rentKind(deps: RuleDeps): ApplicationKind {
  return defineFollowUp(deps, {
    // 000 4.3, 002 (六), 003 5.2.1.3: 提取类型、租赁合同号或权证号、房租总额、租赁开始日期、租赁结束日期.
    key: 'rent',
    code: 'C4',
    name: '租房后续提取',
    processName: '缴存人租房提取',
    registration: 'rent',
    reason: '07',
    summary: '部分提取（租房）',
    condition: '租房提取',
    photos: [
      { key: 'leaseContract', label: '房屋租赁合同', required: false },
      { key: 'rentReceipt', label: '房租发票或付款凭证', required: true },
    ],
    form: z.object({
      rentType: z.enum(['普通住房', '公共租赁住房']).describe('提取类型'),
      leaseContractNo: text('租赁合同号或权证号', 60),
      rentTotalFen: fen('房租总额（分）'),
      leaseStart: date('租赁开始日期'),
      leaseEnd: date('租赁结束日期'),
      amountFen: amount(),
    }),
    check: (form) => {
      if (String(form.leaseEnd) < String(form.leaseStart))
        throw new DomainError('VALIDATION_FAILED', '租赁结束日期不能早于开始日期', 400, { field: 'leaseEnd' });
    },
  });
}
