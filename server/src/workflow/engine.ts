/**
 * The state machine of an application (PRODUCT C, E2, I1):
 *
 *   draft ─submit→ [submitted] → in_review(初审 → 复审 → 终审) ─approve at the last node→ approved → paid
 *            └→ awaiting_spouse (C12, part 2) → in_review | ended | expired
 *   in_review ─return→ returned ─resubmit→ in_review(初审) | ─end→ ended;   in_review ─reject→ rejected
 *   draft ─end→ ended
 *
 * Every change happens under the application's row lock, appends a node to its history and writes the member's
 * notification (with the official account's template message) in the same transaction. Approval at the last node
 * posts to the core in that transaction too: the money moves exactly when the status says so.
 */
import type { CoreGateway } from '../core/gateway.js';
import type { Database, Db } from '../db/client.js';
import type { ActorKind, ApplicationAction, ApplicationStatus, applications } from './tables.js';
import { notify, type PushNotice } from '../notifications/service.js';
import { DomainError, conflict } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import { NODE_LABELS, STATUS_LABELS, type ApplicationKind, type KindRegistry, type ReviewNodeKey } from './kinds.js';
import * as store from './store.js';

export interface Actor {
  kind: ActorKind;
  id: number | null;
  /** 办理人 as the history shows it. */
  name: string;
}

export const SYSTEM: Actor = { kind: 'system', id: null, name: '系统自动审核' };

export type { Clock };

export interface EngineDeps {
  database: Database;
  core: CoreGateway;
  kinds: KindRegistry;
  clock: Clock;
  /** The official account's outbox (wechat.enqueueNotice); without it the notice stays pending on the notification. */
  push?: PushNotice | undefined;
}

/** 推送渠道 / 服务渠道 labels of the channels (000 (九): 微信、APP、网厅 …; 003 5.2.2: app, 柜台业务). */
export const CHANNEL_LABELS = {
  'mini-program': '小程序',
  'official-account': '微信公众号',
  app: '手机APP',
  'web-hall': '网上服务大厅',
  counter: '柜台业务',
} as const;

interface Change {
  to: ApplicationStatus;
  /** 节点名称 of the history row. */
  node: string;
  action: ApplicationAction;
  actor: Actor;
  opinion?: string;
  patch?: Partial<typeof applications.$inferInsert>;
  /** 消息内容 for the member; no notification when absent (a step inside one committed change). */
  message?: string;
  /** The template message's note (≤ 20 characters). */
  note?: string;
}

export function kindOf(kinds: KindRegistry, key: string): ApplicationKind {
  const kind = kinds.get(key);
  if (!kind) throw new DomainError('KIND_UNKNOWN', '不支持的业务类型', 404);
  return kind;
}

/** Applies one change inside the caller's transaction (the row must be locked by it). */
export async function transition(tx: Db, deps: EngineDeps, app: store.ApplicationRow, c: Change) {
  const kind = kindOf(deps.kinds, app.kind);
  const updated = await store.updateApplication(tx, app.id, { status: c.to, ...c.patch });
  const event = await store.insertEvent(tx, {
    applicationId: app.id,
    node: c.node,
    action: c.action,
    fromStatus: app.status,
    toStatus: c.to,
    actorKind: c.actor.kind,
    actorId: c.actor.id,
    handlerName: c.actor.name,
    opinion: c.opinion ?? '',
    at: deps.clock.now(),
  });
  if (c.message) {
    await notify(tx, deps.push, {
      memberId: app.memberId,
      business: kind.name,
      content: c.message,
      channel: CHANNEL_LABELS[app.channel],
      applicationId: app.id,
      eventId: event.id,
      notice: { kind: 'progress', serialNo: app.serialNo, business: kind.name, status: STATUS_LABELS[c.to], at: event.at, ...(c.note ? { note: c.note } : {}) },
    });
  }
  return { app: updated, event };
}

/**
 * Locks the application and runs fn in one transaction. Inside fn, query only through tx: PGlite has one connection,
 * and a query on the database itself would wait for this very transaction.
 */
export async function withLocked<T>(deps: EngineDeps, serialNo: string, fn: (tx: Db, app: store.ApplicationRow) => Promise<T>): Promise<T> {
  return deps.database.db.transaction(async (tx) => {
    const app = await store.lockBySerial(tx, serialNo);
    if (!app) throw new DomainError('APPLICATION_NOT_FOUND', '未找到该业务申请', 404);
    return fn(tx, app);
  });
}

export const dear = (name: string) => `尊敬的${name}，您的`;

interface Decision {
  serialNo: string;
  actor: Actor;
  action: 'approve' | 'return' | 'reject';
  opinion: string;
  /** Staff: the live claim must be theirs (or free, then they take it now). */
  claimExpiry?: Date;
  /** Written in the decision's own transaction (the staff audit log). */
  record?: (tx: Db, decided: store.ApplicationRow) => Promise<void>;
}

/**
 * A decision at the application's current node (I1). Approval at the last node first re-checks the kind's rules
 * outside the transaction (prepare), then posts and marks it paid inside it; a refused posting (the balance would go
 * below zero: INSUFFICIENT_BALANCE) rolls everything back and leaves the application in review at that node.
 */
export async function decide(deps: EngineDeps, d: Decision): Promise<store.ApplicationRow> {
  const before = await store.findBySerial(deps.database.db, d.serialNo);
  if (!before) throw new DomainError('APPLICATION_NOT_FOUND', '未找到该业务申请', 404);
  if (before.status !== 'in_review' || !before.currentNode) throw conflict('NOT_IN_REVIEW', `该申请当前状态为“${STATUS_LABELS[before.status]}”，不能审批`);
  const kind = kindOf(deps.kinds, before.kind);
  const last = before.currentNode === kind.nodes[kind.nodes.length - 1];
  const today = deps.clock.today();
  const prepared = d.action === 'approve' && last ? await kind.prepare(before, today) : undefined;
  const member = await deps.core.getMember(before.memberId);
  const name = member?.name ?? '';

  const decideLocked = async (tx: Db, app: store.ApplicationRow): Promise<store.ApplicationRow> => {
    if (app.status !== 'in_review' || app.currentNode !== before.currentNode) throw conflict('STATE_CHANGED', '该申请已由他人办理，请刷新后重试');
    const node = app.currentNode!;
    if (d.actor.kind === 'staff') await checkReviewer(tx, app, d);
    const label = NODE_LABELS[node];
    const base = { node: label, actor: d.actor, patch: { claimedBy: null, claimedAt: null } };
    if (d.action === 'return') {
      return (
        await transition(tx, deps, app, {
          ...base,
          to: 'returned',
          action: 'return',
          opinion: d.opinion,
          patch: { ...base.patch, currentNode: null, returnReason: d.opinion, feedback: `退回：${d.opinion}` },
          message: `${dear(name)}${kind.name}申请（流水号${app.serialNo}）在${label}环节被退回，退回原因：${d.opinion}。请修改后重新提交，或结束流程。`,
          note: `退回：${d.opinion}`,
        })
      ).app;
    }
    if (d.action === 'reject') {
      return (
        await transition(tx, deps, app, {
          ...base,
          to: 'rejected',
          action: 'reject',
          opinion: d.opinion,
          patch: { ...base.patch, currentNode: null, decidedAt: deps.clock.now(), closedAt: deps.clock.now(), feedback: `审核未通过：${d.opinion}` },
          message: `${dear(name)}${kind.name}申请（流水号${app.serialNo}）未通过${label}，原因：${d.opinion}。`,
          note: `未通过：${d.opinion}`,
        })
      ).app;
    }
    const opinion = d.opinion || '同意';
    if (!last) {
      const next = kind.nodes[kind.nodes.indexOf(node) + 1]!;
      return (
        await transition(tx, deps, app, {
          ...base,
          to: 'in_review',
          action: 'approve',
          opinion,
          patch: { ...base.patch, currentNode: next, feedback: `${NODE_LABELS[next]}中` },
          message: `${dear(name)}${kind.name}申请（流水号${app.serialNo}）已通过${label}，进入${NODE_LABELS[next]}环节。`,
          note: `已通过${label}，${NODE_LABELS[next]}中`,
        })
      ).app;
    }
    const approved = await transition(tx, deps, app, {
      ...base,
      to: 'approved',
      action: 'approve',
      opinion,
      patch: { ...base.patch, currentNode: null, decidedAt: deps.clock.now() },
    });
    const settled = await kind.settle({ tx, app: approved.app, today, prepared });
    if (!settled.paid) {
      await notifyApproved(tx, deps, approved.app, kind, name, settled.feedback);
      return store.updateApplication(tx, app.id, { feedback: settled.feedback, ...(settled.amountFen !== undefined ? { amountFen: settled.amountFen } : {}) });
    }
    return (
      await transition(tx, deps, approved.app, {
        to: 'paid',
        node: '银行付款',
        action: 'pay',
        actor: { kind: 'system', id: null, name: '系统' },
        opinion: settled.feedback,
        patch: { closedAt: deps.clock.now(), feedback: settled.feedback, ...(settled.amountFen !== undefined ? { amountFen: settled.amountFen } : {}) },
        message: `${dear(name)}${kind.name}申请（流水号${app.serialNo}）已办结：${settled.feedback}`,
        note: settled.feedback,
      })
    ).app;
  };
  return withLocked(deps, d.serialNo, async (tx, app) => {
    const decided = await decideLocked(tx, app);
    await d.record?.(tx, decided);
    return decided;
  });
}

async function notifyApproved(tx: Db, deps: EngineDeps, app: store.ApplicationRow, kind: ApplicationKind, name: string, feedback: string): Promise<void> {
  await notify(tx, deps.push, {
    memberId: app.memberId,
    business: kind.name,
    channel: CHANNEL_LABELS[app.channel],
    applicationId: app.id,
    content: `${dear(name)}${kind.name}申请（流水号${app.serialNo}）已审批通过，${feedback}`,
    notice: { kind: 'progress', serialNo: app.serialNo, business: kind.name, status: STATUS_LABELS.approved, at: deps.clock.now() },
  });
}

/** The reviewer must hold the claim (or take it now, when it is free) and must not have passed an earlier node of it. */
async function checkReviewer(tx: Db, app: store.ApplicationRow, d: Decision): Promise<void> {
  const expiry = d.claimExpiry ?? new Date(0);
  if (app.claimedBy !== null && app.claimedBy !== d.actor.id && app.claimedAt! >= expiry) {
    throw conflict('CLAIMED_BY_OTHER', '该申请已由其他审核人员领取办理');
  }
  if (await approvedThisRound(tx, app, d.actor.id)) throw conflict('SAME_REVIEWER', SAME_REVIEWER_MESSAGE);
}

export const SAME_REVIEWER_MESSAGE = '同一申请的不同审批节点须由不同人员办理';

/** Four eyes: 初审, 复审 and 终审 of one application are done by different people (004 2.2 shows three handlers). */
export async function approvedThisRound(db: Db, app: store.ApplicationRow, staffId: number | null): Promise<boolean> {
  return decidedThisRound(db, app.id, { kind: 'staff', id: staffId, name: '' }, 'approve');
}

/** Whether this person took this decision on the application (at `node`, when given) since it was last (re)submitted. */
export async function decidedThisRound(
  db: Db,
  applicationId: number,
  actor: Actor,
  action: 'approve' | 'return' | 'reject',
  node?: ReviewNodeKey,
): Promise<boolean> {
  const events = await store.listEvents(db, [applicationId]);
  const actions = events.map((e) => e.action);
  const round = events.slice(Math.max(0, actions.lastIndexOf('submit'), actions.lastIndexOf('resubmit')));
  return round.some((e) => e.action === action && e.actorKind === actor.kind && e.actorId === actor.id && (!node || e.node === NODE_LABELS[node]));
}

/**
 * For kinds that wait before review (C12: the spouse's confirmation): moves a 'submitted' or 'awaiting_spouse'
 * application into review at its first node, recording who let it through (action 'spouse-confirm' …).
 */
export async function enterReview(deps: EngineDeps, serialNo: string, e: { actor: Actor; node: string; action: ApplicationAction; opinion?: string }) {
  const member = await memberOf(deps, serialNo);
  return withLocked(deps, serialNo, async (tx, app) => {
    if (app.status !== 'submitted' && app.status !== 'awaiting_spouse') throw conflict('STATE_CHANGED', `该申请当前状态为“${STATUS_LABELS[app.status]}”`);
    const kind = kindOf(deps.kinds, app.kind);
    const first = kind.nodes[0]!;
    return (
      await transition(tx, deps, app, {
        to: 'in_review',
        node: e.node,
        action: e.action,
        actor: e.actor,
        opinion: e.opinion ?? '',
        patch: { currentNode: first, feedback: `${NODE_LABELS[first]}中`, expiresAt: null },
        message: `${dear(member?.name ?? '')}${kind.name}申请（流水号${app.serialNo}）已进入${NODE_LABELS[first]}环节。`,
        note: `${NODE_LABELS[first]}中`,
      })
    ).app;
  });
}

/**
 * Ends an open application without a review decision: the spouse declined ('ended'), nobody answered in time
 * ('expired', the scheduled job of part 2), or the center withdrew it. Only from the given statuses.
 */
export async function closeApplication(
  deps: EngineDeps,
  serialNo: string,
  c: {
    to: 'ended' | 'expired';
    from: ApplicationStatus[];
    actor: Actor;
    node: string;
    action: ApplicationAction;
    opinion: string;
  },
) {
  const member = await memberOf(deps, serialNo);
  return withLocked(deps, serialNo, async (tx, app) => {
    if (!c.from.includes(app.status)) throw conflict('STATE_CHANGED', `该申请当前状态为“${STATUS_LABELS[app.status]}”`);
    const kind = kindOf(deps.kinds, app.kind);
    return (
      await transition(tx, deps, app, {
        to: c.to,
        node: c.node,
        action: c.action,
        actor: c.actor,
        opinion: c.opinion,
        patch: { currentNode: null, claimedBy: null, claimedAt: null, closedAt: deps.clock.now(), feedback: c.opinion },
        message: `${dear(member?.name ?? '')}${kind.name}申请（流水号${app.serialNo}）${c.to === 'expired' ? '已过期' : '已结束'}：${c.opinion}。`,
        note: c.opinion,
      })
    ).app;
  });
}

/** Read before taking the row lock: inside a transaction only the transaction may query (PGlite has one connection). */
async function memberOf(deps: EngineDeps, serialNo: string) {
  const app = await store.findBySerial(deps.database.db, serialNo);
  if (!app) throw new DomainError('APPLICATION_NOT_FOUND', '未找到该业务申请', 404);
  return deps.core.getMember(app.memberId);
}
