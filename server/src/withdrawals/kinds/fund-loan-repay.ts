/**
 * C8 提取上年还贷额 (000 4.7, 001 2.2, 002 七(二)): once a calendar year, up to what was repaid on the member's HPF loan
 * last year, less what either borrower already took for that year, in whole hundreds (段德梅: 24,540.23 → 24,500.00).
 */
import { z } from 'zod';
import { yuanText, yuanWithUnit } from '../../shared/money.js';
import { defineKind, type ApplicationKind } from '../../workflow/index.js';
import { amount } from '../forms.js';
import {
  SUBMITTED_FEEDBACK,
  allow,
  chosenAmount,
  floorToHundredYuan,
  isRefusal,
  lastWithdrawal,
  load,
  paidOfKind,
  postWithin,
  recheckedAtDecision,
  refuse,
  registration,
  type RuleDeps,
} from '../rules.js';

/**
 * 上年还贷额: the instalments the member paid last year (正常还款, 逾期还款). A prepayment or settlement is a business of
 * its own (D1, D3) with its own withdrawal, and 冲还贷 / 按月抵扣 were paid by the fund already.
 */
const INSTALMENTS = new Set(['regular', 'overdue']);

export function fundLoanRepayKind(deps: RuleDeps): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: 'fundLoanRepay',
    code: 'C8',
    group: 'withdrawal',
    name: '偿还公积金贷款提取',
    processName: '缴存人偿还公积金贷款提取',
    businessType: '提取业务',
    nodes: ['first'],
    autoApprove: true,
    needsBankCard: true,
    photos: [
      { key: 'idFront', label: '提取人身份证', required: true },
      { key: 'livePhoto', label: '现场照片', required: false },
    ],
    form: z.object({ amountFen: amount() }),
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      const { rules } = s;
      if (
        !rules.check('有公积金贷款', s.loans.length > 0, `公积金贷款 ${s.loans.length} 笔`, () =>
          refuse('NO_FUND_LOAN', '您没有公积金贷款，不能办理偿还公积金贷款提取'),
        )
      )
        return rules.verdict();
      const reg = registration(s, 'fund_loan');
      if (
        !rules.check('中心已登记提取还贷（首次提取在柜台办理）', !!reg, reg ? '已登记' : '未登记', () =>
          refuse('NOT_REGISTERED', '第一次提取须到中心柜台办理提取还贷手续，登记后以后每年即可在线提取'),
        ) ||
        !reg
      )
        return rules.verdict();
      const year = Number(s.today.slice(0, 4)) - 1;
      const last = await lastWithdrawal(deps, s.member.id, kind.key, reg.lastWithdrawalOn);
      if (
        !rules.check('每年提取一次', !(last && last.slice(0, 4) === s.today.slice(0, 4)), last ? `上次提取 ${last}` : '此前未提取', () =>
          refuse('ALREADY_THIS_YEAR', `偿还公积金贷款提取每年可办理一次，您本年度已于${last}提取`, { lastWithdrawalOn: last }),
        )
      )
        return rules.verdict();
      let repaid = 0;
      let taken = 0;
      let contractNo: string | null = null;
      let most = -1;
      for (const loan of s.loans) {
        const paid = (await deps.core.listRepayments(loan.id, { from: `${year}-01-01`, to: `${year}-12-31` }))
          .filter((r) => INSTALMENTS.has(r.kind))
          .reduce((sum, r) => sum + r.amountFen, 0);
        const already = (await paidOfKind(deps, kind.key, { loanYear: year, contractNo: loan.contractNo })).reduce((sum, a) => sum + (a.amountFen ?? 0), 0);
        repaid += paid;
        taken += already;
        if (paid > most) [most, contractNo] = [paid, loan.contractNo];
      }
      if (
        !rules.check(`${year} 年度有还贷记录`, repaid > 0, `${year} 年还贷 ${yuanWithUnit(repaid)}`, () =>
          refuse('NO_REPAYMENT_LAST_YEAR', `您${year}年度没有偿还公积金贷款的记录`),
        )
      )
        return rules.verdict();
      const max = floorToHundredYuan(Math.min(repaid - taken, s.account.balanceFen));
      const details = { balanceFen: s.account.balanceFen, loanYear: year, repaidLastYearFen: repaid, alreadyWithdrawnFen: taken, contractNo };
      rules.check(
        '可提取金额 ≥ 100 元（取整百）',
        max > 0,
        `还贷 ${yuanWithUnit(repaid)} − 已提取 ${yuanWithUnit(taken)}，与账户余额 ${yuanWithUnit(s.account.balanceFen)} 取小者取整百：${yuanWithUnit(max)}`,
        () =>
          refuse(
            taken > 0 ? 'ALREADY_WITHDRAWN_FOR_YEAR' : 'AMOUNT_TOO_SMALL',
            taken > 0 ? `您${year}年度的还贷额已提取` : '您可提取的金额不足100元，暂不能办理',
            details,
          ),
      );
      return rules.verdict(() => allow(max, details, { fixed: true, derived: { loanYear: year, contractNo } }));
    },
    amountOf: (form, allowed) => chosenAmount(form, allowed),
    describe: (name, amountFen) => `${name}申请提取，条件：提取还贷，金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => kind),
    // B3's 公积金提取还款 row; 000 (九): 提取还贷成功，中心入账成功!
    settle: async (input) => {
      const booked = await postWithin(
        deps,
        input,
        [
          {
            memberId: input.app.memberId,
            postedOn: input.today,
            businessType: 'withdrawal_repay',
            summary: '公积金提取还款',
            amountFen: -(input.app.amountFen ?? 0),
            withdrawalReason: '06',
            withdrawalMethod: '转账',
            reference: input.app.serialNo,
          },
        ],
        { doneFeedback: '提取还贷成功，中心入账成功!' },
      );
      return booked ? { feedback: '提取还贷成功，中心入账成功!', paid: true } : { feedback: SUBMITTED_FEEDBACK, paid: false };
    },
  });
  return kind;
}
