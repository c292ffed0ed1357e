/**
 * Thin adapter over tencentcloud-sdk-nodejs for what the product uses: FaceID (DetectAuth, GetDetectInfoEnhanced,
 * version 2018-03-01) and SMS (SendSms, version 2021-01-11). API failures become `TencentCloudError(code, message,
 * requestId)`; messages never carry a full phone or ID number.
 *
 * `endpointBase` (e.g. the emulator's `http://127.0.0.1:<port>`) points the real SDK at another host without changing
 * it: see `tencentCloudHttpProfile` and emulators/tencentcloud/server.ts for why the endpoint is
 * `<service>.localhost:<port>` plus an agent that resolves it to `endpointBase`'s host.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
// The two services used, not the SDK's index (which loads all of Tencent Cloud's ~250 services: ~1.5 s per start).
import { faceid as faceidApi } from 'tencentcloud-sdk-nodejs/tencentcloud/services/faceid/index.js';
import { sms as smsApi } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sms/index.js';
import type { HttpProfile } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface.js';

type TencentCloudService = 'faceid' | 'sms';

interface TencentCloudConfig {
  secretId: string;
  secretKey: string;
  region: string;
  faceIdRuleId: string;
  smsSdkAppId: string;
  smsSignName: string;
  smsTemplateId: string;
  /** Base URL of a Tencent Cloud stand-in (the emulator); the real endpoints when omitted. */
  endpointBase?: string;
}

export class TencentCloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly requestId: string,
  ) {
    super(message);
    this.name = 'TencentCloudError';
  }
}

export interface DetectInfo {
  /** ErrCode 0 and similarity ≥ 70 (the documented same-person threshold). */
  passed: boolean;
  /** The user has not finished yet (ErrCode 17 本次流程未完成): ask again later. */
  pending: boolean;
  errCode: number | null;
  errMsg: string;
  idCard: string;
  name: string;
  sim: number | null;
  extra: string;
}

export interface TencentCloud {
  detectAuth(p: { name?: string; idCard?: string; redirectUrl?: string; extra?: string }): Promise<{ url: string; bizToken: string }>;
  getDetectInfo(bizToken: string): Promise<DetectInfo>;
  /** Sends the verification-code template, or `templateId` when given (e.g. the notice-with-a-link template). */
  sendSms(phone11: string, params: string[], templateId?: string): Promise<{ serialNo: string }>;
}

const SAME_PERSON_SIM = 70;
const REQUEST_TIMEOUT_SECONDS = 10;

/** The SDK's httpProfile for a service: real endpoint by default, or `<service>.localhost:<port>` pinned to `endpointBase`. */
export function tencentCloudHttpProfile(service: TencentCloudService, endpointBase?: string): HttpProfile {
  if (!endpointBase) return { reqTimeout: REQUEST_TIMEOUT_SECONDS };
  const base = new URL(endpointBase);
  const secure = base.protocol === 'https:';
  const port = base.port || (secure ? '443' : '80');
  const target = base.hostname.replace(/^\[|\]$/g, '');
  // The SDK signs for endpoint.split('.')[0], so the service must be the first label; any name then resolves to the base host.
  const lookup = ((_hostname, options, callback) => dns.lookup(target, options, callback as never)) as LookupFunction;
  const agentOptions = { keepAlive: true, lookup };
  return {
    protocol: secure ? 'https://' : 'http://',
    endpoint: `${service}.localhost:${port}`,
    reqTimeout: REQUEST_TIMEOUT_SECONDS,
    agent: secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions),
  };
}

/** Masks runs of 11+ digits (phones, ID numbers) that a remote message might echo. */
const scrub = (message: string) => message.replace(/\d{7,}(\d{4}|\d{3}[Xx])/g, (m) => `${m.slice(0, 3)}${'*'.repeat(m.length - 7)}${m.slice(-4)}`);

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TencentCloudError) throw err;
    const e = err as { code?: string; httpCode?: number; requestId?: string; message?: string };
    const code = e.code ?? (e.httpCode ? `HttpError.${e.httpCode}` : 'NetworkError');
    throw new TencentCloudError(code, scrub(e.message ?? 'request failed'), e.requestId ?? '');
  }
}

export function createTencentCloud(config: TencentCloudConfig): TencentCloud {
  const credential = { secretId: config.secretId, secretKey: config.secretKey };
  const faceid = new faceidApi.v20180301.Client({
    credential,
    region: config.region,
    profile: { httpProfile: tencentCloudHttpProfile('faceid', config.endpointBase) },
  });
  const sms = new smsApi.v20210111.Client({
    credential,
    region: config.region,
    profile: { httpProfile: tencentCloudHttpProfile('sms', config.endpointBase) },
  });

  return {
    async detectAuth({ name, idCard, redirectUrl, extra }) {
      const res = await call(() => faceid.DetectAuth({ RuleId: config.faceIdRuleId, IdCard: idCard, Name: name, RedirectUrl: redirectUrl, Extra: extra }));
      if (!res.BizToken) throw new TencentCloudError('InvalidResponse', 'DetectAuth returned no BizToken', res.RequestId ?? '');
      return { url: res.Url ?? '', bizToken: res.BizToken };
    },

    async getDetectInfo(bizToken) {
      const res = await call(() => faceid.GetDetectInfoEnhanced({ BizToken: bizToken, RuleId: config.faceIdRuleId, InfoType: '1' }));
      const t = res.Text;
      if (!t) throw new TencentCloudError('InvalidResponse', 'GetDetectInfoEnhanced returned no Text', res.RequestId ?? '');
      const sim = t.Sim == null || t.Sim === '' ? null : Number.parseFloat(t.Sim);
      const errCode = t.ErrCode ?? null;
      return {
        passed: errCode === 0 && sim !== null && sim >= SAME_PERSON_SIM,
        pending: errCode === 17,
        errCode,
        errMsg: t.ErrMsg ?? '',
        idCard: t.IdCard ?? '',
        name: t.Name ?? '',
        sim: sim !== null && Number.isFinite(sim) ? sim : null,
        extra: t.Extra ?? '',
      };
    },

    async sendSms(phone11, params, templateId) {
      if (!/^1\d{10}$/.test(phone11)) {
        throw new TencentCloudError('InvalidParameterValue.IncorrectPhoneNumber', 'phone must be 11 digits starting with 1', '');
      }
      const res = await call(() =>
        sms.SendSms({
          PhoneNumberSet: [`+86${phone11}`],
          SmsSdkAppId: config.smsSdkAppId,
          SignName: config.smsSignName,
          TemplateId: templateId ?? config.smsTemplateId,
          TemplateParamSet: params,
        }),
      );
      const status = res.SendStatusSet?.[0];
      if (!status) throw new TencentCloudError('InvalidResponse', 'SendSms returned no SendStatusSet', res.RequestId ?? '');
      if (status.Code !== 'Ok') throw new TencentCloudError(status.Code ?? 'Unknown', scrub(status.Message ?? ''), res.RequestId ?? '');
      return { serialNo: status.SerialNo ?? '' };
    },
  };
}
