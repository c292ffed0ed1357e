/** E1 业务进度 across channels and E2 我的业务 (待办事项 / 我发起的) of a member. */
import type { Database } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import type { ApplicationKind, KindRegistry } from './kinds.js';
import * as store from './store.js';
import { initiatedRow, otherChannelRow, progressRow, todoRow } from './views.js';

interface PageQuery {
  page: number;
  pageSize: number;
}

/**
 * A kind this instance does not know (an older instance during a rolling deploy, a kind withdrawn from the catalog):
 * the member's lists still show the row under a neutral name rather than failing as a whole.
 */
function kindFor(kinds: KindRegistry, key: string): ApplicationKind {
  return (
    kinds.get(key) ??
    ({
      key,
      code: '',
      group: 'withdrawal',
      name: '业务申请',
      processName: '业务申请',
      businessType: '业务',
      nodes: ['first'],
      photos: [],
    } as unknown as ApplicationKind)
  );
}

/** A business the member did in another channel, as the core reported it (corefeed/): a row of E1 beside the applications. */
export interface OtherChannelBusiness {
  serialNo: string;
  business: string;
  channel: 'mini-program' | 'official-account' | 'app' | 'web-hall' | 'counter' | 'hotline';
  step: string;
  done: boolean;
  result: string | null;
  startedAt: Date;
}
export type OtherChannels = (memberId: number, limit: number) => Promise<{ rows: OtherChannelBusiness[]; total: number }>;

export class MemberBusiness {
  constructor(
    private readonly database: Database,
    private readonly kinds: KindRegistry,
    private readonly clock: Clock,
    /** An external core's business of other channels (issue 17); absent with the built-in core. */
    private readonly otherChannels?: OtherChannels,
  ) {}

  private async page(memberId: number, q: PageQuery, filter: Omit<store.MemberListQuery, 'limit' | 'offset'>) {
    return store.listByMember(this.database.db, memberId, { ...filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  }

  /** 000 (九) 业务进度查询: every application the member submitted, by any channel, newest first. */
  async progress(memberId: number, q: PageQuery) {
    if (!this.otherChannels) {
      const { rows, total } = await this.page(memberId, q, { excludeDrafts: true });
      return { items: rows.map((a) => progressRow(a, kindFor(this.kinds, a.kind))), total, page: q.page, pageSize: q.pageSize };
    }
    // Both lists newest first: the first page × size of each, merged, hold the page asked for.
    const upTo = q.page * q.pageSize;
    const [mine, others] = await Promise.all([
      store.listByMember(this.database.db, memberId, { excludeDrafts: true, limit: upTo, offset: 0 }),
      this.otherChannels(memberId, upTo),
    ]);
    const merged = [
      ...mine.rows.map((a) => ({ at: (a.submittedAt ?? a.createdAt).getTime(), row: progressRow(a, kindFor(this.kinds, a.kind)) })),
      ...others.rows.map((b) => ({ at: b.startedAt.getTime(), row: otherChannelRow(b) })),
    ].sort((x, y) => y.at - x.at);
    return { items: merged.slice(upTo - q.pageSize, upTo).map((m) => m.row), total: mine.total + others.total, page: q.page, pageSize: q.pageSize };
  }

  /** 003 5.2.2 待办事项: returned by the center — see the reason, modify and re-upload, or end the flow. */
  async todo(memberId: number, q: PageQuery) {
    const { rows, total } = await this.page(memberId, q, { statuses: ['returned'] });
    const events = await store.listEvents(
      this.database.db,
      rows.map((a) => a.id),
    );
    return {
      items: rows.map((a) =>
        todoRow(
          a,
          kindFor(this.kinds, a.kind),
          events.filter((e) => e.applicationId === a.id),
        ),
      ),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** 004 2.2 我发起的: with 是否完成, 流程耗时 and the nodes (节点名称 / 办理人 / 审批意见 / 办理时间). */
  async initiated(memberId: number, q: PageQuery) {
    const { rows, total } = await this.page(memberId, q, { excludeDrafts: true });
    const events = await store.listEvents(
      this.database.db,
      rows.map((a) => a.id),
    );
    return {
      items: rows.map((a) =>
        initiatedRow(
          a,
          kindFor(this.kinds, a.kind),
          events.filter((e) => e.applicationId === a.id),
          this.clock.now(),
        ),
      ),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
