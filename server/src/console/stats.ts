/**
 * I5 statistics for a range of Shanghai days: applications by day, kind and state; the average time from submit to
 * decision by kind; pushes sent and failed (outbox rows); members active per day (a login or a request that day).
 */
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { addDays, dayStart, nextDayStart, type IsoDate } from '../shared/dates.js';
import { DomainError } from '../shared/errors.js';

export const statsQuery = z.object({
  from: z.iso.date().optional().describe('起始日 YYYY-MM-DD（含），默认 to 之前 29 天'),
  to: z.iso.date().optional().describe('截止日 YYYY-MM-DD（含），默认今天'),
});

const DAY = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
const SENT = `status IN ('sent', 'delivered')`;
const FAILED = `status IN ('failed', 'blocked', 'delivery_failed', 'not_following', 'declined')`;

export async function statistics(
  database: Database,
  q: z.infer<typeof statsQuery>,
  labels: { kind(k: string): string; state(s: string): string },
  today: IsoDate,
) {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw new DomainError('VALIDATION_FAILED', '起始日不能晚于截止日', 400);
  if (from < addDays(to, -366)) throw new DomainError('VALIDATION_FAILED', '统计范围不能超过一年', 400);
  const range = [dayStart(from), nextDayStart(to)];
  const [apps, review, pushes, active] = await Promise.all([
    database.query<{ day: string; kind: string; state: string; count: number }>(
      `SELECT ${DAY('submitted_at')} AS day, kind, status AS state, count(*)::int AS count FROM applications
       WHERE submitted_at >= $1 AND submitted_at < $2 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      range,
    ),
    database.query<{ kind: string; minutes: number; decided: number }>(
      `SELECT kind, round(avg(extract(epoch FROM decided_at - submitted_at)) / 60)::int AS minutes, count(*)::int AS decided FROM applications
       WHERE decided_at >= $1 AND decided_at < $2 AND submitted_at IS NOT NULL GROUP BY kind ORDER BY kind`,
      range,
    ),
    database.query<{ day: string; sent: number; failed: number; maybe_sent: number }>(
      `SELECT ${DAY('created_at')} AS day, count(*) FILTER (WHERE ${SENT})::int AS sent, count(*) FILTER (WHERE ${FAILED})::int AS failed,
              count(*) FILTER (WHERE status = 'maybe_sent')::int AS maybe_sent
       FROM wechat_outbox WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1`,
      range,
    ),
    database.query<{ day: string; count: number }>(
      `SELECT day, count(DISTINCT member_id)::int AS count FROM (
         SELECT member_id, ${DAY('created_at')} AS day FROM member_sessions WHERE created_at >= $1 AND created_at < $2
         UNION ALL
         SELECT member_id, ${DAY('last_seen_at')} AS day FROM member_sessions WHERE last_seen_at >= $1 AND last_seen_at < $2
       ) s GROUP BY day ORDER BY day`,
      range,
    ),
  ]);
  return {
    from,
    to,
    applicationsByDay: apps.map((r) => ({
      day: r.day,
      kind: r.kind,
      kindLabel: labels.kind(r.kind),
      state: r.state,
      stateLabel: labels.state(r.state),
      count: Number(r.count),
    })),
    averageReviewMinutes: review.map((r) => ({ kind: r.kind, kindLabel: labels.kind(r.kind), minutes: Number(r.minutes), decided: Number(r.decided) })),
    pushes: {
      sent: pushes.reduce((n, r) => n + Number(r.sent), 0),
      failed: pushes.reduce((n, r) => n + Number(r.failed), 0),
      /** Sends whose outcome a crash left unknown, not repeated (issue 14): the member may or may not have it. */
      maybeSent: pushes.reduce((n, r) => n + Number(r.maybe_sent), 0),
      byDay: pushes.map((r) => ({ day: r.day, sent: Number(r.sent), failed: Number(r.failed) })),
    },
    activeMembers: active.map((r) => ({ day: r.day, count: Number(r.count) })),
  };
}
