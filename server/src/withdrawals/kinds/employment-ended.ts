/**
 * C3 终止劳动关系提取 (001 2.4, 003 5.2.1.2): 终止劳动合同标记, 经审批停缴 6 个月后系统内无新账户, no loan; the whole
 * balance with the 销户利息, closing the account. The resignation papers are read by a person: 初审 and 终审.
 */
import { z } from 'zod';
import { addMonths } from '../../shared/dates.js';
import { yuanText } from '../../shared/money.js';
import { defineKind, type ApplicationKind } from '../../workflow/index.js';
import { ID_BACK, ID_FRONT, date } from '../forms.js';
import { accountStatusText, memberStatusText } from '../rule-book.js';
import { isRefusal, load, refuse, type RuleDeps } from '../rules.js';
import { closingAllowed, noOpenLoan, prepareClosing, settleClosing } from './closing.js';

export function employmentEndedKind(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'employmentEnded',
    code: 'C3',
    group: 'withdrawal',
    name: '终止劳动关系提取',
    processName: '缴存人终止劳动关系提取',
    businessType: '提取业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: true,
    photos: [
      ID_FRONT,
      ID_BACK,
      { key: 'portrait', label: '申请人头像', required: true },
      { key: 'terminationProof', label: '解除劳动合同书或辞职证明', required: true },
    ],
    form: z.object({ contractEndedOn: date('解除劳动合同日期').optional() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      // 002: 业务系统中有终止劳动合同标记，停缴满6个月，没有贷款结欠.
      const { rules } = s;
      if (
        !rules.check('有终止劳动关系登记', s.member.status === 'employment_ended', `人员状态 ${memberStatusText(s.member.status)}`, () =>
          refuse('NOT_EMPLOYMENT_ENDED', '中心还没有您终止劳动关系的登记。请原单位到中心为您办理停缴登记，停缴满6个月后即可在线提取'),
        )
      )
        return rules.verdict();
      const from = addMonths(s.member.statusSince ?? s.today, 6);
      rules.check('停缴满 6 个月', from <= s.today, `${s.member.statusSince ?? '—'} 起停缴，${from} 满 6 个月`, () =>
        refuse('SUSPENDED_UNDER_6_MONTHS', `账户停缴满6个月后才能提取，您可于${from}起在线申请`, { availableFrom: from }),
      );
      rules.check('未在新单位开户缴存', s.account.status === 'suspended', `账户状态 ${accountStatusText(s.account.status)}`, () =>
        refuse('HAS_NEW_ACCOUNT', '您已在新单位开户缴存，不能办理终止劳动关系提取。如有疑问请拨打12329'),
      );
      noOpenLoan(s);
      return rules.failed ? rules.verdict() : closingAllowed(deps, s);
    },
    amountOf: (_form, allowed) => allowed.amountFen,
    describe: (name, amount) => `${name}申请提取，条件：终止劳动关系提取金额：${yuanText(amount)}元`,
    prepare: (app, today) => prepareClosing(kind, app.memberId, today),
    settle: settleClosing(deps, {
      businessType: 'closing_withdrawal',
      summary: '销户提取（终止劳动关系）',
      reason: '99',
      feedback: '银行付款成功，中心入账成功!',
    }),
  });
  return kind;
}
