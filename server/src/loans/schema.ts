import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD');
const fen = z.number().int();

export const contractParams = z.object({ contractNo: z.string().min(1).max(64).describe('借款合同编号') });

export const rangeQuery = z
  .object({ year: z.coerce.number().int().min(1990).max(2100).optional(), from: day.optional(), to: day.optional() })
  .refine((q) => !(q.year && (q.from || q.to)), { message: '按年度或按日期范围查询，二者选其一' })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期' });

export const loanItem = z.object({
  contractNo: z.string().describe('合同号'),
  loanAccountNo: z.string().describe('贷款帐号'),
  role: z.enum(['borrower', 'co-borrower']),
  borrowerName: z.string().describe('还款人'),
  coBorrowerName: z.string().nullable().describe('共同借款人'),
  idNumberMasked: z.string().nullable(),
  employer: z.object({ code: z.string(), name: z.string() }).nullable(),
  principalFen: fen.describe('借款总金额'),
  balanceFen: fen.describe('借款余额'),
  annualRatePercent: z.number().describe('贷款利率'),
  months: z.number().int().describe('还款期限'),
  method: z.string(),
  methodLabel: z.string().describe('还款方式'),
  collectionMethod: z.string().describe('还款方法'),
  repaymentDay: z.number().int().describe('月还款日'),
  repaymentBank: z.string().describe('委托银行'),
  repaymentAccountNoMasked: z.string().describe('银行帐号'),
  monthlyPaymentFen: fen.nullable().describe('月还款额'),
  issuedOn: day.describe('贷款发放日期'),
  maturityOn: day.describe('到期日期'),
  periodsPaid: z.number().int().describe('还至期数'),
  totalPeriods: z.number().int().describe('计划总期数：月供不变的提前还本后少于还款期限'),
  remainingPeriods: z.number().int().describe('剩余期数'),
  finalDueOn: day.describe('最后一期应还日期（按还款计划）'),
  status: z.string(),
  statusLabel: z.string(),
  archiveNo: z.string().nullable().describe('档案号'),
  loanNo: z.string().describe('贷款编号'),
  loanType: z.enum(['provident', 'combined']),
  loanTypeLabel: z.string().describe('贷款类型'),
  offsetSigned: z.boolean().describe('是否对冲：已签约按月抵扣（公积金对冲还贷）'),
  settledOn: day.nullable(),
});

export const repaymentsResponse = z.object({
  contractNo: z.string(),
  year: z.number().int().nullable(),
  from: day.nullable().describe('开始日期（按日期范围查询时）'),
  to: day.nullable().describe('结束日期'),
  previousYear: z.number().int().nullable(),
  nextYear: z.number().int().nullable(),
  items: z.array(
    z.object({
      period: z.number().int().nullable(),
      totalPeriods: z.number().int(),
      paidOn: day.describe('还款日期'),
      yearMonth: z.string().nullable().describe('还款年月：所还期次的计划年月（提前还款等按还款日期），贷款发放为空'),
      kind: z.string().describe('业务摘要：贷款发放、正常还款、提前还款…'),
      principalFen: fen.describe('偿还本金'),
      interestFen: fen.describe('偿还利息'),
      penaltyFen: fen.describe('偿还罚息'),
      amountFen: fen.describe('本息合计（发生额）'),
      loanAmountFen: fen.describe('放款金额（贷款发放行）'),
      repaidPrincipalFen: fen.describe('已还本金（自放款起累计）'),
      repaidInterestFen: fen.describe('已还利息（自放款起累计）'),
      balanceAfterFen: fen.describe('贷款余额'),
    }),
  ),
});

export const planResponse = z.object({
  contractNo: z.string(),
  from: day.nullable(),
  to: day.nullable(),
  message: z.string().nullable().describe('已结清或未发放的贷款：此合同【…】的贷款已结清/未发放 (004 3.4, 3.6)'),
  items: z.array(
    z.object({
      seq: z.number().int().describe('序号'),
      period: z.number().int(),
      yearMonth: z.string().describe('应还年月'),
      dueOn: day.describe('应还日期'),
      principalFen: fen.describe('应还本金'),
      interestFen: fen.describe('应还利息'),
      paymentFen: fen.describe('应还本息'),
      balanceAfterFen: fen,
    }),
  ),
});

export const overdueResponse = z.object({
  contractNo: z.string(),
  message: z.string().nullable(),
  items: z.array(
    z.object({
      period: z.number().int(),
      dueOn: day,
      principalFen: fen,
      interestFen: fen,
      penaltyFen: fen,
      overdueDays: z.number().int(),
      repaidOn: day.nullable(),
    }),
  ),
});

export const progressResponse = z.array(
  z.object({
    applicationNo: z.string(),
    contractNo: z.string().nullable(),
    amountFen: fen,
    months: z.number().int(),
    appliedOn: day,
    currentNode: z.string(),
    finished: z.boolean(),
    nodes: z.array(
      z.object({
        node: z.string().describe('节点名称'),
        handler: z.string().describe('办理人'),
        opinion: z.string().describe('审批意见'),
        at: z.string().describe('办理时间'),
      }),
    ),
  }),
);
