/**
 * C11 贷款首付提取 (002 (十)): 职工有住房贷款时 — a fund loan being repaid or a commercial loan registered; once; the
 * purchase papers are read by a person: 初审 and 终审.
 */
import { z } from 'zod';
import { DomainError } from '../../shared/errors.js';
import { yuanText } from '../../shared/money.js';
import { defineKind, type ApplicationKind } from '../../workflow/index.js';
import { amount, fen, text } from '../forms.js';
import {
  allow,
  chosenAmount,
  isRefusal,
  lastWithdrawal,
  load,
  openLoans,
  partialWithdrawal,
  recheckedAtDecision,
  refuse,
  registration,
  type RuleDeps,
} from '../rules.js';

export function downPaymentKind(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'downPayment',
    code: 'C11',
    group: 'withdrawal',
    name: '贷款首付提取',
    processName: '缴存人贷款首付提取',
    businessType: '提取业务',
    nodes: ['first', 'final'],
    autoApprove: false,
    needsBankCard: true,
    photos: [
      { key: 'purchaseContract', label: '购房合同', required: true },
      { key: 'downPaymentReceipt', label: '首付款发票或收据', required: true },
      { key: 'loanContract', label: '借款合同', required: false },
    ],
    form: z.object({ purchaseContractNo: text('购房合同号', 60), downPaymentFen: fen('首付款金额（分）'), amountFen: amount() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      const { rules } = s;
      const commercial = registration(s, 'commercial_loan');
      if (
        !rules.check(
          '有住房贷款',
          openLoans(s).length > 0 || !!commercial,
          `未结清公积金贷款 ${openLoans(s).length} 笔，商业贷款登记${commercial ? '有' : '无'}`,
          () => refuse('NO_HOUSING_LOAN', '您名下还没有住房贷款记录。办好住房贷款后即可申请贷款首付提取'),
        )
      )
        return rules.verdict();
      const last = await lastWithdrawal(deps, s.member.id, 'downPayment', null);
      rules.check('贷款首付提取只办理一次', !last, last ? `已于 ${last} 办理` : '此前未办理', () =>
        refuse('ALREADY_WITHDRAWN', `贷款首付提取已于${last}办理，不能重复办理`, { lastWithdrawalOn: last }),
      );
      return rules.verdict(() => allow(s.account.balanceFen, { balanceFen: s.account.balanceFen }));
    },
    amountOf(form, allowed) {
      const chosen = chosenAmount({ amountFen: form.amountFen ?? Math.min(allowed.amountFen ?? 0, form.downPaymentFen) }, allowed);
      if (chosen > form.downPaymentFen)
        throw new DomainError('AMOUNT_EXCEEDS_DOWN_PAYMENT', `提取金额不能超过首付款金额${yuanText(form.downPaymentFen)}元`, 409);
      return chosen;
    },
    describe: (name, amountFen) => `${name}申请提取，条件：贷款首付提取金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => kind),
    settle: partialWithdrawal(deps, '部分提取（贷款首付）', '01'),
  });
  return kind;
}
