/**
 * errcode/errmsg pairs as the real API spells them (全局返回码 and each API's own table).
 * Real errmsgs carry a " rid: …" suffix, so code that matches errmsg text instead of errcode
 * breaks here exactly as it would in production.
 */
import { randomBytes } from 'node:crypto';

const ERR = {
  SYSTEM_BUSY: [-1, 'system error'],
  INVALID_CREDENTIAL: [40001, 'invalid credential, access_token is invalid or not latest'],
  INVALID_GRANT_TYPE: [40002, 'invalid grant_type'],
  INVALID_OPENID: [40003, 'invalid openid'],
  INVALID_APPID: [40013, 'invalid appid'],
  INVALID_ACCESS_TOKEN: [40014, 'invalid access_token'],
  INVALID_MENU_TYPE: [40015, 'invalid button type'],
  INVALID_BUTTON_SIZE: [40016, 'invalid button size'],
  INVALID_BUTTON_NAME_SIZE: [40018, 'invalid button name size'],
  INVALID_BUTTON_KEY_SIZE: [40019, 'invalid button key size'],
  INVALID_BUTTON_URL_SIZE: [40020, 'invalid button url size'],
  INVALID_SUB_BUTTON_SIZE: [40023, 'invalid sub button size'],
  INVALID_SUB_BUTTON_TYPE: [40024, 'invalid sub button type'],
  INVALID_SUB_BUTTON_NAME_SIZE: [40025, 'invalid sub button name size'],
  INVALID_SUB_BUTTON_KEY_SIZE: [40026, 'invalid sub button key size'],
  INVALID_SUB_BUTTON_URL_SIZE: [40027, 'invalid sub button url size'],
  INVALID_CODE: [40029, 'invalid code'],
  INVALID_TEMPLATE_ID: [40037, 'invalid template_id'],
  INVALID_APPSECRET: [40125, 'invalid appsecret'],
  INVALID_SCENE: [40129, 'invalid scene'],
  CODE_BEEN_USED: [40163, 'code been used'],
  ACCESS_TOKEN_MISSING: [41001, 'access_token missing'],
  APPID_MISSING: [41002, 'appid missing'],
  APPSECRET_MISSING: [41004, 'appsecret missing'],
  CODE_MISSING: [41008, 'missing code'],
  ACCESS_TOKEN_EXPIRED: [42001, 'access_token expired'],
  REQUIRE_POST: [43002, 'require POST method'],
  REQUIRE_SUBSCRIBE: [43004, 'require subscribe'],
  USER_REFUSED: [43101, 'user refuse to accept the msg'],
  QUOTA_REACHED: [45009, 'reach max api daily quota limit'],
  FORCE_REFRESH_TOO_FREQUENT: [45009, 'reach max api daily quota limit, force_refresh too frequent'],
  MENU_NOT_EXIST: [46003, 'menu no exist'],
  DATA_FORMAT_ERROR: [47001, 'data format error'],
  ARGUMENT_INVALID: [47003, 'argument invalid!'],
  USER_ACCESS_EXPIRED: [61010, 'user access is expired'],
  RISKY_CONTENT: [87014, 'risky content'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrName = keyof typeof ERR;

export interface WeChatErrorBody {
  errcode: number;
  errmsg: string;
}

const rid = () => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;

export function wxError(name: ErrName, detail?: string): WeChatErrorBody {
  const [errcode, errmsg] = ERR[name];
  return wxErrcode(errcode, detail ? `${errmsg} ${detail}` : errmsg);
}

/** For injected failures, where the caller names only the number. */
export function wxErrcode(errcode: number, errmsg?: string): WeChatErrorBody {
  const known = Object.values(ERR).find(([code]) => code === errcode);
  return { errcode, errmsg: `${errmsg ?? known?.[1] ?? 'injected error'} rid: ${rid()}` };
}

export const ok = <T extends object>(extra: T): WeChatErrorBody & T => ({ errcode: 0, errmsg: 'ok', ...extra });
