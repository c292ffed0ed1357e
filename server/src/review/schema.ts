import { z } from 'zod';
import { applicationResponse } from '../workflow/schema.js';

export const loginBody = z.object({ username: z.string().trim().min(3).max(32), password: z.string().min(1).max(64) });

const staff = z.object({
  id: z.number(), username: z.string(), name: z.string(), role: z.string(), nodes: z.array(z.enum(['first', 'second', 'final'])),
});
export const loginResponse = z.object({ token: z.string(), expiresAt: z.string(), staff });
export const meResponse = staff;

export const serialParams = z.object({ serialNo: z.string().regex(/^\d{14,20}$/, '流水号格式有误') });
export const photoParams = serialParams.extend({ photoId: z.coerce.number().int().positive() });

export const queueQuery = z.object({
  node: z.enum(['first', 'second', 'final']).optional().describe('初审 first / 复审 second / 终审 final; default: all of mine'),
  kind: z.string().max(40).optional(),
  channel: z.enum(['mini-program', 'official-account', 'app', 'web-hall', 'counter']).optional(),
  claimed: z.enum(['mine', 'unclaimed', 'others']).optional(),
  serialNo: z.string().regex(/^\d{14,20}$/).optional(),
  submittedFrom: z.coerce.date().optional(),
  submittedTo: z.coerce.date().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const queueResponse = z.object({
  items: z.array(z.object({
    serialNo: z.string(), kind: z.string(), code: z.string(), business: z.string(), processName: z.string(),
    memberName: z.string(), memberIdNumberMasked: z.string(), amountFen: z.number().nullable(), info: z.string(),
    channel: z.string(), channelLabel: z.string(), node: z.string(), nodeLabel: z.string(), submittedAt: z.string().nullable(), waitingSeconds: z.number(),
    claimedBy: z.object({ id: z.number(), name: z.string() }).nullable(), claimedByMe: z.boolean(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});

export const detailResponse = z.object({
  application: applicationResponse,
  member: z.object({
    name: z.string(), idNumberMasked: z.string(), phoneMasked: z.string().nullable(), status: z.string(), statusSince: z.string().nullable(),
    employer: z.string().nullable(), maritalStatus: z.string(),
  }).nullable(),
  account: z.object({
    accountNo: z.string(), balanceFen: z.number(), status: z.string(), paidUpTo: z.string().nullable(), lastWithdrawalOn: z.string().nullable(),
    depositBaseFen: z.number(), monthlyTotalFen: z.number(),
  }).nullable(),
  loans: z.array(z.object({ contractNo: z.string(), role: z.string(), principalFen: z.number(), balanceFen: z.number(), status: z.string(), periodsPaid: z.number(), months: z.number() })),
  rulesNow: z.object({ allowed: z.boolean(), code: z.string(), reason: z.string().nullable(), amountFen: z.number().nullable() }),
  claim: z.object({ staffId: z.number(), name: z.string(), byMe: z.boolean(), at: z.string() }).nullable(),
  mayDecide: z.boolean(),
});

export const claimResponse = z.object({ serialNo: z.string(), claimedBy: z.object({ id: z.number(), name: z.string() }), claimedAt: z.string(), expiresAt: z.string() });
export const messageResponse = z.object({ message: z.string() });
/** The node the reviewer decided on, as the console showed it: a retry of that decision is recognised by it. */
const decidedNode = z.enum(['first', 'second', 'final']).optional().describe('作出决定的审批节点（控制台所见的当前环节）：同一决定重试时据此原样返回');
export const approveBody = z.object({ opinion: z.string().trim().max(200).optional().describe('审批意见; default 同意'), node: decidedNode });
export const reasonBody = z.object({ opinion: z.string().trim().min(1).max(200).describe('退回原因 / 不予通过的原因'), node: decidedNode });
export { applicationResponse };
