/**
 * J2: a reminder to the borrower (and the co-borrower) some days before the repayment day: a message in 我的消息 (E3)
 * and a template message. Once per loan and period: the reminder row's primary key decides, whichever instance runs.
 */
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import { loanRepaymentReminders } from './tables.js';
import { notify, type PushNotice } from '../notifications/service.js';
import type { Clock } from '../shared/clock.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import { formatYuan } from '../shared/money.js';
import type { Logger } from '../shared/logger.js';

interface ReminderDeps {
  database: Database;
  core: CoreGateway;
  push?: PushNotice | undefined;
  daysBefore: number;
  logger: Logger;
  clock: Clock;
}

export function repaymentReminderJob(deps: ReminderDeps) {
  /** Run once for `today` (default: the Asia/Shanghai day). Returns how many reminders were written. */
  return async (today: IsoDate = deps.clock.today()): Promise<number> => {
    if (!deps.core.listUnpaidInstalments) return 0;
    const due = await deps.core.listUnpaidInstalments({ from: today, to: addDays(today, deps.daysBefore) });
    let sent = 0;
    for (const i of due) {
      const wrote = await deps.database.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(loanRepaymentReminders)
          .values({ loanId: i.loanId, period: i.period, dueOn: i.dueOn })
          .onConflictDoNothing()
          .returning({ loanId: loanRepaymentReminders.loanId });
        if (!row) return false;
        const content = `您的公积金贷款（合同号${i.contractNo}）第${i.period}期应于${i.dueOn}还款${formatYuan(i.paymentFen, { grouping: true })}元，请在还款日前确保还款账户余额充足。`;
        for (const memberId of [i.borrowerMemberId, i.coBorrowerMemberId].filter((m): m is number => m !== null)) {
          await notify(tx, deps.push, {
            memberId,
            business: '还款提醒',
            content,
            channel: '系统',
            notice: {
              kind: 'loan',
              contractNo: i.contractNo,
              business: '公积金贷款还款提醒',
              status: '待还款',
              at: deps.clock.now(),
              note: `${i.dueOn}应还${formatYuan(i.paymentFen)}元`,
            },
          });
        }
        return true;
      });
      if (wrote) sent++;
    }
    if (sent) deps.logger.info({ sent }, 'repayment reminders written');
    return sent;
  };
}
