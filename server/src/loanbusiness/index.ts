/**
 * The loan business as the workflow's capability wires it: C12 with the spouse (spouse/), D1 提前还本, D3 提前结清
 * (application kinds), D2 按月抵扣签约, D4 贷款申请 and D5 还款银行账户变更, with their member routes.
 */
import type Router from '@koa/router';
import type { OpenApiRegistry } from '../http/openapi.js';
import { lumpSumKind } from '../spouse/lump-sum.js';
import { registerSpouseRoutes } from '../spouse/routes.js';
import { SpouseConfirmations } from '../spouse/service.js';
import type { EngineDeps, KindRegistry, PhotoStorage } from '../workflow/index.js';
import type { ConsumeConfirmation } from '../workflow/service.js';
import type { LoanBusinessDeps } from './rules.js';
import { prepaymentKind } from './prepayment.js';
import { registerLoanBusinessTrialRoutes, registerOffsetRoutes, registerRepaymentAccountRoutes } from './routes.js';
import { settlementKind } from './settlement.js';
import { applicationProgress, loanApplicationKind } from './application.js';
import { registerLoanApplicationRoutes } from './application-routes.js';
import type { BankCards } from '../withdrawals/cards.js';

export interface LoanBusinessWiring extends LoanBusinessDeps {
  kinds: KindRegistry;
  engine: () => EngineDeps;
  photos: PhotoStorage;
  confirm: ConsumeConfirmation;
  /** C14's bound cards: D5 moves the instalments' deduction to one of them. */
  cards: Pick<BankCards, 'list' | 'reveal'>;
}

export function createLoanBusiness(w: LoanBusinessWiring) {
  w.kinds.register(lumpSumKind(w, w.engine));
  w.kinds.register(prepaymentKind(w));
  w.kinds.register(settlementKind(w));
  w.kinds.register(loanApplicationKind(w));
  const spouse = new SpouseConfirmations({ engine: w.engine, database: w.database, core: w.core, photos: w.photos, confirm: w.confirm });
  const offset = { core: w.core, database: w.database, clock: w.clock, push: w.push, confirm: w.confirm };
  const repaymentAccount = { core: w.core, database: w.database, push: w.push, confirm: w.confirm, cards: w.cards, clock: w.clock };
  /** B8: the online loan applications' nodes beside the core's progress rows. */
  const progress = (memberId: number) => applicationProgress(w, memberId);
  return { spouse, deps: w as LoanBusinessDeps, offset, repaymentAccount, applicationProgress: progress };
}

export type LoanBusiness = ReturnType<typeof createLoanBusiness>;

export function registerLoanBusinessRoutes(router: Router, registry: OpenApiRegistry, lb: LoanBusiness): void {
  registerSpouseRoutes(router, registry, lb.spouse);
  registerLoanBusinessTrialRoutes(router, registry, lb.deps);
  registerOffsetRoutes(router, registry, lb.offset);
  registerRepaymentAccountRoutes(router, registry, lb.repaymentAccount);
  registerLoanApplicationRoutes(router, registry, lb.deps);
}
