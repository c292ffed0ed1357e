/** Request and response schemas of G2 投诉建议 and G3 members' questions, member and staff side; they also feed OpenAPI. */
import { z } from 'zod';
import { pageQuery, pageSchema } from '../content/paging.js';
import { idParams } from '../content/schema.js';

export { idParams };

export const COMPLAINT_KINDS = { complaint: '投诉', suggestion: '建议', consultation: '咨询' } as const;
export const COMPLAINT_STATUSES = { submitted: '已提交', processing: '处理中', replied: '已答复', closed: '已办结' } as const;
export const SEC_CHECK_LABELS = { pass: '已通过内容安全检测', review: '内容安全检测建议人工复核', unchecked: '内容安全检测未完成，待人工审核' } as const;

const enumOf = <T extends Record<string, string>>(labels: T, message: string) =>
  z.enum(Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]], { message });

export const complaintKind = enumOf(COMPLAINT_KINDS, '请选择类型：投诉、建议或咨询');
export const complaintStatus = enumOf(COMPLAINT_STATUSES, '状态只能是已提交、处理中、已答复或已办结');
export const questionStatus = z.enum(['pending', 'published', 'hidden'], { message: '状态只能是待答复、已公开或不公开' });

const text = (what: string, min: number, max: number) =>
  z
    .string({ message: `请填写${what}` })
    .trim()
    .min(min, min <= 1 ? `请填写${what}` : `${what}至少${min}个字`)
    .max(max, `${what}不能超过${max}个字`);

const dateTime = z.string().describe('Asia/Shanghai, e.g. 2026-11-26T10:05:00+08:00');

// ---- member side ----------------------------------------------------------------------------------

export const memberPageQuery = pageQuery;

export const complaintBody = z.object({
  kind: complaintKind.describe('complaint 投诉 / suggestion 建议 / consultation 咨询'),
  title: text('标题', 1, 50),
  content: text('内容', 5, 1000),
  contactPhone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, '请填写11位手机号码')
    .optional()
    .describe('联系电话（选填），只保存加密值，显示时脱敏'),
});

export const complaintItem = z.object({
  id: z.number().int(),
  ticketNo: z.string().describe('工单号'),
  kind: complaintKind,
  kindLabel: z.string(),
  title: z.string(),
  content: z.string(),
  contactPhoneMasked: z.string().nullable().describe('联系电话（已脱敏）'),
  status: complaintStatus,
  statusLabel: z.string(),
  createdAt: dateTime,
  reply: z.object({ content: z.string(), repliedAt: dateTime, department: z.string().describe('答复单位') }).nullable(),
});
export const complaintPage = pageSchema(complaintItem);

export const questionBody = z.object({ question: text('留言内容', 5, 500) });

export const questionItem = z.object({
  id: z.number().int(),
  question: z.string(),
  askedAt: dateTime,
  status: questionStatus,
  statusLabel: z.string(),
  answer: z.string().nullable(),
  answeredAt: dateTime.nullable(),
  answeredBy: z.string().nullable().describe('答复单位'),
});
export const questionPage = pageSchema(questionItem);

// ---- staff side -----------------------------------------------------------------------------------

export const staffComplaintsQuery = pageQuery.extend({ status: complaintStatus.optional(), kind: complaintKind.optional() });
export const staffComplaintItem = complaintItem.extend({
  memberNameMasked: z.string(),
  claimedBy: z.string().nullable().describe('领取办理的工作人员'),
  repliedBy: z.string().nullable().describe('答复的工作人员'),
  secCheck: z.enum(['pass', 'review', 'unchecked']),
  secCheckLabel: z.string(),
});
export const staffComplaintPage = pageSchema(staffComplaintItem);

const department = z.string().trim().min(1, '请填写答复单位').max(40, '答复单位不能超过40个字').optional().describe('答复单位，默认为工作人员所在的中心客服');
export const replyBody = z.object({ content: text('答复内容', 1, 1000), department });

export const staffQuestionsQuery = pageQuery.extend({ status: questionStatus.optional() });
export const staffQuestionItem = questionItem.extend({
  askerNameMasked: z.string(),
  answeredByStaff: z.string().nullable().describe('答复的工作人员'),
  secCheck: z.enum(['pass', 'review', 'unchecked']),
  secCheckLabel: z.string(),
});
export const staffQuestionPage = pageSchema(staffQuestionItem);
export const answerBody = z.object({
  answer: text('答复内容', 1, 1000),
  department,
  publish: z.boolean({ message: '请选择是否公开（publish）' }),
});
