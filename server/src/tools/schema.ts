import { z } from 'zod';
import { pageQuery, pageSchema, searchText } from '../content/paging.js';

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
      paymentFen: fenInt.describe('月供: this row’s 月供本金 + 月供利息; the last row takes the rounding, so the rows add up to the totals'),
      principalBalanceFen: fenInt.describe('剩余本金 after this month (the principal still owed)'),
      remainingFen: fenInt.describe('剩余应还本息: the column 003 5.1.2 labels 贷款余额, the total still to repay (principal + future interest)'),
    }),
  ),
});

// ---- G4 service outlets -------------------------------------------------------------------------

/** A number from the query string; an empty value counts as absent (z.coerce would read it as 0). */
const queryNumber = (min: number, max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(min).max(max).optional());

const here = {
  lat: queryNumber(-90, 90).describe('所在位置纬度（GCJ-02，wx.getLocation 的 gcj02）'),
  lng: queryNumber(-180, 180).describe('所在位置经度（GCJ-02）'),
};
const bothOrNeither = (q: { lat?: number; lng?: number }) => (q.lat === undefined) === (q.lng === undefined);
const bothOrNeitherMessage = { message: '纬度 lat 与经度 lng 须同时提供', path: ['lat'] };

export const outletListQuery = z
  .object({
    page: pageQuery.shape.page,
    pageSize: pageQuery.shape.pageSize,
    ...here,
    businessType: searchText(20).describe('业务类型，如 提取、贷款'),
  })
  .refine(bothOrNeither, bothOrNeitherMessage);
export const outletQuery = z.object(here).refine(bothOrNeither, bothOrNeitherMessage);

export const outletItem = z.object({
  id: z.number().int(),
  name: z.string(),
  address: z.string().describe('网点地址'),
  phone: z.string().describe('联系电话'),
  hours: z.string().describe('服务时间'),
  businessTypes: z.array(z.string()).describe('业务类型'),
  latitude: z.number(),
  longitude: z.number(),
  distanceMetres: z.number().int().nullable().describe('与所给位置的距离，米（未给位置时为 null）'),
});
export const outletListResponse = pageSchema(outletItem);
export const businessTypesResponse = z.object({ items: z.array(z.string()) });

// ---- G6 prepayment trial ------------------------------------------------------------------------

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期无效');

export const prepaymentTrialRequest = z.object({
  method: z.enum(['equal-installment', 'equal-principal']).describe('还款方式：equal-installment 等额本息；equal-principal 等额本金'),
  remainingPrincipalFen: z.number().int().min(100).max(1_000_000_000).describe('当前贷款余额（剩余本金），分'),
  remainingMonths: z.number().int().min(1).max(360).describe('剩余期数（月）'),
  annualRatePercent: z.number().gt(0).max(20).describe('贷款年利率，%'),
  prepayFen: z.number().int().min(100).describe('提前还款金额（本金），分'),
  mode: z.enum(['keep-term', 'keep-payment']).describe('还本方式：keep-term 期限不变、重新计算月还金额；keep-payment 月供不变、缩短期限'),
  currentInstallmentFen: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('当前月还款额：等额本息为每月还款额，等额本金为每月应还本金（000 (三) 的“月还款额 1000”）；不填则按余额和剩余期数计算'),
  nextDueDate: isoDate.optional().describe('下一还款日；默认一个月后的今天'),
  prepayOn: isoDate.optional().describe('提前还款日期，须在本期内；默认本期还款日（提前归还利息为 0）'),
});

const planRow = z.object({
  period: z.number().int(),
  dueDate: z.string(),
  principalFen: fenInt.describe('应还本金'),
  interestFen: fenInt.describe('应还利息'),
  paymentFen: fenInt.describe('应还本息'),
  balanceAfterFen: fenInt.describe('本期后贷款余额'),
});

export const prepaymentTrialResponse = z.object({
  method: z.enum(['equal-installment', 'equal-principal']),
  mode: z.enum(['keep-term', 'keep-payment']),
  remainingPrincipalFen: fenInt.describe('当前贷款余额'),
  remainingMonths: z.number().int(),
  currentMonthlyPaymentFen: fenInt.describe('当前月还款额（本期应还本息）'),
  prepayOn: z.string(),
  nextDueDate: z.string(),
  prepayPrincipalFen: fenInt.describe('提前归还本金'),
  prepayInterestFen: fenInt.describe('提前归还利息：所还本金自上一还款日起的利息'),
  bankDebitFen: fenInt.describe('银行扣划金额'),
  newPrincipalFen: fenInt.describe('还款后贷款余额'),
  newMonths: z.number().int().describe('还款后剩余期数'),
  monthsReduced: z.number().int().describe('缩短的期数'),
  newMonthlyPaymentFen: fenInt.describe('成功还款后月还额（首期）'),
  newMaturityOn: z.string().describe('还款后到期日'),
  interestSavedFen: fenInt.describe('节省利息'),
  totalInterestBeforeFen: fenInt,
  totalInterestAfterFen: fenInt,
  schedule: z.array(planRow).describe('还款后的还款计划'),
});

// ---- G7 rate table ------------------------------------------------------------------------------

const rateKind = z.enum(['deposit', 'loan_first_le5', 'loan_first_gt5', 'loan_second_le5', 'loan_second_gt5']);
export const rateTableQuery = z.object({ on: isoDate.optional().describe('查询日期；默认今天') });
export const rateTableResponse = z.object({
  asOf: z.string(),
  current: z.array(
    z.object({
      kind: rateKind,
      label: z.string(),
      minMonths: z.number().int().nullable().describe('适用贷款期限下限（月）'),
      maxMonths: z.number().int().nullable(),
      annualRatePercent: z.number(),
      effectiveOn: z.string().describe('执行日期'),
    }),
  ),
  history: z.array(
    z.object({
      effectiveOn: z.string().describe('调整日期'),
      rates: z.array(z.object({ kind: rateKind, label: z.string(), annualRatePercent: z.number().nullable(), changed: z.boolean() })),
    }),
  ),
});
