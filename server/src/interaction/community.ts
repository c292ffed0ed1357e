/**
 * G3 互动社区, the member's side: a member leaves a question, sees their own with its status and the center's answer;
 * staff answer it, and publish it to the public list (content/routes.ts) or keep it private. Nothing a member wrote
 * becomes public before a person answered it.
 */
import type { Db } from '../db/client.js';
import { notify } from '../notifications/service.js';
import type { StaffPrincipal } from '../staff/auth.js';
import { shanghaiIso } from '../shared/dates.js';
import { limitOffset, type PageRequest } from '../content/paging.js';
import { wordsOf } from '../content/store.js';
import { conflict, notFound } from '../shared/errors.js';
import { maskName } from '../shared/mask.js';
import { DEFAULT_DEPARTMENT, InteractionService, secCheckFields } from './deps.js';
import { SCENE } from './content-check.js';
import { auditStaff, requireRole } from './staff-audit.js';
import * as store from './store.js';

const notFoundQuestion = () => notFound('NOT_FOUND', '留言不存在');

function statusLabel(r: store.QuestionRow): string {
  if (r.status === 'published') return '已答复并公开';
  if (r.status === 'hidden') return r.answer === null ? '不予公开' : '已答复';
  return '待答复';
}

function questionView(r: store.QuestionRow) {
  return {
    id: r.id,
    question: r.question,
    askedAt: shanghaiIso(r.askedAt),
    status: r.status,
    statusLabel: statusLabel(r),
    answer: r.answer,
    answeredAt: r.answeredAt ? shanghaiIso(r.answeredAt) : null,
    answeredBy: r.answer === null ? null : (r.answeredBy ?? DEFAULT_DEPARTMENT),
  };
}

function publishedItem(c: store.QuestionRow) {
  return {
    id: c.id,
    askerName: c.askerNameMasked,
    question: c.question,
    askedAt: shanghaiIso(c.askedAt),
    answer: c.answer!,
    answeredBy: c.answeredBy ?? '公积金中心',
    answeredAt: shanghaiIso(c.answeredAt!),
  };
}

const staffView = (w: store.QuestionWithNames) => ({
  ...questionView(w.row),
  askerNameMasked: w.row.askerNameMasked,
  answeredByStaff: w.answeredByStaffName,
  ...secCheckFields(w.row.secCheck),
});

export class CommunityQuestions extends InteractionService {
  // ---- public (G3's list, served among the public content: content/routes.ts) ----

  async listPublished(q: PageRequest & { q?: string }) {
    const { rows, total } = await store.listPublishedQuestions(this.db, { words: wordsOf(q.q), ...limitOffset(q) });
    return { items: rows.map(publishedItem), total, page: q.page, pageSize: q.pageSize };
  }

  // ---- member ----

  async ask(memberId: number, question: string) {
    const secCheck = await this.deps.check.check(memberId, { content: question }, SCENE.forum);
    const name = await store.memberName(this.db, memberId);
    const row = await store.insertQuestion(this.db, { memberId, askerNameMasked: maskName(name ?? '匿名'), question, secCheck, status: 'pending' });
    return questionView(row);
  }

  async mine(memberId: number, p: PageRequest) {
    const { rows, total } = await store.listQuestionsOfMember(this.db, memberId, limitOffset(p));
    return { items: rows.map(questionView), total, page: p.page, pageSize: p.pageSize };
  }

  // ---- staff ----

  async staffList(staff: StaffPrincipal, q: PageRequest & { status?: store.QuestionStatus | undefined }) {
    requireRole(staff);
    const { rows, total } = await store.listQuestions(this.db, q, limitOffset(q));
    return { items: rows.map(staffView), total, page: q.page, pageSize: q.pageSize };
  }

  /** Answers (or corrects the answer); `publish` puts it on the public list, otherwise only the asker sees it. */
  async answer(staff: StaffPrincipal, id: number, body: { answer: string; department?: string | undefined; publish: boolean }) {
    requireRole(staff);
    return this.change(staff, id, 'community.answer', async (tx, row) => {
      const at = this.deps.clock.now();
      const department = body.department ?? DEFAULT_DEPARTMENT;
      const updated = await store.updateQuestion(tx, id, {
        answer: body.answer,
        answeredBy: department,
        answeredAt: at,
        answeredByStaffId: staff.id,
        status: body.publish ? 'published' : 'hidden',
      });
      if (row.memberId !== null) {
        await notify(tx, this.deps.push, {
          memberId: row.memberId,
          business: '互动社区',
          channel: '小程序',
          content: `您的留言“${row.question}”已答复：${body.answer}（${department}）`,
          notice: { kind: 'question_reply', questionId: `community-${row.id}`, question: row.question, reply: body.answer, at },
        });
      }
      return { updated, detail: { department, publish: body.publish, corrected: row.answer !== null } };
    });
  }

  async publish(staff: StaffPrincipal, id: number) {
    requireRole(staff);
    return this.change(staff, id, 'community.publish', async (tx, row) => {
      if (row.answer === null) throw conflict('QUESTION_NOT_ANSWERED', '请先答复该留言再公开');
      return { updated: await store.updateQuestion(tx, id, { status: 'published' }) };
    });
  }

  async hide(staff: StaffPrincipal, id: number) {
    requireRole(staff);
    return this.change(staff, id, 'community.hide', async (tx, row) => ({
      updated: await store.updateQuestion(tx, id, { status: 'hidden' }),
      detail: { from: row.status },
    }));
  }

  /** One staff change: the row locked, the change, its audit entry, all in one transaction. */
  private async change(
    staff: StaffPrincipal,
    id: number,
    action: string,
    fn: (tx: Db, row: store.QuestionRow) => Promise<{ updated: store.QuestionRow; detail?: Record<string, unknown> }>,
  ) {
    const updated = await this.db.transaction(async (tx) => {
      const row = await store.lockQuestion(tx, id);
      if (!row) throw notFoundQuestion();
      const done = await fn(tx, row);
      await auditStaff(tx, staff, action, `community-question:${id}`, done.detail ?? {});
      return done.updated;
    });
    return staffView({
      row: updated,
      answeredByStaffName: updated.answeredByStaffId === null ? null : await store.staffName(this.db, updated.answeredByStaffId),
    });
  }
}
