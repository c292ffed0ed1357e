import { z } from 'zod';

export const kindParams = z.object({
  kind: z
    .string()
    .regex(/^([a-z][A-Za-z]{1,39}|C\d{1,2})$/)
    .describe('propertyFee … or C1 …'),
});
export const cardParams = z.object({ id: z.coerce.number().int().positive() });

const tile = {
  kind: z.string(),
  code: z.string(),
  name: z.string().describe('业务'),
  state: z.enum(['available', 'unavailable', 'in-progress']).describe('available: 可办理; unavailable: 图标为灰色; in-progress: 正在办理'),
  allowed: z.boolean(),
  reasonCode: z.string(),
  reason: z.string().nullable().describe('greyed tile: why'),
  amountFen: z.number().nullable().describe('您本次可以提取的金额 (fen)'),
  fixedAmount: z.boolean(),
  openApplication: z.object({ serialNo: z.string(), status: z.string(), progress: z.string() }).nullable(),
  bankCardRequired: z.boolean().describe('a same-name bank card must be bound first (C14)'),
};

export const tilesResponse = z.object({ asOf: z.string(), bankCardBound: z.boolean(), tiles: z.array(z.object(tile)) });

const card = z.object({
  id: z.number(),
  bankCode: z.string(),
  bankName: z.string(),
  cardNoMasked: z.string(),
  holderName: z.string(),
  boundAt: z.string(),
});

export const eligibilityResponse = z.object({
  ...tile,
  asOf: z.string(),
  processName: z.string(),
  account: z
    .object({
      balanceFen: z.number().describe('个人账户余额'),
      frozenFen: z.number().describe('冻结金额：已申请尚未付款的提取'),
      lastWithdrawalOn: z.string().nullable().describe('上次提取日期'),
    })
    .nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  nodes: z.array(z.string()).describe('审批节点'),
  autoApprove: z.boolean(),
  photoCategories: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), max: z.number() })),
  form: z.record(z.string(), z.unknown()).describe('JSON Schema of the form fields'),
  bankCards: z.array(card),
  confirmationPurpose: z.string(),
});

export const cardsResponse = z.object({ cards: z.array(card), banks: z.array(z.object({ code: z.string(), name: z.string() })) });

export const bindBody = z.object({
  bankCode: z
    .enum(['ABC', 'ICBC', 'CCB', 'BOC', 'YNRCC'])
    .describe('中国农业银行 ABC, 中国工商银行 ICBC, 中国建设银行 CCB, 中国银行 BOC, 云南省农村信用社 YNRCC'),
  cardNo: z.string().min(16).max(30).describe('收款银行账号'),
  holderName: z.string().trim().min(1).max(40).describe('持卡人姓名 (must be the member)'),
});

export { card as cardResponse };
export const messageResponse = z.object({ message: z.string() });
