/**
 * 首页 as a desk (issue 20 point 6): what each role has to do now. A reviewer: the items they hold, what waits at
 * their nodes (and how much of it is overdue), what went back to members for correction; an editor: broadcasts
 * still sending and notices that failed in the last seven days; everyone: today's figures. Counts only, one query each.
 */
import type { Database } from '../db/client.js';
import type { StaffPrincipal } from '../staff/auth.js';
import type { Clock } from '../workflow/index.js';
import { NODE_LABELS } from '../workflow/index.js';
import { CLAIM_MINUTES } from '../review/service.js';
import { overdueLimits, type OverdueLimits } from '../review/overdue.js';
import { addDays, dayStart } from '../shared/dates.js';
import { ROLE_PERMISSIONS } from '../staff/roles.js';
import type { z } from 'zod';
import type { deskResponse } from './schema.js';

const FAILED = `status IN ('failed', 'blocked', 'delivery_failed', 'not_following', 'declined')`;

export async function desk(database: Database, clock: Clock, staff: StaffPrincipal, overdue: OverdueLimits = overdueLimits()) {
  const can = ROLE_PERMISSIONS[staff.role];
  const today = clock.today();
  const since = dayStart(today);
  const [figures] = await database.query<{ submitted: number; decided: number; paid: number }>(
    `SELECT count(*) FILTER (WHERE submitted_at >= $1)::int AS submitted, count(*) FILTER (WHERE decided_at >= $1)::int AS decided,
            count(*) FILTER (WHERE status = 'paid' AND closed_at >= $1)::int AS paid
       FROM applications WHERE submitted_at >= $1 OR decided_at >= $1 OR closed_at >= $1`,
    [since],
  );
  const out: z.input<typeof deskResponse> = { today, figures: figures ?? { submitted: 0, decided: 0, paid: 0 } };
  if (can.includes('review') && staff.nodes.length) {
    // Claims and waiting times are timeouts against database stamps: the real clock, as in review/service.ts.
    const claimExpiry = new Date(Date.now() - CLAIM_MINUTES * 60_000);
    const overdueBefore = staff.nodes.map((n) => new Date(Date.now() - overdue[n] * 3600_000));
    const [mine, waiting, returned] = await Promise.all([
      database.query<{ serial_no: string; kind: string; amount_fen: number | null; current_node: string }>(
        `SELECT serial_no, kind, amount_fen, current_node FROM applications
          WHERE status = 'in_review' AND claimed_by = $1 AND claimed_at >= $2 ORDER BY claimed_at`,
        [staff.id, claimExpiry],
      ),
      database.query<{ node: string; count: number; overdue: number; unclaimed: number }>(
        `SELECT current_node AS node, count(*)::int AS count, count(*) FILTER (WHERE updated_at < ($2::timestamptz[])[array_position($1::text[], current_node)])::int AS overdue,
                count(*) FILTER (WHERE claimed_by IS NULL OR claimed_at < $3)::int AS unclaimed
           FROM applications WHERE status = 'in_review' AND current_node = ANY($1) GROUP BY current_node`,
        [staff.nodes, overdueBefore, claimExpiry],
      ),
      database.query<{ count: number }>(`SELECT count(*)::int AS count FROM applications WHERE status = 'returned'`),
    ]);
    out.review = {
      mine: mine.map((r) => ({
        serialNo: r.serial_no,
        kind: r.kind,
        amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
        nodeLabel: NODE_LABELS[r.current_node as keyof typeof NODE_LABELS],
      })),
      waiting: staff.nodes.map((n) => {
        const w = waiting.find((r) => r.node === n);
        return {
          node: n,
          label: NODE_LABELS[n],
          count: Number(w?.count ?? 0),
          overdue: Number(w?.overdue ?? 0),
          overdueHours: overdue[n],
          unclaimed: Number(w?.unclaimed ?? 0),
        };
      }),
      returned: Number(returned[0]?.count ?? 0),
    };
  }
  if (can.includes('broadcasts')) {
    const [sending, failed] = await Promise.all([
      database.query<{ count: number }>(`SELECT count(*)::int AS count FROM broadcasts WHERE status <> 'done'`),
      database.query<{ count: number }>(`SELECT count(*)::int AS count FROM wechat_outbox WHERE ${FAILED} AND created_at >= $1`, [
        dayStart(addDays(today, -6)),
      ]),
    ]);
    out.pushes = { broadcastsSending: Number(sending[0]?.count ?? 0), failedLast7Days: Number(failed[0]?.count ?? 0) };
  }
  if (can.includes('complaints')) {
    const [open] = await database.query<{ waiting: number; processing: number }>(
      `SELECT count(*) FILTER (WHERE status = 'submitted')::int AS waiting, count(*) FILTER (WHERE status = 'processing')::int AS processing FROM complaints`,
    );
    out.complaints = { waiting: Number(open?.waiting ?? 0), processing: Number(open?.processing ?? 0) };
  }
  return out;
}
