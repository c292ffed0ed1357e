/**
 * A1 register / bind (000 一(一), 001 1.2–1.3, 002 一, 004 1.2): name + ID number + phone must match the core's
 * record; a closed (销户) account cannot register; the user agreement must be ticked; the person is verified by an
 * SMS code to that phone or by face verification (then no SMS code is needed); “绑定账户” leads to the initial
 * password page, and “注册” sets both passwords and logs in. Registering again replaces the old registration.
 */
import { DomainError } from '../shared/errors.js';
import { maskIdNumber, maskPhone } from '../shared/mask.js';
import { checkConsent, recordAcceptances, type AgreementConsent } from './agreements.js';
import { audited, type RequestMeta } from './audit.js';
import { identify, type Identified, type IdentityContext } from './context.js';
import type { FaceStarted } from './face.js';
import { checkBusinessPassword, checkLoginPassword } from './passwords.js';
import { TICKET } from './policy.js';
import type { IssuedSession } from './sessions.js';
import type { SmsSent } from './sms-codes.js';
import { consumeTicket, issueTicket, peekTicket } from './tickets.js';
import { bindWechat, vouchedWechatIds, type WechatIds, type WechatProof } from './wechat-binding.js';

interface Applicant {
  name: string;
  idNumber: string;
  phone: string;
}

async function eligible(ctx: IdentityContext, a: Applicant): Promise<Identified> {
  const who = await identify(ctx, a);
  // 004 1.2: “职工状态为销户状态的不允许注册”.
  if (who.member.status === 'closed') throw new DomainError('ACCOUNT_CLOSED', '您的公积金账户已销户，不能注册', 403);
  return who;
}

export async function sendRegistrationSms(ctx: IdentityContext, a: Applicant, meta: RequestMeta): Promise<SmsSent> {
  const who = await eligible(ctx, a);
  return ctx.sms.send({ purpose: 'register', phone: a.phone, memberId: who.member.id, ip: meta.ip });
}

/** 001 1.2: “人脸注册时不需要获取手机验证码”. */
export async function startRegistrationFace(ctx: IdentityContext, a: Applicant): Promise<FaceStarted> {
  const who = await eligible(ctx, a);
  return ctx.face.start({ memberId: who.member.id, purpose: 'register' });
}

interface VerifyRegistration extends Applicant {
  smsCode?: string | undefined;
  bizToken?: string | undefined;
  agreement: AgreementConsent;
  wechat?: WechatProof | undefined;
}

const ticketInvalid = () => new DomainError('REGISTRATION_TICKET_INVALID', '注册信息已失效，请重新验证身份', 400);

/** “绑定账户”: the person is verified; returns the ticket for setting the passwords. */
export async function verifyRegistration(ctx: IdentityContext, v: VerifyRegistration, meta: RequestMeta) {
  let memberId: number | null = null;
  return audited(
    ctx.database,
    meta,
    { memberId: null, action: 'auth.register.verify', details: { method: v.bizToken ? 'face' : 'sms' } },
    async () => {
      const who = await eligible(ctx, v);
      memberId = who.member.id;
      const agreementIds = await checkConsent(ctx.database, v.agreement, ctx.clock.today());
      if (v.smsCode) await ctx.sms.verify({ purpose: 'register', phone: v.phone, memberId, code: v.smsCode });
      else if (v.bizToken) await ctx.face.consumePass({ bizToken: v.bizToken, purpose: 'register', memberId });
      else throw new DomainError('VERIFICATION_REQUIRED', '请输入短信验证码或进行人脸识别', 400);
      const ticket = await issueTicket(ctx.database, {
        kind: 'registration',
        memberId,
        method: v.smsCode ? 'sms' : 'face',
        ttlSeconds: TICKET.flowSeconds,
        data: { agreementIds, acceptedAt: ctx.clock.now().toISOString(), wechat: (await vouchedWechatIds(ctx.wechatSns, v.wechat, ctx.logger)) ?? null },
      });
      return {
        registrationToken: ticket.token,
        expiresAt: ticket.expiresAt,
        member: { name: who.member.name, idNumberMasked: maskIdNumber(who.idNumber), phoneMasked: maskPhone(v.phone) },
      };
    },
    () => ({ memberId }),
  );
}

interface CompleteRegistration {
  registrationToken: string;
  loginPassword: string;
  businessPassword: string;
  autoLogin?: boolean | undefined;
}

/** “注册” (001 1.3): both passwords are set, the agreement and WeChat binding recorded, and the member is logged in. */
export async function completeRegistration(ctx: IdentityContext, c: CompleteRegistration, meta: RequestMeta): Promise<IssuedSession> {
  const peeked = await peekTicket(ctx.database, c.registrationToken, 'registration', ticketInvalid);
  const memberId = peeked.memberId;
  return audited(ctx.database, meta, { memberId, action: 'auth.register', details: { method: peeked.method } }, async () => {
    const contact = await ctx.core.revealContact(memberId);
    if (!contact) throw ticketInvalid();
    checkLoginPassword(c.loginPassword);
    checkBusinessPassword(c.businessPassword, contact);
    const [loginHash, businessHash] = await Promise.all([ctx.hasher.hash(c.loginPassword), ctx.hasher.hash(c.businessPassword)]);
    const autoLogin = c.autoLogin ?? false;
    const { session, bound } = await ctx.database.db.transaction(async (tx) => {
      const ticket = await consumeTicket(tx, c.registrationToken, { kind: 'registration', memberId }, ticketInvalid);
      const data = ticket.data as { agreementIds?: number[]; acceptedAt?: string; wechat?: WechatIds | null };
      await ctx.credentials.upsert(tx, {
        memberId,
        loginPasswordHash: loginHash,
        businessPasswordHash: businessHash,
        autoLogin,
        registeredBy: ticket.method === 'face' ? 'face' : 'sms',
      });
      await recordAcceptances(tx, memberId, data.agreementIds ?? [], new Date(data.acceptedAt ?? ctx.clock.now()));
      const bound = data.wechat ? await bindWechat(tx, memberId, data.wechat) : null;
      // A registration made again ends the sessions of the old one.
      await ctx.sessions.revokeAll(memberId, 're-registered', { executor: tx });
      const session = await ctx.sessions.issue(memberId, autoLogin ? 'auto-login' : 'standard', meta, tx);
      return { session, bound };
    });
    if (bound?.changed) {
      await ctx.audit(
        { memberId, action: 'wechat.bind', result: 'success', details: { wechatUserId: bound.wechatUserId, previousMemberId: bound.previousMemberId } },
        meta,
      );
    }
    return session;
  });
}
