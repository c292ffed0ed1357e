/**
 * The identity capability (A1–A9, G9) as the rest of the server sees it.
 *
 * - root.ts: `const identity = createIdentity(deps)` and its routes `registerIdentityRoutes(router, registry, identity)`;
 *   app.ts: `app.use(guardMemberArea(identity.sessions))` so that every `/api/me/…` request is authenticated.
 * - Member routes of other capabilities: define them on the main router under `/api/me/…` with `auth: 'member'`
 *   and read the member with http/member.ts `currentMember(ctx)` → `{ id, sessionId }` (or `currentMemberId(ctx)`).
 * - Transactions (A9): the client gets a confirmation token from POST /api/me/security/confirmations; the capability
 *   calls `consumeConfirmation(deps.database, { token, memberId, purpose, reference })` before it acts.
 * - Spouse confirmation (001 2.3): the spouse starts POST /api/me/security/face with purpose 'spouse-confirmation';
 *   the capability checks the pass with confirmation.ts `consumeTransactionFacePass(new FaceVerifications(deps), …)`.
 * - `recordAudit(database, …)` appends to the audit trail.
 */
export { guardMemberArea } from './auth.js';
export { recordAudit, requestMeta, type RequestMeta } from './audit.js';
export { consumeConfirmation } from './confirmation.js';
export { createIdentityContext as createIdentity } from './context.js';
export { registerIdentityRoutes } from './routes.js';
export { DEMO_BUSINESS_PASSWORD, DEMO_LOGIN_PASSWORD, DEMO_WECHAT } from './demo.js';
