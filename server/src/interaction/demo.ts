/**
 * Demo data of G2/G3 (registered in src/demo.ts after identity and review): 卢青怡's tickets in each state, answered
 * by the demo service agent 陈晓燕 (kefu), and a question of hers waiting for an answer, so that the mini-program's
 * 投诉建议 pages and the console's queue have something to show.
 */
import { eq, sql } from 'drizzle-orm';
import { members } from '../core/tables.js';
import { staffUsers } from '../staff/tables.js';
import { complaints } from './tables.js';
import type { DemoContext } from '../demo.js';
import { addDays } from '../shared/dates.js';
import { maskName, maskPhone } from '../shared/mask.js';
import { demoQuestions } from './demo-community.js';
import { insertComplaint, insertQuestion, insertQuestions } from './store.js';

const DEMO_MEMBER_ID_NUMBER = '530123199907242329'; // 卢青怡
const DEMO_PHONE = '13999991111';

/** 10:00 Asia/Shanghai, `daysAgo` days before the demo day. */
const at = (today: string, daysAgo: number, hour = 10) => new Date(`${addDays(today, -daysAgo)}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/** A Shanghai wall-clock time on a date, as an instant. */
const onDay = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/**
 * G3 互动社区 as the demo center opens (registered in src/demo.ts right after content, before any member asks):
 * other members' questions, most answered and published, one pending, one hidden.
 */
export async function seedCommunityDemo({ database, today }: DemoContext) {
  await insertQuestions(
    database.db,
    demoQuestions.map((q) => {
      const askedOn = addDays(today, -q.askedDaysAgo);
      const answered = q.answer !== undefined;
      return {
        askerNameMasked: maskName(q.askerName),
        question: q.question,
        askedAt: onDay(askedOn, '10:15'),
        answer: q.answer ?? null,
        answeredBy: q.answeredBy ?? null,
        answeredAt: answered ? onDay(addDays(askedOn, q.answeredAfterDays ?? 1), '15:40') : null,
        status: q.status,
      };
    }),
  );
  return { questions: demoQuestions.length };
}

export async function seedInteractionDemo({ database, cipher, today }: DemoContext) {
  const db = database.db;
  const [member] = await db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(eq(members.idNumberHash, cipher.lookupHash('id', DEMO_MEMBER_ID_NUMBER)));
  const [agent] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.username, 'kefu'));
  if (!member || !agent) return { complaints: 0, questions: 0 };
  const [already] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(complaints)
    .where(eq(complaints.memberId, member.id));
  if ((already?.n ?? 0) > 0) return { complaints: 0, questions: 0 };

  const phone = { contactPhoneEnc: cipher.encrypt(DEMO_PHONE), contactPhoneMasked: maskPhone(DEMO_PHONE) };
  await db.transaction(async (tx) => {
    await insertComplaint(tx, addDays(today, -12), {
      memberId: member.id,
      kind: 'consultation',
      title: '租房提取每年可以办几次',
      secCheck: 'pass',
      ...phone,
      content: '我在古城区租房居住，没有自有住房，想问租房提取每年可以办理几次，每次最多能提多少？',
      status: 'replied',
      claimedBy: agent.id,
      claimedAt: at(today, 11, 9),
      reply: '无房职工租房提取每年可办理一次，额度按中心公布的租房提取限额执行，可在小程序“业务办理 · 租房提取”在线申请。',
      replyDepartment: '提取管理科',
      repliedBy: agent.id,
      repliedAt: at(today, 11, 15),
      createdAt: at(today, 12),
      updatedAt: at(today, 11, 15),
    });
    await insertComplaint(tx, addDays(today, -3), {
      memberId: member.id,
      kind: 'complaint',
      title: '柜台排队时间过长',
      secCheck: 'pass',
      content: '上周三上午在古城区服务大厅办理业务，排队等了一个半小时，希望增加窗口或开放预约。',
      status: 'processing',
      claimedBy: agent.id,
      claimedAt: at(today, 2, 9),
      createdAt: at(today, 3),
      updatedAt: at(today, 2, 9),
    });
    await insertComplaint(tx, today, {
      memberId: member.id,
      kind: 'suggestion',
      title: '希望小程序支持电子凭证转发',
      secCheck: 'pass',
      ...phone,
      content: '打印的缴存证明需要发给单位人事，建议小程序里能直接转发电子凭证给微信好友。',
      createdAt: at(today, 0, 9),
      updatedAt: at(today, 0, 9),
    });
    await insertQuestion(tx, {
      memberId: member.id,
      askerNameMasked: maskName(member.name),
      question: '异地转入的公积金，缴存时间可以合并计算吗？',
      secCheck: 'pass',
      status: 'pending',
      askedAt: at(today, 1),
    });
  });
  return { complaints: 3, questions: 1 };
}
