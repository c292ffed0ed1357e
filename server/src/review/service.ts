/**
 * I1 审批 as an API for the center's staff: the queue of a reviewer's nodes with filters, one application at a glance
 * (form, photos, the member's account and loans, the history, the rules as they stand now), claiming, and the
 * decisions — approve, return with a reason, reject — each recorded with handler, opinion and time.
 */
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import type { ReviewNodeKey } from '../db/schema.js';
import { DomainError, conflict, forbidden } from '../shared/errors.js';
import {
  CHANNEL_LABELS, NODE_LABELS, claim, decide, decidedThisRound, findBySerial, release, reviewQueue, type ApplicationRow, type EngineDeps, type QueueQuery, type Workflow,
} from '../workflow/index.js';
import { mayReview, type StaffPrincipal } from './staff.js';
import { staffNames } from './store.js';
import { auditStaff } from '../console/audit.js';
import { STAFF_FORBIDDEN_MESSAGE } from '../console/roles.js';

/** A claim lapses after half an hour without a decision, so an item is never stuck with someone who left. */
export const CLAIM_MINUTES = 30;

const claimExpiry = () => new Date(Date.now() - CLAIM_MINUTES * 60_000);

export type QueueFilter = Omit<QueueQuery, 'nodes' | 'staffId' | 'limit' | 'offset'> & { page: number; pageSize: number };

export class Review {
  constructor(private readonly deps: EngineDeps & { database: Database; core: CoreGateway; workflow: Workflow }) {}

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
    const expiry = claimExpiry();
    const { rows, total } = await reviewQueue(this.deps.database.db, {
      ...f, nodes: staff.nodes, staffId: staff.id, limit: f.pageSize, offset: (f.page - 1) * f.pageSize,
    }, expiry);
    const names = await staffNames(this.deps.database.db, rows.flatMap((r) => (r.claimedBy ? [r.claimedBy] : [])));
    const members = new Map(await Promise.all([...new Set(rows.map((r) => r.memberId))].map(async (id) => [id, await this.deps.core.getMember(id)] as const)));
    return {
      items: rows.map((r) => {
        const kind = this.deps.kinds.get(r.kind) ?? { code: '', name: r.kind, processName: r.kind };
        const live = r.claimedBy !== null && r.claimedAt! >= expiry;
        const m = members.get(r.memberId);
        return {
          serialNo: r.serialNo, kind: r.kind, code: kind.code, business: kind.name, processName: kind.processName,
          memberName: m?.name ?? '', memberIdNumberMasked: m?.idNumberMasked ?? '', amountFen: r.amountFen, info: r.info ?? '',
          channel: r.channel, channelLabel: CHANNEL_LABELS[r.channel], node: r.currentNode!, nodeLabel: NODE_LABELS[r.currentNode!],
          submittedAt: r.submittedAt?.toISOString() ?? null, waitingSeconds: Math.round((Date.now() - (r.updatedAt.getTime())) / 1000),
          claimedBy: live ? { id: r.claimedBy!, name: names.get(r.claimedBy!) ?? '' } : null, claimedByMe: live && r.claimedBy === staff.id,
        };
      }),
      total, page: f.page, pageSize: f.pageSize,
    };
  }

  async detail(staff: StaffPrincipal, serialNo: string) {
    this.reviewer(staff);
    const app = await this.app(serialNo);
    const kind = this.deps.kinds.get(app.kind)!;
    const [view, member, account, loans, rules, names] = await Promise.all([
      this.deps.workflow.view(app), this.deps.core.getMember(app.memberId), this.deps.core.getFundAccount(app.memberId),
      this.deps.core.listLoans(app.memberId), kind.eligibility({ memberId: app.memberId, today: this.deps.clock.today() }),
      staffNames(this.deps.database.db, app.claimedBy ? [app.claimedBy] : []),
    ]);
    const live = app.claimedBy !== null && app.claimedAt! >= claimExpiry();
    return {
      application: view,
      member: member && {
        name: member.name, idNumberMasked: member.idNumberMasked, phoneMasked: member.phoneMasked, status: member.status, statusSince: member.statusSince,
        employer: member.employer?.name ?? null, maritalStatus: member.maritalStatus,
      },
      account: account && {
        accountNo: account.accountNo, balanceFen: account.balanceFen, status: account.status, paidUpTo: account.paidUpTo,
        lastWithdrawalOn: account.lastWithdrawalOn, depositBaseFen: account.depositBaseFen, monthlyTotalFen: account.monthlyTotalFen,
      },
      loans: loans.map((l) => ({ contractNo: l.contractNo, role: l.role, principalFen: l.principalFen, balanceFen: l.balanceFen, status: l.status, periodsPaid: l.periodsPaid, months: l.months })),
      rulesNow: { allowed: rules.allowed, code: rules.code, reason: rules.reason, amountFen: rules.amountFen },
      claim: live ? { staffId: app.claimedBy!, name: names.get(app.claimedBy!) ?? '', byMe: app.claimedBy === staff.id, at: app.claimedAt!.toISOString() } : null,
      mayDecide: app.status === 'in_review' && mayReview(staff, app.currentNode) && (!live || app.claimedBy === staff.id),
    };
  }

  /** Two reviewers can never hold the same application: one conditional UPDATE decides who gets it. */
  async claim(staff: StaffPrincipal, serialNo: string) {
    const app = await this.app(serialNo);
    if (app.status !== 'in_review') throw conflict('NOT_IN_REVIEW', '该申请当前不在审批中');
    this.reviewer(staff, app.currentNode);
    const held = await claim(this.deps.database.db, serialNo, staff.id, staff.nodes, claimExpiry());
    if (!held) {
      const now = await this.app(serialNo);
      const names = await staffNames(this.deps.database.db, now.claimedBy ? [now.claimedBy] : []);
      throw conflict('CLAIMED_BY_OTHER', `该申请已由${names.get(now.claimedBy ?? 0) ?? '其他审核人员'}领取办理`);
    }
    await auditStaff(this.deps.database.db, staff, 'review.claim', `application:${serialNo}`, { node: app.currentNode });
    return { serialNo, claimedBy: { id: staff.id, name: staff.name }, claimedAt: held.claimedAt!.toISOString(), expiresAt: new Date(held.claimedAt!.getTime() + CLAIM_MINUTES * 60_000).toISOString() };
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
    const text = (opinion ?? '').trim();
    if (action !== 'approve' && !text) throw new DomainError('OPINION_REQUIRED', action === 'return' ? '请填写退回原因' : '请填写不予通过的原因', 400);
    const decided = await decide(this.deps, {
      serialNo, action, opinion: text, actor: { kind: 'staff', id: staff.id, name: staff.name }, claimExpiry: claimExpiry(),
      record: (tx, done) => auditStaff(tx, staff, `review.${action}`, `application:${serialNo}`, { node: app.currentNode, opinion: text, status: done.status }),
    });
    return this.deps.workflow.view(decided);
  }
}
