/**
 * 安全设置 of a logged-in member: the overview, A5 password changes (000 (八), 001 4.1–4.2, 003 7.4, 004 4) and the
 * A8 auto-login switch (001 4.4). Changing the login password ends every session and hands back a new one.
 */
import { DomainError, unauthorized } from '../shared/errors.js';
import { acceptedAgreements } from './agreements.js';
import { audited, type RequestMeta } from './audit.js';
import { consumeTransactionFacePass } from './confirmation.js';
import type { IdentityContext } from './context.js';
import { wrongHint } from './password-checks.js';
import { checkBusinessPassword, checkLoginPassword } from './passwords.js';
import type { IssuedSession, MemberPrincipal } from './sessions.js';
import type { Credentials } from './store.js';
import { wechatBindingOf } from './wechat-binding.js';

export async function registeredCredentials(ctx: IdentityContext, memberId: number): Promise<Credentials> {
  const cred = await ctx.credentials.get(memberId);
  // A session outliving its registration cannot happen (deleting it revokes them), but never trust that.
  if (!cred) throw unauthorized('NOT_REGISTERED', '您尚未注册，请先进行新用户注册');
  return cred;
}

export async function securityOverview(ctx: IdentityContext, me: MemberPrincipal) {
  const cred = await registeredCredentials(ctx, me.id);
  const [member, wechat, agreements] = await Promise.all([
    ctx.core.getMember(me.id),
    wechatBindingOf(ctx.database, me.id),
    acceptedAgreements(ctx.database, me.id),
  ]);
  if (!member) throw new DomainError('MEMBER_NOT_FOUND', '未找到缴存职工信息', 404);
  return {
    name: member.name,
    idNumberMasked: member.idNumberMasked,
    phoneMasked: member.phoneMasked,
    registeredAt: cred.registeredAt.toISOString(),
    registeredBy: cred.registeredBy,
    autoLogin: cred.autoLogin,
    loginPasswordChangedAt: cred.loginPasswordChangedAt.toISOString(),
    businessPasswordChangedAt: cred.businessPasswordChangedAt.toISOString(),
    wechat: {
      bound: !!wechat,
      boundAt: wechat?.boundAt?.toISOString() ?? null,
      officialAccount: !!wechat?.oaOpenid,
      miniProgram: !!wechat?.mpOpenid,
    },
    agreements,
  };
}

const oldLoginWrong = () => new DomainError('OLD_PASSWORD_INCORRECT', `原登录密码错误（${wrongHint}）`, 403);
export const businessPasswordWrong = () => new DomainError('BUSINESS_PASSWORD_INCORRECT', `业务密码错误（${wrongHint}）`, 403);

async function ensureDifferent(ctx: IdentityContext, password: string, currentHash: string, label: string) {
  if (await ctx.hasher.verify(password, currentHash)) throw new DomainError('PASSWORD_UNCHANGED', `新${label}不能与原${label}相同`, 400);
}

/** 001 4.1: a new login password with the old one; “重置业务密码” ticked sets a new business password too. */
export async function changeLoginPassword(
  ctx: IdentityContext,
  me: MemberPrincipal,
  c: { oldPassword: string; newPassword: string; newBusinessPassword?: string | undefined },
  meta: RequestMeta,
): Promise<IssuedSession> {
  return audited(
    ctx.database,
    meta,
    { memberId: me.id, action: 'security.login-password.change', details: { businessPasswordToo: c.newBusinessPassword !== undefined } },
    async () => {
      const cred = await registeredCredentials(ctx, me.id);
      checkLoginPassword(c.newPassword);
      if (c.newBusinessPassword !== undefined) checkBusinessPassword(c.newBusinessPassword, (await ctx.core.revealContact(me.id)) ?? { idNumber: '' });
      await ctx.checks.check(cred, 'login', c.oldPassword, oldLoginWrong);
      if (c.newPassword === c.oldPassword) throw new DomainError('PASSWORD_UNCHANGED', '新登录密码不能与原登录密码相同', 400);
      const loginHash = await ctx.hasher.hash(c.newPassword);
      const businessHash = c.newBusinessPassword !== undefined ? await ctx.hasher.hash(c.newBusinessPassword) : null;
      return ctx.database.db.transaction(async (tx) => {
        await ctx.credentials.setPassword(me.id, 'login', loginHash, tx);
        if (businessHash) await ctx.credentials.setPassword(me.id, 'business', businessHash, tx);
        await ctx.sessions.revokeAll(me.id, 'password-changed', { executor: tx });
        return ctx.sessions.issue(me.id, cred.autoLogin ? 'auto-login' : 'standard', meta, tx);
      });
    },
  );
}

/** 000 (八), 001 4.2: a new business password with the old one; “重置登录密码” ticked sets a new login password too. */
export async function changeBusinessPassword(
  ctx: IdentityContext,
  me: MemberPrincipal,
  c: { oldBusinessPassword: string; newBusinessPassword: string; newLoginPassword?: string | undefined },
  meta: RequestMeta,
): Promise<IssuedSession | null> {
  return audited(
    ctx.database,
    meta,
    { memberId: me.id, action: 'security.business-password.change', details: { loginPasswordToo: c.newLoginPassword !== undefined } },
    async () => {
      const cred = await registeredCredentials(ctx, me.id);
      checkBusinessPassword(c.newBusinessPassword, (await ctx.core.revealContact(me.id)) ?? { idNumber: '' });
      if (c.newLoginPassword !== undefined) checkLoginPassword(c.newLoginPassword);
      await ctx.checks.check(cred, 'business', c.oldBusinessPassword, businessPasswordWrong);
      if (c.newBusinessPassword === c.oldBusinessPassword) throw new DomainError('PASSWORD_UNCHANGED', '新业务密码不能与原业务密码相同', 400);
      if (c.newLoginPassword !== undefined) await ensureDifferent(ctx, c.newLoginPassword, cred.loginPasswordHash, '登录密码');
      const businessHash = await ctx.hasher.hash(c.newBusinessPassword);
      const loginHash = c.newLoginPassword !== undefined ? await ctx.hasher.hash(c.newLoginPassword) : null;
      return ctx.database.db.transaction(async (tx) => {
        await ctx.credentials.setPassword(me.id, 'business', businessHash, tx);
        if (!loginHash) return null;
        await ctx.credentials.setPassword(me.id, 'login', loginHash, tx);
        await ctx.sessions.revokeAll(me.id, 'password-changed', { executor: tx });
        return ctx.sessions.issue(me.id, cred.autoLogin ? 'auto-login' : 'standard', meta, tx);
      });
    },
  );
}

/** The A9-style face check that may turn auto-login on: started with POST /api/me/security/face for this transaction. */
const AUTO_LOGIN_TRANSACTION = { purpose: 'security.auto-login', reference: 'on' } as const;

const loginPasswordWrong = () => new DomainError('LOGIN_PASSWORD_INCORRECT', `登录密码错误（${wrongHint}）`, 403);

/**
 * A8 (001 4.4): ON keeps this device logged in for 30 days, so it needs the login password or a face check (issue 15:
 * a bearer token alone — perhaps a stolen one — must not stretch itself); OFF makes this session an ordinary one and
 * ends the other auto-logins, and needs nothing.
 */
export async function setAutoLogin(
  ctx: IdentityContext,
  me: MemberPrincipal,
  s: { enabled: boolean; loginPassword?: string | undefined; bizToken?: string | undefined },
  meta: RequestMeta,
) {
  const { enabled } = s;
  const cred = await registeredCredentials(ctx, me.id);
  if (enabled) {
    await audited(
      ctx.database,
      meta,
      { memberId: me.id, action: 'security.auto-login.verify', details: { method: s.loginPassword !== undefined ? 'login-password' : 'face' } },
      async () => {
        if (s.loginPassword !== undefined) await ctx.checks.check(cred, 'login', s.loginPassword, loginPasswordWrong);
        else if (s.bizToken !== undefined)
          await consumeTransactionFacePass(ctx.face, { bizToken: s.bizToken, memberId: me.id, purpose: 'transaction', transaction: AUTO_LOGIN_TRANSACTION });
        else throw new DomainError('VERIFICATION_REQUIRED', '开启自动登录须验证登录密码或进行人脸认证', 400);
      },
    );
  }
  await ctx.credentials.setAutoLogin(me.id, enabled);
  const expiresAt = await ctx.sessions.changeKind(me.sessionId, enabled ? 'auto-login' : 'standard');
  if (!enabled) await ctx.sessions.revokeAll(me.id, 'auto-login-off', { except: me.sessionId, kind: 'auto-login' });
  await ctx.audit({ memberId: me.id, action: 'security.auto-login', result: 'success', details: { enabled } }, meta);
  return { autoLogin: enabled, expiresAt };
}
