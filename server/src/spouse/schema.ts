/** C12 配偶确认: what the spouse's and the borrower's routes answer (also the OpenAPI document's schemas). */
import { z } from 'zod';
import { historyItem } from '../workflow/schema.js';

const spouseState = z.enum(['to-confirm', 'confirmed', 'declined', 'expired', 'closed']);

export const spouseConfirmationView = z.object({
  serialNo: z.string().describe('流水号'),
  business: z.string().describe('业务'),
  state: spouseState,
  stateLabel: z.string(),
  borrowerName: z.string().describe('借款人姓名（脱敏）'),
  amountFen: z.number().describe('从配偶账户提取的金额（分）'),
  amountText: z.string(),
  borrowerAmountFen: z.number(),
  selfFundedFen: z.number(),
  loan: z.object({ contractNo: z.string(), balanceFen: z.number(), repaymentBank: z.string() }).nullable(),
  expiresAt: z.string().nullable().describe('确认截止时间（48小时）'),
  photoCategories: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean(), max: z.number(), uploaded: z.number() })),
  photos: z.array(z.object({ id: z.number(), category: z.string(), slot: z.number(), mediaType: z.string(), sizeBytes: z.number() })),
  history: z.array(historyItem),
  actions: z.object({ confirm: z.boolean(), decline: z.boolean() }),
  confirmation: z.object({ purpose: z.string(), reference: z.string() }).describe('what to confirm with A9 before confirming'),
});

export const spousePendingList = z.object({ items: z.array(spouseConfirmationView) });

export const spouseRequestStatus = z.object({
  serialNo: z.string(),
  spouseName: z.string().describe('配偶姓名（脱敏）'),
  state: z.string().describe('to-confirm, expired, or the application status'),
  expiresAt: z.string().nullable(),
  notifiedVia: z.enum(['sms', 'template', 'subscribe', 'none']).describe('sms: the spouse does not follow the official account'),
  deliveries: z.array(z.object({ channel: z.string(), status: z.string() })),
  message: z.string(),
});
