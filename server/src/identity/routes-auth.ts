/**
 * /api/auth/…: registration (A1–A2), login by password or face (A3), forgot password (A4), logout. Public, except
 * logout which needs the session it ends.
 */
import type Router from '@koa/router';
import { currentMember } from '../http/member.js';
import { defineRoute } from '../http/route.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { requestMeta } from './audit.js';
import { requireMember } from './auth.js';
import type { IdentityContext } from './context.js';
import { loginWithFace, loginWithPassword, logout, startFaceLogin } from './login.js';
import { confirmResetSms, resetPassword, sendResetSms, verifyClaimant } from './recovery.js';
import { completeRegistration, sendRegistrationSms, startRegistrationFace, verifyRegistration } from './registration.js';
import * as s from './schema.js';

const tags = ['身份与安全'];
const sessionOut = (x: { token: string; expiresAt: string }) => ({ token: x.token, expiresAt: x.expiresAt });

export function registerAuthRoutes(router: Router, registry: OpenApiRegistry, id: IdentityContext): void {
  // A1 新用户注册 (001 1.2): verify by SMS or by face, then set the passwords (001 1.3).
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/auth/register/sms',
      summary: 'A1 注册：核对姓名、身份证号、手机号并发送短信验证码',
      tags,
      body: s.applicant,
      response: s.smsSent,
    },
    ({ body, ctx }) => sendRegistrationSms(id, body, requestMeta(ctx)),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/auth/register/face', summary: 'A1 人脸注册：核对信息并开始人脸核身', tags, body: s.applicant, response: s.faceStarted },
    ({ body }) => startRegistrationFace(id, body),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/auth/register/verify',
      summary: 'A1 绑定账户：验证码或人脸结果 + 同意用户协议 → 注册凭证',
      tags,
      body: s.verifyRegistrationBody,
      response: s.registrationVerified,
    },
    ({ body, ctx }) => verifyRegistration(id, body, requestMeta(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/auth/register',
      summary: 'A2 设置登录密码和业务密码，完成注册并登录',
      tags,
      body: s.completeRegistrationBody,
      response: s.session,
    },
    async ({ body, ctx }) => sessionOut(await completeRegistration(id, body, requestMeta(ctx))),
  );

  // A3 登录 (001 1.1, 003 2.1).
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/auth/login', summary: 'A3 身份证号或手机号 + 登录密码登录', tags, body: s.loginBody, response: s.session },
    async ({ body, ctx }) => sessionOut(await loginWithPassword(id, body, requestMeta(ctx))),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/auth/login/face/start', summary: 'A3 人脸登录：开始人脸核身', tags, body: s.claimant, response: s.faceStarted },
    ({ body }) => startFaceLogin(id, body),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/auth/login/face', summary: 'A3 人脸登录：以人脸核身结果登录', tags, body: s.faceLoginBody, response: s.session },
    async ({ body, ctx }) => sessionOut(await loginWithFace(id, body, requestMeta(ctx))),
  );

  // A4 忘记密码 (004 1.4): 信息校验 → 短信验证 → 重置密码.
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/auth/password-reset/verify',
      summary: 'A4 信息校验：姓名 + 证件号码 → 预留手机号（脱敏）',
      tags,
      body: s.claimant,
      response: s.smsSent.pick({ phoneMasked: true }),
    },
    ({ body }) => verifyClaimant(id, body),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/auth/password-reset/sms', summary: 'A4 向预留手机号发送验证码', tags, body: s.claimant, response: s.smsSent },
    ({ body, ctx }) => sendResetSms(id, body, requestMeta(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/auth/password-reset/confirm',
      summary: 'A4 下一步：核对验证码 → 重置凭证',
      tags,
      body: s.resetConfirmBody,
      response: s.resetTicket,
    },
    ({ body, ctx }) => confirmResetSms(id, body, requestMeta(ctx)),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/auth/password-reset', summary: 'A4 提交新密码（可同时重置业务密码）', tags, body: s.resetBody, response: s.ok },
    async ({ body, ctx }) => {
      await resetPassword(id, body, requestMeta(ctx));
      return { ok: true as const };
    },
  );

  // 003 7.5 退出当前账号.
  const guard = requireMember(id.sessions);
  router.post('/api/auth/logout', guard);
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/auth/logout', summary: '退出当前账号（当前会话失效）', tags, auth: 'member', response: s.ok },
    async ({ ctx }) => {
      await logout(id, currentMember(ctx), requestMeta(ctx));
      return { ok: true as const };
    },
  );
}
