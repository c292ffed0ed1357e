/**
 * C13 异地转移接续 (001 2.5): 本地正常缴存，不存在结欠，本人没有贷款. The balance with the 销户利息 moves to the new
 * city's center and the account closes; 初审 and 终审.
 */
import { z } from 'zod';
import { addMonths, yearMonth } from '../../shared/dates.js';
import { yuanText } from '../../shared/money.js';
import { defineKind, type ApplicationKind } from '../../workflow/index.js';
import { ID_BACK, ID_FRONT, text } from '../forms.js';
import { checkStatusNormal, isRefusal, load, refuse, type RuleDeps } from '../rules.js';
import { closingAllowed, noOpenLoan, prepareClosing, settleClosing } from './closing.js';

export function transferOutKind(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'transferOut',
    code: 'C13',
    group: 'withdrawal',
    name: '异地转移接续',
    processName: '缴存人异地转移接续',
    businessType: '转移接续业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: false,
    photos: [ID_FRONT, ID_BACK, { key: 'transferLetter', label: '转入地公积金中心联系函', required: true }],
    form: z.object({ targetCenter: text('转入地公积金中心'), targetAccountNo: text('转入地个人账号', 40).optional(), newEmployer: text('新工作单位') }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      // 001 2.5: 本地正常缴存，不存在结欠，本人没有贷款.
      const { rules } = s;
      checkStatusNormal(s, () => refuse('NOT_DEPOSITING', '只有正常缴存的账户才能转出，您的账户目前不是正常缴存状态。请咨询单位或拨打12329'));
      const due = yearMonth(addMonths(s.today, -1));
      rules.check('缴存至上月，无欠缴', !!s.account.paidUpTo && s.account.paidUpTo >= due, `缴至 ${s.account.paidUpTo ?? '—'}，应缴至 ${due}`, () =>
        refuse('IN_ARREARS', `您的公积金只缴至${s.account.paidUpTo ?? '—'}，有欠缴。请单位补缴到上月后再办理转出`),
      );
      noOpenLoan(s);
      return rules.failed ? rules.verdict() : closingAllowed(deps, s);
    },
    amountOf: (_form, allowed) => allowed.amountFen,
    describe: (name, amount) => `${name}申请异地转移接续，金额：${yuanText(amount)}元`,
    prepare: (app, today) => prepareClosing(kind, app.memberId, today),
    settle: settleClosing(deps, {
      businessType: 'transfer_out',
      summary: '异地转移接续',
      reason: undefined,
      feedback: '转移接续成功，资金已转入转入地公积金中心!',
    }),
  });
  return kind;
}
