import { pino, type Logger } from 'pino';
import { maskPersonalDataInText } from './mask.js';

/**
 * pino with personal data removed before a line is written: secrets are redacted by key, and every string
 * value is scanned for ID numbers and phones, which are masked (a log line never holds them whole).
 */
const REDACT_KEYS = [
  'password',
  'loginPassword',
  'businessPassword',
  'oldPassword',
  'newPassword',
  'code',
  'smsCode',
  'token',
  'authorization',
  'secret',
  'secretKey',
  'idNumber',
  'phone',
  'bizToken',
  // The webhook's query, now in the request line: who wrote (openid) stays out of the logs, and so do the signatures.
  'openid',
  'signature',
  'msg_signature',
  'echostr',
];

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalDataInText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error)
    return { type: value.name, message: maskPersonalDataInText(value.message), stack: value.stack && maskPersonalDataInText(value.stack) };
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = REDACT_KEYS.includes(k) ? '[redacted]' : maskDeep(v, depth + 1);
  }
  return out;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hpf-server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // Mask the message string too (pino's formatters only see the object).
          const masked = args.map((a) => (typeof a === 'string' ? maskPersonalDataInText(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
