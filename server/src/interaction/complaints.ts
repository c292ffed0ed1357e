/**
 * G2 投诉建议 (000 三(三) 互动交流): a member writes a complaint, suggestion or consultation and follows it by its
 * ticket; the center's service agents claim it and reply. The reply reaches the member as a notification (E3) and a
 * WeChat notice through the outbox, written in the reply's own transaction.
 */
import type { Db } from '../db/client.js';
import type { ComplaintKind, ComplaintStatus } from './tables.js';
import { notify } from '../notifications/service.js';
import type { StaffPrincipal } from '../staff/auth.js';
import { shanghaiIso } from '../shared/dates.js';
import { conflict, notFound } from '../shared/errors.js';
import { maskName, maskPhone } from '../shared/mask.js';
import { limitOffset, type PageOf, type PageRequest } from '../content/paging.js';
import { SCENE } from './content-check.js';
import { DEFAULT_DEPARTMENT, InteractionService, secCheckFields } from './deps.js';
import { COMPLAINT_KINDS, COMPLAINT_STATUSES } from './schema.js';
import { auditStaff, requireRole } from './staff-audit.js';
import * as store from './store.js';

interface ComplaintInput {
  kind: ComplaintKind;
  title: string;
  content: string;
  contactPhone?: string | undefined;
}

const notFoundTicket = () => notFound('NOT_FOUND', '工单不存在');

function complaintView(r: store.ComplaintRow) {
  return {
    id: r.id,
    ticketNo: r.ticketNo,
    kind: r.kind,
    kindLabel: COMPLAINT_KINDS[r.kind],
    title: r.title,
    content: r.content,
    contactPhoneMasked: r.contactPhoneMasked,
    status: r.status,
    statusLabel: COMPLAINT_STATUSES[r.status],
    createdAt: shanghaiIso(r.createdAt),
    reply: r.reply === null ? null : { content: r.reply, repliedAt: shanghaiIso(r.repliedAt!), department: r.replyDepartment ?? DEFAULT_DEPARTMENT },
  };
}

function staffView(w: store.ComplaintWithNames) {
  return {
    ...complaintView(w.row),
    memberNameMasked: maskName(w.memberName),
    claimedBy: w.claimedByName,
    repliedBy: w.repliedByName,
    ...secCheckFields(w.row.secCheck),
  };
}

export class Complaints extends InteractionService {
  // ---- member ----

  async submit(memberId: number, input: ComplaintInput) {
    const secCheck = await this.deps.check.check(memberId, { title: input.title, content: input.content }, SCENE.complaint);
    const phone = input.contactPhone;
    const row = await store.insertComplaint(this.db, this.deps.clock.today(), {
      memberId,
      kind: input.kind,
      title: input.title,
      content: input.content,
      secCheck,
      contactPhoneEnc: phone ? this.deps.cipher.encrypt(phone) : null,
      contactPhoneMasked: phone ? maskPhone(phone) : null,
    });
    return complaintView(row);
  }

  async list(memberId: number, p: PageRequest): Promise<PageOf<ReturnType<typeof complaintView>>> {
    const { rows, total } = await store.listComplaintsOfMember(this.db, memberId, limitOffset(p));
    return { items: rows.map(complaintView), total, page: p.page, pageSize: p.pageSize };
  }

  /** Another member's ticket is simply not found: its existence is not revealed. */
  async get(memberId: number, id: number) {
    const row = await store.findComplaintOfMember(this.db, memberId, id);
    if (!row) throw notFoundTicket();
    return complaintView(row);
  }

  // ---- staff ----

  async staffList(staff: StaffPrincipal, q: PageRequest & { status?: ComplaintStatus | undefined; kind?: ComplaintKind | undefined }) {
    requireRole(staff);
    const { rows, total } = await store.listComplaints(this.db, q, limitOffset(q));
    return { items: rows.map(staffView), total, page: q.page, pageSize: q.pageSize };
  }

  async staffGet(staff: StaffPrincipal, id: number) {
    requireRole(staff);
    const found = await store.findComplaint(this.db, id);
    if (!found) throw notFoundTicket();
    return staffView(found);
  }

  /** 领取办理: one agent at a time; claiming one's own ticket again changes nothing. */
  async claim(staff: StaffPrincipal, id: number) {
    requireRole(staff);
    await this.db.transaction(async (tx) => {
      const row = await this.open(tx, staff, id);
      if (row.status === 'processing') return;
      await store.updateComplaint(tx, id, { status: 'processing', claimedBy: staff.id, claimedAt: this.deps.clock.now() });
      await auditStaff(tx, staff, 'complaint.claim', `complaint:${row.ticketNo}`);
    });
    return this.staffGet(staff, id);
  }

  async reply(staff: StaffPrincipal, id: number, body: { content: string; department?: string | undefined }) {
    requireRole(staff);
    await this.db.transaction(async (tx) => {
      const row = await this.open(tx, staff, id);
      const at = this.deps.clock.now();
      const department = body.department ?? DEFAULT_DEPARTMENT;
      await store.updateComplaint(tx, id, {
        status: 'replied',
        reply: body.content,
        replyDepartment: department,
        repliedBy: staff.id,
        repliedAt: at,
        claimedBy: row.claimedBy ?? staff.id,
        claimedAt: row.claimedAt ?? at,
      });
      const kindLabel = COMPLAINT_KINDS[row.kind];
      await notify(tx, this.deps.push, {
        memberId: row.memberId,
        business: '投诉建议',
        channel: '小程序',
        content: `您的${kindLabel}“${row.title}”（工单号${row.ticketNo}）已答复：${body.content}（${department}）`,
        notice: { kind: 'question_reply', questionId: String(row.id), question: row.title, reply: body.content, at },
      });
      await auditStaff(tx, staff, 'complaint.reply', `complaint:${row.ticketNo}`, { department, length: body.content.length });
    });
    return this.staffGet(staff, id);
  }

  /** The ticket locked, still open, and not held by another agent (an administrator may step in). */
  private async open(tx: Db, staff: StaffPrincipal, id: number): Promise<store.ComplaintRow> {
    const row = await store.lockComplaint(tx, id);
    if (!row) throw notFoundTicket();
    if (row.status === 'replied' || row.status === 'closed') throw conflict('COMPLAINT_CLOSED', `该工单${COMPLAINT_STATUSES[row.status]}，不能再办理`);
    if (row.status === 'processing' && row.claimedBy !== staff.id && staff.role !== 'admin') {
      const holder = await store.staffName(tx, row.claimedBy!);
      throw conflict('CLAIMED_BY_OTHER', `该工单已由${holder ?? '其他工作人员'}领取办理`);
    }
    return row;
  }
}
