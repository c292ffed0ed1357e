/**
 * C10 下岗失业提取 (000 4.9, 002 (九)): 失业证号; up to the whole balance (段德梅: 30,921.43). The 停缴 status and the
 * certificate are for the reviewers to judge (002 (九)'s own example is an account 正常): 初审, 复审 and 终审.
 */
import { z } from 'zod';
import { yuanText } from '../../shared/money.js';
import { defineKind, type ApplicationKind } from '../../workflow/index.js';
import { amount, ID_BACK, ID_FRONT, text } from '../forms.js';
import { allow, chosenAmount, isRefusal, load, partialWithdrawal, recheckedAtDecision, type RuleDeps } from '../rules.js';

export function unemploymentKind(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'unemployment',
    code: 'C10',
    group: 'withdrawal',
    name: '下岗失业提取',
    processName: '缴存人下岗失业提取',
    businessType: '提取业务',
    nodes: ['first', 'second', 'final'],
    autoApprove: false,
    needsBankCard: true,
    photos: [{ key: 'unemploymentCertificate', label: '失业证', required: true }, ID_FRONT, ID_BACK],
    form: z.object({ unemploymentCertificateNo: text('失业证号', 40), amountFen: amount() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      return s.rules.verdict(() => allow(s.account.balanceFen, { balanceFen: s.account.balanceFen, accountStatus: s.account.status }));
    },
    amountOf: (form, allowed) => chosenAmount(form, allowed),
    describe: (name, amountFen) => `${name}申请提取，条件：下岗失业提取金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => kind),
    settle: partialWithdrawal(deps, '部分提取（下岗失业）', '99'),
  });
  return kind;
}
