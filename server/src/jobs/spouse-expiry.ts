/** J2, C12 (001 2.3): applications whose spouse did not answer within 48 hours expire; the borrower is told. */
import type { Logger } from '../shared/logger.js';
import type { SpouseConfirmations } from '../spouse/service.js';

export function spouseExpiryJob(spouse: Pick<SpouseConfirmations, 'expireOverdue'>, logger: Logger) {
  /** Run once (tests pass `now` to move time). Returns how many applications expired. */
  return async (now?: Date): Promise<number> => {
    const expired = await spouse.expireOverdue(now);
    if (expired) logger.info({ expired }, 'spouse confirmations expired');
    return expired;
  };
}
