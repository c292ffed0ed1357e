/**
 * D1 提前还本 (003 6.3.1, 000 (五), 002 七(一)): ≥ 12 periods repaid; the month's dues are paid first ("如当月应还贷款
 * 金额未还，还本时，则优先偿还当月还款金额"); 期限不变 recomputes the payment over the remaining periods, 月供不变 keeps
 * it and shortens the term (shared/loan-math.ts partialPrepayment). At most once a month, not within 2 days of the
 * repayment day (INTEGRATIONS, HPF conventions). Approval posts the dues, the prepayment and the new plan from the
 * next period on, in one transaction.
 */
import { z } from 'zod';
import type { CoreLoan, PlanPeriod } from '../core/gateway.js';
import { partialPrepayment, type PrepaymentMode } from '../shared/loan-math.js';
import { DomainError } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import { defineKind, type ApplicationKind, type Eligibility } from '../workflow/index.js';
import {
  accruedInterest,
  booksWithin,
  duesOf,
  duesPaid,
  loanRefusal,
  pickLoan,
  queueLoanRepayment,
  remainingPlan,
  requireWithin,
  type LoanBusinessDeps,
} from './rules.js';
import { yuanText } from '../shared/money.js';

interface PrepaymentTrialInput {
  contractNo?: string | undefined;
  prepayFen: number;
  mode: PrepaymentMode;
}

interface PrepaymentTrial {
  contractNo: string;
  loanBalanceFen: number;
  currentPaymentFen: number | null;
  /** 当前逾期 / 当月应还, paid first. */
  duesFen: number;
  duePeriods: number[];
  prepayPrincipalFen: number;
  prepayInterestFen: number;
  newMonthlyPaymentFen: number;
  newMonths: number;
  interestSavedFen: number;
  /** 银行扣划金额: dues + principal + interest. */
  bankDebitFen: number;
  /** The new plan from the next period on, numbered as the loan's periods. */
  plan: PlanPeriod[];
}

/** What POST /api/me/loan-business/prepayment-trial answers (the PrepaymentTrial above). */
export const prepaymentTrialView = z.object({
  contractNo: z.string().describe('借款合同编号'),
  loanBalanceFen: z.number().describe('贷款余额（分）'),
  currentPaymentFen: z.number().nullable().describe('当前月还款额（分）'),
  duesFen: z.number().describe('当前逾期 / 当月应还，优先偿还（分）'),
  duePeriods: z.array(z.number()),
  prepayPrincipalFen: z.number().describe('提前归还本金（分）'),
  prepayInterestFen: z.number().describe('提前归还利息（分）'),
  newMonthlyPaymentFen: z.number().describe('成功还款后月还额（分）'),
  newMonths: z.number(),
  interestSavedFen: z.number(),
  bankDebitFen: z.number().describe('银行扣划金额（分）'),
  plan: z
    .array(
      z.object({
        period: z.number(),
        dueOn: z.string(),
        principalFen: z.number(),
        interestFen: z.number(),
        paymentFen: z.number(),
        balanceAfterFen: z.number(),
      }),
    )
    .describe('the new plan from the next period on, numbered as the loan’s periods'),
});

const refuse = (code: string, reason: string): Eligibility => ({ allowed: false, code, reason, amountFen: null, fixedAmount: false, details: {} });

async function loanFor(deps: LoanBusinessDeps, memberId: number, today: IsoDate, contractNo?: string): Promise<CoreLoan> {
  const loan = await pickLoan(deps.core, memberId, contractNo);
  const refusal = loanRefusal(loan, today, { checkRepaymentDay: true });
  if (refusal) throw new DomainError(refusal.code, refusal.reason, 409);
  const monthStart = `${today.slice(0, 7)}-01`;
  const prepaid = (await deps.core.listRepayments(loan!.id, { from: monthStart, to: today })).some((r) => r.kind === 'prepayment');
  if (prepaid) throw new DomainError('PREPAID_THIS_MONTH', '提前还本每月最多办理一次，您本月已办理', 409);
  return loan!;
}

/** 003 6.3.1 (2): 系统自动计算出提前归还利息与提前归还本金的金额, 成功还款后月还额, 银行扣划金额. */
export async function prepaymentTrial(deps: LoanBusinessDeps, memberId: number, input: PrepaymentTrialInput, today: IsoDate): Promise<PrepaymentTrial> {
  const loan = await loanFor(deps, memberId, today, input.contractNo);
  const dues = await duesOf(deps.core, loan, today);
  const paidThrough = loan.periodsPaid + dues.length;
  const remaining = await remainingPlan(deps.core, loan, paidThrough);
  if (!remaining.length) throw new DomainError('NOTHING_TO_PREPAY', '贷款已无剩余期次', 409);
  const principalLeft = loan.balanceFen - dues.reduce((s, p) => s + p.principalFen, 0);
  const first = remaining[0]!;
  const result = partialPrepayment({
    method: loan.method,
    remainingPrincipalFen: principalLeft,
    remainingMonths: remaining.length,
    annualRatePercent: loan.annualRatePercent,
    prepayFen: input.prepayFen,
    mode: input.mode,
    nextDueDate: first.dueOn,
    repaymentDay: loan.repaymentDay,
    dayCount: loan.dayCount,
    currentInstallmentFen: loan.method === 'equal-installment' ? first.paymentFen : first.principalFen,
  });
  const duesFen = dues.reduce((s, p) => s + p.paymentFen, 0);
  const prepayInterestFen = accruedInterest(loan, input.prepayFen, today);
  return {
    contractNo: loan.contractNo,
    loanBalanceFen: loan.balanceFen,
    currentPaymentFen: loan.currentPaymentFen,
    duesFen,
    duePeriods: dues.map((d) => d.period),
    prepayPrincipalFen: input.prepayFen,
    prepayInterestFen,
    newMonthlyPaymentFen: result.newMonthlyPaymentFen,
    newMonths: result.newMonths,
    interestSavedFen: result.interestSavedFen,
    bankDebitFen: duesFen + input.prepayFen + prepayInterestFen,
    plan: result.schedule.map((r) => ({
      period: paidThrough + r.period,
      dueOn: r.dueDate,
      principalFen: r.principalFen,
      interestFen: r.interestFen,
      paymentFen: r.paymentFen,
      balanceAfterFen: r.balanceAfterFen,
    })),
  };
}

/** D3 提前结清 of the same loan was approved first (or while this one was being decided). */
const loanSettled = () => new DomainError('LOAN_SETTLED', '该笔贷款已结清（提前结清已办理），无需再提前还本', 409);

const form = z.object({
  contractNo: z.string().trim().min(1).max(60).optional().describe('借款合同编号'),
  prepayFen: z.number().int().positive().describe('提前还款金额（分）'),
  mode: z.enum(['keep-term', 'keep-payment']).describe('还本方式：keep-term 期限不变，重新计算月还金额；keep-payment 月供不变，缩短期限'),
});

interface Prepared {
  trial: PrepaymentTrial;
  loanId: number;
  balanceFen: number;
  periodsPaid: number;
  dues: PlanPeriod[];
}

export function prepaymentKind(deps: LoanBusinessDeps): ApplicationKind {
  return defineKind({
    key: 'partialPrepayment',
    code: 'D1',
    group: 'loan',
    name: '提前还本',
    processName: '个人住房公积金贷款提前还本',
    businessType: '个人贷款业务',
    nodes: ['first'],
    autoApprove: false,
    needsBankCard: false,
    // 003 6.3.1 (4): 档案上传 — 申请单（必传项）.
    photos: [{ key: 'applicationForm', label: '申请单', required: true }],
    form,
    async eligibility(input) {
      const loan = await pickLoan(deps.core, input.memberId);
      const refusal = loanRefusal(loan, input.today, { checkRepaymentDay: true });
      if (refusal) return refuse(refusal.code, refusal.reason);
      return {
        allowed: true,
        code: 'OK',
        reason: null,
        amountFen: loan!.balanceFen - 1,
        fixedAmount: false,
        details: {
          contractNo: loan!.contractNo,
          loanBalanceFen: loan!.balanceFen,
          currentPaymentFen: loan!.currentPaymentFen,
          repaymentDay: loan!.repaymentDay,
        },
      };
    },
    amountOf: (f) => f.prepayFen,
    describe: (name, amountFen) => `${name}申请提前还款，金额：${yuanText(amountFen ?? 0)}元`,
    async prepare(app, today): Promise<Prepared> {
      const f = form.parse(app.form);
      const trial = await prepaymentTrial(deps, app.memberId, f, today);
      const loan = await pickLoan(deps.core, app.memberId, trial.contractNo);
      if (!loan) throw loanSettled(); // settled (D3) since the trial a moment ago
      return { trial, loanId: loan.id, balanceFen: loan.balanceFen, periodsPaid: loan.periodsPaid, dues: await duesOf(deps.core, loan, today) };
    },
    async settle(input) {
      const { tx, app, today, prepared: p } = input;
      const core = deps.core;
      const dues = duesPaid(p.dues, app.serialNo, today);
      const prepayment = {
        paidOn: today,
        kind: 'prepayment' as const,
        period: null,
        principalFen: p.trial.prepayPrincipalFen,
        interestFen: p.trial.prepayInterestFen,
        reference: app.serialNo,
      };
      const feedback = `银行扣款成功，中心入账成功! 成功还款后月还额${yuanText(p.trial.newMonthlyPaymentFen)}元`;
      if (!booksWithin(core, '还贷')) {
        // An external core: the same dues, prepayment and plan, executed there once the loan is still as the trial saw it.
        return queueLoanRepayment(
          input,
          {
            business: '提前还本',
            loanId: p.loanId,
            expected: { balanceFen: p.balanceFen, periodsPaid: p.periodsPaid },
            postings: [],
            repayments: [...dues, prepayment],
            planFrom: p.trial.plan[0]!.period,
            plan: p.trial.plan,
          },
          feedback,
          p.trial.prepayPrincipalFen,
        );
      }
      const loan = await requireWithin(core.lockLoanWithin, '还贷').call(core, tx, p.loanId);
      if (!loan || loan.status === 'settled' || loan.balanceFen <= 0) throw loanSettled();
      if (loan.balanceFen !== p.balanceFen || loan.periodsPaid !== p.periodsPaid)
        throw new DomainError('LOAN_CHANGED', '贷款余额已发生变化，请重新试算后申请', 409);
      const repay = requireWithin(core.repayWithin, '还贷').bind(core);
      for (const d of dues) await repay(tx, loan.id, d);
      await repay(tx, loan.id, prepayment);
      await requireWithin(core.rewritePlanWithin, '变更还款计划').call(core, tx, loan.id, p.trial.plan[0]!.period, p.trial.plan);
      return { feedback, paid: true, amountFen: p.trial.prepayPrincipalFen };
    },
  });
}
