import { z } from 'zod';

const fen = z.number().int();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD');

export const fundAccountResponse = z.object({
  accountNo: z.string().describe('个人账号'),
  balanceFen: fen.describe('账户余额'),
  depositBaseFen: fen.describe('个人缴存基数'),
  unitRatioPercent: z.number().describe('单位缴存比例 %'),
  personalRatioPercent: z.number().describe('个人缴存比例 %'),
  unitMonthlyFen: fen.describe('单位月缴存额'),
  personalMonthlyFen: fen.describe('个人月缴存额'),
  monthlyTotalFen: fen.describe('月缴存合计'),
  paidUpTo: z.string().nullable().describe('缴至年月 YYYYMM'),
  openedOn: day.describe('开户日期'),
  firstPaidMonth: z.string().nullable().describe('启缴年月 YYYYMM'),
  bankName: z.string().nullable().describe('存款账户银行名称'),
  bankAccountNoMasked: z.string().nullable().describe('银行账号 (masked)'),
  status: z.enum(['normal', 'suspended', 'closed']),
  statusLabel: z.string().describe('个人账户状态'),
  memberStatusLabel: z.string().describe('缴存职工状态: 正常 / 封存 / 离退休 / 终止劳动关系 / 销户'),
  employer: z.object({ code: z.string(), name: z.string() }).nullable().describe('单位代码 / 单位名称'),
  employerAccountNo: z.string().nullable().describe('单位账号'),
  lastWithdrawalOn: day.nullable().describe('上次提取日期'),
});

/** 004 1.3 我的公积金: every account of the member's, the current one first, each with its own 账户流水. */
export const accountsResponse = z.object({
  items: z.array(
    z.object({
      accountNo: z.string().describe('个人账号 (GET /api/me/ledger?accountNo= reads its 流水)'),
      balanceFen: fen.describe('账户余额'),
      status: z.enum(['normal', 'suspended', 'closed']),
      statusLabel: z.string().describe('状态: 正常 / 封存 / 提取销户'),
      current: z.boolean().describe('the account B2 shows and every business uses (the one not closed)'),
      openedOn: day.describe('开户日期'),
      closedOn: day.nullable().describe('销户日期'),
      bankName: z.string().nullable().describe('存款账户银行名称'),
      bankAccountNoMasked: z.string().nullable().describe('银行账号 (masked)'),
    }),
  ),
});

export const overviewResponse = z.object({
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  balanceFen: fen,
  accountStatusLabel: z.string(),
  paidUpTo: z.string().nullable(),
  monthlyTotalFen: fen,
  loans: z.object({
    count: z.number().int(),
    repayingCount: z.number().int(),
    balanceFen: fen.describe('贷款余额合计 (repaying loans)'),
    nextDue: z.object({ contractNo: z.string(), dueOn: day, paymentFen: fen }).nullable(),
  }),
});

export const ledgerQuery = z
  .object({
    year: z.coerce.number().int().min(1990).max(2100).optional().describe('业务年度; the arrows switch it'),
    accountNo: z.string().trim().min(1).max(40).optional().describe('个人账号 (GET /api/me/accounts); 不填：当前账户'),
    from: day.optional(),
    to: day.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !(q.year && (q.from || q.to)), { message: '按年度或按日期范围查询，二者选其一' })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期' });

export const statementQuery = z
  .object({
    from: day.optional().describe('开始日期；不填：近一年'),
    to: day.optional().describe('结束日期'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期' });

const ledgerItem = z.object({
  postedOn: day.describe('记账日期'),
  businessType: z.string(),
  summary: z.string().describe('业务: 汇缴201706 / 公积金结息 / 上年结转 / 部分提取 …'),
  amountFen: fen.describe('发生额 (withdrawals negative)'),
  interestFen: fen.describe('发生利息额'),
  balanceAfterFen: fen.describe('余额'),
  withdrawalReason: z.string().nullable().describe('提取原因'),
  withdrawalMethod: z.string().nullable().describe('提取方式'),
});

export const statementResponse = z.object({
  kind: z.enum(['deposits', 'withdrawals']),
  from: day.nullable(),
  to: day.nullable(),
  items: z.array(
    ledgerItem
      .extend({
        previousBalanceFen: fen.describe('上期余额：结息年度（7月1日起）开始时结转的余额'),
        periodBalanceFen: fen.describe('本期余额：本结息年度至本笔为止的增减'),
      })
      .describe('本期发生 = amountFen；合计余额 = balanceAfterFen'),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  totals: z.object({ count: z.number().int().describe('笔数'), amountFen: fen.describe('合计金额（正数）') }),
});

export const ledgerResponse = z.object({
  accountNo: z.string().nullable().describe('the account asked for (accountNo); null: the current account'),
  year: z.number().int().nullable(),
  previousYear: z.number().int().nullable(),
  nextYear: z.number().int().nullable(),
  from: day.nullable(),
  to: day.nullable(),
  items: z.array(ledgerItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  totals: z.object({ depositsFen: fen, withdrawalsFen: fen }).describe('本页所在范围的缴存与提取合计'),
});

const editable = z.string().trim().max(60).nullable().optional();
export const profilePatch = z
  .object({
    education: editable.describe('学历'),
    occupation: editable.describe('职业'),
    title: editable.describe('职称'),
    position: editable.describe('职务'),
    address: z.string().trim().min(2).max(120).nullable().optional().describe('家庭住址'),
    postalCode: z
      .string()
      .regex(/^\d{6}$/, '邮政编码应为6位数字')
      .nullable()
      .optional()
      .describe('邮政编码'),
  })
  .strict();

export const profileResponse = z.object({
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  gender: z.enum(['male', 'female']),
  birthDate: day,
  maritalStatus: z.string().describe('婚姻状况'),
  householdMonthlyIncomeFen: fen.nullable().describe('家庭月收入'),
  education: z.string().nullable(),
  occupation: z.string().nullable(),
  title: z.string().nullable(),
  position: z.string().nullable(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  employer: z.object({ code: z.string(), name: z.string() }).nullable(),
  editableFields: z.array(z.string()),
});
