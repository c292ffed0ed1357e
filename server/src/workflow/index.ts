/**
 * The application workflow as other capabilities see it: the kind registry they add their kinds to, the member
 * service, the engine's decisions (review/), and read-only queries their rules need.
 */
export { KindRegistry, NODE_LABELS, OPEN_STATUSES, STATUS_LABELS, confirmationPurpose, defineKind, refuse } from './kinds.js';
export type { ApplicationKind, Eligibility, EligibilityInput, PhotoCategory, ReviewNodeKey, RuleResult, SettleInput, SettleResult } from './kinds.js';
export {
  CHANNEL_LABELS,
  SAME_REVIEWER_MESSAGE,
  SYSTEM,
  approvedThisRound,
  closeApplication,
  decide,
  decidedThisRound,
  enterReview,
  markPaid,
  transition,
  withLocked,
  type Actor,
  type Change,
  type Clock,
  type EngineDeps,
} from './engine.js';
export { Workflow, type ConsumeConfirmation, type PayeeCards, type WorkflowDeps } from './service.js';
export { MemberBusiness } from './progress.js';
export { CoreSubmitter, SUBMITTED_FEEDBACK, nudgeOwnSubmission, queueCoreSubmission } from './core-submissions.js';
export { PhotoStorage } from './photos.js';
export { registerWorkflowRoutes } from './routes.js';
export {
  claim,
  findBySerial,
  lastPaidOn,
  listOpen,
  paidWithForm,
  previousOfKind,
  release,
  reviewQueue,
  type ApplicationRow,
  type QueueQuery,
} from './store.js';
export { applicationView, historyOf, progressText, type ApplicationView } from './views.js';
