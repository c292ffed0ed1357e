/**
 * A4 forgot password (001 1.1, 004 1.4): 信息校验 (name + ID number) shows the phone on record, masked; an SMS code
 * goes to that phone; 下一步 checks it; 提交 sets a new login password (and, when asked, a new business password).
 * Only registered members have the “忘记密码” link (001 1.1). Every session of the member ends.
 */
import { DomainError } from '../shared/errors.js';
import { maskPhone } from '../shared/mask.js';
import { audited, type RequestMeta } from './audit.js';
import { identify, type Identified, type IdentityContext } from './context.js';
import { memberLoginAccount } from './login.js';
import { checkBusinessPassword, checkLoginPassword } from './passwords.js';
import { TICKET } from './policy.js';
import { consumeTicket, issueTicket, peekTicket } from './tickets.js';

interface Claimant {
  name: string;
  idNumber: string;
}

const mismatch = () => new DomainError('IDENTITY_MISMATCH', '姓名或证件号码有误，请核对后重新验证', 400);
const ticketInvalid = () => new DomainError('RESET_TICKET_INVALID', '验证已失效，请重新找回密码', 400);

async function registered(ctx: IdentityContext, c: Claimant): Promise<Identified & { phone: string }> {
  const who = await identify(ctx, c, mismatch);
  if (!(await ctx.credentials.get(who.member.id))) throw new DomainError('NOT_REGISTERED', '您尚未注册，请先进行新用户注册', 403);
  // 004 1.2: without a phone on record, the member registers it at a service hall first.
  if (!who.phone) throw new DomainError('NO_PHONE_ON_RECORD', '您未在中心预留手机号码，请到公积金办理点登记手机号码', 409);
  return { ...who, phone: who.phone };
}

/** 信息校验: “信息验证通过，您在中心预留的手机号为：186****3387”. */
export async function verifyClaimant(ctx: IdentityContext, c: Claimant) {
  const who = await registered(ctx, c);
  return { phoneMasked: maskPhone(who.phone) };
}

export async function sendResetSms(ctx: IdentityContext, c: Claimant, meta: RequestMeta) {
  const who = await registered(ctx, c);
  return ctx.sms.send({ purpose: 'password-reset', phone: who.phone, memberId: who.member.id, ip: meta.ip });
}

/** 下一步: the SMS code is right; returns the ticket for 提交. */
export async function confirmResetSms(ctx: IdentityContext, c: Claimant & { smsCode: string }, meta: RequestMeta) {
  const who = await registered(ctx, c);
  return audited(ctx.database, meta, { memberId: who.member.id, action: 'auth.password-reset.verify' }, async () => {
    await ctx.sms.verify({ purpose: 'password-reset', phone: who.phone, memberId: who.member.id, code: c.smsCode });
    const t = await issueTicket(ctx.database, { kind: 'password-reset', memberId: who.member.id, method: 'sms', ttlSeconds: TICKET.flowSeconds });
    return { resetToken: t.token, expiresAt: t.expiresAt };
  });
}

/** 提交: the new password(s); the login challenge is lifted and every session ends. */
export async function resetPassword(
  ctx: IdentityContext,
  r: { resetToken: string; newLoginPassword: string; newBusinessPassword?: string | undefined },
  meta: RequestMeta,
): Promise<void> {
  const peeked = await peekTicket(ctx.database, r.resetToken, 'password-reset', ticketInvalid);
  const memberId = peeked.memberId;
  await audited(ctx.database, meta, { memberId, action: 'auth.password-reset', details: { businessPasswordToo: !!r.newBusinessPassword } }, async () => {
    checkLoginPassword(r.newLoginPassword);
    const contact = await ctx.core.revealContact(memberId);
    if (r.newBusinessPassword !== undefined) checkBusinessPassword(r.newBusinessPassword, contact ?? { idNumber: '' });
    const loginHash = await ctx.hasher.hash(r.newLoginPassword);
    const businessHash = r.newBusinessPassword !== undefined ? await ctx.hasher.hash(r.newBusinessPassword) : null;
    await ctx.database.db.transaction(async (tx) => {
      await consumeTicket(tx, r.resetToken, { kind: 'password-reset', memberId }, ticketInvalid);
      await ctx.credentials.setPassword(memberId, 'login', loginHash, tx);
      if (businessHash) await ctx.credentials.setPassword(memberId, 'business', businessHash, tx);
      await ctx.sessions.revokeAll(memberId, 'password-reset', { executor: tx });
    });
    // The owner proved themself by SMS: no challenge for the wrong passwords that brought them here.
    await ctx.limits.login.succeeded({ realm: 'member', account: memberLoginAccount(memberId) });
  });
}
