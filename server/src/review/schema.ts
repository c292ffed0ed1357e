import { z } from 'zod';
import { applicationResponse } from '../workflow/schema.js';
import { challengeAnswer } from '../limits/schema.js';

export const loginBody = z.object({ username: z.string().trim().min(3).max(32), password: z.string().min(1).max(64), challenge: challengeAnswer.optional() });

/** 初审 / 复审 / 终审 of withdrawals, 受理 / 审批 / 签约 / 放款 of loan applications (workflow/kinds.ts NODE_LABELS). */
import { reviewNodeKey } from '../staff/auth.js';

const staff = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  role: z.string(),
  nodes: z.array(reviewNodeKey),
});
export const loginResponse = z.object({
  token: z.string(),
  csrfToken: z.string().describe('X-CSRF-Token of requests authenticated by the session cookie'),
  expiresAt: z.string(),
  staff,
});
export const meResponse = staff;

export const serialParams = z.object({ serialNo: z.string().regex(/^\d{14,20}$/, '流水号格式有误') });
export const photoParams = serialParams.extend({ photoId: z.coerce.number().int().positive() });

export const queueQuery = z.object({
  node: reviewNodeKey
    .optional()
    .describe('初审 first / 复审 second / 终审 final; 贷款 受理 acceptance / 审批 approval / 签约 signing / 放款 disbursement; default: all of mine'),
  kind: z.string().max(40).optional(),
  channel: z.enum(['mini-program', 'official-account', 'app', 'web-hall', 'counter']).optional(),
  claimed: z.enum(['mine', 'unclaimed', 'others']).optional(),
  serialNo: z
    .string()
    .regex(/^\d{14,20}$/, '流水号为 14～20 位数字')
    .optional(),
  sort: z.enum(['submittedAt', 'amount', 'waiting']).optional().describe('排序：提交时间 / 金额 / 已等待；默认提交时间'),
  order: z.enum(['asc', 'desc']).optional().describe('asc 升序 / desc 降序'),
  submittedFrom: z.coerce.date().optional(),
  submittedTo: z.coerce.date().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const queueResponse = z.object({
  items: z.array(
    z.object({
      serialNo: z.string(),
      kind: z.string(),
      code: z.string(),
      business: z.string(),
      processName: z.string(),
      memberName: z.string(),
      memberIdNumberMasked: z.string(),
      amountFen: z.number().nullable(),
      info: z.string(),
      channel: z.string(),
      channelLabel: z.string(),
      node: z.string(),
      nodeLabel: z.string(),
      submittedAt: z.string().nullable(),
      waitingSeconds: z.number(),
      claimedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
      claimedByMe: z.boolean(),
      overdue: z.boolean().describe('waiting at its node longer than the center’s limit'),
      overdueHours: z.number().describe('the center’s limit for its node, hours (REVIEW_OVERDUE_HOURS…)'),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  overdueHours: z.number().describe('the center’s limit at the node filtered by (else the reviewer’s first node), hours'),
});

export const detailResponse = z.object({
  application: applicationResponse,
  member: z
    .object({
      name: z.string(),
      idNumberMasked: z.string(),
      phoneMasked: z.string().nullable(),
      status: z.string(),
      statusSince: z.string().nullable(),
      employer: z.string().nullable(),
      maritalStatus: z.string(),
    })
    .nullable(),
  account: z
    .object({
      accountNo: z.string(),
      balanceFen: z.number(),
      status: z.string(),
      paidUpTo: z.string().nullable(),
      lastWithdrawalOn: z.string().nullable(),
      depositBaseFen: z.number(),
      monthlyTotalFen: z.number(),
    })
    .nullable(),
  loans: z.array(
    z.object({
      contractNo: z.string(),
      role: z.string(),
      principalFen: z.number(),
      balanceFen: z.number(),
      status: z.string(),
      periodsPaid: z.number(),
      months: z.number(),
    }),
  ),
  rulesNow: z.object({ allowed: z.boolean(), code: z.string(), reason: z.string().nullable(), amountFen: z.number().nullable() }),
  formFields: z.array(
    z.object({
      key: z.string(),
      label: z.string().describe('字段名称（中文）'),
      value: z.string().describe('显示值，金额为元'),
      kind: z.enum(['amount', 'text']),
    }),
  ),
  ruleCheck: z
    .object({
      checks: z.array(z.object({ rule: z.string(), pass: z.boolean(), figures: z.string() })),
      figures: z.array(z.object({ label: z.string(), value: z.string() })),
    })
    .describe('规则核对：逐条是否符合及依据的数字'),
  previous: z
    .array(z.object({ serialNo: z.string(), submittedAt: z.string().nullable(), amountFen: z.number().nullable(), statusLabel: z.string() }))
    .describe('该职工以前的同类申请'),
  claim: z.object({ staffId: z.number(), name: z.string(), byMe: z.boolean(), at: z.string() }).nullable(),
  mayClaim: z.boolean().describe('领取办理 would be accepted now'),
  mayDecide: z.boolean().describe('通过 / 退回 / 不予通过 would be accepted now: claimed by me, my node, not decided by me at an earlier node'),
  blocked: z.object({ code: z.string(), message: z.string() }).nullable().describe('why a decision would be refused now'),
  afterApprove: z.string().describe('what 通过 leads to: 进入终审, 办结并向收款账户付款'),
});

export const claimResponse = z.object({
  serialNo: z.string(),
  claimedBy: z.object({ id: z.number(), name: z.string() }),
  claimedAt: z.string(),
  expiresAt: z.string(),
});
export const messageResponse = z.object({ message: z.string() });
export const kindsResponse = z.object({ items: z.array(z.object({ value: z.string().describe('kind key'), label: z.string() })) });
/** The node the reviewer decided on, as the console showed it: a retry of that decision is recognised by it. */
const decidedNode = reviewNodeKey.optional().describe('作出决定的审批节点（控制台所见的当前环节）：同一决定重试时据此原样返回');
export const approveBody = z.object({ opinion: z.string().trim().max(200).optional().describe('审批意见; default 同意'), node: decidedNode });
export const reasonBody = z.object({ opinion: z.string().trim().min(1).max(200).describe('退回原因 / 不予通过的原因'), node: decidedNode });
export { applicationResponse };
