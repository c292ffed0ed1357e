/**
 * The member's side of an application: draft (with an idempotency key), form and bank card, photos, submit with the
 * A9 confirmation token, modify and re-submit after a return, or end the flow (E2). Kinds come from the registry that
 * the capabilities fill (withdrawals/catalog.ts).
 */
import type { Db } from '../db/client.js';
import type { ApplicationChannel } from './tables.js';
import { pgErrorCode } from '../db/errors.js';
import { DomainError, conflict, notFound } from '../shared/errors.js';
import { SYSTEM, decide, dear, kindOf, transition, withLocked, type EngineDeps } from './engine.js';
import { NODE_LABELS, confirmationPurpose, type ApplicationKind, type KindRegistry } from './kinds.js';
import { deletePhoto, listPhotos, storePhoto, type PhotoStorage } from './photos.js';
import * as store from './store.js';
import { applicationView, type ApplicationView, type CardView } from './views.js';

/** The member's same-name bank cards (C14, withdrawals/cards.ts). */
export interface PayeeCards {
  /** The member's active card with this id, or with null their latest active card; null when there is none. */
  resolve(memberId: number, cardId: number | null): Promise<CardView | null>;
}

/** A9: uses up the member's confirmation token for this purpose and reference inside tx (identity's consumeConfirmation). */
export type ConsumeConfirmation = (
  tx: Db,
  p: { token: string; memberId: number; purpose: string; reference: string },
) => Promise<{ method: 'business-password' | 'face' }>;

interface WorkflowDeps extends EngineDeps {
  kinds: KindRegistry;
  photos: PhotoStorage;
  cards: PayeeCards;
  confirm: ConsumeConfirmation;
  /** Kinds marked autoApprove are approved by the system at 初审 when their rules hold (a center may switch it off). */
  autoApprove: boolean;
}

interface DraftInput {
  kind: string;
  channel: ApplicationChannel;
  form?: Record<string, unknown> | undefined;
  bankCardId?: number | null | undefined;
}

function parseForm(kind: ApplicationKind, form: Record<string, unknown>, complete: boolean): Record<string, unknown> {
  const schema = complete ? kind.form : kind.form.partial();
  const r = schema.safeParse(form);
  if (r.success) return r.data as Record<string, unknown>;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.');
  const label = (kind.form.shape[field] as { description?: string } | undefined)?.description ?? field;
  throw new DomainError(complete ? 'FORM_INCOMPLETE' : 'VALIDATION_FAILED', `请正确填写${label}：${issue.message}`, 400, { field });
}

export class Workflow {
  constructor(readonly deps: WorkflowDeps) {}

  private async own(memberId: number, serialNo: string): Promise<store.ApplicationRow> {
    const app = await store.findBySerial(this.deps.database.db, serialNo);
    // Someone else's serial number answers exactly like an unknown one.
    if (!app || app.memberId !== memberId) throw notFound('APPLICATION_NOT_FOUND', '未找到该业务申请');
    return app;
  }

  private editable(app: store.ApplicationRow): void {
    if (app.status !== 'draft' && app.status !== 'returned') throw conflict('NOT_EDITABLE', '该申请已提交中心审批，不能修改');
  }

  async view(app: store.ApplicationRow): Promise<ApplicationView> {
    const db = this.deps.database.db;
    const kind = kindOf(this.deps.kinds, app.kind);
    const [events, photos, card] = await Promise.all([
      store.listEvents(db, [app.id]),
      listPhotos(db, [app.id]),
      app.bankCardId ? this.deps.cards.resolve(app.memberId, app.bankCardId) : Promise.resolve(null),
    ]);
    return applicationView(app, kind, events, photos, card);
  }

  async get(memberId: number, serialNo: string): Promise<ApplicationView> {
    return this.view(await this.own(memberId, serialNo));
  }

  /**
   * Starts a draft. The same Idempotency-Key returns the same application (a double tap, a retry); a second open
   * application of the kind is refused by the database's partial unique index, whatever the timing.
   */
  async create(memberId: number, input: DraftInput, clientKey: string | null): Promise<ApplicationView> {
    const kind = kindOf(this.deps.kinds, input.kind);
    if (!clientKey) return this.createDraft(memberId, input, kind, null);
    const again = await store.findByClientKey(this.deps.database.db, memberId, clientKey);
    if (again) return this.replay(again, kind);
    try {
      return await this.createDraft(memberId, input, kind, clientKey);
    } catch (err) {
      // The same key sent at the same time (a double tap, a retry of a slow request): the one that lost the race
      // saw the other's application as "already open" (or met it in the unique index); it answers with it instead.
      if (!(err instanceof DomainError)) throw err;
      const won = await store.findByClientKey(this.deps.database.db, memberId, clientKey);
      if (won) return this.replay(won, kind);
      throw err;
    }
  }

  private async createDraft(memberId: number, input: DraftInput, kind: ApplicationKind, clientKey: string | null): Promise<ApplicationView> {
    const db = this.deps.database.db;
    const [open] = await store.listOpen(db, memberId, kind.key);
    if (open) throw alreadyOpen(kind, open);
    const allowed = await kind.eligibility({ memberId, today: this.deps.clock.today() });
    if (!allowed.allowed) throw new DomainError('NOT_ELIGIBLE', allowed.reason ?? '暂不符合办理条件', 409, { reasonCode: allowed.code });
    const form = parseForm(kind, input.form ?? {}, false);
    const card = input.bankCardId ? await this.card(memberId, input.bankCardId) : null;
    try {
      const serialNo = await store.nextSerialNo(db, this.deps.clock.today());
      const app = await store.insertDraft(db, { serialNo, memberId, kind: kind.key, channel: input.channel, form, bankCardId: card?.id ?? null, clientKey });
      return this.view(app);
    } catch (err) {
      if (pgErrorCode(err) !== '23505') throw err;
      const again = clientKey ? await store.findByClientKey(db, memberId, clientKey) : undefined;
      if (again) return this.replay(again, kind);
      const [other] = await store.listOpen(db, memberId, kind.key);
      throw other ? alreadyOpen(kind, other) : err;
    }
  }

  private async replay(app: store.ApplicationRow, kind: ApplicationKind): Promise<ApplicationView> {
    if (app.kind !== kind.key) throw conflict('IDEMPOTENCY_KEY_REUSED', '该请求编号已用于另一笔业务');
    return this.view(app);
  }

  private async card(memberId: number, cardId: number | null): Promise<CardView> {
    const card = await this.deps.cards.resolve(memberId, cardId);
    if (card) return card;
    if (cardId !== null) throw notFound('BANK_CARD_NOT_FOUND', '未找到该银行卡，请重新选择收款银行账号');
    // 001 二: 线上提取需要绑定银行卡 … 提取人与银行持卡人必须一致.
    throw new DomainError('BANK_CARD_REQUIRED', '请先绑定本人的银行卡（提取人与银行持卡人必须一致）', 409);
  }

  async update(memberId: number, serialNo: string, patch: { form?: Record<string, unknown> | undefined; bankCardId?: number | undefined }) {
    const app = await this.own(memberId, serialNo);
    this.editable(app);
    const kind = kindOf(this.deps.kinds, app.kind);
    const form = patch.form ? parseForm(kind, { ...app.form, ...patch.form }, false) : app.form;
    const card = patch.bankCardId !== undefined ? await this.card(memberId, patch.bankCardId) : null;
    const updated = await withLocked(this.deps, serialNo, async (tx, locked) => {
      this.editable(locked);
      return store.updateApplication(tx, locked.id, { form, ...(card ? { bankCardId: card.id } : {}) });
    });
    return this.view(updated);
  }

  async addPhoto(memberId: number, serialNo: string, category: string, bytes: Buffer) {
    const app = await this.own(memberId, serialNo);
    this.editable(app);
    const kind = kindOf(this.deps.kinds, app.kind);
    if (!kind.photos.some((c) => c.key === category)) throw new DomainError('PHOTO_CATEGORY_UNKNOWN', '该业务没有这类材料', 400);
    await storePhoto(this.deps.database.db, this.deps.photos, { applicationId: app.id, category, uploadedBy: memberId }, bytes);
    return this.view(app);
  }

  async removePhoto(memberId: number, serialNo: string, photoId: number) {
    const app = await this.own(memberId, serialNo);
    this.editable(app);
    if (!(await deletePhoto(this.deps.database.db, app.id, photoId))) throw notFound('PHOTO_NOT_FOUND', '未找到该照片');
    return this.view(app);
  }

  /** The photo's bytes, for the member (their own application) or a reviewer (memberId null). */
  async photo(memberId: number | null, serialNo: string, photoId: number) {
    const app = memberId === null ? await store.findBySerial(this.deps.database.db, serialNo) : await this.own(memberId, serialNo);
    const row = app ? (await listPhotos(this.deps.database.db, [app.id])).find((p) => p.id === photoId) : undefined;
    if (!row) throw notFound('PHOTO_NOT_FOUND', '未找到该照片');
    return { bytes: await this.deps.photos.read(row.sha256), mediaType: row.mediaType, category: row.category };
  }

  /**
   * 提交中心审批 (003 5.2.1) with the A9 token. The rules are checked again now; the token is used up in the same
   * transaction as the state change. A repeat with the same Idempotency-Key answers with the application as it is.
   */
  async submit(memberId: number, serialNo: string, confirmationToken: string, submitKey: string | null): Promise<ApplicationView> {
    try {
      return await this.submitOnce(memberId, serialNo, confirmationToken, submitKey);
    } catch (err) {
      // A repeat that raced its first (checked the rules or the token while the first was committing): the
      // application was submitted with this key, so it answers as the first did.
      if (!submitKey || !(err instanceof DomainError)) throw err;
      const now = await this.own(memberId, serialNo);
      if (now.submitKey === submitKey && now.status !== 'draft' && now.status !== 'returned') return this.view(now);
      throw err;
    }
  }

  private async submitOnce(memberId: number, serialNo: string, confirmationToken: string, submitKey: string | null): Promise<ApplicationView> {
    const app = await this.own(memberId, serialNo);
    if (app.status !== 'draft' && app.status !== 'returned') {
      if (submitKey && app.submitKey === submitKey) return this.view(app);
      throw conflict('ALREADY_SUBMITTED', '该申请已提交中心审批，请勿重复提交');
    }
    const kind = kindOf(this.deps.kinds, app.kind);
    const form = parseForm(kind, app.form, true);
    const today = this.deps.clock.today();
    const allowed = await kind.eligibility({ memberId, today });
    if (!allowed.allowed) throw new DomainError('NOT_ELIGIBLE', allowed.reason ?? '暂不符合办理条件', 409, { reasonCode: allowed.code });
    const amountFen = kind.amountOf(form, allowed);
    const photos = await listPhotos(this.deps.database.db, [app.id]);
    const missing = kind.photos.filter((c) => c.required && !photos.some((p) => p.category === c.key));
    if (missing.length)
      throw new DomainError('PHOTOS_REQUIRED', `请先上传必传材料：${missing.map((c) => c.label).join('、')}`, 409, { categories: missing.map((c) => c.key) });
    const card = kind.needsBankCard ? await this.card(memberId, app.bankCardId) : null;
    const member = await this.deps.core.getMember(memberId);
    const name = member?.name ?? '';
    const first = kind.nodes[0]!;
    const toSpouse = kind.afterSubmit === 'awaiting_spouse';

    const submittedPrep = kind.submitted ? await kind.submitted.prepare({ ...app, form }, today) : undefined;
    const submitted = await withLocked(this.deps, serialNo, async (tx, locked) => {
      if (locked.status !== 'draft' && locked.status !== 'returned') {
        if (submitKey && locked.submitKey === submitKey) return locked;
        throw conflict('ALREADY_SUBMITTED', '该申请已提交中心审批，请勿重复提交');
      }
      const { method } = await this.deps.confirm(tx, { token: confirmationToken, memberId, purpose: confirmationPurpose(kind), reference: serialNo });
      const resubmit = locked.status === 'returned';
      const done = (
        await transition(tx, this.deps, locked, {
          to: toSpouse ? 'awaiting_spouse' : 'in_review',
          node: '任务发起人',
          action: resubmit ? 'resubmit' : 'submit',
          actor: { kind: 'member', id: memberId, name },
          opinion: resubmit ? '修改后重新提交' : '',
          patch: {
            currentNode: toSpouse ? null : first,
            form: { ...form, ...allowed.derived },
            amountFen,
            bankCardId: card?.id ?? locked.bankCardId,
            info: kind.describe(name, amountFen, form),
            feedback: toSpouse ? '待配偶确认' : `${NODE_LABELS[first]}中`,
            returnReason: null,
            submitKey,
            confirmationMethod: method,
            submittedAt: this.deps.clock.now(),
          },
          message: `${dear(name)}${kind.name}申请已${resubmit ? '重新' : ''}提交，流水号${serialNo}，${toSpouse ? '等待配偶确认' : `目前处于${NODE_LABELS[first]}环节`}。`,
          note: toSpouse ? '等待配偶确认' : `${NODE_LABELS[first]}中`,
        })
      ).app;
      return kind.submitted ? kind.submitted.within({ tx, app: done, today, prepared: submittedPrep }) : done;
    });
    if (submitted.status === 'in_review' && kind.autoApprove && this.deps.autoApprove && kind.nodes.length === 1) {
      return this.view(await this.autoApprove(submitted, kind));
    }
    return this.view(submitted);
  }

  /** Simple kinds whose rules the system can check in full are approved at 初审 by it; otherwise a person takes over. */
  private async autoApprove(app: store.ApplicationRow, kind: ApplicationKind): Promise<store.ApplicationRow> {
    try {
      return await decide(this.deps, { serialNo: app.serialNo, actor: SYSTEM, action: 'approve', opinion: '符合条件，系统自动审核通过' });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // e.g. INSUFFICIENT_BALANCE after a concurrent withdrawal: a person decides, and the history says why.
      return withLocked(this.deps, app.serialNo, async (tx, locked) => {
        if (locked.status !== 'in_review') return locked;
        return (
          await transition(tx, this.deps, locked, {
            to: 'in_review',
            node: NODE_LABELS[kind.nodes[0]!],
            action: 'note',
            actor: SYSTEM,
            opinion: `自动审核未通过（${err.message}），转人工审核`,
          })
        ).app;
      });
    }
  }

  /** E2 结束流程 (003 5.2.2 (5)): a draft or a returned application is closed by the member. */
  async end(memberId: number, serialNo: string, reason: string | undefined): Promise<ApplicationView> {
    const app = await this.own(memberId, serialNo);
    this.editable(app);
    const kind = kindOf(this.deps.kinds, app.kind);
    const member = await this.deps.core.getMember(memberId);
    const ended = await withLocked(this.deps, serialNo, async (tx, locked) => {
      this.editable(locked);
      return (
        await transition(tx, this.deps, locked, {
          to: 'ended',
          node: '结束流程',
          action: 'end',
          actor: { kind: 'member', id: memberId, name: member?.name ?? '' },
          opinion: reason ?? '申请人结束流程',
          patch: { closedAt: this.deps.clock.now(), feedback: '申请人结束流程' },
          message: `${dear(member?.name ?? '')}${kind.name}申请（流水号${serialNo}）已结束流程。`,
          note: '申请人结束流程',
        })
      ).app;
    });
    return this.view(ended);
  }
}

function alreadyOpen(kind: ApplicationKind, open: store.ApplicationRow): DomainError {
  // 住房公积金综合服务平台建设导则: 同一用户同一时间同一业务只能发起一次交易.
  return new DomainError('APPLICATION_ALREADY_OPEN', `您已有一笔${kind.name}申请正在办理中（流水号${open.serialNo}），请勿重复申请`, 409, {
    serialNo: open.serialNo,
  });
}
