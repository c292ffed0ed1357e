import { z } from 'zod';
import { validate as isCronExpression } from 'node-cron';
import { EMULATOR_DEFAULTS as TC } from './emulators/tencentcloud/server.js';
import { DEFAULT_APPS } from './emulators/wechat/index.js';
import { CORE_EMULATOR_DEFAULTS } from './emulators/core/server.js';
import { trustedProxyProblem } from './http/client-ip.js';
import { DEFAULT_OVERDUE_HOURS, parseOverdueByNode } from './review/overdue.js';

/**
 * The only reader of process.env. Every key carries a `.describe()` sentence: README's configuration
 * table is generated from them (`npm run config:doc`). A wrong value stops the start with a message
 * naming the variable.
 */
const SANDBOX_DATA_KEY = Buffer.alloc(32, 'hpf-sandbox-demo-key-not-secret!').toString('base64');

const port = z.coerce.number().int().min(0).max(65535);
const cronExpression = (fallback: string) =>
  z.string().min(1).refine(isCronExpression, 'must be a cron expression (minute hour day month weekday)').default(fallback);
const [SANDBOX_OA_APP, SANDBOX_MP_APP] = Object.keys(DEFAULT_APPS) as [string, string];
/** Sandbox values of the WeChat and Tencent Cloud settings: the emulators accept exactly these. */
export const SANDBOX_DEFAULTS = {
  WECHAT_TOKEN: 'hpf-sandbox-token',
  WECHAT_APP_ID: SANDBOX_OA_APP,
  WECHAT_APP_SECRET: DEFAULT_APPS[SANDBOX_OA_APP]!,
  WECHAT_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECHAT_MP_APP_ID: SANDBOX_MP_APP,
  WECHAT_MP_APP_SECRET: DEFAULT_APPS[SANDBOX_MP_APP]!,
  WECHAT_TEMPLATE_PROGRESS: 'hpf-sandbox-template-progress',
  WECHAT_TEMPLATE_SPOUSE_CONFIRMATION: 'hpf-sandbox-template-spouse-confirmation',
  WECHAT_TEMPLATE_QUESTION_REPLY: 'hpf-sandbox-template-question-reply',
  WECHAT_TEMPLATE_BROADCAST: 'hpf-sandbox-template-broadcast',
  WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS: 'hpf-sandbox-subscribe-progress',
  WECHAT_SUBSCRIBE_TEMPLATE_SPOUSE_CONFIRMATION: 'hpf-sandbox-subscribe-spouse-confirmation',
  WECHAT_SUBSCRIBE_TEMPLATE_QUESTION_REPLY: 'hpf-sandbox-subscribe-question-reply',
  SMS_TEMPLATE_NOTICE_LINK: TC.noticeLinkTemplateId,
  TENCENTCLOUD_SECRET_ID: TC.secretId,
  TENCENTCLOUD_SECRET_KEY: TC.secretKey,
  FACEID_RULE_ID: TC.faceIdRuleId,
  SMS_SDK_APP_ID: TC.smsAppId,
  SMS_SIGN_NAME: TC.smsSignName,
  SMS_TEMPLATE_ID: '1000001',
} as const;
type SandboxKey = keyof typeof SANDBOX_DEFAULTS;
const limit = (fallback: number, doc: string) => z.coerce.number().int().min(0).max(1_000_000).default(fallback).describe(doc);
const secret = (doc: string) => z.string().min(1).optional().describe(doc);

const configSchema = z
  .object({
    APP_MODE: z
      .enum(['sandbox', 'production'])
      .default('sandbox')
      .describe('sandbox: emulators of WeChat and Tencent Cloud, demo secrets allowed; production: real services, every secret required.'),
    PORT: port.default(3000).describe('HTTP port of the server (0 picks a free port).'),
    HOST: z.string().min(1).default('0.0.0.0').describe('Address the HTTP server listens on.'),
    DATA_DIR: z.string().min(1).default('./data').describe('Folder for the embedded PGlite database (when DATABASE_URL is unset) and uploaded files.'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional()
      .describe('PostgreSQL connection string; unset: embedded PGlite in DATA_DIR/pglite.'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10).describe('node-postgres pool size per server instance.'),
    DATA_KEY: z
      .string()
      .optional()
      .describe(
        'Base64 of 32 random bytes: AES-256-GCM key for ID numbers and phones at rest, and the HMAC key of their lookup hashes. Required in production.',
      ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
    SEED_DEMO: z
      .enum(['auto', 'always', 'never'])
      .default('auto')
      .describe('auto: load the demo center when the database is empty (sandbox only); always/never force it.'),
    SESSION_CACHE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(60)
      .default(5)
      .describe(
        'How long a member session may be remembered between requests (forgotten at once on any change, heard through LISTEN/NOTIFY); 0: read it on every request.',
      ),
    CLOCK_AT: z
      .string()
      .refine(
        (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
        'must be an ISO instant with its offset, e.g. 2026-12-31T23:59:30+08:00',
      )
      .optional()
      .describe(
        'Sandbox only: the instant the server’s business clock starts at (it ticks on from there; a staff administrator may move it forward). Unset: the machine’s time.',
      ),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000).describe('How long SIGTERM waits for in-flight requests before closing anyway.'),
    PUBLIC_BASE_URL: z.string().url().optional().describe('Public https address of this server (links in messages); default http://localhost:PORT.'),
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .refine(
        (v) =>
          !v ||
          v
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean)
            .every((e) => !trustedProxyProblem(e)),
        'must be IP addresses or CIDR ranges separated by commas',
      )
      .describe(
        'Reverse proxies / load balancers in front of this server, as IP addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8,127.0.0.1). Only from them is X-Forwarded-For believed (the client is the first address, from the right, that is not one of them); unset: none, the client is the TCP peer.',
      ),

    WECHAT_TOKEN: secret('Official account server token (公众号 服务器配置 Token), used in push signatures. Sandbox: hpf-sandbox-token.'),
    WECHAT_APP_ID: secret('Official account AppID. Sandbox: the WeChat emulator’s demo account.'),
    WECHAT_APP_SECRET: secret('Official account AppSecret.'),
    WECHAT_ENCODING_AES_KEY: z.string().length(43).optional().describe('EncodingAESKey (43 characters); when set, safe-mode (AES) pushes are accepted.'),
    WECHAT_API_BASE: z
      .string()
      .url()
      .optional()
      .describe('Base URL of the WeChat API; unset in sandbox: a WeChat emulator is started in-process; unset in production: https://api.weixin.qq.com.'),
    WECHAT_MP_APP_ID: secret('Mini-program AppID (jscode2session, subscribe messages).'),
    WECHAT_MP_APP_SECRET: secret('Mini-program AppSecret.'),
    WECHAT_PUSH_MODE: z
      .enum(['plain', 'compatible', 'safe'])
      .optional()
      .describe(
        'The account’s 消息加解密方式: plain (明文), compatible (兼容: plain and encrypted pushes both accepted, for switching over), safe (安全: plain pushes refused). Default: safe when WECHAT_ENCODING_AES_KEY is set, else plain.',
      ),
    WECHAT_REPLY_DEADLINE_MS: z.coerce
      .number()
      .int()
      .min(1)
      .max(4500)
      .default(3000)
      .describe(
        'How long the webhook works on an answer before replying "success" within WeChat’s 5 seconds and sending the answer as a customer-service message instead.',
      ),
    WECHAT_PUSH_TAKEOVER_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(10_000)
      .describe('A push claimed this long ago and still unanswered belongs to an instance that died: a repeat of it takes the work over.'),
    WECHAT_PUSH_LOG_RETENTION_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(1440)
      .default(10)
      .describe(
        'How long received pushes are remembered to answer WeChat’s repeats (WeChat repeats within about 15 s); older rows are deleted in batches (their answers may hold a member’s figures).',
      ),
    WECHAT_JOB_PUSH_LOG_CRON: cronExpression('* * * * *').describe(
      'Cron schedule (Asia/Shanghai) of the deletion of remembered pushes older than WECHAT_PUSH_LOG_RETENTION_MINUTES.',
    ),
    WECHAT_URL_LINK_DAYS: z.coerce
      .number()
      .int()
      .min(1)
      .max(30)
      .default(30)
      .describe(
        'Days a mini-program URL Link (wxa/generate_urllink) in an SMS stays valid; WeChat allows at most 30. A link is reused for the same page while it has three days left.',
      ),
    WECHAT_TEMPLATE_PROGRESS: secret(
      'Template id (模板消息) of the business-progress notice (fields character_string1 serial, thing2 business, phrase3 status, time4 time, thing5 note).',
    ),
    WECHAT_TEMPLATE_SPOUSE_CONFIRMATION: secret(
      'Template id of the spouse-confirmation request (thing1 applicant, thing2 business, amount3 amount, time4 answer before).',
    ),
    WECHAT_TEMPLATE_QUESTION_REPLY: secret('Template id of the reply to a member’s question or complaint (thing1 question, thing2 reply, time3 time).'),
    WECHAT_TEMPLATE_BROADCAST: secret('Template id of a notice the center broadcasts from the staff console (I4: thing1 title, thing2 content, time3 time).'),
    WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS: secret(
      'Mini-program subscribe-message template id of the progress notice (same fields as the official-account template).',
    ),
    WECHAT_SUBSCRIBE_TEMPLATE_SPOUSE_CONFIRMATION: secret('Mini-program subscribe-message template id of the spouse-confirmation request.'),
    WECHAT_SUBSCRIBE_TEMPLATE_QUESTION_REPLY: secret('Mini-program subscribe-message template id of the reply to a question.'),
    WECHAT_OUTBOX_CONCURRENCY: z.coerce
      .number()
      .int()
      .min(1)
      .max(256)
      .default(32)
      .describe('How many notices one instance’s outbox worker sends at the same time.'),
    WECHAT_OUTBOX_MAX_ATTEMPTS: z.coerce
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe('Attempts of one notice (network errors, 45009 rate limits, system errors) before it is marked failed.'),
    WECHAT_OUTBOX_LEASE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(60)
      .describe(
        'How long a claimed notice stays with one worker; a worker that died leaves it to another after this: a template message is sent again with its client_msg_id (no double send), any other notice is marked maybe_sent and not sent again.',
      ),
    WECHAT_JOB_TOKEN_CRON: cronExpression('* * * * *').describe(
      'Cron schedule (Asia/Shanghai) of the access_token refresh check; one instance refreshes, under an advisory lock.',
    ),
    WECHAT_JOB_UNIONID_CRON: cronExpression('*/5 * * * *').describe(
      'Cron schedule of the follower unionid lookup (cgi-bin/user/info) that joins the official account and the mini-program (H6).',
    ),
    LOAN_JOB_SPOUSE_EXPIRY_CRON: cronExpression('*/5 * * * *').describe(
      'Cron schedule (Asia/Shanghai) of the C12 job that ends applications whose spouse did not answer within 48 hours and tells the borrower.',
    ),
    LOAN_JOB_REMINDER_CRON: cronExpression('0 9 * * *').describe(
      'Cron schedule of the repayment reminders (a message and a template message, once per loan and period).',
    ),
    LOAN_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(1).max(15).default(3).describe('How many days before the repayment day the reminder goes out.'),
    LOAN_JOB_MONTHLY_OFFSET_CRON: cronExpression('30 6 * * *').describe(
      'Cron schedule of the D2 monthly offset: instalments due by today are taken from the signers’ fund accounts (borrower, spouse, co-borrower), the rest left to the bank.',
    ),
    BROADCAST_JOB_CRON: cronExpression('* * * * *').describe(
      'Cron schedule of the I4 broadcast fan-out, which also runs right after a broadcast is created: carries on with broadcasts not finished (after a restart).',
    ),
    BROADCAST_CHUNK_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(5000)
      .default(500)
      .describe('Members per transaction when a broadcast is fanned out (a notification each and a template message per follower).'),
    WECHAT_JOB_HOUSEKEEPING_CRON: cronExpression('17 * * * *').describe(
      'Cron schedule of the clean-up of template delivery events (TEMPLATESENDJOBFINISH that came before their send was recorded) and of expired URL Links.',
    ),

    SMS_LIMIT_PER_ACCOUNT_HOUR: limit(
      5,
      'SMS codes one member (the account of the flow: registering, resetting, changing the phone) may be sent per hour, to any phones; 0: no limit.',
    ),
    SMS_LIMIT_PER_PHONE_HOUR: limit(5, 'SMS codes one phone number may receive per hour (on top of the 60 s between sends and 10 a day); 0: no limit.'),
    SMS_LIMIT_PER_IP_HOUR: limit(20, 'SMS codes requested from one client IP per hour; 0: no limit.'),
    SMS_LIMIT_TOTAL_HOUR: limit(2000, 'SMS codes the whole center sends per hour (every instance together), a ceiling against SMS pumping; 0: no limit.'),
    LOGIN_LIMIT_PER_IP: limit(
      30,
      'Failed logins (members and staff) from one client IP per LOGIN_LIMIT_WINDOW_MINUTES before further attempts from it get 429; 0: no limit.',
    ),
    LOGIN_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15).describe('The window of LOGIN_LIMIT_PER_IP, in minutes.'),
    LOGIN_CHALLENGE_AFTER_FAILURES: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe(
        'Wrong passwords for one account (known or not) within a day after which each further login must also answer a challenge (安全验证) — instead of a lock-out anyone could trigger.',
      ),
    REVIEW_OVERDUE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(8760)
      .default(DEFAULT_OVERDUE_HOURS)
      .describe(
        'Hours an application may wait at one review node (初审, 复审, 终审) before the staff console marks it 超时 in the queue and counts it as overdue on the desk.',
      ),
    REVIEW_OVERDUE_HOURS_BY_NODE: z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        const r = v === undefined ? {} : parseOverdueByNode(v);
        if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
      })
      .describe(
        'Limits of single nodes that differ from REVIEW_OVERDUE_HOURS, as node=hours pairs (first 初审, second 复审, final 终审; D4 loans: acceptance 受理, approval 审批, signing 签约, disbursement 放款), e.g. first=24,final=72; unset: every node has REVIEW_OVERDUE_HOURS.',
      ),

    TENCENTCLOUD_SECRET_ID: secret('Tencent Cloud API SecretId (FaceID and SMS).'),
    TENCENTCLOUD_SECRET_KEY: secret('Tencent Cloud API SecretKey.'),
    TENCENTCLOUD_REGION: z.string().min(1).default('ap-guangzhou').describe('Tencent Cloud region of the FaceID and SMS calls.'),
    TENCENTCLOUD_ENDPOINT_BASE: z
      .string()
      .url()
      .optional()
      .describe(
        'Base URL of a Tencent Cloud stand-in; unset in sandbox: the Tencent Cloud emulator is started in-process; unset in production: the real endpoints.',
      ),
    FACEID_RULE_ID: secret('FaceID (慧眼) RuleId of the verification flow.'),
    SMS_SDK_APP_ID: secret('SMS SdkAppId.'),
    SMS_SIGN_NAME: secret('SMS signature (签名) approved for the center.'),
    SMS_TEMPLATE_ID: secret('SMS template id of the verification-code message ({1} code, {2} minutes).'),
    SMS_TEMPLATE_NOTICE_LINK: secret(
      'SMS template id of a notice with a link ({1} what, {2} link), sent when a recipient does not follow the official account (43004).',
    ),

    CORE_MODE: z
      .enum(['builtin', 'external'])
      .default('builtin')
      .describe(
        'Which 核心业务系统 answers members’ figures: builtin, the product’s own tables; external, the center’s core over the signed HTTP protocol (server/src/core/protocol.ts) at CORE_BASE_URL.',
      ),
    CORE_BASE_URL: z
      .string()
      .regex(/^https?:\/\/[^/\s]+/, 'must be an http:// or https:// URL')
      .url()
      .optional()
      .describe(
        'Base URL of the center’s core (CORE_MODE=external), e.g. https://core.example.gov.cn; unset in sandbox: a core emulator is started in-process on its own PGlite with the demo center. Required in production with CORE_MODE=external.',
      ),
    CORE_APP_ID: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The product’s app id at the core (x-core-app-id of each signed request). Sandbox: the core emulator’s demo app. Required in production with CORE_MODE=external.',
      ),
    CORE_SECRET: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Shared secret of the HMAC-SHA256 signatures on every request to the core and every answer from it. Sandbox: the core emulator’s demo secret. Required in production with CORE_MODE=external.',
      ),
    CORE_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(3000)
      .describe(
        'How long one call to the external core may take before the member is told 核心业务系统暂时无法访问 (503 CORE_UNAVAILABLE); 3000 keeps the official account’s answers within WeChat’s 5 seconds.',
      ),
    CORE_CACHE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(30)
      .describe(
        'External core: how long a member’s overview (首页: account, loans, next instalment), the member and their fund account (我的) are remembered; every instance forgets a member, and the overview of whoever shares a loan with them, as soon as a core event for them is applied or a business of theirs ends (core/external/cache.ts). 0: not remembered.',
      ),
  })
  .superRefine((c, ctx) => {
    if (c.APP_MODE === 'production' && !c.DATA_KEY) {
      ctx.addIssue({ code: 'custom', path: ['DATA_KEY'], message: 'is required in production' });
    }
    if (c.APP_MODE === 'production') {
      for (const key of Object.keys(SANDBOX_DEFAULTS) as SandboxKey[]) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
      }
    }
    if (c.APP_MODE === 'production' && c.CORE_MODE === 'external') {
      for (const key of ['CORE_BASE_URL', 'CORE_APP_ID', 'CORE_SECRET'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production with CORE_MODE=external' });
      }
    }
    if (c.APP_MODE === 'production' && c.CLOCK_AT !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['CLOCK_AT'], message: 'is for sandbox mode only: production runs on the machine’s time' });
    }
    if (c.DATA_KEY !== undefined && Buffer.from(c.DATA_KEY, 'base64').length !== 32) {
      ctx.addIssue({ code: 'custom', path: ['DATA_KEY'], message: 'must be base64 of exactly 32 bytes' });
    }
  });

type RawConfig = z.infer<typeof configSchema>;
export type Config = Readonly<Omit<RawConfig, SandboxKey> & Record<SandboxKey, string> & { dataKey: Buffer; publicBaseUrl: string }>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (process.env by default) into a frozen Config, or throws ConfigError naming each variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<RawConfig> = {}): Config {
  const relevant: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = configSchema.safeParse({ ...relevant, ...overrides });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`));
  }
  const c = parsed.data;
  const filled = { ...c } as Record<string, unknown>;
  for (const key of Object.keys(SANDBOX_DEFAULTS) as SandboxKey[]) filled[key] ??= SANDBOX_DEFAULTS[key];
  // The core emulator's demo app in sandbox (production external mode requires both; the built-in core uses neither).
  if (c.APP_MODE === 'sandbox') {
    filled['CORE_APP_ID'] ??= CORE_EMULATOR_DEFAULTS.appId;
    filled['CORE_SECRET'] ??= CORE_EMULATOR_DEFAULTS.secret;
  }
  return Object.freeze({
    ...(filled as RawConfig & Record<SandboxKey, string>),
    dataKey: Buffer.from(c.DATA_KEY ?? SANDBOX_DATA_KEY, 'base64'),
    publicBaseUrl: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`,
  });
}

/** Variable name, default and description of every key, for README's configuration table. */
export function describeConfig(): { name: string; default: string; description: string }[] {
  return Object.entries(configSchema.shape).map(([name, schema]) => {
    const def = (schema as z.ZodType).def as { defaultValue?: unknown; type: string };
    return {
      name,
      default: def.type === 'default' ? String(def.defaultValue) : '',
      description: (schema as z.ZodType).description ?? '',
    };
  });
}
