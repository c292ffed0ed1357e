/**
 * The spouse's side of C12 (001 2.3, 2.13–2.14): the spouse opens the pushed message, sees what is asked of them (the
 * borrower's masked name, the amount from their account, the loan), takes the photos, confirms their identity (A9,
 * purpose spouse-confirmation: business password or face) and confirms or declines. Only the spouse the application
 * names may answer; a decline or 48 hours of silence ends it and tells the borrower.
 */
import { and, asc, eq, lt } from 'drizzle-orm';
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import { applications } from '../workflow/tables.js';
import { maskName } from '../shared/mask.js';
import { DomainError, conflict, notFound } from '../shared/errors.js';
import {
  NODE_LABELS,
  SYSTEM,
  closeApplication,
  findBySerial,
  historyOf,
  transition,
  withLocked,
  type ApplicationRow,
  type EngineDeps,
  type PhotoStorage,
} from '../workflow/index.js';
import { dear, kindOf } from '../workflow/engine.js';
import { listPhotos, storePhoto } from '../workflow/photos.js';
import { listEvents } from '../workflow/store.js';
import type { ConsumeConfirmation } from '../workflow/service.js';
import { LUMP_SUM_NAME, SPOUSE_PHOTOS } from './lump-sum.js';
import { yuanText } from '../shared/money.js';

/** The A9 purpose of the spouse's confirmation (identity: POST /api/me/security/confirmations). */
const SPOUSE_PURPOSE = 'spouse-confirmation';

type SpouseState = 'to-confirm' | 'confirmed' | 'declined' | 'expired' | 'closed';
const STATE_LABELS: Record<SpouseState, string> = {
  'to-confirm': '待您确认',
  confirmed: '您已确认',
  declined: '您已拒绝',
  expired: '已过期（未在48小时内确认）',
  closed: '申请已结束',
};

interface SpouseDeps {
  engine: () => EngineDeps;
  database: Database;
  core: CoreGateway;
  photos: PhotoStorage;
  confirm: ConsumeConfirmation;
}

export class SpouseConfirmations {
  constructor(private readonly deps: SpouseDeps) {}

  private now() {
    return this.deps.engine().clock.now();
  }

  /** The application, only for the spouse it names; anyone else gets NOT_YOUR_APPLICATION (as if it did not exist). */
  private async mine(spouseId: number, serialNo: string): Promise<ApplicationRow> {
    const app = await findBySerial(this.deps.database.db, serialNo);
    if (!app || app.spouseMemberId !== spouseId) throw notFound('NOT_YOUR_APPLICATION', '没有需要您确认的该笔申请');
    return app;
  }

  private async stateOf(app: ApplicationRow): Promise<SpouseState> {
    const events = await listEvents(this.deps.database.db, [app.id]);
    if (events.some((e) => e.action === 'spouse-decline')) return 'declined';
    if (events.some((e) => e.action === 'spouse-confirm')) return 'confirmed';
    if (app.status === 'expired' || (app.status === 'awaiting_spouse' && app.expiresAt && app.expiresAt <= this.now())) return 'expired';
    return app.status === 'awaiting_spouse' ? 'to-confirm' : 'closed';
  }

  async view(spouseId: number, serialNo: string) {
    const app = await this.mine(spouseId, serialNo);
    const [borrower, spouse, loans, photos, events, state] = await Promise.all([
      this.deps.core.getMember(app.memberId),
      this.deps.core.getMember(spouseId),
      this.deps.core.listLoans(app.memberId),
      listPhotos(this.deps.database.db, [app.id]),
      listEvents(this.deps.database.db, [app.id]),
      this.stateOf(app),
    ]);
    const form = app.form as Record<string, unknown>;
    const loan = loans.find((l) => l.contractNo === form.contractNo);
    const mine = photos.filter((p) => p.uploadedBy === spouseId);
    // One masking rule on the page: the couple's names read 段*梅 / 李*强 in the history too, as borrowerName does.
    const names = [borrower?.name, spouse?.name].filter((n): n is string => !!n && [...n].length > 1);
    const masked = (t: string): string => names.reduce((s, n) => s.split(n).join(maskName(n)), t);
    return {
      serialNo: app.serialNo,
      business: LUMP_SUM_NAME,
      state,
      stateLabel: STATE_LABELS[state],
      borrowerName: maskName(borrower?.name ?? ''),
      amountFen: Number(form.spouseFen ?? 0),
      amountText: `${yuanText(Number(form.spouseFen ?? 0))}元`,
      borrowerAmountFen: Number(form.borrowerFen ?? 0),
      selfFundedFen: Number(form.selfFundedFen ?? 0),
      loan: loan ? { contractNo: loan.contractNo, balanceFen: loan.balanceFen, repaymentBank: loan.repaymentBank } : null,
      expiresAt: app.expiresAt?.toISOString() ?? null,
      photoCategories: SPOUSE_PHOTOS.map((c) => ({
        key: c.key,
        label: c.label,
        required: true,
        max: 4,
        uploaded: mine.filter((p) => p.category === c.key).length,
      })),
      photos: mine.map((p) => ({ id: p.id, category: p.category, slot: p.slot, mediaType: p.mediaType, sizeBytes: p.sizeBytes })),
      history: historyOf(events).map((h) => ({ ...h, handler: masked(h.handler), opinion: masked(h.opinion) })),
      actions: { confirm: state === 'to-confirm', decline: state === 'to-confirm' },
      confirmation: { purpose: SPOUSE_PURPOSE, reference: app.serialNo },
    };
  }

  async listPending(spouseId: number) {
    const rows = await this.deps.database.db
      .select()
      .from(applications)
      .where(and(eq(applications.spouseMemberId, spouseId), eq(applications.status, 'awaiting_spouse')))
      .orderBy(asc(applications.submittedAt));
    const live = rows.filter((a) => !a.expiresAt || a.expiresAt > this.now());
    return { items: await Promise.all(live.map((a) => this.view(spouseId, a.serialNo))) };
  }

  private open(app: ApplicationRow): void {
    if (app.status !== 'awaiting_spouse') throw conflict('NOT_AWAITING_SPOUSE', '该申请已不需要确认');
    if (app.expiresAt && app.expiresAt <= this.now()) throw conflict('SPOUSE_CONFIRMATION_EXPIRED', '确认时间已过（48小时），该申请已过期');
  }

  async addPhoto(spouseId: number, serialNo: string, category: string, bytes: Buffer) {
    const app = await this.mine(spouseId, serialNo);
    this.open(app);
    if (!SPOUSE_PHOTOS.some((c) => c.key === category)) throw new DomainError('PHOTO_CATEGORY_UNKNOWN', '该业务没有这类材料', 400);
    await storePhoto(this.deps.database.db, this.deps.photos, { applicationId: app.id, category, uploadedBy: spouseId }, bytes);
    return this.view(spouseId, serialNo);
  }

  /** 2.14: photos taken, identity confirmed (A9 token of purpose spouse-confirmation): the application goes to 初审. */
  async confirm(spouseId: number, serialNo: string, confirmationToken: string) {
    const app = await this.mine(spouseId, serialNo);
    this.open(app);
    const photos = (await listPhotos(this.deps.database.db, [app.id])).filter((p) => p.uploadedBy === spouseId);
    const missing = SPOUSE_PHOTOS.filter((c) => !photos.some((p) => p.category === c.key));
    if (missing.length)
      throw new DomainError('PHOTOS_REQUIRED', `请先拍摄：${missing.map((c) => c.label).join('、')}`, 409, { categories: missing.map((c) => c.key) });
    const [spouse, borrower] = await Promise.all([this.deps.core.getMember(spouseId), this.deps.core.getMember(app.memberId)]);
    const engine = this.deps.engine();
    await withLocked(engine, serialNo, async (tx, locked) => {
      if (locked.spouseMemberId !== spouseId) throw notFound('NOT_YOUR_APPLICATION', '没有需要您确认的该笔申请');
      this.open(locked);
      const { method } = await this.deps.confirm(tx, { token: confirmationToken, memberId: spouseId, purpose: SPOUSE_PURPOSE, reference: serialNo });
      const first = kindOf(engine.kinds, locked.kind).nodes[0]!;
      await transition(tx, engine, locked, {
        to: 'in_review',
        node: '配偶确认',
        action: 'spouse-confirm',
        actor: { kind: 'spouse', id: spouseId, name: spouse?.name ?? '' },
        opinion: `配偶同意（${method === 'face' ? '人脸认证' : '业务密码'}）`,
        patch: { currentNode: first, feedback: `${NODE_LABELS[first]}中`, expiresAt: null },
        message: `${dear(borrower?.name ?? '')}${LUMP_SUM_NAME}申请（流水号${serialNo}）已由配偶确认，进入${NODE_LABELS[first]}环节。`,
        note: `配偶已确认，${NODE_LABELS[first]}中`,
      });
    });
    return this.view(spouseId, serialNo);
  }

  /** The spouse says no: the application ends and the borrower is told. */
  async decline(spouseId: number, serialNo: string, reason: string | undefined) {
    const app = await this.mine(spouseId, serialNo);
    this.open(app);
    const [spouse, borrower] = await Promise.all([this.deps.core.getMember(spouseId), this.deps.core.getMember(app.memberId)]);
    await withLocked(this.deps.engine(), serialNo, async (tx, locked) => {
      this.open(locked);
      await transition(tx, this.deps.engine(), locked, {
        to: 'ended',
        node: '配偶确认',
        action: 'spouse-decline',
        actor: { kind: 'spouse', id: spouseId, name: spouse?.name ?? '' },
        opinion: reason ? `配偶不同意：${reason}` : '配偶不同意',
        patch: { expiresAt: null, closedAt: this.now(), feedback: '配偶不同意，申请已结束' },
        message: `${dear(borrower?.name ?? '')}${LUMP_SUM_NAME}申请（流水号${serialNo}）配偶未同意，申请已结束。`,
        note: '配偶不同意，申请已结束',
      });
    });
    return this.view(spouseId, serialNo);
  }

  /** J2: applications whose spouse did not answer within 48 hours expire, and the borrower is told. Returns how many. */
  async expireOverdue(now: Date = this.now()): Promise<number> {
    const due = await this.deps.database.db
      .select({ serialNo: applications.serialNo })
      .from(applications)
      .where(and(eq(applications.status, 'awaiting_spouse'), lt(applications.expiresAt, now)));
    let expired = 0;
    for (const { serialNo } of due) {
      try {
        await closeApplication(this.deps.engine(), serialNo, {
          to: 'expired',
          from: ['awaiting_spouse'],
          actor: SYSTEM,
          node: '配偶确认',
          action: 'expire',
          opinion: '配偶未在48小时内确认',
        });
        expired++;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err; // answered meanwhile
      }
    }
    return expired;
  }

  /**
   * For the borrower: how the spouse was reached. 43004 (the spouse does not follow the account) or no WeChat at all:
   * an SMS with the link went instead, and the borrower is told so.
   */
  async requestStatus(borrowerId: number, serialNo: string) {
    const app = await findBySerial(this.deps.database.db, serialNo);
    if (!app || app.memberId !== borrowerId || !app.spouseMemberId) throw notFound('APPLICATION_NOT_FOUND', '未找到该业务申请');
    const spouse = await this.deps.core.getMember(app.spouseMemberId);
    const rows = await this.deps.database.query<{ channel: string; status: string }>(
      `SELECT channel, status FROM wechat_outbox WHERE reference = $1 AND notice = 'spouse_confirmation' AND member_id = $2 ORDER BY id`,
      [serialNo, app.spouseMemberId],
    );
    const sms = rows.some((r) => r.channel === 'sms');
    const template = rows.find((r) => r.channel === 'template');
    const via: 'sms' | 'template' | 'subscribe' | 'none' = sms ? 'sms' : template ? 'template' : rows.length ? 'subscribe' : 'none';
    const text = {
      sms: `您的配偶${maskName(spouse?.name ?? '')}未关注本中心公众号，已通过短信将确认链接发送至其手机，请提醒其在48小时内确认。`,
      template: `已通过公众号消息通知您的配偶${maskName(spouse?.name ?? '')}确认。`,
      subscribe: `已通过小程序消息通知您的配偶${maskName(spouse?.name ?? '')}确认。`,
      none: `未能通知您的配偶，请提醒其登录小程序确认。`,
    }[via];
    const state = app.status === 'awaiting_spouse' ? (app.expiresAt && app.expiresAt <= this.now() ? 'expired' : 'to-confirm') : app.status;
    return {
      serialNo,
      spouseName: maskName(spouse?.name ?? ''),
      state,
      expiresAt: app.expiresAt?.toISOString() ?? null,
      notifiedVia: via,
      deliveries: rows,
      message: text,
    };
  }
}
