/**
 * A member's business that an external core does at once, while the member waits (issue 17): D5 还款银行账户变更
 * (./repayment-account.ts) and D2 按月抵扣's signing, cancelling and consent (./offset-at-core.ts). Unlike an
 * application's payout (workflow/core-submissions.ts: queued, sent again until the core answers) the request is asked
 * and waited for here: A9 is checked first and not used up (`checkConfirmation`), the request goes under a serial number
 * kept for what makes it (`keptSerial`: a retry of the same request sends the same serial and the core executes it
 * once), and the answer is waited for (`doneAtCore`). Down or slow: 503 CORE_UNAVAILABLE and nothing recorded; refused:
 * 409 CORE_REFUSED with the core's reason. The caller records its copy, uses up A9 and tells the people concerned only
 * after the core's done.
 */
import { CORE_UNAVAILABLE_MESSAGE, type BusinessRequest, type BusinessResult, type CoreBusiness } from '../core/protocol.js';
import type { Database, Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';
import { nextSerialNo } from '../workflow/store.js';
import type { ConsumeConfirmation } from '../workflow/service.js';

const STATUS_POLLS = 3;
const STATUS_POLL_MS = 500;
class CheckOnly extends Error {}

/** A9 checked as it will be used, and left unused (a core that is down leaves it for the retry). */
export async function checkConfirmation(database: Database, confirm: ConsumeConfirmation, c: Parameters<ConsumeConfirmation>[1]): Promise<void> {
  await database.db
    .transaction(async (tx) => {
      await confirm(tx, c);
      throw new CheckOnly();
    })
    .catch((err: unknown) => {
      if (!(err instanceof CheckOnly)) throw err;
    });
}

/**
 * The serial number of a request, made once, as applications' are, and the same on every retry: `find` reads what is
 * kept for the request (undefined before the first attempt), `keep` stores a new serial for it (ON CONFLICT DO NOTHING:
 * two attempts at once keep one) and `find` then reads the one kept.
 */
export async function keptSerial<T>(
  database: Database,
  clock: Clock,
  find: (db: Db) => Promise<T | undefined>,
  keep: (tx: Db, serial: string) => Promise<unknown>,
): Promise<T> {
  const known = await find(database.db);
  if (known !== undefined) return known;
  return database.db.transaction(async (tx) => {
    await keep(tx, await nextSerialNo(tx, clock.today()));
    return (await find(tx))!;
  });
}

/** Sends the request and waits for the core's done; throws 503 CORE_UNAVAILABLE or 409 CORE_REFUSED otherwise. */
export async function doneAtCore(core: CoreBusiness, request: BusinessRequest): Promise<BusinessResult> {
  let result = await core.submitBusiness(request);
  for (let i = 0; result.status === 'accepted' && i < STATUS_POLLS; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
    result = (await core.businessStatus(request.serial)) ?? result;
  }
  // Not finished in time: as a core that did not answer; the retry (same A9, same serial) asks again.
  if (result.status === 'accepted') throw new DomainError('CORE_UNAVAILABLE', CORE_UNAVAILABLE_MESSAGE, 503);
  if (result.status === 'refused') throw new DomainError('CORE_REFUSED', result.reason ?? '核心业务系统未能办理该业务', 409, { coreCode: result.code ?? null });
  return result;
}
