/**
 * What members and reviewers see of applications: the application with its photos and node history (003 5.2.2
 * 流程信息查询, 004 2.2: 节点名称 / 办理人 / 审批意见 / 办理时间 / 流程耗时), E1 业务进度 rows (000 (九): 流水号 /
 * 业务 / 日期 / 信息 / 状态 / 反馈信息) and E2's 待办事项 / 我发起的 rows.
 */
import { shanghaiIso, todayShanghai } from '../shared/dates.js';
import { CORE_CHANNEL_LABELS } from '../core/protocol.js';
import type { OtherChannelBusiness } from './progress.js';
import { CHANNEL_LABELS } from './engine.js';
import { NODE_LABELS, STATUS_LABELS, confirmationPurpose, type ApplicationKind } from './kinds.js';
import type { PhotoRow } from './photos.js';
import type { ApplicationRow, EventRow } from './store.js';

/** 004 2.2 流程耗时: 1小时7分32秒, 1分10秒, 2天3小时. */
function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}天${h ? `${h}小时` : ''}`;
  if (h > 0) return `${h}小时${m}分${sec}秒`;
  if (m > 0) return `${m}分${sec}秒`;
  return `${sec}秒`;
}

/** 2018-05-29 11:03:10 (Asia/Shanghai), as 003 prints 办理时间. */
const shanghaiTime = (at: Date) => shanghaiIso(at).slice(0, 19).replace('T', ' ');

interface HistoryItem {
  node: string;
  handler: string;
  opinion: string;
  at: string;
  atText: string;
  durationSeconds: number;
  duration: string;
}

export function historyOf(events: EventRow[]): HistoryItem[] {
  return events.map((e, i) => {
    const prev = events[i - 1];
    const seconds = prev ? (e.at.getTime() - prev.at.getTime()) / 1000 : 0;
    return {
      node: e.node,
      handler: e.handlerName,
      opinion: e.opinion,
      at: e.at.toISOString(),
      atText: shanghaiTime(e.at),
      durationSeconds: Math.round(seconds),
      duration: formatDuration(seconds),
    };
  });
}

/** Where it stands now, in the words of 003 5.2.2 当前进度. */
export function progressText(app: ApplicationRow): string {
  if (app.status === 'in_review' && app.currentNode) return `${NODE_LABELS[app.currentNode]}中`;
  return STATUS_LABELS[app.status];
}

export interface CardView {
  id: number;
  bankName: string;
  cardNoMasked: string;
}

export function applicationView(app: ApplicationRow, kind: ApplicationKind, events: EventRow[], photos: PhotoRow[], card: CardView | null) {
  const editable = app.status === 'draft' || app.status === 'returned';
  const byCategory = (key: string) => photos.filter((p) => p.category === key);
  const known = new Set(kind.photos.map((c) => c.key));
  return {
    serialNo: app.serialNo,
    kind: kind.key,
    code: kind.code,
    name: kind.name,
    processName: kind.processName,
    businessType: kind.businessType,
    channel: app.channel,
    channelLabel: CHANNEL_LABELS[app.channel],
    status: app.status,
    statusLabel: STATUS_LABELS[app.status],
    progress: progressText(app),
    currentNode: app.currentNode,
    currentNodeLabel: app.currentNode ? NODE_LABELS[app.currentNode] : null,
    form: app.form,
    amountFen: app.amountFen,
    bankCard: card,
    info: app.info,
    feedback: app.feedback,
    returnReason: app.returnReason,
    photoCategories: kind.photos.map((c) => ({ ...c, max: 4, uploaded: byCategory(c.key).length })),
    photos: photos.map((p) => ({
      id: p.id,
      category: p.category,
      categoryLabel: kind.photos.find((c) => c.key === p.category)?.label ?? p.category,
      slot: p.slot,
      mediaType: p.mediaType,
      sizeBytes: p.sizeBytes,
      sha256: p.sha256,
      extra: !known.has(p.category),
    })),
    history: historyOf(events),
    createdAt: app.createdAt.toISOString(),
    submittedAt: app.submittedAt?.toISOString() ?? null,
    closedAt: app.closedAt?.toISOString() ?? null,
    /** What the member may do now (E2: 修改重新上传 / 结束流程). */
    actions: { edit: editable, submit: editable, end: editable },
    /** The A9 confirmation to ask identity for before submitting (POST /api/me/security/confirmations). */
    confirmation: { purpose: confirmationPurpose(kind), reference: app.serialNo },
  };
}

export type ApplicationView = ReturnType<typeof applicationView>;

/** E1 (000 (九), 001 3.1): one row of 业务进度查询, whatever the channel. */
export function progressRow(app: ApplicationRow, kind: ApplicationKind) {
  return {
    serialNo: app.serialNo,
    business: kind.name,
    date: todayShanghai(app.submittedAt ?? app.createdAt),
    info: app.info ?? '',
    status: STATUS_LABELS[app.status],
    statusCode: app.status,
    feedback: app.feedback ?? progressText(app),
    channel: app.channel,
    channelLabel: CHANNEL_LABELS[app.channel],
    fromCore: false,
  };
}

/** E1: a business of another channel (柜台, 网厅, 12329, APP) as the core reported it; it has no application to open here. */
export function otherChannelRow(b: OtherChannelBusiness) {
  return {
    serialNo: b.serialNo,
    business: b.business,
    date: todayShanghai(b.startedAt),
    info: '',
    status: b.done ? '已办结' : '办理中',
    statusCode: b.done ? 'paid' : 'in_review',
    feedback: b.done ? (b.result ?? '已办结') : b.step,
    channel: b.channel,
    channelLabel: CORE_CHANNEL_LABELS[b.channel],
    fromCore: true,
  };
}

/** E2 待办事项 (003 5.2.2 (3)): returned to the member, with the reason. */
export function todoRow(app: ApplicationRow, kind: ApplicationKind, events: EventRow[]) {
  const returned = [...events].reverse().find((e) => e.action === 'return');
  return {
    serialNo: app.serialNo,
    channelLabel: CHANNEL_LABELS[app.channel],
    businessType: kind.businessType,
    processName: kind.processName,
    progress: returned ? `${returned.node}退回` : progressText(app),
    startedAt: shanghaiTime(app.submittedAt ?? app.createdAt),
    description: app.info ?? '',
    returnReason: app.returnReason ?? '',
    returnedAt: returned ? shanghaiTime(returned.at) : null,
  };
}

/** E2 我发起的 (004 2.2): 业务类型 / 业务信息 / 是否完成 / 流程耗时. */
export function initiatedRow(app: ApplicationRow, kind: ApplicationKind, events: EventRow[], now: Date) {
  const done = ['paid', 'rejected', 'ended', 'expired'].includes(app.status);
  const first = events[0];
  const lastAt = events[events.length - 1]?.at;
  const seconds = first && lastAt ? ((done ? lastAt : now).getTime() - first.at.getTime()) / 1000 : 0;
  return {
    serialNo: app.serialNo,
    businessType: kind.businessType,
    businessInfo: `${kind.processName}审批`,
    name: kind.name,
    status: STATUS_LABELS[app.status],
    statusCode: app.status,
    finished: done,
    finishedLabel: done ? '是' : '否',
    elapsedSeconds: Math.round(seconds),
    elapsed: formatDuration(seconds),
    history: historyOf(events),
  };
}
