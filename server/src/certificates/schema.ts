/** Request and response schemas of the certificate routes (they also feed the OpenAPI document). */
import { z } from 'zod';

const kind = z
  .enum(['deposit', 'loan-settlement', 'transfer-receipt'])
  .describe('deposit 缴存证明；loan-settlement 贷款结清证明；transfer-receipt 异地转移接续回单');

export const issueBody = z
  .object({
    kind,
    contractNo: z.string().trim().min(1).max(64).optional().describe('贷款结清证明：借款合同号；不填则为最近结清的一笔'),
  })
  .strict();

/** Any text: a malformed code is simply one that matches no certificate (404). */
export const codeParams = z.object({ code: z.string().max(64).describe('验证码，如 7KQM-2XHT-9PRD-W4NC（大小写、连字符均可）') });

export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('页码，从1开始'),
  pageSize: z.coerce.number().int().min(1).max(50).default(10).describe('每页条数，1至50，默认10'),
});

export const certificateSummary = z.object({
  code: z.string().describe('验证码（分组显示）'),
  kind,
  title: z.string(),
  issuedOn: z.string().describe('出具日期 YYYY-MM-DD'),
  issuedAt: z.string().describe('出具时间 ISO 8601'),
  downloadUrl: z.string().describe('下载 PDF 的地址（需登录，仅本人）'),
  verifyUrl: z.string().describe('公开核验地址（印在凭证上）'),
  pdfSha256: z.string().describe('所出具 PDF 文件的 SHA-256'),
  pdfSizeBytes: z.number().int(),
});

export const certificateList = z.object({
  items: z.array(certificateSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const verificationResponse = z.object({
  genuine: z.literal(true).describe('验证码对应本中心出具的凭证'),
  code: z.string(),
  kind,
  title: z.string(),
  centerName: z.string(),
  issuedOn: z.string(),
  issuedOnText: z.string(),
  issuedAt: z.string(),
  holder: z.object({ nameMasked: z.string(), idNumberMasked: z.string() }),
  statement: z.string().describe('凭证正文（姓名已脱敏）'),
  items: z.array(z.object({ label: z.string(), value: z.string() })).describe('凭证所载事项（个人信息已脱敏）'),
  pdfSha256: z.string().describe('所出具 PDF 文件的 SHA-256，可与持有的文件比对'),
  message: z.string(),
});
