/**
 * D3 提前结清 (003 6.3.3): the borrower's fund (支取主借款人公积金, 提取公积金还款金额) and self-funds (待还款金额) settle
 * the loan: the dues of the month first, then the withdrawal and the settlement repayment in one transaction; the
 * loan becomes 结清 and the 贷款结清证明 (certificates/) can be issued. The fund part follows 001 2.3: ≤ 70 % of the
 * balance unless the member is free of the cap (retired, left ≥ 6 months).
 */
import { z } from 'zod';
import type { PlanPeriod } from '../core/gateway.js';
import { DomainError } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import { defineKind, type ApplicationKind, type Eligibility } from '../workflow/index.js';
import {
  accruedInterest,
  booksWithin,
  duesOf,
  duesPaid,
  freeOf70,
  loanRefusal,
  pickLoan,
  queueLoanRepayment,
  requireWithin,
  type LoanBusinessDeps,
} from './rules.js';
import { yuanText } from '../shared/money.js';

interface SettlementTrial {
  contractNo: string;
  loanBalanceFen: number;
  duesFen: number;
  /** 提前还款本金 / 利息 */
  principalFen: number;
  interestFen: number;
  /** 提前还款合计 */
  totalFen: number;
  fundBalanceFen: number;
  fundMaxFen: number;
  /** 支取公积金还款金额合计 */
  fundFen: number;
  /** 待还款金额: what the bank card pays. */
  selfFundedFen: number;
}

/** What POST /api/me/loan-business/settlement-trial answers (the SettlementTrial above). */
export const settlementTrialView = z.object({
  contractNo: z.string().describe('借款合同编号'),
  loanBalanceFen: z.number().describe('贷款余额（分）'),
  duesFen: z.number().describe('当月应还 / 逾期（分）'),
  principalFen: z.number().describe('提前还款本金（分）'),
  interestFen: z.number().describe('提前还款利息（分）'),
  totalFen: z.number().describe('提前还款合计（分）'),
  fundBalanceFen: z.number(),
  fundMaxFen: z.number(),
  fundFen: z.number().describe('支取公积金还款金额合计（分）'),
  selfFundedFen: z.number().describe('待还款金额（分）'),
});

export async function settlementTrial(
  deps: LoanBusinessDeps,
  memberId: number,
  input: { contractNo?: string | undefined; fundFen?: number | undefined },
  today: IsoDate,
): Promise<SettlementTrial & { loanId: number; periodsPaid: number; dues: PlanPeriod[] }> {
  const [member, account, loan] = await Promise.all([
    deps.core.getMember(memberId),
    deps.core.getFundAccount(memberId),
    pickLoan(deps.core, memberId, input.contractNo),
  ]);
  const refusal = loanRefusal(loan, today);
  if (refusal) throw new DomainError(refusal.code, refusal.reason, 409);
  const dues = await duesOf(deps.core, loan!, today);
  const duesFen = dues.reduce((s, p) => s + p.paymentFen, 0);
  const principalFen = loan!.balanceFen - dues.reduce((s, p) => s + p.principalFen, 0);
  const interestFen = accruedInterest(loan!, principalFen, today);
  const totalFen = duesFen + principalFen + interestFen;
  const fundBalanceFen = account && account.status !== 'closed' ? account.balanceFen : 0;
  const free = !!member && !!account && freeOf70(member, account, today);
  const fundMaxFen = Math.min(free ? fundBalanceFen : Math.floor((fundBalanceFen * 70) / 100), principalFen);
  const fundFen = input.fundFen ?? 0;
  if (fundFen > fundMaxFen) throw new DomainError('AMOUNT_EXCEEDS_ALLOWED', `提取公积金还款金额不能超过${yuanText(fundMaxFen)}元`, 409, { maxFen: fundMaxFen });
  return {
    contractNo: loan!.contractNo,
    loanBalanceFen: loan!.balanceFen,
    duesFen,
    principalFen,
    interestFen,
    totalFen,
    fundBalanceFen,
    fundMaxFen,
    fundFen,
    selfFundedFen: totalFen - fundFen,
    loanId: loan!.id,
    periodsPaid: loan!.periodsPaid,
    dues,
  };
}

const form = z.object({
  contractNo: z.string().trim().min(1).max(60).optional().describe('借款合同编号'),
  fundFen: z.number().int().min(0).optional().describe('提取公积金还款金额（分）'),
});

const refuse = (code: string, reason: string): Eligibility => ({ allowed: false, code, reason, amountFen: null, fixedAmount: false, details: {} });

export function settlementKind(deps: LoanBusinessDeps): ApplicationKind {
  return defineKind({
    key: 'earlySettlement',
    code: 'D3',
    group: 'loan',
    name: '提前结清',
    processName: '个人住房公积金贷款提前结清',
    businessType: '个人贷款业务',
    nodes: ['first'],
    autoApprove: false,
    needsBankCard: false,
    // 003 6.3.3 (3): 头像（必传项）、身份证（必传项）.
    photos: [
      { key: 'livePhoto', label: '头像', required: true },
      { key: 'idFront', label: '身份证', required: true },
    ],
    form,
    async eligibility(input) {
      const loan = await pickLoan(deps.core, input.memberId);
      const refusal = loanRefusal(loan, input.today);
      if (refusal) return refuse(refusal.code, refusal.reason);
      return {
        allowed: true,
        code: 'OK',
        reason: null,
        amountFen: loan!.balanceFen,
        fixedAmount: true,
        details: { contractNo: loan!.contractNo, loanBalanceFen: loan!.balanceFen },
      };
    },
    amountOf: (_f, allowed) => allowed.amountFen,
    describe: (name, amountFen) => `${name}申请提前结清，金额：${yuanText(amountFen ?? 0)}元`,
    async prepare(app, today) {
      return settlementTrial(deps, app.memberId, form.parse(app.form), today);
    },
    async settle(input) {
      const { tx, app, today, prepared: p } = input;
      const core = deps.core;
      const dues = duesPaid(p.dues, app.serialNo, today);
      const fund =
        p.fundFen > 0
          ? [
              {
                memberId: app.memberId,
                postedOn: today,
                businessType: 'withdrawal_repay' as const,
                summary: '公积金提取还款（提前结清）',
                amountFen: -p.fundFen,
                withdrawalReason: '06',
                withdrawalMethod: '冲还贷',
                reference: app.serialNo,
              },
            ]
          : [];
      const settlement = {
        paidOn: today,
        kind: 'settlement' as const,
        period: null,
        principalFen: p.principalFen,
        interestFen: p.interestFen,
        reference: app.serialNo,
      };
      const feedback = '贷款已结清，中心入账成功! 请到申请贷款的管理部办理抵押解除相关手续';
      if (!booksWithin(core, '还贷')) {
        // An external core: the dues, the fund's withdrawal and the settlement there, in one transaction that must settle the loan.
        return queueLoanRepayment(
          input,
          {
            business: '提前结清',
            loanId: p.loanId,
            expected: { balanceFen: p.loanBalanceFen, periodsPaid: p.periodsPaid },
            postings: fund,
            repayments: [...dues, settlement],
            settles: true,
          },
          feedback,
          p.totalFen,
        );
      }
      const loan = await requireWithin(core.lockLoanWithin, '还贷').call(core, tx, p.loanId);
      if (!loan || loan.balanceFen !== p.loanBalanceFen || loan.periodsPaid !== p.periodsPaid)
        throw new DomainError('LOAN_CHANGED', '贷款余额已发生变化，请重新试算后申请', 409);
      const repay = requireWithin(core.repayWithin, '还贷').bind(core);
      for (const d of dues) await repay(tx, loan.id, d);
      if (fund.length) await requireWithin(core.postWithin, '记账').call(core, tx, fund);
      const done = await repay(tx, loan.id, settlement);
      if (!done.settled) throw new DomainError('LOAN_NOT_SETTLED', '结清金额不足，贷款未能结清', 409);
      return { feedback, paid: true, amountFen: p.totalFen };
    },
  });
}
