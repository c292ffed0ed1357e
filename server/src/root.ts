/**
 * The composition root: the one place that builds the server's parts. Each capability is built once, from its
 * dependencies (config, database, clock, core, WeChat, logger), as `{ service, routes, jobs }`:
 * - app.ts mounts every capability's `routes(router, registry)` (and the two guards) and nothing else;
 * - main.ts starts `root.jobs` in order and stops them in reverse; jobs only call services built here.
 * A new capability: build its service here from what it needs, give it a `routes` (and `jobs` if it has any), and
 * mount it in app.ts with one line.
 */
import type Router from '@koa/router';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { OpenApiRegistry } from './http/openapi.js';
import type { ServerClock } from './shared/clock.js';
import { systemClock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import type { PiiCipher } from './shared/pii-crypto.js';
import type { CoreGateway } from './core/gateway.js';
import { BuiltinCore } from './core/builtin/gateway.js';
import { builtinReference } from './core/builtin/reference.js';
import { ExternalCore } from './core/external/client.js';
import { CoreMemberCache, withMemberCache } from './core/external/cache.js';
import { knowMember, withKnownMembers } from './identity/known-members.js';
import type { ExternalEndpoints } from './integrations/sandbox.js';
import { createTencentCloud } from './integrations/tencentcloud.js';
import type { PushNotice } from './notifications/service.js';
import { createWeChat } from './wechat/index.js';
import { registerWeChatRoutes } from './wechat/webhook.js';
import { createLimits } from './limits/index.js';
import { Sessions } from './identity/sessions.js';
import { createIdentity, registerIdentityRoutes } from './identity/index.js';
import { registerToolRoutes } from './tools/routes.js';
import { ContentService } from './content/service.js';
import { contentEditor } from './content/editor/index.js';
import { registerContentRoutes } from './content/routes.js';
import { createInteraction } from './interaction/index.js';
import { registerInteractionRoutes } from './interaction/routes.js';
import { registerCertificateRoutes } from './certificates/routes.js';
import { createBusiness, registerBusinessRoutes } from './business.js';
import { registerAccountRoutes } from './account/routes.js';
import { registerLoanRoutes } from './loans/routes.js';
import { registerWebBindRoutes } from './identity/web-bind.js';
import { registerSubscriptionRoutes } from './wechat/subscription-routes.js';
import { createConsole } from './console/index.js';
import { registerConsoleRoutes } from './console/routes.js';
import { createLoanJobs } from './jobs/loan-jobs.js';
import { registerSandboxClockRoutes } from './sandbox/clock-routes.js';
import { isCoreBusiness } from './core/protocol.js';
import { CoreEventFeed, listChannelBusiness } from './corefeed/feed.js';
import { nudgeOwnSubmission } from './workflow/core-submissions.js';
import { ownRepaymentAccountChange } from './loanbusiness/repayment-account.js';
import { offsetSigningEnded, ownOffsetSigning } from './loanbusiness/offset-at-core.js';

/** What the root is built from: main.ts opens, migrates and seeds the database and starts the endpoints first. */
interface RootDeps {
  config: Config;
  database: Database;
  logger: Logger;
  cipher: PiiCipher;
  /** The server's one clock for business decisions (shared/clock.ts); capabilities see it as a Clock. */
  clock: ServerClock;
  /** Where the WeChat API and Tencent Cloud are (the emulators in sandbox mode). */
  external: ExternalEndpoints;
}

/** Scheduled work of a capability: main.ts starts them in the root's order and stops them in reverse. */
interface Jobs {
  start(): void;
  stop(): Promise<void>;
}

const NO_JOBS: Jobs = { start: () => undefined, stop: async () => undefined };

interface Capability<S> {
  service: S;
  routes(router: Router, registry: OpenApiRegistry): void;
  jobs?: Jobs;
}

/** A setting config.ts already requires in this mode (production external core; sandbox fills it). */
function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required with CORE_MODE=external`);
  return value;
}

export function buildRoot(deps: RootDeps) {
  const { config, database, logger, cipher, clock, external } = deps;

  // The member data and accounts (issue 17): the built-in core over the local tables, or the center's own 核心业务系统
  // over the signed protocol (core/protocol.ts) at CORE_BASE_URL (in sandbox, unset: the core emulator started in-process).
  // Its member reads are remembered for CORE_CACHE_SECONDS and forgotten on every instance when an event comes; the
  // members it names become known to the product (known_members), which its own rows refer to.
  const core: CoreGateway =
    config.CORE_MODE === 'external'
      ? withKnownMembers(
          withMemberCache(
            new ExternalCore({
              baseUrl: required(external.coreBaseUrl, 'CORE_BASE_URL'),
              appId: required(config.CORE_APP_ID, 'CORE_APP_ID'),
              secret: required(config.CORE_SECRET, 'CORE_SECRET'),
              timeoutMs: config.CORE_TIMEOUT_MS,
              logger: logger.child({ component: 'core' }),
            }),
            new CoreMemberCache(database, config.CORE_CACHE_SECONDS),
          ),
          database,
        )
      : new BuiltinCore(database, cipher);
  const tencentCloud = createTencentCloud({
    secretId: config.TENCENTCLOUD_SECRET_ID,
    secretKey: config.TENCENTCLOUD_SECRET_KEY,
    region: config.TENCENTCLOUD_REGION,
    faceIdRuleId: config.FACEID_RULE_ID,
    smsSdkAppId: config.SMS_SDK_APP_ID,
    smsSignName: config.SMS_SIGN_NAME,
    smsTemplateId: config.SMS_TEMPLATE_ID,
    endpointBase: external.tencentCloudEndpointBase,
  });
  // The official account: webhook dispatcher, WeChat API clients, notice outbox (wechat/index.ts).
  const wechat = createWeChat({ config, database, logger, core, clock, tencentCloud, apiBase: external.wechatApiBase });
  /** A notice queued in the caller's transaction for the member's WeChat; returns how many were queued. */
  const push: PushNotice = async (tx, memberId, notice) => (await wechat.enqueueNotice(tx, { memberId }, notice)).length;
  // Limits count attempts per hour: elapsed time on the machine's clock, whatever the business clock says.
  const limits = createLimits({ database, cipher, config, clock: systemClock });
  // Member sessions, remembered between requests for SESSION_CACHE_SECONDS.
  const sessions = new Sessions(database, config.SESSION_CACHE_SECONDS);

  const identity = createIdentity({ database, core, cipher, tencentCloud, logger, clock, sessions, limits, wechatSns: wechat.clients.sns });
  // An external core (issue 17): its events become members' messages and E1 rows; its business of other channels too.
  // The product's own business (an application's serial, a D5 change or a D2 signing it sent) is not another channel's.
  const ownBusiness = async (tx: Db, serialNo: string) =>
    (await nudgeOwnSubmission(tx, serialNo)) || (await ownRepaymentAccountChange(tx, serialNo)) || (await ownOffsetSigning(tx, serialNo));
  const coreFeed = isCoreBusiness(core)
    ? new CoreEventFeed({
        database,
        core,
        push,
        logger,
        ownBusiness,
        knowMember,
        offsetSigningEnded: (tx, e, channel) => offsetSigningEnded(tx, push, e, channel),
      })
    : undefined;
  const otherChannels = coreFeed ? (memberId: number, limit: number) => listChannelBusiness(database, memberId, limit) : undefined;
  const business = createBusiness({ config, database, core, cipher, wechat, clock, limits, logger, ...(otherChannels ? { otherChannels } : {}) });
  const content = new ContentService(database.db, core, config.DATA_DIR);
  const interaction = createInteraction({ database, cipher, clock, logger, wechat, push });
  const staffConsole = createConsole({ config, database, logger, wechat });
  const loanJobs = createLoanJobs({ config, database, core, clock, logger, push, spouse: business.spouse });
  const certificates = { core, database, config, clock, logger };

  const c = {
    /** G4–G7 便民工具 (public). */
    tools: { service: { core, clock }, routes: (r, reg) => registerToolRoutes(r, reg, { core, clock }) } satisfies Capability<unknown>,
    /** F1–F7, G1, G3, G8 政策业务 / 互动交流 (public). */
    content: { service: content, routes: (r, reg) => registerContentRoutes(r, reg, content, interaction.community) } satisfies Capability<unknown>,
    /** G2 投诉建议, G3 members' questions under /api/me; their staff side under /api/staff. */
    interaction: { service: interaction, routes: (r, reg) => registerInteractionRoutes(r, reg, interaction) } satisfies Capability<unknown>,
    /** A1–A9, G9: /api/auth/…, the public agreements, /api/me/security/…; `service.sessions` guards /api/me. */
    identity: {
      service: identity,
      routes: (r, reg) => {
        registerIdentityRoutes(r, reg, identity);
        // The official account's web page that binds a follower to a member through WeChat's OAuth (snsapi_base).
        const authorizeBase = config.APP_MODE === 'sandbox' ? external.wechatApiBase : 'https://open.weixin.qq.com';
        registerWebBindRoutes(r, identity, { appId: config.WECHAT_APP_ID, publicBaseUrl: config.publicBaseUrl, authorizeBase });
      },
    } satisfies Capability<unknown>,
    /** E4 电子凭证 under /api/me + K2 public verification. */
    certificates: { service: certificates, routes: (r, reg) => registerCertificateRoutes(r, r, reg, certificates) } satisfies Capability<unknown>,
    /** C1–C14, E1–E3, I1: withdrawals, applications, notifications, the loan business; staff review; the staff guard. */
    business: {
      service: business,
      routes: (r, reg) => registerBusinessRoutes(r, reg, business),
      // An external core: approvals' requests sent by the submitter (nothing to run with the built-in core).
      jobs: business.coreSubmitter ?? NO_JOBS,
    } satisfies Capability<unknown>,
    /** An external core's events pulled into messages and E1 (issue 17); nothing with the built-in core. */
    coreFeed: { service: coreFeed, routes: (_router, _registry) => undefined, jobs: coreFeed ?? NO_JOBS } satisfies Capability<unknown>,
    /** B1–B3, B9 我的 · 公积金账户. */
    account: { service: { core, clock }, routes: (r, reg) => registerAccountRoutes(r, reg, { core, clock }) } satisfies Capability<unknown>,
    /** B4–B8 我的 · 贷款账户. */
    loans: {
      service: { core, clock },
      routes: (r, reg) => registerLoanRoutes(r, reg, { core, clock, database, loanApplications: business.loanBusiness.applicationProgress }),
    } satisfies Capability<unknown>,
    /** I2, I4, I5 staff console: navigation, content, broadcasts (and their fan-out job), audit, statistics, staff. */
    console: {
      service: staffConsole,
      routes: (r, reg) =>
        registerConsoleRoutes(r, reg, {
          database,
          dataDir: config.DATA_DIR,
          clock,
          staffAuth: business.staffAuth,
          kinds: business.kinds,
          overdue: business.review.overdue,
          console: staffConsole,
          contentEditor,
          // The built-in core's reference data, edited in the console; a center's own core keeps its own (shown read only).
          reference: config.CORE_MODE === 'external' ? { kind: 'core', core } : { kind: 'builtin', store: builtinReference },
        }),
      jobs: staffConsole,
    } satisfies Capability<unknown>,
    /** J2 loan jobs (spouse-confirmation expiry, repayment reminders, D2 monthly offset). */
    loanJobs: { service: loanJobs, routes: (_router, _registry) => undefined, jobs: loanJobs } satisfies Capability<unknown>,
    /** Sandbox only (403 in production): the business clock moved forward; the loan jobs due in between run. */
    sandboxClock: {
      service: clock,
      routes: (r, reg) => registerSandboxClockRoutes(r, reg, { config, database, clock, loanJobs }),
    } satisfies Capability<unknown>,
    /** H1: WeChat's signed pushes at /wechat; the outbox worker and the WeChat jobs. */
    wechat: {
      service: wechat,
      // H1 webhook; H5 订阅消息: the templates to ask for and the member's answers under /api/me
      routes: (r, registry) => {
        registerWeChatRoutes(r, wechat);
        registerSubscriptionRoutes(r, registry, { config, database, clock });
      },
      jobs: { start: () => wechat.start(), stop: () => wechat.stop(config.SHUTDOWN_TIMEOUT_MS) }, // the worker drains its sends in flight
    } satisfies Capability<unknown>,
  };

  return {
    config,
    database,
    logger,
    clock,
    core,
    cipher,
    tencentCloud,
    external,
    limits,
    sessions,
    ...c,
    /** Started in this order (the outbox first: the others queue notices), stopped in reverse. */
    jobs: [c.wechat.jobs, c.loanJobs.jobs, c.console.jobs, c.business.jobs, c.coreFeed.jobs] as Jobs[],
  };
}

export type Root = ReturnType<typeof buildRoot>;
