/** C9 享受低保 (000 4.8; 000 (九) 享受低保 100元): 申请提取后要由公积金中心进行人工审核 — 初审 and 终审, never automatic. */
import { z } from 'zod';
import { yuanText } from '../../shared/money.js';
import { defineKind, type ApplicationKind } from '../../workflow/index.js';
import { fen, ID_BACK, ID_FRONT, text } from '../forms.js';
import { allow, chosenAmount, isRefusal, load, partialWithdrawal, recheckedAtDecision, type RuleDeps } from '../rules.js';

export function subsistenceKind(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'subsistence',
    code: 'C9',
    group: 'withdrawal',
    name: '享受低保',
    processName: '缴存人享受城镇最低生活保障提取',
    businessType: '提取业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: true,
    photos: [{ key: 'subsistenceCertificate', label: '最低生活保障证', required: true }, ID_FRONT, ID_BACK],
    form: z.object({ subsistenceCertificateNo: text('低保证号', 40), amountFen: fen('提取金额（分）') }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      return s.rules.verdict(() => allow(s.account.balanceFen, { balanceFen: s.account.balanceFen }));
    },
    amountOf: (form, allowed) => chosenAmount(form, allowed),
    describe: (name, amountFen) => `${name}申请提取，条件：享受低保提取金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => kind),
    settle: partialWithdrawal(deps, '部分提取（享受低保）', '99'),
  });
  return kind;
}
