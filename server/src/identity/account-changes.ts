/**
 * A6 change phone (000 (六), 003 5.1.3): the business password and an SMS code sent to the new number; the core's
 * record changes. A7 unbind / delete the registration (000 一(一) “解除绑定”, 001 4.3 删除微信注册): an SMS code to the
 * phone on record; afterwards the member must register (bind) again. And binding this member's WeChat person.
 */
import { DomainError } from '../shared/errors.js';
import { maskPhone } from '../shared/mask.js';
import { audited, type RequestMeta } from './audit.js';
import type { IdentityContext } from './context.js';
import { businessPasswordWrong, registeredCredentials } from './security.js';
import type { MemberPrincipal } from './sessions.js';
import { bindWechat, hasWechatProof, unbindWechat, vouchedWechatIds, type WechatProof } from './wechat-binding.js';

async function checkNewPhone(ctx: IdentityContext, me: MemberPrincipal, newPhone: string): Promise<void> {
  const contact = await ctx.core.revealContact(me.id);
  if (contact?.phone === newPhone) throw new DomainError('PHONE_UNCHANGED', '新手机号码与原手机号码相同', 400);
  const holder = await ctx.core.findMemberByPhone(newPhone);
  if (holder && holder.id !== me.id) throw new DomainError('PHONE_IN_USE', '该手机号码已被其他缴存职工使用，请更换手机号码', 409);
}

export async function sendChangePhoneSms(ctx: IdentityContext, me: MemberPrincipal, newPhone: string, meta: RequestMeta) {
  await registeredCredentials(ctx, me.id);
  await checkNewPhone(ctx, me, newPhone);
  return ctx.sms.send({ purpose: 'change-phone', phone: newPhone, memberId: me.id, ip: meta.ip });
}

export async function changePhone(
  ctx: IdentityContext,
  me: MemberPrincipal,
  c: { newPhone: string; smsCode: string; businessPassword: string },
  meta: RequestMeta,
) {
  return audited(ctx.database, meta, { memberId: me.id, action: 'security.phone.change', details: { to: maskPhone(c.newPhone) } }, async () => {
    const cred = await registeredCredentials(ctx, me.id);
    await checkNewPhone(ctx, me, c.newPhone);
    // 000 (六): “必须由客户输入了业务密码后才能进行变更”.
    await ctx.checks.check(cred, 'business', c.businessPassword, businessPasswordWrong);
    await ctx.sms.verify({ purpose: 'change-phone', phone: c.newPhone, memberId: me.id, code: c.smsCode });
    await ctx.core.updatePhone(me.id, c.newPhone);
    return { phoneMasked: maskPhone(c.newPhone) };
  });
}

async function phoneOnRecord(ctx: IdentityContext, memberId: number): Promise<string> {
  const phone = (await ctx.core.revealContact(memberId))?.phone;
  if (!phone) throw new DomainError('NO_PHONE_ON_RECORD', '您未在中心预留手机号码，请到公积金办理点登记手机号码', 409);
  return phone;
}

export async function sendUnbindSms(ctx: IdentityContext, me: MemberPrincipal, meta: RequestMeta) {
  await registeredCredentials(ctx, me.id);
  return ctx.sms.send({ purpose: 'unbind', phone: await phoneOnRecord(ctx, me.id), memberId: me.id, ip: meta.ip });
}

/** A7: the WeChat binding and the registration end, and so does every session. */
export async function deleteRegistration(ctx: IdentityContext, me: MemberPrincipal, smsCode: string, meta: RequestMeta): Promise<void> {
  const unbound = await audited(ctx.database, meta, { memberId: me.id, action: 'registration.delete' }, async () => {
    await registeredCredentials(ctx, me.id);
    await ctx.sms.verify({ purpose: 'unbind', phone: await phoneOnRecord(ctx, me.id), memberId: me.id, code: smsCode });
    return ctx.database.db.transaction(async (tx) => {
      const n = await unbindWechat(tx, me.id);
      await ctx.credentials.delete(me.id, tx);
      await ctx.sessions.revokeAll(me.id, 'registration-deleted', { executor: tx });
      return n;
    });
  });
  await ctx.audit({ memberId: me.id, action: 'wechat.unbind', result: 'success', details: { bindings: unbound } }, meta);
}

/**
 * Binds the WeChat person the member is using now (a member who registered on the web, or changed phones), as WeChat
 * vouches for it: the body carries a code from WeChat, never an openid.
 */
export async function bindCurrentWechat(ctx: IdentityContext, me: MemberPrincipal, proof: WechatProof, meta: RequestMeta) {
  await registeredCredentials(ctx, me.id);
  if (!hasWechatProof(proof)) throw new DomainError('WECHAT_CODE_REQUIRED', '请在微信中打开后再绑定（缺少微信授权码）', 400);
  const ids = await audited(ctx.database, meta, { memberId: me.id, action: 'wechat.verify', details: { mp: !!proof.mpCode, oa: !!proof.oaCode } }, () =>
    vouchedWechatIds(ctx.wechatSns, proof, ctx.logger),
  );
  const bound = ids ? await ctx.database.db.transaction((tx) => bindWechat(tx, me.id, ids)) : null;
  if (!bound) throw new DomainError('WECHAT_CODE_REQUIRED', '请在微信中打开后再绑定（缺少微信授权码）', 400);
  if (bound.changed) {
    await ctx.audit(
      { memberId: me.id, action: 'wechat.bind', result: 'success', details: { wechatUserId: bound.wechatUserId, previousMemberId: bound.previousMemberId } },
      meta,
    );
  }
  return { bound: true };
}
