/**
 * The loan business as business.ts wires it: D1 提前还本, D3 提前结清 (application kinds), D2 按月抵扣签约, D4 贷款申请 and D5
 * 还款银行账户变更, with their member routes. C12 with the spouse (spouse/) is wired beside it in business.ts.
 */
import type Router from '@koa/router';
import type { OpenApiRegistry } from '../http/openapi.js';
import type { KindRegistry } from '../workflow/index.js';
import type { ConsumeConfirmation } from '../workflow/service.js';
import type { LoanBusinessDeps } from './rules.js';
import { prepaymentKind } from './prepayment.js';
import { registerLoanBusinessTrialRoutes, registerOffsetRoutes, registerRepaymentAccountRoutes } from './routes.js';
import { settlementKind } from './settlement.js';
import { applicationProgress, loanApplicationKind } from './application.js';
import { registerLoanApplicationRoutes } from './application-routes.js';
import type { BankCards } from '../withdrawals/cards.js';

interface LoanBusinessWiring extends LoanBusinessDeps {
  kinds: KindRegistry;
  confirm: ConsumeConfirmation;
  /** C14's bound cards: D5 moves the instalments' deduction to one of them. */
  cards: Pick<BankCards, 'list' | 'reveal'>;
}

export function createLoanBusiness(w: LoanBusinessWiring) {
  w.kinds.register(prepaymentKind(w));
  w.kinds.register(settlementKind(w));
  w.kinds.register(loanApplicationKind(w));
  const offset = { core: w.core, database: w.database, clock: w.clock, push: w.push, confirm: w.confirm };
  const repaymentAccount = { core: w.core, database: w.database, push: w.push, confirm: w.confirm, cards: w.cards, clock: w.clock };
  /** B8: the online loan applications' nodes beside the core's progress rows. */
  const progress = (memberId: number) => applicationProgress(w, memberId);
  return { deps: w as LoanBusinessDeps, offset, repaymentAccount, applicationProgress: progress };
}

type LoanBusiness = ReturnType<typeof createLoanBusiness>;

export function registerLoanBusinessRoutes(router: Router, registry: OpenApiRegistry, lb: LoanBusiness): void {
  registerLoanBusinessTrialRoutes(router, registry, lb.deps);
  registerOffsetRoutes(router, registry, lb.offset);
  registerRepaymentAccountRoutes(router, registry, lb.repaymentAccount);
  registerLoanApplicationRoutes(router, registry, lb.deps);
}
