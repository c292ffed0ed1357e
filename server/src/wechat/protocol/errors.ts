import { DomainError } from '../../shared/errors.js';

/**
 * Everything the push protocol can refuse. The webhook maps these to HTTP statuses; WeChat only
 * cares that it did not get a 200, so the codes are for our logs and tests, not for the member.
 */
export type WeChatProtocolErrorCode =
  | 'WECHAT_SIGNATURE_INVALID'
  | 'WECHAT_TIMESTAMP_STALE'
  | 'WECHAT_ENCRYPTION_REQUIRED'
  | 'WECHAT_AES_KEY_INVALID'
  | 'WECHAT_CIPHERTEXT_INVALID'
  | 'WECHAT_APPID_MISMATCH'
  | 'WECHAT_XML_REJECTED'
  | 'WECHAT_XML_INVALID'
  | 'WECHAT_PUSH_INVALID'
  | 'WECHAT_BODY_TOO_LARGE';

const MESSAGES: Record<WeChatProtocolErrorCode, [message: string, status: number]> = {
  WECHAT_SIGNATURE_INVALID: ['微信消息签名无效', 401],
  WECHAT_TIMESTAMP_STALE: ['微信消息时间戳已过期', 401],
  WECHAT_ENCRYPTION_REQUIRED: ['微信消息必须以安全模式加密', 400],
  WECHAT_AES_KEY_INVALID: ['EncodingAESKey 配置无效', 500],
  WECHAT_CIPHERTEXT_INVALID: ['微信消息密文无效', 400],
  WECHAT_APPID_MISMATCH: ['微信消息不属于本公众号', 400],
  WECHAT_XML_REJECTED: ['微信消息包含不允许的 XML 声明', 400],
  WECHAT_XML_INVALID: ['微信消息 XML 格式错误', 400],
  WECHAT_PUSH_INVALID: ['微信消息字段不完整', 400],
  WECHAT_BODY_TOO_LARGE: ['微信消息体过大', 413],
};

export class WeChatProtocolError extends DomainError {
  declare readonly code: WeChatProtocolErrorCode;

  constructor(code: WeChatProtocolErrorCode, detail?: string) {
    const [message, status] = MESSAGES[code];
    super(code, message, status, detail === undefined ? undefined : { detail });
    this.name = 'WeChatProtocolError';
  }
}

export const protocolError = (code: WeChatProtocolErrorCode, detail?: string) => new WeChatProtocolError(code, detail);
