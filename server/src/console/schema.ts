/** What the staff console's routes answer (console/routes.ts): also the OpenAPI document's schemas and the console's types. */
import { z } from 'zod';
import { reviewNodeKey } from '../staff/auth.js';

const staffRole = z.enum(['reviewer', 'content-editor', 'service-agent', 'admin']);
const permission = z.enum(['review', 'content', 'broadcasts', 'complaints', 'community', 'stats', 'audit', 'staff-users']);
const count = z.number();

export const metaResponse = z.object({
  staff: z.object({
    id: z.number(),
    username: z.string(),
    name: z.string(),
    role: staffRole,
    nodes: z.array(reviewNodeKey),
    sessionId: z.number().optional().describe('the id of the staff session the request came with'),
  }),
  roles: z.array(z.object({ key: staffRole, label: z.string(), permissions: z.array(permission) })),
  permissions: z.array(permission).describe('what the current staff member may do'),
  menu: z.array(z.object({ key: permission, label: z.string() })).describe('the navigation, in order'),
  csrfToken: z.string().optional().describe('X-CSRF-Token of requests authenticated by the session cookie'),
});

export const deskResponse = z.object({
  today: z.string().describe('YYYY-MM-DD (Asia/Shanghai)'),
  figures: z.object({ submitted: count, decided: count, paid: count }).describe('今日提交、审结、到账'),
  review: z
    .object({
      mine: z.array(z.object({ serialNo: z.string(), kind: z.string(), amountFen: z.number().nullable(), nodeLabel: z.string() })).describe('我在办理'),
      waiting: z
        .array(z.object({ node: reviewNodeKey, label: z.string(), count, overdue: count, overdueHours: z.number(), unclaimed: count }))
        .describe('我的各环节待审、超时、未领取'),
      returned: count.describe('退回待改'),
    })
    .optional()
    .describe('reviewers with nodes only'),
  pushes: z.object({ broadcastsSending: count, failedLast7Days: count }).optional().describe('staff who may send broadcasts only'),
  complaints: z.object({ waiting: count, processing: count }).optional().describe('staff who handle complaints only'),
});

/** As stored (jsonb): its keys in the order PostgreSQL keeps them (shorter first), which is the order the console receives. */
const audienceView = z.object({
  city: z.string().optional().describe('城市 / 区县'),
  kind: z.enum(['all', 'filter']),
  hasLoan: z.boolean().optional().describe('有未结清的公积金贷款'),
  unitName: z.string().optional().describe('单位名称（包含即可）'),
});

export const broadcastResponse = z.object({
  id: z.number(),
  title: z.string(),
  content: z.string(),
  audience: audienceView,
  status: z.enum(['queued', 'sending', 'done']),
  total: count.describe('人数'),
  notified: count.describe('已通知'),
  pushes: z.object({ queued: count, sent: count, failed: count, pending: count }).describe('模板消息'),
  sent: count,
  failed: count,
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

const paged = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: count, page: z.number(), pageSize: z.number() });

export const broadcastListResponse = paged(broadcastResponse);

export const auditResponse = paged(
  z.object({
    id: z.number(),
    at: z.string(),
    staffName: z.string(),
    staffUsername: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    actionLabel: z.string(),
    targetLabel: z.string(),
    detailText: z.string(),
  }),
);

export const auditActionsResponse = z.object({ items: z.array(z.object({ value: z.string(), label: z.string() })) });

export const statsResponse = z.object({
  from: z.string(),
  to: z.string(),
  applicationsByDay: z.array(z.object({ day: z.string(), kind: z.string(), kindLabel: z.string(), state: z.string(), stateLabel: z.string(), count })),
  averageReviewMinutes: z.array(z.object({ kind: z.string(), kindLabel: z.string(), minutes: z.number(), decided: count })),
  pushes: z.object({
    sent: count,
    failed: count,
    maybeSent: count.describe('sends whose outcome a crash left unknown (not repeated)'),
    byDay: z.array(z.object({ day: z.string(), sent: count, failed: count })),
  }),
  activeMembers: z.array(z.object({ day: z.string(), count })),
});

export const staffUserResponse = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  role: staffRole,
  roleLabel: z.string(),
  nodes: z.array(reviewNodeKey),
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});

export const staffUserListResponse = paged(staffUserResponse);
