/**
 * J2 / D2 按月抵扣: takes each due instalment of a signed loan from the signers' fund accounts (borrower, spouse,
 * co-borrower in that order), the shortfall left to the bank card. The work is loanbusiness/monthly-offset.ts's
 * runMonthlyOffset; loan-jobs.ts runs it on LOAN_JOB_MONTHLY_OFFSET_CRON under the jobs' advisory lock.
 */
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import { runMonthlyOffset, type OffsetRunResult } from '../loanbusiness/monthly-offset.js';
import type { PushNotice } from '../notifications/service.js';
import type { Clock } from '../shared/clock.js';
import type { IsoDate } from '../shared/dates.js';
import type { Logger } from '../shared/logger.js';

interface OffsetJobDeps {
  database: Database;
  core: CoreGateway;
  push?: PushNotice | undefined;
  logger: Logger;
  clock: Clock;
}

export function monthlyOffsetJob(deps: OffsetJobDeps) {
  /** Run once for `today` (default: the Asia/Shanghai day); a period already paid is never taken again. */
  return async (today: IsoDate = deps.clock.today()): Promise<OffsetRunResult> => runMonthlyOffset(deps, today);
}
