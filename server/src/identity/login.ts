/**
 * A3 log in (001 1.1, 003 2.1, 004 1.1): with the ID number or phone and the login password, or by face; “自动登录”
 * gives a long-lived device session. A wrong account and a wrong password get the same answer, so that the answer
 * does not tell who is registered; the limits of limits/login.ts stand before the password (a throttle per client
 * IP, and after repeated wrong passwords for the account typed — known or not — a challenge with every attempt).
 * No lock-out: a stranger who types someone's ID number cannot keep its owner out (issue 15).
 */
import type { LoginAttempt } from '../limits/index.js';
import { DomainError } from '../shared/errors.js';
import { maskPersonalDataInText } from '../shared/mask.js';
import type { RequestMeta } from './audit.js';
import { identify, memberByAccount, type IdentityContext } from './context.js';
import type { FaceStarted } from './face.js';
import type { IssuedSession } from './sessions.js';
import { bindWechat, vouchedWechatIds, type WechatProof } from './wechat-binding.js';

const notRegistered = () => new DomainError('NOT_REGISTERED', '您尚未注册，请先进行新用户注册', 403);

// A hash of nothing anyone knows: an unknown account costs as much time as a known one.
let decoy: Promise<string> | undefined;

/** The account a member's failed logins count against (limits/login.ts), by ID number and phone alike. */
export const memberLoginAccount = (memberId: number) => `member:${memberId}`;

interface PasswordLogin {
  account: string;
  password: string;
  autoLogin?: boolean | undefined;
  wechat?: WechatProof | undefined;
  challenge?: { id: string; answer: string } | undefined;
}

export async function loginWithPassword(ctx: IdentityContext, p: PasswordLogin, meta: RequestMeta): Promise<IssuedSession> {
  const accountKind = /^1\d{10}$/.test(p.account.trim()) ? 'phone' : 'id-number';
  const fail = (memberId: number | null, reason: string) =>
    ctx.audit(
      { memberId, action: 'auth.login', result: 'failure', reason, details: { method: 'password', accountKind, account: maskPersonalDataInText(p.account) } },
      meta,
    );
  const member = await memberByAccount(ctx, p.account);
  // A member's ID number and phone are one account; an unknown account is counted by what was typed.
  const account = member ? memberLoginAccount(member.id) : `typed:${p.account.trim().toUpperCase()}`;
  const attempt: LoginAttempt = { realm: 'member', account, ip: meta.ip, challenge: p.challenge };
  try {
    await ctx.limits.login.before(attempt);
  } catch (err) {
    if (err instanceof DomainError) await fail(member?.id ?? null, err.code);
    throw err;
  }
  const cred = member ? await ctx.credentials.get(member.id) : null;
  // Wrong account or wrong password: the same answer, the same time, the same counting.
  const wrong = async (memberId: number | null, reason: string) => {
    await fail(memberId, reason);
    const challenge = await ctx.limits.login.failed(attempt);
    return new DomainError('INVALID_CREDENTIALS', `账号或密码错误（${ctx.limits.login.hint}）`, 401, challenge ? { challenge } : undefined);
  };
  if (!member || !cred) {
    await ctx.hasher.verify(p.password, await (decoy ??= ctx.hasher.hash('decoy-password')));
    throw await wrong(member?.id ?? null, member ? 'NOT_REGISTERED' : 'UNKNOWN_ACCOUNT');
  }
  if (!(await ctx.hasher.verify(p.password, cred.loginPasswordHash))) throw await wrong(member.id, 'INVALID_CREDENTIALS');
  await ctx.limits.login.succeeded(attempt);
  return startSession(ctx, member.id, { method: 'password', accountKind }, p.autoLogin ?? cred.autoLogin, p.wechat, meta);
}

/** 001 1.1 “人脸登录”: registered members only. */
export async function startFaceLogin(ctx: IdentityContext, p: { name: string; idNumber: string }): Promise<FaceStarted> {
  const who = await identify(ctx, p, () => new DomainError('IDENTITY_MISMATCH', '姓名或身份证号码有误，请核对', 400));
  if (!(await ctx.credentials.get(who.member.id))) throw notRegistered();
  return ctx.face.start({ memberId: who.member.id, purpose: 'login' });
}

export async function loginWithFace(
  ctx: IdentityContext,
  p: { bizToken: string; autoLogin?: boolean | undefined; wechat?: WechatProof | undefined },
  meta: RequestMeta,
): Promise<IssuedSession> {
  let memberId: number;
  try {
    ({ memberId } = await ctx.face.consumePass({ bizToken: p.bizToken, purpose: 'login' }));
  } catch (err) {
    if (err instanceof DomainError)
      await ctx.audit({ memberId: null, action: 'auth.login', result: 'failure', reason: err.code, details: { method: 'face' } }, meta);
    throw err;
  }
  const cred = await ctx.credentials.get(memberId);
  if (!cred) throw notRegistered();
  return startSession(ctx, memberId, { method: 'face' }, p.autoLogin ?? cred.autoLogin, p.wechat, meta);
}

async function startSession(
  ctx: IdentityContext,
  memberId: number,
  details: Record<string, unknown>,
  autoLogin: boolean,
  proof: WechatProof | undefined,
  meta: RequestMeta,
): Promise<IssuedSession> {
  // The codes are checked with WeChat before any session exists: a made-up or replayed one fails the login.
  const wechat = await vouchedWechatIds(ctx.wechatSns, proof, ctx.logger);
  const session = await ctx.sessions.issue(memberId, autoLogin ? 'auto-login' : 'standard', meta);
  await ctx.audit({ memberId, action: 'auth.login', result: 'success', details: { ...details, session: session.kind } }, meta);
  // Logging in from WeChat binds that WeChat person, as registering there would (binding stays optional).
  if (wechat) {
    const bound = await ctx.database.db.transaction((tx) => bindWechat(tx, memberId, wechat));
    if (bound?.changed)
      await ctx.audit(
        { memberId, action: 'wechat.bind', result: 'success', details: { wechatUserId: bound.wechatUserId, previousMemberId: bound.previousMemberId } },
        meta,
      );
  }
  return session;
}

export async function logout(ctx: IdentityContext, member: { id: number; sessionId: number }, meta: RequestMeta): Promise<void> {
  await ctx.sessions.revoke(member.sessionId, 'logout');
  await ctx.audit({ memberId: member.id, action: 'auth.logout', result: 'success' }, meta);
}
