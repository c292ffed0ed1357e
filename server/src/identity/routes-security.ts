/**
 * /api/me/security/… (安全设置, 001 四): overview, A5 passwords, A10 12329 password, A6 phone, A7 unbind, A8 auto-login, WeChat binding,
 * and A9 transaction confirmation. All behind guardMemberArea (app.ts).
 */
import type Router from '@koa/router';
import { defineRoute } from '../http/route.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { bindCurrentWechat, changePhone, deleteRegistration, sendChangePhoneSms, sendUnbindSms } from './account-changes.js';
import { requestMeta } from './audit.js';
import { currentMember } from '../http/member.js';
import { confirmTransaction, startTransactionFace } from './confirmation.js';
import type { IdentityContext } from './context.js';
import * as s from './schema.js';
import { hotlinePasswordState, setHotlinePassword } from './hotline-password.js';
import { changeBusinessPassword, changeLoginPassword, securityOverview, setAutoLogin } from './security.js';

const tags = ['安全设置'];
const auth = 'member' as const;

export function registerSecurityRoutes(router: Router, registry: OpenApiRegistry, id: IdentityContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/security',
      summary: '安全设置总览（脱敏的身份证号、手机号，自动登录，微信绑定，已同意的协议）',
      tags,
      auth,
      response: s.securityOverview,
    },
    ({ ctx }) => securityOverview(id, currentMember(ctx)),
  );

  // A5 (001 4.1–4.2, 003 7.4).
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/security/login-password',
      summary: 'A5 修改登录密码（可同时重置业务密码）；所有会话失效并返回新会话',
      tags,
      auth,
      body: s.changeLoginPasswordBody,
      response: s.session,
    },
    async ({ body, ctx }) => {
      const next = await changeLoginPassword(id, currentMember(ctx), body, requestMeta(ctx));
      return { token: next.token, expiresAt: next.expiresAt };
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/security/business-password',
      summary: 'A5 修改业务密码（可同时重置登录密码）',
      tags,
      auth,
      body: s.changeBusinessPasswordBody,
      response: s.maybeSession,
    },
    async ({ body, ctx }) => {
      const next = await changeBusinessPassword(id, currentMember(ctx), body, requestMeta(ctx));
      return next ? { token: next.token, expiresAt: next.expiresAt } : {};
    },
  );

  // A10 (003 7.4.2).
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/security/hotline-password',
      summary: 'A10 12329语音热线、触摸屏密码：是否已设置、A9 确认所需的 purpose/reference',
      tags,
      auth,
      response: s.hotlinePasswordState,
    },
    ({ ctx }) => hotlinePasswordState(id, currentMember(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/security/hotline-password',
      summary: 'A10 设置、修改（带旧密码）或重置 12329语音热线、触摸屏密码（6位数字，需 A9 身份确认）',
      tags,
      auth,
      body: s.hotlinePasswordBody,
      response: s.hotlinePasswordSet,
    },
    ({ body, ctx }) => setHotlinePassword(id, currentMember(ctx), body, requestMeta(ctx)),
  );

  // A6 (000 (六), 003 5.1.3).
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/me/security/phone/sms', summary: 'A6 向新手机号发送验证码', tags, auth, body: s.newPhoneBody, response: s.smsSent },
    ({ body, ctx }) => sendChangePhoneSms(id, currentMember(ctx), body.newPhone, requestMeta(ctx)),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/security/phone',
      summary: 'A6 修改手机号码（业务密码 + 新号码的验证码）',
      tags,
      auth,
      body: s.changePhoneBody,
      response: s.phoneChanged,
    },
    ({ body, ctx }) => changePhone(id, currentMember(ctx), body, requestMeta(ctx)),
  );

  // A7 (000 一(一) 解除绑定, 001 4.3 删除微信注册).
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/me/security/unbind/sms', summary: 'A7 向预留手机号发送解除绑定验证码', tags, auth, response: s.smsSent },
    ({ ctx }) => sendUnbindSms(id, currentMember(ctx), requestMeta(ctx)),
  );
  defineRoute(
    router,
    registry,
    { method: 'post', path: '/api/me/security/unbind', summary: 'A7 解除绑定并删除注册（之后须重新注册绑定）', tags, auth, body: s.unbindBody, response: s.ok },
    async ({ body, ctx }) => {
      await deleteRegistration(id, currentMember(ctx), body.smsCode, requestMeta(ctx));
      return { ok: true as const };
    },
  );

  // A8 (001 4.4).
  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/me/security/auto-login',
      summary: 'A8 自动登录开关（开启须验证登录密码或人脸）',
      tags,
      auth,
      body: s.autoLoginBody,
      response: s.autoLoginState,
    },
    ({ body, ctx }) => setAutoLogin(id, currentMember(ctx), body, requestMeta(ctx)),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/security/wechat',
      summary: '绑定当前微信（公众号 / 小程序 openid、unionid）',
      tags,
      auth,
      body: s.wechatIds,
      response: s.ok,
    },
    async ({ body, ctx }) => {
      await bindCurrentWechat(id, currentMember(ctx), body, requestMeta(ctx));
      return { ok: true as const };
    },
  );

  // A9 (001 2.1–2.4 职工身份验证).
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/security/face',
      summary: 'A9 为一笔业务开始人脸认证（本人确认或配偶确认）',
      tags,
      auth,
      body: s.faceStartBody,
      response: s.faceStarted,
    },
    ({ body, ctx }) => startTransactionFace(id, currentMember(ctx), body.purpose, body.transaction),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/security/confirmations',
      summary: 'A9 以业务密码或人脸认证确认一笔业务 → 一次性确认凭证',
      tags,
      auth,
      body: s.confirmBody,
      response: s.confirmation,
    },
    ({ body, ctx }) => confirmTransaction(id, currentMember(ctx), body, requestMeta(ctx)),
  );
}
