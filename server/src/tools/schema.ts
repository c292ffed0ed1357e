import { z } from 'zod';

const fenInt = z.number().int();

export const loanCalculatorRequest = z.object({
  method: z.enum(['equal-installment', 'equal-principal']).describe('equal-installment 等额本息; equal-principal 等额本金'),
  principalFen: z.number().int().min(100).max(1_000_000_000).describe('贷款金额, fen'),
  months: z.number().int().min(1).max(360).describe('贷款期限, months'),
  annualRatePercent: z.number().gt(0).max(20).describe('年利率, percent (3.25 = 3.25 %)'),
});

export const loanCalculatorResponse = z.object({
  monthlyPaymentFen: fenInt.describe("The first month's payment (每月月供参考)"),
  totalPaymentFen: fenInt.describe('还款总额'),
  totalInterestFen: fenInt.describe('支付利息'),
  schedule: z.array(
    z.object({
      period: z.number().int(),
      principalFen: fenInt.describe('月供本金'),
      interestFen: fenInt.describe('月供利息'),
      paymentFen: fenInt.describe('月供'),
      remainingFen: fenInt.describe('贷款余额 as the manual shows it: the total still to repay'),
    }),
  ),
});
