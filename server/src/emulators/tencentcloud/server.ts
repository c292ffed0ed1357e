/**
 * Local emulator of the Tencent Cloud API 3.0 endpoints the product uses (FaceID, SMS), speaking the real wire format:
 * `POST /` with X-TC-Action / X-TC-Version / X-TC-Timestamp / X-TC-Region, a JSON body and a TC3-HMAC-SHA256
 * Authorization header; answers `{ Response: … }` with HTTP 200.
 *
 * How the unmodified tencentcloud-sdk-nodejs reaches it. The SDK builds the URL as
 * `httpProfile.protocol + httpProfile.endpoint + "/"` and signs for the service `endpoint.split(".")[0]`
 * (abstract_client.js), so `endpoint: "127.0.0.1:<port>"` would sign for a service called "127". The endpoint's first
 * label must therefore be the service: the product uses `endpoint: "faceid.localhost:<port>"` / `"sms.localhost:<port>"`
 * with `protocol: "http://"`. `*.localhost` does not resolve through getaddrinfo on this Linux (glibc + /etc/hosts, no
 * nss-myhostname: ENOTFOUND), so the same profile carries `agent: new http.Agent({ lookup })` — `httpProfile.agent` is
 * part of the SDK's typed HttpProfile and is handed to node-fetch — whose lookup resolves every name to the emulator's
 * host. Nothing leaves the machine, and an agent also takes precedence over an `http_proxy` environment variable.
 * `tencentCloudHttpProfile()` in integrations/tencentcloud.ts builds exactly that profile.
 *
 * The emulator routes by the service in the credential scope, which must match the Host's first label when that label
 * is an emulated service (a raw client may still address it as 127.0.0.1:<port>).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Koa from 'koa';
import { BodyTooLargeError, readRawBody } from './body.js';
import { createControl, controlRouter, type TencentCloudControl } from './control.js';
import { TcApiError, errorEnvelope, newRequestId, okEnvelope, tcErrors } from './errors.js';
import { FACEID_VERSION, FaceIdEmulator } from './faceid.js';
import { DEFAULT_REQUEST_LIMITS, Faults } from './faults.js';
import { verifyTc3 } from './signature.js';
import { SMS_VERSION, SmsEmulator, type SmsLimits } from './sms.js';

/** Defaults shared with sandbox configuration, so the demo works without settings. */
export const EMULATOR_DEFAULTS = {
  secretId: 'AKIDEMULATOR0000000000000000000000',
  secretKey: 'emulator-secret-key-0000000000000',
  faceIdRuleId: '1',
  smsAppId: '1400000000',
  smsSignName: '公积金中心',
  templates: {
    '1000001': '您的验证码为{1}，{2}分钟内有效。如非本人操作，请忽略本短信。',
    '1000002': '您的{1}业务已办理完成，流水号{2}。',
    '1000003': '您有一条{1}，请打开 {2} 查看办理。',
  } as Record<string, string>,
  /** The notice-with-a-link template (official-account fallback when the recipient does not follow it). */
  noticeLinkTemplateId: '1000003',
} as const;

interface TencentCloudEmulatorOptions {
  port?: number;
  host?: string;
  /** SecretId → SecretKey. */
  secrets?: Record<string, string>;
  smsAppId?: string;
  smsSignNames?: string[];
  /** TemplateId → approved body with {1}, {2}, … placeholders. */
  templates?: Record<string, string>;
  smsLimits?: Partial<SmsLimits>;
  faceIdRuleIds?: string[];
  /** Per-action requests per second; documented defaults, `false` for none. */
  requestLimits?: Record<string, number> | false;
  /** Probability in [0, 1] that an authenticated call fails with `failRateCode` (InternalError). */
  failRate?: number;
  failRateCode?: string;
}

export interface TencentCloudEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  control: TencentCloudControl;
}

interface ServiceSpec {
  version: string;
  actions: Record<string, (params: Record<string, unknown>, ctx: { region?: string }) => object>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startTencentCloudEmulator(opts: TencentCloudEmulatorOptions = {}): Promise<TencentCloudEmulator> {
  const host = opts.host ?? '127.0.0.1';
  let baseUrl = '';
  const faults = new Faults(opts.requestLimits === false ? {} : { ...DEFAULT_REQUEST_LIMITS, ...opts.requestLimits }, opts.failRate, opts.failRateCode);
  const clock = { offsetMs: 0 };
  const now = () => Date.now() + clock.offsetMs;
  const faceid = new FaceIdEmulator({ ruleIds: opts.faceIdRuleIds ?? [EMULATOR_DEFAULTS.faceIdRuleId], now, h5Base: () => baseUrl });
  const sms = new SmsEmulator({
    appId: opts.smsAppId ?? EMULATOR_DEFAULTS.smsAppId,
    signNames: opts.smsSignNames ?? [EMULATOR_DEFAULTS.smsSignName],
    templates: opts.templates ?? EMULATOR_DEFAULTS.templates,
    limits: { thirtySeconds: 1, oneHour: 5, daily: 10, ...opts.smsLimits },
    now,
  });
  const control = createControl({ faceid, sms, faults, clock });

  const services = new Map<string, ServiceSpec>([
    ['faceid', { version: FACEID_VERSION, actions: faceid.actions }],
    ['sms', { version: SMS_VERSION, actions: sms.actions }],
  ]);
  const secrets = new Map(Object.entries(opts.secrets ?? { [EMULATOR_DEFAULTS.secretId]: EMULATOR_DEFAULTS.secretKey }));

  const app = new Koa();
  const router = controlRouter(control, faceid);
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(async (ctx) => {
    if (ctx.path !== '/') {
      ctx.status = 404;
      ctx.body = { error: 'not found' };
      return;
    }
    const requestId = newRequestId();
    const traceId = ctx.get('x-tc-traceid');
    if (traceId) ctx.set('X-TC-TraceId', traceId);
    try {
      const data = await handleApiCall(ctx, { services, secrets, faults });
      ctx.body = okEnvelope(data, requestId);
    } catch (err) {
      const e = err instanceof TcApiError ? err : tcErrors.internalError();
      ctx.body = errorEnvelope(e.code, e.message, requestId);
    }
    ctx.status = 200;
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    port,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handleApiCall(
  ctx: Koa.Context,
  deps: { services: Map<string, ServiceSpec>; secrets: ReadonlyMap<string, string>; faults: Faults },
): Promise<object> {
  if (ctx.method !== 'POST') throw tcErrors.invalidParameter('The emulator accepts POST requests with a JSON body only.');
  let body: Buffer;
  try {
    body = await readRawBody(ctx.req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw tcErrors.requestSizeLimitExceeded();
    throw err;
  }
  const action = ctx.get('x-tc-action');
  const version = ctx.get('x-tc-version');
  const rawTimestamp = ctx.get('x-tc-timestamp');
  if (!action) throw tcErrors.missingParameter('Action');
  if (!version) throw tcErrors.missingParameter('Version');
  if (!rawTimestamp) throw tcErrors.missingParameter('Timestamp');
  if (!/^\d{1,12}$/.test(rawTimestamp)) throw tcErrors.invalidParameterValue('Timestamp');

  const nowMs = Date.now();
  const { service } = verifyTc3(
    { method: ctx.method, headers: ctx.req.headers, body, timestamp: Number(rawTimestamp) },
    { secrets: deps.secrets, services: new Set(deps.services.keys()), nowMs },
  );
  const spec = deps.services.get(service);
  if (!spec) throw tcErrors.noSuchProduct(service);
  if (version !== spec.version) throw tcErrors.noSuchVersion(version, service);
  const handler = spec.actions[action];
  if (!handler) throw tcErrors.invalidAction(action, service);

  const refused = deps.faults.checkRate(action, nowMs) ?? deps.faults.injected(action);
  if (refused) throw refused;

  if (!/^application\/json\b/i.test(ctx.get('content-type'))) {
    throw tcErrors.invalidParameter('The request body must be JSON (Content-Type: application/json).');
  }
  let params: unknown;
  try {
    params = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw tcErrors.invalidParameter('The request body is not valid JSON.');
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw tcErrors.invalidParameter('The request body must be a JSON object.');
  }
  return handler(params as Record<string, unknown>, { region: ctx.get('x-tc-region') || undefined });
}
