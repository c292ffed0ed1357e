/**
 * Mini-program subscribe messages (订阅消息) need the member's consent, one message per acceptance (一次性订阅).
 * The mini-program asks with wx.requestSubscribeMessage at the moments WeChat allows (a tap: submitting an
 * application, the spouse's confirmation, asking a question) and reports each template's answer; a notice becomes a
 * subscribe message only while an acceptance of its template is left, and uses one up in the notice's transaction.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Config } from '../config.js';
import { subscribeGrants, type SubscribeAnswer } from './tables.js';

/** What the mini-program asks for at each moment, with the notices each template carries. */
type SubscribeMoment = 'progress' | 'spouse_confirmation' | 'question_reply';
const MOMENT_TITLES: Record<SubscribeMoment, string> = {
  progress: '业务办理进度通知',
  spouse_confirmation: '配偶确认提醒',
  question_reply: '咨询回复通知',
};

export function subscribeTemplates(config: Config): { key: SubscribeMoment; templateId: string; title: string }[] {
  const ids: Record<SubscribeMoment, string | undefined> = {
    progress: config.WECHAT_SUBSCRIBE_TEMPLATE_PROGRESS,
    spouse_confirmation: config.WECHAT_SUBSCRIBE_TEMPLATE_SPOUSE_CONFIRMATION,
    question_reply: config.WECHAT_SUBSCRIBE_TEMPLATE_QUESTION_REPLY,
  };
  return (Object.keys(ids) as SubscribeMoment[]).flatMap((key) => (ids[key] ? [{ key, templateId: ids[key], title: MOMENT_TITLES[key] }] : []));
}

/** Records the member's answers: each acceptance adds one message that may be sent; a refusal or ban leaves none. */
export async function recordAnswers(db: Pick<Db, 'insert'>, memberId: number, answers: Record<string, SubscribeAnswer>, at: Date): Promise<void> {
  for (const [templateId, answer] of Object.entries(answers)) {
    const granted = answer === 'accept' ? 1 : 0;
    await db
      .insert(subscribeGrants)
      .values({ memberId, templateId, lastAnswer: answer, remaining: granted, answeredAt: at })
      .onConflictDoUpdate({
        target: [subscribeGrants.memberId, subscribeGrants.templateId],
        set: { lastAnswer: answer, answeredAt: at, remaining: answer === 'accept' ? sql`${subscribeGrants.remaining} + 1` : 0 },
      });
  }
}

/** Uses up one acceptance of the template, in the caller's transaction: false when none is left (send nothing). */
export async function takeGrant(tx: Pick<Db, 'update'>, memberId: number, templateId: string): Promise<boolean> {
  const taken = await tx
    .update(subscribeGrants)
    .set({ remaining: sql`${subscribeGrants.remaining} - 1` })
    .where(and(eq(subscribeGrants.memberId, memberId), eq(subscribeGrants.templateId, templateId), gt(subscribeGrants.remaining, 0)))
    .returning({ remaining: subscribeGrants.remaining });
  return taken.length > 0;
}

/** The member's answers as they stand, per template. */
export async function grantsOf(db: Pick<Db, 'select'>, memberId: number) {
  return db
    .select({ templateId: subscribeGrants.templateId, lastAnswer: subscribeGrants.lastAnswer, remaining: subscribeGrants.remaining })
    .from(subscribeGrants)
    .where(eq(subscribeGrants.memberId, memberId));
}
