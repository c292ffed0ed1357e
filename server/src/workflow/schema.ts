import { z } from 'zod';

export const serialParams = z.object({ serialNo: z.string().regex(/^\d{14,20}$/, '流水号格式有误') });
export const photoParams = serialParams.extend({ photoId: z.coerce.number().int().positive() });
export const photoQuery = z.object({
  category: z
    .string()
    .regex(/^[a-z][A-Za-z0-9]{1,39}$/)
    .optional()
    .describe('材料分类 (multipart may send it as a field instead)'),
});
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

const channel = z
  .enum(['mini-program', 'official-account', 'app', 'web-hall', 'counter'])
  .describe('服务渠道: 小程序, 微信公众号, 手机APP, 网上服务大厅, 柜台业务');

export const createBody = z.object({
  kind: z.string().min(1).max(40).describe('业务类型: propertyFee, retirement … (GET /api/me/withdrawals lists them)'),
  channel: channel.default('mini-program'),
  form: z.record(z.string(), z.unknown()).optional().describe('the kind’s form fields (may be incomplete in a draft)'),
  bankCardId: z.number().int().positive().optional().describe('收款银行账号 (C14); default: the latest bound card'),
});

export const updateBody = z.object({
  form: z.record(z.string(), z.unknown()).optional(),
  bankCardId: z.number().int().positive().optional(),
});

export const submitBody = z.object({
  confirmationToken: z
    .string()
    .min(16)
    .max(256)
    .describe('A9: from POST /api/me/security/confirmations with the application’s confirmation purpose and reference'),
});

export const endBody = z.object({ reason: z.string().trim().min(1).max(200).optional() });

export const historyItem = z.object({
  node: z.string().describe('节点名称'),
  handler: z.string().describe('办理人'),
  opinion: z.string().describe('审批意见'),
  at: z.string(),
  atText: z.string().describe('办理时间 2018-05-29 11:03:10'),
  durationSeconds: z.number(),
  duration: z.string().describe('耗时'),
});

export const applicationResponse = z.object({
  serialNo: z.string().describe('流水号'),
  kind: z.string(),
  code: z.string(),
  name: z.string().describe('业务'),
  processName: z.string().describe('流程名称'),
  businessType: z.string().describe('业务名称'),
  channel,
  channelLabel: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  progress: z.string().describe('当前进度'),
  currentNode: z.string().nullable(),
  currentNodeLabel: z.string().nullable(),
  form: z.record(z.string(), z.unknown()),
  amountFen: z.number().nullable(),
  bankCard: z.object({ id: z.number(), bankName: z.string(), cardNoMasked: z.string() }).nullable(),
  info: z.string().nullable().describe('信息'),
  feedback: z.string().nullable().describe('反馈信息'),
  returnReason: z.string().nullable(),
  photoCategories: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), max: z.number(), uploaded: z.number() })),
  photos: z.array(
    z.object({
      id: z.number(),
      category: z.string(),
      categoryLabel: z.string(),
      slot: z.number(),
      mediaType: z.string(),
      sizeBytes: z.number(),
      sha256: z.string(),
      extra: z.boolean(),
    }),
  ),
  history: z.array(historyItem),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  actions: z.object({ edit: z.boolean(), submit: z.boolean(), end: z.boolean() }),
  confirmation: z.object({ purpose: z.string(), reference: z.string() }).describe('what to confirm with A9 before submitting'),
});

const paged = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

export const progressResponse = paged(
  z.object({
    serialNo: z.string().describe('流水号'),
    business: z.string().describe('业务'),
    date: z.string().describe('日期'),
    info: z.string().describe('信息'),
    status: z.string().describe('状态'),
    statusCode: z.string(),
    feedback: z.string().describe('反馈信息'),
    channel: z.enum(['mini-program', 'official-account', 'app', 'web-hall', 'counter', 'hotline']).describe('服务渠道 (hotline: 12329, reported by the core)'),
    channelLabel: z.string(),
    fromCore: z.boolean().describe('done in another channel, as the center’s core reported it: no application to open here'),
  }),
);

export const todoResponse = paged(
  z.object({
    serialNo: z.string(),
    channelLabel: z.string().describe('服务渠道'),
    businessType: z.string().describe('业务名称'),
    processName: z.string().describe('流程名称'),
    progress: z.string().describe('当前进度'),
    startedAt: z.string().describe('开始时间'),
    description: z.string().describe('描述'),
    returnReason: z.string().describe('退回原因'),
    returnedAt: z.string().nullable(),
  }),
);

export const initiatedResponse = paged(
  z.object({
    serialNo: z.string(),
    businessType: z.string().describe('业务类型'),
    businessInfo: z.string().describe('业务信息'),
    name: z.string(),
    status: z.string(),
    statusCode: z.string(),
    finished: z.boolean(),
    finishedLabel: z.string().describe('是否完成'),
    elapsedSeconds: z.number(),
    elapsed: z.string().describe('流程耗时'),
    history: z.array(historyItem),
  }),
);
