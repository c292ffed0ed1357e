/**
 * Sandbox mode runs the whole product offline: when no WeChat API base or Tencent Cloud endpoint is
 * configured, the emulators start in-process on free ports and the real clients are pointed at them; with
 * CORE_MODE=external and no CORE_BASE_URL, so does the core emulator (on its own PGlite, seeded with the demo center).
 * In production nothing starts here and the real services are used.
 */
import type { Config } from '../config.js';
import { startTencentCloudEmulator, type TencentCloudEmulator } from '../emulators/tencentcloud/server.js';
import { startWeChatEmulator, type WeChatEmulator } from '../emulators/wechat/index.js';
import { startCoreEmulator, type CoreEmulator } from '../emulators/core/server.js';
import type { IsoDate } from '../shared/dates.js';
import { WECHAT_API_BASE } from './wechat-api.js';

export interface ExternalEndpoints {
  /** Base URL the WeChat API client uses. */
  wechatApiBase: string;
  /** Tencent Cloud stand-in base URL, or undefined for the real endpoints. */
  tencentCloudEndpointBase: string | undefined;
  /** CORE_MODE=external: the core's base URL (CORE_BASE_URL, or the core emulator started here); undefined otherwise. */
  coreBaseUrl: string | undefined;
  /** The emulators started here (sandbox only): tests and the demo drive them through `control`. */
  emulators: { wechat?: WeChatEmulator; tencentCloud?: TencentCloudEmulator; core?: CoreEmulator };
  close(): Promise<void>;
}

/** `today`: the business day the core emulator's demo center is seeded as of (the server's clock). */
export async function startExternalEndpoints(config: Config, opts: { today?: IsoDate } = {}): Promise<ExternalEndpoints> {
  const sandbox = config.APP_MODE === 'sandbox';
  const emulators: ExternalEndpoints['emulators'] = {};
  const close = () => Promise.all([emulators.wechat?.close(), emulators.tencentCloud?.close(), emulators.core?.close()]).then(() => undefined);
  try {
    await startEmulators(config, sandbox, emulators, opts.today);
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
  return {
    wechatApiBase: emulators.wechat?.url ?? config.WECHAT_API_BASE ?? WECHAT_API_BASE,
    tencentCloudEndpointBase: emulators.tencentCloud?.url ?? config.TENCENTCLOUD_ENDPOINT_BASE,
    coreBaseUrl: config.CORE_MODE === 'external' ? (emulators.core?.url ?? config.CORE_BASE_URL) : undefined,
    emulators,
    close,
  };
}

async function startEmulators(config: Config, sandbox: boolean, emulators: ExternalEndpoints['emulators'], today: IsoDate | undefined): Promise<void> {
  if (sandbox && config.CORE_MODE === 'external' && !config.CORE_BASE_URL) {
    // Its own PGlite, migrated and seeded with the demo center (a few seconds): the same people as the product's.
    emulators.core = await startCoreEmulator({ apps: { [config.CORE_APP_ID!]: config.CORE_SECRET! }, ...(today ? { today } : {}) });
  }
  if (sandbox && !config.WECHAT_API_BASE) {
    emulators.wechat = await startWeChatEmulator({
      apps: { [config.WECHAT_APP_ID]: config.WECHAT_APP_SECRET, [config.WECHAT_MP_APP_ID]: config.WECHAT_MP_APP_SECRET },
      // The notices' templates, as the center would have added them on the platforms (E5).
      templateIds: [
        config.WECHAT_TEMPLATE_PROGRESS,
        config.WECHAT_TEMPLATE_SPOUSE_CONFIRMATION,
        config.WECHAT_TEMPLATE_QUESTION_REPLY,
        config.WECHAT_TEMPLATE_BROADCAST,
      ],
      subscribeTemplateIds: [
        config.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS,
        config.WECHAT_SUBSCRIBE_TEMPLATE_SPOUSE_CONFIRMATION,
        config.WECHAT_SUBSCRIBE_TEMPLATE_QUESTION_REPLY,
      ],
    });
  }
  if (sandbox && !config.TENCENTCLOUD_ENDPOINT_BASE) {
    emulators.tencentCloud = await startTencentCloudEmulator({
      secrets: { [config.TENCENTCLOUD_SECRET_ID]: config.TENCENTCLOUD_SECRET_KEY },
      smsAppId: config.SMS_SDK_APP_ID,
      smsSignNames: [config.SMS_SIGN_NAME],
      faceIdRuleIds: [config.FACEID_RULE_ID],
    });
  }
}
