/**
 * Sandbox mode runs the whole product offline: when no WeChat API base or Tencent Cloud endpoint is
 * configured, the emulators start in-process on free ports and the real clients are pointed at them.
 * In production nothing starts here and the real services are used.
 */
import type { Config } from '../config.js';
import { startTencentCloudEmulator, type TencentCloudEmulator } from '../emulators/tencentcloud/server.js';
import { startWeChatEmulator, type WeChatEmulator } from '../emulators/wechat/index.js';
import { WECHAT_API_BASE } from './wechat-api.js';

export interface ExternalEndpoints {
  /** Base URL the WeChat API client uses. */
  wechatApiBase: string;
  /** Tencent Cloud stand-in base URL, or undefined for the real endpoints. */
  tencentCloudEndpointBase: string | undefined;
  /** The emulators started here (sandbox only): tests and the demo drive them through `control`. */
  emulators: { wechat?: WeChatEmulator; tencentCloud?: TencentCloudEmulator };
  close(): Promise<void>;
}

export async function startExternalEndpoints(config: Config): Promise<ExternalEndpoints> {
  const sandbox = config.APP_MODE === 'sandbox';
  const emulators: ExternalEndpoints['emulators'] = {};
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
  return {
    wechatApiBase: emulators.wechat?.url ?? config.WECHAT_API_BASE ?? WECHAT_API_BASE,
    tencentCloudEndpointBase: emulators.tencentCloud?.url ?? config.TENCENTCLOUD_ENDPOINT_BASE,
    emulators,
    async close() {
      await Promise.all([emulators.wechat?.close(), emulators.tencentCloud?.close()]);
    },
  };
}
