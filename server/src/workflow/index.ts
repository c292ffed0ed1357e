/**
 * The application workflow as other capabilities see it: the kind registry they add their kinds to, the member
 * service, the engine's decisions (review/), and read-only queries their rules need.
 */
export { KindRegistry, NODE_LABELS, STATUS_LABELS, confirmationPurpose, defineKind, refuse } from './kinds.js';
export type { ApplicationKind, Eligibility, PhotoCategory, RuleResult, SettleInput, SettleResult } from './kinds.js';
export {
  CHANNEL_LABELS,
  SAME_REVIEWER_MESSAGE,
  SYSTEM,
  approvedThisRound,
  closeApplication,
  decide,
  decidedThisRound,
  enterReview,
  transition,
  withLocked,
  type Clock,
  type EngineDeps,
} from './engine.js';
export { Workflow, type PayeeCards } from './service.js';
export { SUBMITTED_FEEDBACK, queueCoreSubmission } from './core-submissions.js';
export { PhotoStorage } from './photos.js';
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
export { historyOf, progressText } from './views.js';
