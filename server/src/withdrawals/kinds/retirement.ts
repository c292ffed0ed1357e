/**
 * C2 离退休提取 (000 4.2, 001 2.1, 002 (八), 003 5.2.1.1): the whole balance with the 销户利息, closing the account.
 * Approved by the system at 初审: the retirement material was reviewed by the 管理部 when the 停缴 was approved, and
 * 001 2.1 shows the online 销户提取 done at once.
 */
import { z } from 'zod';
import { yuanText } from '../../shared/money.js';
import { defineKind, type ApplicationKind } from '../../workflow/index.js';
import { ID_BACK, ID_FRONT, LIVE_PHOTO, date, text } from '../forms.js';
import { memberStatusText } from '../rule-book.js';
import { isRefusal, load, refuse, type RuleDeps } from '../rules.js';
import { closingAllowed, noOpenLoan, prepareClosing, settleClosing } from './closing.js';

export function retirementKind(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'retirement',
    code: 'C2',
    group: 'withdrawal',
    name: '离退休提取',
    processName: '缴存人离休、退休提取',
    businessType: '提取业务',
    nodes: ['first'],
    autoApprove: true,
    needsBankCard: true,
    photos: [
      LIVE_PHOTO,
      ID_FRONT,
      ID_BACK,
      { key: 'retirementCertificate', label: '退休证或离退休文件', required: false },
      { key: 'applicationForm', label: '提取申请审批表', required: false },
    ],
    // 002 (八): 离退休单位、离退休证号、批准日期.
    form: z.object({ retirementEmployer: text('离退休单位'), retirementCertificateNo: text('离退休证号', 40), approvedOn: date('批准日期') }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      // 002 (八): 业务系统中有离退休标记，没有贷款结欠 — said as what the member sees and does.
      s.rules.check('有离退休登记', s.member.status === 'retired', `人员状态 ${memberStatusText(s.member.status)}`, () =>
        refuse('NOT_RETIRED', '中心还没有您的离退休登记。请您所在单位到中心为您办理离退休登记，登记后即可在线提取'),
      );
      noOpenLoan(s);
      return s.rules.failed ? s.rules.verdict() : closingAllowed(deps, s);
    },
    amountOf: (_form, allowed) => allowed.amountFen,
    describe: (name, amount) => `${name}申请提取，条件：离退休提取金额：${yuanText(amount)}元`,
    prepare: (app, today) => prepareClosing(kind, app.memberId, today),
    settle: settleClosing(deps, { businessType: 'closing_withdrawal', summary: '销户提取（离退休）', reason: '03', feedback: '银行付款成功，中心入账成功!' }),
  });
  return kind;
}
