/**
 * The business capability as app.ts wires it: the workflow with the kinds of withdrawals/ (the loan business and C12
 * add theirs to the same registry), the bank cards (C14), the notifications (E3) and the review API (I1).
 */
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Config } from './config.js';
import type { CoreGateway } from './core/gateway.js';
import type { Database } from './db/client.js';
import type { OpenApiRegistry } from './http/openapi.js';
import { consumeConfirmation } from './identity/index.js';
import { registerNotificationRoutes } from './notifications/routes.js';
import { Notifications, type PushNotice } from './notifications/service.js';
import { registerReviewRoutes } from './review/routes.js';
import { Review } from './review/service.js';
import { overdueLimits } from './review/overdue.js';
import { registerReconciliationRoutes } from './review/reconciliation.js';
import { StaffAuth, guardStaffArea } from './staff/auth.js';
import type { Limits } from './limits/index.js';
import type { PiiCipher } from './shared/pii-crypto.js';
import type { WeChat } from './wechat/index.js';
import { BankCards } from './withdrawals/cards.js';
import { registerWithdrawalKinds } from './withdrawals/catalog.js';
import { registerWithdrawalRoutes } from './withdrawals/routes.js';
import { Withdrawals } from './withdrawals/service.js';
import type { Clock } from './shared/clock.js';
import { KindRegistry } from './workflow/kinds.js';
import { PhotoStorage } from './workflow/photos.js';
import { MemberBusiness, type OtherChannels } from './workflow/progress.js';
import { CoreSubmitter } from './workflow/core-submissions.js';
import { isCoreBusiness } from './core/protocol.js';
import type { Logger } from './shared/logger.js';
import { registerWorkflowRoutes } from './workflow/routes.js';
import { Workflow, type ConsumeConfirmation } from './workflow/service.js';
import { createLoanBusiness, registerLoanBusinessRoutes } from './loanbusiness/index.js';
import { lumpSumKind } from './spouse/lump-sum.js';
import { registerSpouseRoutes } from './spouse/routes.js';
import { SpouseConfirmations } from './spouse/service.js';

interface BusinessDeps {
  config: Pick<Config, 'DATA_DIR'> & Partial<Pick<Config, 'REVIEW_OVERDUE_HOURS' | 'REVIEW_OVERDUE_HOURS_BY_NODE'>>;
  database: Database;
  core: CoreGateway;
  cipher: PiiCipher;
  /** The official account's outbox; absent: notices stay pending on the notification rows. */
  wechat?: Pick<WeChat, 'enqueueNotice'> | undefined;
  clock: Clock;
  /** Simple kinds are approved by the system at 初审 (default); false sends every application to a person. */
  autoApprove?: boolean;
  /** A9; default: identity's consumeConfirmation inside the submit's transaction. */
  confirm?: ConsumeConfirmation;
  /** The staff login's limits (throttle per IP, challenge after wrong passwords). */
  limits?: Pick<Limits, 'login'>;
  /** An external core's business of other channels, for E1 (corefeed/). */
  otherChannels?: OtherChannels;
  /** For the submitter's retries (an external core only). */
  logger?: Logger;
}

export function createBusiness(deps: BusinessDeps) {
  const kinds = new KindRegistry();
  const clock = deps.clock;
  const cards = new BankCards(deps.database, deps.core, deps.cipher);
  const wechat = deps.wechat;
  const push: PushNotice | undefined = wechat ? async (tx, memberId, notice) => (await wechat.enqueueNotice(tx, { memberId }, notice)).length : undefined;
  const confirm: ConsumeConfirmation = deps.confirm ?? ((tx, p) => consumeConfirmation({ db: tx }, p));
  const workflow = new Workflow({
    database: deps.database,
    core: deps.core,
    kinds,
    clock,
    push,
    cards,
    confirm,
    photos: new PhotoStorage(deps.config.DATA_DIR),
    autoApprove: deps.autoApprove ?? true,
  });
  registerWithdrawalKinds(kinds, { core: deps.core, database: deps.database });
  // C12 with the spouse (spouse/), then the loan business D1–D3, D5 (loanbusiness/).
  const engine = () => workflow.deps;
  kinds.register(lumpSumKind({ core: deps.core, database: deps.database, clock, push }, engine));
  const spouse = new SpouseConfirmations({ engine, database: deps.database, core: deps.core, photos: workflow.deps.photos, confirm });
  const loanBusiness = createLoanBusiness({ core: deps.core, database: deps.database, clock, push, kinds, confirm, cards });
  const staffAuth = new StaffAuth(deps.database, deps.cipher, deps.limits?.login);
  return {
    database: deps.database,
    kinds,
    workflow,
    cards,
    staffAuth,
    spouse,
    loanBusiness,
    business: new MemberBusiness(deps.database, kinds, clock, deps.otherChannels),
    /** An external core takes the approvals' postings as requests: this job sends them and ends the applications. */
    coreSubmitter:
      isCoreBusiness(deps.core) && deps.logger ? new CoreSubmitter({ database: deps.database, core: deps.core, engine, logger: deps.logger }) : undefined,
    withdrawals: new Withdrawals({ database: deps.database, kinds, cards, clock, core: deps.core }),
    notifications: new Notifications(deps.database),
    review: new Review({ ...workflow.deps, workflow, overdue: overdueLimits(deps.config.REVIEW_OVERDUE_HOURS, deps.config.REVIEW_OVERDUE_HOURS_BY_NODE) }),
    /** Every /api/staff/… request but the login needs a staff session (mounted in app.ts before the routes). */
    staffGuard: guardStaffArea(staffAuth) as Middleware,
  };
}

export type Business = ReturnType<typeof createBusiness>;

export function registerBusinessRoutes(router: Router, registry: OpenApiRegistry, b: Business): void {
  registerWithdrawalRoutes(router, registry, b.withdrawals, b.cards);
  registerWorkflowRoutes(router, registry, b.workflow, b.business);
  registerNotificationRoutes(router, registry, b.notifications);
  registerReviewRoutes(router, registry, { auth: b.staffAuth, review: b.review });
  registerReconciliationRoutes(router, registry, b.database);
  registerSpouseRoutes(router, registry, b.spouse);
  registerLoanBusinessRoutes(router, registry, b.loanBusiness);
}
