/**
 * A10 12329 语音热线、触摸屏密码 (003 7.4.2): a 6-digit password of its own for the voice line and the self-service
 * terminals. The manual's screen asks 旧密码 / 新密码 / 确认密码 (6 digits); here the member sets it the first time,
 * changes it with the old one, or resets a forgotten one — always after A9 (business password or face) for this
 * purpose, as every transaction is confirmed. The rules of the business password apply (6 digits, nothing
 * guessable); a wrong old password is refused without changing anything.
 */
import { eq } from 'drizzle-orm';
import { DomainError } from '../shared/errors.js';
import { audited, type RequestMeta } from './audit.js';
import { consumeConfirmation } from './confirmation.js';
import type { IdentityContext } from './context.js';
import { sixDigitProblem } from './passwords.js';
import { registeredCredentials } from './security.js';
import type { MemberPrincipal } from './sessions.js';
import { memberHotlinePasswords } from './tables.js';

const HOTLINE_PURPOSE = 'security.hotline-password';
/** A9 binds a confirmation to a purpose and a reference; the member's one hotline password needs no other. */
const HOTLINE_REFERENCE = '12329';

const HOTLINE_NOTICE =
  '12329语音热线、触摸屏密码用于拨打12329服务热线和使用自助服务终端查询公积金信息，须为6位数字，不能使用相同或连续的数字、出生日期、身份证号或手机号的后6位。';

async function stored(ctx: IdentityContext, memberId: number) {
  const [row] = await ctx.database.db.select().from(memberHotlinePasswords).where(eq(memberHotlinePasswords.memberId, memberId));
  return row ?? null;
}

export async function hotlinePasswordState(ctx: IdentityContext, me: MemberPrincipal) {
  await registeredCredentials(ctx, me.id);
  const row = await stored(ctx, me.id);
  return {
    set: row !== null,
    setAt: row?.setAt.toISOString() ?? null,
    confirmation: { purpose: HOTLINE_PURPOSE, reference: HOTLINE_REFERENCE },
    notice: HOTLINE_NOTICE,
  };
}

export async function setHotlinePassword(
  ctx: IdentityContext,
  me: MemberPrincipal,
  c: { oldPassword?: string | undefined; newPassword: string; confirmPassword: string; confirmationToken: string },
  meta: RequestMeta,
) {
  const reset = c.oldPassword === undefined;
  return audited(ctx.database, meta, { memberId: me.id, action: 'security.hotline-password', details: { reset } }, async () => {
    await registeredCredentials(ctx, me.id);
    if (c.newPassword !== c.confirmPassword) throw new DomainError('PASSWORD_MISMATCH', '两次输入的新密码不一致', 400);
    const problem = sixDigitProblem(c.newPassword, (await ctx.core.revealContact(me.id)) ?? { idNumber: '' });
    if (problem === 'format') throw new DomainError('HOTLINE_PASSWORD_WEAK', '12329语音热线、触摸屏密码须为6位数字', 400);
    if (problem) throw new DomainError('HOTLINE_PASSWORD_WEAK', '密码过于简单：不能使用相同或连续的数字、出生日期、身份证号或手机号的后6位', 400);
    const current = await stored(ctx, me.id);
    if (current && c.oldPassword !== undefined && !(await ctx.hasher.verify(c.oldPassword, current.passwordHash))) {
      throw new DomainError('OLD_PASSWORD_INCORRECT', '旧密码错误，如忘记旧密码请选择重置密码', 403);
    }
    if (current && (await ctx.hasher.verify(c.newPassword, current.passwordHash))) throw new DomainError('PASSWORD_UNCHANGED', '新密码不能与旧密码相同', 400);
    const hash = await ctx.hasher.hash(c.newPassword);
    await ctx.database.db.transaction(async (tx) => {
      await consumeConfirmation({ db: tx }, { token: c.confirmationToken, memberId: me.id, purpose: HOTLINE_PURPOSE, reference: HOTLINE_REFERENCE });
      const setAt = ctx.clock.now();
      await tx
        .insert(memberHotlinePasswords)
        .values({ memberId: me.id, passwordHash: hash, setAt })
        .onConflictDoUpdate({ target: memberHotlinePasswords.memberId, set: { passwordHash: hash, setAt } });
    });
    return { ...(await hotlinePasswordState(ctx, me)), message: current ? (reset ? '密码已重置' : '密码修改成功') : '密码设置成功' };
  });
}
