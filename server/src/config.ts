import { z } from 'zod';
import { EMULATOR_DEFAULTS as TC } from './emulators/tencentcloud/server.js';
import { DEFAULT_APPS } from './emulators/wechat/index.js';

/**
 * The only reader of process.env. Every key carries a `.describe()` sentence: README's configuration
 * table is generated from them (`npm run config:doc`). A wrong value stops the start with a message
 * naming the variable.
 */
const SANDBOX_DATA_KEY = Buffer.alloc(32, 'hpf-sandbox-demo-key-not-secret!').toString('base64');

const port = z.coerce.number().int().min(0).max(65535);
const [SANDBOX_OA_APP, SANDBOX_MP_APP] = Object.keys(DEFAULT_APPS) as [string, string];
/** Sandbox values of the WeChat and Tencent Cloud settings: the emulators accept exactly these. */
export const SANDBOX_DEFAULTS = {
  WECHAT_TOKEN: 'hpf-sandbox-token',
  WECHAT_APP_ID: SANDBOX_OA_APP,
  WECHAT_APP_SECRET: DEFAULT_APPS[SANDBOX_OA_APP]!,
  WECHAT_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECHAT_MP_APP_ID: SANDBOX_MP_APP,
  WECHAT_MP_APP_SECRET: DEFAULT_APPS[SANDBOX_MP_APP]!,
  TENCENTCLOUD_SECRET_ID: TC.secretId,
  TENCENTCLOUD_SECRET_KEY: TC.secretKey,
  FACEID_RULE_ID: TC.faceIdRuleId,
  SMS_SDK_APP_ID: TC.smsAppId,
  SMS_SIGN_NAME: TC.smsSignName,
  SMS_TEMPLATE_ID: '1000001',
} as const;
type SandboxKey = keyof typeof SANDBOX_DEFAULTS;
const secret = (doc: string) => z.string().min(1).optional().describe(doc);

export const configSchema = z
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
      .describe('Base64 of 32 random bytes: AES-256-GCM key for ID numbers and phones at rest, and the HMAC key of their lookup hashes. Required in production.'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
    SEED_DEMO: z
      .enum(['auto', 'always', 'never'])
      .default('auto')
      .describe('auto: load the demo center when the database is empty (sandbox only); always/never force it.'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000).describe('How long SIGTERM waits for in-flight requests before closing anyway.'),
    PUBLIC_BASE_URL: z.string().url().optional().describe('Public https address of this server (links in messages); default http://localhost:PORT.'),

    WECHAT_TOKEN: secret('Official account server token (公众号 服务器配置 Token), used in push signatures. Sandbox: hpf-sandbox-token.'),
    WECHAT_APP_ID: secret('Official account AppID. Sandbox: the WeChat emulator’s demo account.'),
    WECHAT_APP_SECRET: secret('Official account AppSecret.'),
    WECHAT_ENCODING_AES_KEY: z.string().length(43).optional().describe('EncodingAESKey (43 characters); when set, safe-mode (AES) pushes are accepted.'),
    WECHAT_API_BASE: z.string().url().optional().describe('Base URL of the WeChat API; unset in sandbox: a WeChat emulator is started in-process; unset in production: https://api.weixin.qq.com.'),
    WECHAT_MP_APP_ID: secret('Mini-program AppID (jscode2session, subscribe messages).'),
    WECHAT_MP_APP_SECRET: secret('Mini-program AppSecret.'),

    TENCENTCLOUD_SECRET_ID: secret('Tencent Cloud API SecretId (FaceID and SMS).'),
    TENCENTCLOUD_SECRET_KEY: secret('Tencent Cloud API SecretKey.'),
    TENCENTCLOUD_REGION: z.string().min(1).default('ap-guangzhou').describe('Tencent Cloud region of the FaceID and SMS calls.'),
    TENCENTCLOUD_ENDPOINT_BASE: z.string().url().optional().describe('Base URL of a Tencent Cloud stand-in; unset in sandbox: the Tencent Cloud emulator is started in-process; unset in production: the real endpoints.'),
    FACEID_RULE_ID: secret('FaceID (慧眼) RuleId of the verification flow.'),
    SMS_SDK_APP_ID: secret('SMS SdkAppId.'),
    SMS_SIGN_NAME: secret('SMS signature (签名) approved for the center.'),
    SMS_TEMPLATE_ID: secret('SMS template id of the verification-code message ({1} code, {2} minutes).'),
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
    if (c.DATA_KEY !== undefined && Buffer.from(c.DATA_KEY, 'base64').length !== 32) {
      ctx.addIssue({ code: 'custom', path: ['DATA_KEY'], message: 'must be base64 of exactly 32 bytes' });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;
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
