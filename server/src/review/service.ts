/**
 * I1 审批 as an API for the center's staff: the queue of a reviewer's nodes with filters, one application at a glance
 * (form, photos, the member's account and loans, the history, the rules as they stand now), claiming, and the
 * decisions — approve, return with a reason, reject — each recorded with handler, opinion and time.
 */
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import type { ReviewNodeKey } from '../workflow/tables.js';
import { DomainError, conflict, forbidden } from '../shared/errors.js';
import {
  CHANNEL_LABELS,
  NODE_LABELS,
  SAME_REVIEWER_MESSAGE,
  STATUS_LABELS,
  approvedThisRound,
  claim,
  decide,
  decidedThisRound,
  findBySerial,
  previousOfKind,
  release,
  reviewQueue,
  type ApplicationRow,
  type EngineDeps,
  type QueueQuery,
  type Workflow,
} from '../workflow/index.js';
import { formFields } from './form-fields.js';
import { ruleCheck } from './rule-figures.js';
import { shanghaiIso } from '../shared/dates.js';
import { mayReview, type StaffPrincipal } from '../staff/auth.js';
import { staffNames } from '../staff/store.js';
import { isOverdue, overdueLimits, type OverdueLimits } from './overdue.js';
import { auditStaff } from '../staff/audit.js';
import { STAFF_FORBIDDEN_MESSAGE } from '../staff/roles.js';

/** A claim lapses after half an hour without a decision, so an item is never stuck with someone who left. */
export const CLAIM_MINUTES = 30;

/** Why a reviewer may not claim or decide an item now (null: they may), in the words the server refuses with. */
interface Blocked {
  code: string;
  message: string;
  status: 403 | 409;
}

const CLAIM_REQUIRED_MESSAGE = '请先领取该申请，再作审批决定';

type QueueFilter = Omit<QueueQuery, 'nodes' | 'staffId' | 'limit' | 'offset'> & { page: number; pageSize: number };

export class Review {
  /** Hours an item may wait at each node before it is 超时 (config REVIEW_OVERDUE_HOURS…). */
  readonly overdue: OverdueLimits;

  constructor(private readonly deps: EngineDeps & { database: Database; core: CoreGateway; workflow: Workflow; overdue?: OverdueLimits }) {
    this.overdue = deps.overdue ?? overdueLimits();
  }

  /** A timeout against claimed_at, which the database stamps: the real clock, like the database's. */
  private claimExpiry(): Date {
    return new Date(Date.now() - CLAIM_MINUTES * 60_000);
  }

  private live(app: ApplicationRow): boolean {
    return app.claimedBy !== null && app.claimedAt! >= this.claimExpiry();
  }

  /**
   * The server's rules for one reviewer and one item, in the order they are checked: in review, their node, not held
   * by someone else, not approved by them at an earlier node (four eyes). The detail shows the same answer the
   * claim and the decision give, so the console's buttons follow these rules.
   */
  private async blocked(staff: StaffPrincipal, app: ApplicationRow): Promise<Blocked | null> {
    if (app.status !== 'in_review') return { code: 'NOT_IN_REVIEW', message: '该申请当前不在审批中', status: 409 };
    if (staff.role !== 'reviewer' && staff.role !== 'admin') return { code: 'STAFF_FORBIDDEN', message: STAFF_FORBIDDEN_MESSAGE, status: 403 };
    if (!mayReview(staff, app.currentNode)) return { code: 'NODE_NOT_ALLOWED', message: `您无权办理${NODE_LABELS[app.currentNode!]}环节`, status: 403 };
    if (this.live(app) && app.claimedBy !== staff.id) {
      const names = await staffNames(this.deps.database.db, [app.claimedBy!]);
      return { code: 'CLAIMED_BY_OTHER', message: `该申请已由${names.get(app.claimedBy!) ?? '其他审核人员'}领取办理`, status: 409 };
    }
    if (await approvedThisRound(this.deps.database.db, app, staff.id)) return { code: 'SAME_REVIEWER', message: SAME_REVIEWER_MESSAGE, status: 409 };
    return null;
  }

  private refuse(b: Blocked): never {
    throw new DomainError(b.code, b.message, b.status);
  }

  private reviewer(staff: StaffPrincipal, node?: ReviewNodeKey | null): void {
    if (staff.role !== 'reviewer' && staff.role !== 'admin') throw forbidden('STAFF_FORBIDDEN', STAFF_FORBIDDEN_MESSAGE);
    if (!mayReview(staff, node)) throw forbidden('NODE_NOT_ALLOWED', node ? `您无权办理${NODE_LABELS[node]}环节` : '您不是审核人员');
  }

  private async app(serialNo: string): Promise<ApplicationRow> {
    const app = await findBySerial(this.deps.database.db, serialNo);
    if (!app || app.status === 'draft') throw new DomainError('APPLICATION_NOT_FOUND', '未找到该业务申请', 404);
    return app;
  }

  async queue(staff: StaffPrincipal, f: QueueFilter) {
    this.reviewer(staff, f.node);
    const expiry = this.claimExpiry();
    const { rows, total } = await reviewQueue(
      this.deps.database.db,
      {
        ...f,
        nodes: staff.nodes,
        staffId: staff.id,
        limit: f.pageSize,
        offset: (f.page - 1) * f.pageSize,
      },
      expiry,
    );
    const names = await staffNames(
      this.deps.database.db,
      rows.flatMap((r) => (r.claimedBy ? [r.claimedBy] : [])),
    );
    const members = new Map(await Promise.all([...new Set(rows.map((r) => r.memberId))].map(async (id) => [id, await this.deps.core.getMember(id)] as const)));
    return {
      items: rows.map((r) => {
        const kind = this.deps.kinds.get(r.kind) ?? { code: '', name: r.kind, processName: r.kind };
        const live = r.claimedBy !== null && r.claimedAt! >= expiry;
        const m = members.get(r.memberId);
        return {
          serialNo: r.serialNo,
          kind: r.kind,
          code: kind.code,
          business: kind.name,
          processName: kind.processName,
          memberName: m?.name ?? '',
          memberIdNumberMasked: m?.idNumberMasked ?? '',
          amountFen: r.amountFen,
          info: r.info ?? '',
          channel: r.channel,
          channelLabel: CHANNEL_LABELS[r.channel],
          node: r.currentNode!,
          nodeLabel: NODE_LABELS[r.currentNode!],
          submittedAt: r.submittedAt?.toISOString() ?? null,
          waitingSeconds: Math.round((Date.now() - r.updatedAt.getTime()) / 1000),
          claimedBy: live ? { id: r.claimedBy!, name: names.get(r.claimedBy!) ?? '' } : null,
          claimedByMe: live && r.claimedBy === staff.id,
          overdue: isOverdue(this.overdue, r.currentNode!, r.updatedAt, Date.now()),
          overdueHours: this.overdue[r.currentNode!],
        };
      }),
      total,
      page: f.page,
      pageSize: f.pageSize,
      overdueHours: this.overdue[f.node ?? staff.nodes[0] ?? 'first'],
    };
  }

  /** The kinds a reviewer may filter the queue by, under their names (离退休提取 …). */
  kinds(staff: StaffPrincipal) {
    this.reviewer(staff);
    return { items: this.deps.kinds.list().map((k) => ({ value: k.key, label: k.name })) };
  }

  async detail(staff: StaffPrincipal, serialNo: string) {
    this.reviewer(staff);
    const app = await this.app(serialNo);
    const kind = this.deps.kinds.get(app.kind)!;
    const [view, member, account, loans, rules, names, previous] = await Promise.all([
      this.deps.workflow.view(app),
      this.deps.core.getMember(app.memberId),
      this.deps.core.getFundAccount(app.memberId),
      this.deps.core.listLoans(app.memberId),
      kind.eligibility({ memberId: app.memberId, today: this.deps.clock.today() }),
      staffNames(this.deps.database.db, app.claimedBy ? [app.claimedBy] : []),
      previousOfKind(this.deps.database.db, app),
    ]);
    const live = this.live(app);
    const blocked = await this.blocked(staff, app);
    const mine = live && app.claimedBy === staff.id;
    const next = app.currentNode ? kind.nodes[kind.nodes.indexOf(app.currentNode) + 1] : undefined;
    return {
      application: view,
      member: member && {
        name: member.name,
        idNumberMasked: member.idNumberMasked,
        phoneMasked: member.phoneMasked,
        status: member.status,
        statusSince: member.statusSince,
        employer: member.employer?.name ?? null,
        maritalStatus: member.maritalStatus,
      },
      account: account && {
        accountNo: account.accountNo,
        balanceFen: account.balanceFen,
        status: account.status,
        paidUpTo: account.paidUpTo,
        lastWithdrawalOn: account.lastWithdrawalOn,
        depositBaseFen: account.depositBaseFen,
        monthlyTotalFen: account.monthlyTotalFen,
      },
      loans: loans.map((l) => ({
        contractNo: l.contractNo,
        role: l.role,
        principalFen: l.principalFen,
        balanceFen: l.balanceFen,
        status: l.status,
        periodsPaid: l.periodsPaid,
        months: l.months,
      })),
      rulesNow: { allowed: rules.allowed, code: rules.code, reason: rules.reason, amountFen: rules.amountFen },
      formFields: formFields(kind, view.form),
      ruleCheck: ruleCheck(rules, app.amountFen),
      previous: previous.map((p) => ({
        serialNo: p.serialNo,
        submittedAt: p.submittedAt ? shanghaiIso(p.submittedAt) : null,
        amountFen: p.amountFen,
        statusLabel: STATUS_LABELS[p.status],
      })),
      claim: live
        ? { staffId: app.claimedBy!, name: names.get(app.claimedBy!) ?? '', byMe: app.claimedBy === staff.id, at: app.claimedAt!.toISOString() }
        : null,
      mayClaim: !blocked && !mine,
      mayDecide: !blocked && mine,
      /** Why the buttons are off: the server's refusal, or that the item must be claimed first. */
      blocked: blocked ? { code: blocked.code, message: blocked.message } : mine ? null : { code: 'CLAIM_REQUIRED', message: CLAIM_REQUIRED_MESSAGE },
      /** 通过 at this node leads to: the next node, or (last node) the payment. */
      afterApprove: next ? `进入${NODE_LABELS[next]}` : kind.group === 'withdrawal' ? '办结并向收款账户付款' : '办结',
    };
  }

  /**
   * An applicant's photo (ID cards, selfies): only for a reviewer at one of the nodes of this application's kind, or
   * an administrator; drafts are nobody's business yet. Every view is written to the staff audit.
   */
  async photo(staff: StaffPrincipal, serialNo: string, photoId: number) {
    if (staff.role !== 'reviewer' && staff.role !== 'admin') throw forbidden('STAFF_FORBIDDEN', STAFF_FORBIDDEN_MESSAGE);
    const app = await this.app(serialNo);
    const kind = this.deps.kinds.get(app.kind);
    if (staff.role !== 'admin' && !kind?.nodes.some((n) => staff.nodes.includes(n))) throw forbidden('STAFF_FORBIDDEN', STAFF_FORBIDDEN_MESSAGE);
    const photo = await this.deps.workflow.photo(null, serialNo, photoId);
    await auditStaff(this.deps.database.db, staff, 'review.photo-view', `application:${serialNo}`, { photoId, category: photo.category });
    return photo;
  }

  /** Two reviewers can never hold the same application: one conditional UPDATE decides who gets it. */
  async claim(staff: StaffPrincipal, serialNo: string) {
    const app = await this.app(serialNo);
    if (app.status !== 'in_review') throw conflict('NOT_IN_REVIEW', '该申请当前不在审批中');
    this.reviewer(staff, app.currentNode);
    const blocked = await this.blocked(staff, app);
    if (blocked && blocked.code !== 'CLAIMED_BY_OTHER') this.refuse(blocked); // a lapsing claim is settled by the UPDATE below
    const held = await claim(this.deps.database.db, serialNo, staff.id, staff.nodes, this.claimExpiry());
    if (!held) {
      const now = await this.app(serialNo);
      const names = await staffNames(this.deps.database.db, now.claimedBy ? [now.claimedBy] : []);
      throw conflict('CLAIMED_BY_OTHER', `该申请已由${names.get(now.claimedBy ?? 0) ?? '其他审核人员'}领取办理`);
    }
    await auditStaff(this.deps.database.db, staff, 'review.claim', `application:${serialNo}`, { node: app.currentNode });
    return {
      serialNo,
      claimedBy: { id: staff.id, name: staff.name },
      claimedAt: held.claimedAt!.toISOString(),
      expiresAt: new Date(held.claimedAt!.getTime() + CLAIM_MINUTES * 60_000).toISOString(),
    };
  }

  async release(staff: StaffPrincipal, serialNo: string) {
    this.reviewer(staff);
    if (!(await release(this.deps.database.db, serialNo, staff.id))) throw conflict('NOT_CLAIMED_BY_YOU', '该申请不在您的办理中');
    await auditStaff(this.deps.database.db, staff, 'review.release', `application:${serialNo}`);
    return { message: '已放回待审队列' };
  }

  /**
   * `node`: the node the reviewer decided on (the console sends the one it shows). A retry of a decision that
   * committed while its answer was lost (a broken connection, a timeout) finds the application moved on because of
   * it, and answers as the first did, with the application (decisions are idempotent by application + node +
   * decision). Without `node` nothing is taken for a retry: a reviewer allowed at every node who approves again at
   * the next one is refused (four eyes: SAME_REVIEWER), one who approves a paid application is told it is done.
   */
  async decide(staff: StaffPrincipal, serialNo: string, action: 'approve' | 'return' | 'reject', opinion: string | undefined, node?: ReviewNodeKey) {
    try {
      return await this.decideOnce(staff, serialNo, action, opinion);
    } catch (err) {
      if (!(err instanceof DomainError) || (err.status !== 409 && err.status !== 403)) throw err; // moved on: another node, another state
      if (!node) throw err;
      const app = await this.app(serialNo);
      const actor = { kind: 'staff' as const, id: staff.id, name: staff.name };
      if (!(await decidedThisRound(this.deps.database.db, app.id, actor, action, node))) throw err;
      return this.deps.workflow.view(app);
    }
  }

  private async decideOnce(staff: StaffPrincipal, serialNo: string, action: 'approve' | 'return' | 'reject', opinion: string | undefined) {
    const app = await this.app(serialNo);
    if (app.status !== 'in_review') throw conflict('NOT_IN_REVIEW', '该申请当前不在审批中');
    this.reviewer(staff, app.currentNode);
    const blocked = await this.blocked(staff, app);
    if (blocked) this.refuse(blocked);
    // Issue 20: nothing is decided (and no money paid) by a click on an item nobody took: claim first.
    if (!this.live(app)) throw conflict('CLAIM_REQUIRED', CLAIM_REQUIRED_MESSAGE);
    const text = (opinion ?? '').trim();
    if (action !== 'approve' && !text) throw new DomainError('OPINION_REQUIRED', action === 'return' ? '请填写退回原因' : '请填写不予通过的原因', 400);
    const decided = await decide(this.deps, {
      serialNo,
      action,
      opinion: text,
      actor: { kind: 'staff', id: staff.id, name: staff.name },
      claimExpiry: this.claimExpiry(),
      record: (tx, done) => auditStaff(tx, staff, `review.${action}`, `application:${serialNo}`, { node: app.currentNode, opinion: text, status: done.status }),
    });
    return this.deps.workflow.view(decided);
  }
}
