/**
 * Request and response schemas of /api/auth/…, /api/me/security/… and /api/public/agreements (OpenAPI is generated
 * from them). Passwords and ID numbers are checked by the services, which give the manuals' messages; here only
 * their shape and size.
 */
import { z } from 'zod';
import { challengeAnswer } from '../limits/schema.js';
import { TRANSACTION_PURPOSE, TRANSACTION_REFERENCE } from './confirmation.js';

const name = z.string().trim().min(1).max(32).describe('姓名');
const idNumber = z.string().trim().min(1).max(32).describe('身份证号码（18位）');
export const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号码应为11位数字')
  .describe('手机号码');
const smsCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '验证码应为6位数字')
  .describe('短信验证码');
const password = z.string().min(1).max(64);
const bizToken = z.string().trim().min(8).max(128).describe('FaceID BizToken from the matching …/face start');
const token = z.string().trim().min(16).max(256);
const iso = z.string().describe('ISO 8601 instant');

const wechatCode = z.string().trim().min(8).max(128);
export const wechatIds = z
  .object({
    mpCode: wechatCode.optional().describe('the code of wx.login() (mini-program); the server asks WeChat (jscode2session) whose it is'),
    oaCode: wechatCode
      .optional()
      .describe('the code the official account’s OAuth (snsapi_base) gave the web page; the server asks WeChat (sns/oauth2/access_token)'),
  })
  .strict()
  .describe(
    'The WeChat person to bind, proven by a one-use code from WeChat (openids are never taken from the client; optional: web and API clients have none)',
  );

export const applicant = z.object({ name, idNumber, phone });
export const claimant = z.object({ name, idNumber });

export const smsSent = z.object({
  phoneMasked: z.string().describe('the phone the code went to, masked'),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});

export const faceStarted = z.object({
  bizToken: z.string().describe('start the FaceID mini-program plugin with it'),
  url: z.string().describe('the FaceID H5 page (web clients)'),
  expiresAt: iso,
});

export const verifyRegistrationBody = applicant.extend({
  smsCode: smsCode.optional(),
  bizToken: bizToken.optional(),
  agreement: z.object({
    accepted: z.boolean().describe('“我已同意【个人用户协议】” ticked'),
    userAgreementVersion: z.string().min(1).max(32),
    privacyVersion: z.string().min(1).max(32),
  }),
  wechat: wechatIds.optional(),
});

export const registrationVerified = z.object({
  registrationToken: z.string().describe('one use, for POST /api/auth/register'),
  expiresAt: iso,
  member: z.object({ name: z.string(), idNumberMasked: z.string(), phoneMasked: z.string() }),
});

export const completeRegistrationBody = z.object({
  registrationToken: token,
  loginPassword: password.describe('8–16 characters, 3 of digit / upper / lower / special'),
  businessPassword: password.describe('6 digits, not trivial'),
  autoLogin: z.boolean().optional().describe('自动登录'),
});

export const session = z.object({ token: z.string(), expiresAt: iso });

export const loginBody = z.object({
  account: z.string().trim().min(1).max(32).describe('身份证号码或手机号码'),
  password: password.describe('登录密码'),
  autoLogin: z.boolean().optional().describe('自动登录; default: the member’s A8 setting'),
  wechat: wechatIds.optional(),
  challenge: challengeAnswer.optional(),
});

export const faceLoginBody = z.object({ bizToken, autoLogin: z.boolean().optional(), wechat: wechatIds.optional() });

export const resetConfirmBody = claimant.extend({ smsCode });
export const resetTicket = z.object({ resetToken: z.string(), expiresAt: iso });
export const resetBody = z.object({
  resetToken: token,
  newLoginPassword: password,
  newBusinessPassword: password.optional().describe('also set a new business password'),
});

export const ok = z.object({ ok: z.literal(true) });

export const securityOverview = z.object({
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  registeredAt: iso,
  registeredBy: z.enum(['sms', 'face']),
  autoLogin: z.boolean(),
  loginPasswordChangedAt: iso,
  businessPasswordChangedAt: iso,
  wechat: z.object({ bound: z.boolean(), boundAt: iso.nullable(), officialAccount: z.boolean(), miniProgram: z.boolean() }),
  agreements: z.array(z.object({ kind: z.enum(['user-agreement', 'privacy']), version: z.string(), acceptedAt: iso })),
});

export const changeLoginPasswordBody = z.object({
  oldPassword: password,
  newPassword: password,
  newBusinessPassword: password.optional().describe('“重置业务密码” ticked'),
});
export const changeBusinessPasswordBody = z.object({
  oldBusinessPassword: password,
  newBusinessPassword: password,
  newLoginPassword: password.optional().describe('“重置登录密码” ticked'),
});
// A10 (003 7.4.2) 12329 语音热线、触摸屏密码.
const hotlineState = {
  set: z.boolean().describe('是否已设置'),
  setAt: iso.nullable().describe('设置或最近修改的时间'),
  confirmation: z.object({ purpose: z.string(), reference: z.string() }).describe('设置前的 A9 身份确认：purpose 与 reference'),
  notice: z.string().describe('密码规则说明'),
};
export const hotlinePasswordState = z.object(hotlineState);
export const hotlinePasswordBody = z.object({
  oldPassword: z.string().max(64).optional().describe('旧密码（修改时填写；不填为设置或重置）'),
  newPassword: z.string().max(64).describe('新密码，6位数字'),
  confirmPassword: z.string().max(64).describe('确认密码'),
  confirmationToken: z.string().min(1).describe('A9 身份确认：purpose security.hotline-password，reference 12329'),
});
export const hotlinePasswordSet = z.object({ ...hotlineState, message: z.string().describe('密码设置成功 / 密码修改成功 / 密码已重置') });

export const maybeSession = z
  .object({ token: z.string().optional(), expiresAt: iso.optional() })
  .describe('a new session when the login password changed (every old session ended)');

export const autoLoginBody = z.object({
  enabled: z.boolean(),
  loginPassword: password.optional().describe('turning it on: the login password, or'),
  bizToken: bizToken
    .optional()
    .describe('turning it on: a face pass started with POST /api/me/security/face for {purpose: "security.auto-login", reference: "on"}'),
});
export const autoLoginState = z.object({ autoLogin: z.boolean(), expiresAt: iso });

export const newPhoneBody = z.object({ newPhone: phone });
export const changePhoneBody = z.object({ newPhone: phone, smsCode, businessPassword: password });
export const phoneChanged = z.object({ phoneMasked: z.string() });

export const unbindBody = z.object({ smsCode });

const transaction = {
  purpose: z.string().regex(TRANSACTION_PURPOSE).max(64).describe('what is confirmed, e.g. withdrawal.retirement'),
  reference: z.string().regex(TRANSACTION_REFERENCE).describe('the transaction, e.g. the application serial number'),
};
export const faceStartBody = z.object({
  purpose: z.enum(['transaction', 'spouse-confirmation']),
  transaction: z.object(transaction).describe('the transaction the face pass will confirm'),
});
export const confirmBody = z.object({
  ...transaction,
  businessPassword: password.optional(),
  bizToken: bizToken.optional(),
});
export const confirmation = z.object({
  confirmationToken: z.string().describe('one use; the capability carrying out the transaction consumes it'),
  expiresAt: iso,
  purpose: z.string(),
  reference: z.string(),
  method: z.enum(['business-password', 'face']),
});

export const agreementParams = z.object({ kind: z.enum(['user-agreement', 'privacy']) });
export const agreement = z.object({
  kind: z.enum(['user-agreement', 'privacy']),
  version: z.string(),
  title: z.string(),
  body: z.string(),
  effectiveOn: z.string().describe('YYYY-MM-DD'),
});
