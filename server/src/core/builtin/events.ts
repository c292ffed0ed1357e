/**
 * The built-in core's event feed (core/protocol.ts listEvents) on core_events (migration 0057): what happened at the
 * core, each event once by its eventId, read by a cursor.
 */
import type { Tx } from './gateway.js';
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { pgErrorCode } from '../../db/errors.js';
import { shanghaiIso } from '../../shared/dates.js';
import { DomainError } from '../../shared/errors.js';
import type { CoreChannel, CoreEvent, EventPage } from '../protocol.js';

type WithoutIdentity<E> = E extends CoreEvent
  ? Omit<E, 'id' | 'eventId' | 'occurredAt' | 'channel'> & { eventId?: string; occurredAt?: string; channel?: CoreChannel }
  : never;
/** An event to record: its eventId is made unless given, occurredAt is now and the channel 柜台 unless given. */
export type NewCoreEvent = WithoutIdentity<CoreEvent>;

const EVENT_PAGE_MAX = 500;

interface EventRow {
  id: number;
  eventId: string;
  type: CoreEvent['type'];
  memberId: number;
  occurredAt: string;
  channel: CoreChannel;
  data: CoreEvent['data'];
}

const COLUMNS = sql.raw(`id, event_id AS "eventId", type, member_id AS "memberId",
  to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') AS "occurredAt", channel, data`);

type Executor = Pick<Tx, 'execute'>;

async function rows(on: Executor, query: SQL): Promise<EventRow[]> {
  // PGlite's and node-postgres' results both carry rows.
  return ((await on.execute(query)) as unknown as { rows: EventRow[] }).rows.map((r) => ({ ...r, id: Number(r.id), memberId: Number(r.memberId) }));
}

const toEvent = (r: EventRow) => ({ ...r }) as CoreEvent;

export class CoreEventLog {
  constructor(private readonly database: Database) {}

  /**
   * Records an event, inside the caller's transaction when one is given; a repeat of an eventId already recorded
   * keeps the first and answers it.
   */
  async record(e: NewCoreEvent, tx?: Tx): Promise<CoreEvent> {
    const on: Executor = tx ?? this.database.db;
    const eventId = e.eventId ?? `${e.type}-${randomUUID()}`;
    const occurredAt = e.occurredAt ?? shanghaiIso(new Date());
    try {
      const [made] = await rows(
        on,
        sql`INSERT INTO core_events (event_id, type, member_id, occurred_at, channel, data)
            VALUES (${eventId}, ${e.type}, ${e.memberId}, ${occurredAt}::timestamptz, ${e.channel ?? 'counter'}, ${JSON.stringify(e.data)}::jsonb)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING ${COLUMNS}`,
      );
      if (made) return toEvent(made);
    } catch (err) {
      if (pgErrorCode(err) === '23503') throw new DomainError('MEMBER_NOT_FOUND', '未找到缴存职工信息', 404);
      throw err;
    }
    const [kept] = await rows(on, sql`SELECT ${COLUMNS} FROM core_events WHERE event_id = ${eventId}`);
    return toEvent(kept!);
  }

  /** Events recorded after the cursor, oldest first; `next` is the last one's id (or `after` without any). */
  async list(after: number, limit: number): Promise<EventPage> {
    if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1) {
      throw new DomainError('INVALID_CURSOR', '事件游标或条数有误', 400);
    }
    const found = await rows(
      this.database.db,
      sql`SELECT ${COLUMNS} FROM core_events WHERE id > ${after} ORDER BY id LIMIT ${Math.min(limit, EVENT_PAGE_MAX)}`,
    );
    return { events: found.map(toEvent), next: found.at(-1)?.id ?? after };
  }
}
