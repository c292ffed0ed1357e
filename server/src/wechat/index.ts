/**
 * The official account as one object for main.ts and app.ts: the webhook's dispatcher (protocol → dedupe →
 * bot), the WeChat API clients with the shared token, the notice outbox and its worker, and the scheduled jobs.
 * `start()` starts the worker and the jobs; `stop()` stops the jobs and drains the worker.
 */
import type { Clock } from '../shared/clock.js';
import type { Config } from '../config.js';
import type { CoreGateway } from '../core/gateway.js';
import type { Database } from '../db/client.js';
import type { TencentCloud } from '../integrations/tencentcloud.js';
import { scheduleJob, type ScheduledJob } from '../db/exclusive-jobs.js';
import { wechatHousekeepingJob } from './jobs/housekeeping.js';
import { wechatPushLogJob } from './jobs/push-log.js';
import { wechatTokenJob } from './jobs/token.js';
import { wechatUnionidJob } from './jobs/unionid.js';
import type { Logger } from '../shared/logger.js';
import { createWeChatClients, type WeChatClients } from './api/client.js';
import { createBot } from './bot.js';
import { createDispatcher, type Dispatch } from './dispatcher.js';
import { contentFaqs } from './faq.js';
import type { LinkConfig } from './links.js';
import {
  enqueueBotReply,
  enqueueNotice,
  enqueueTemplates,
  noticeSettings,
  type EnqueuedNotice,
  type Executor,
  type Notice,
  type Recipient,
} from './outbox/notices.js';
import { createSender } from './outbox/send.js';
import { OutboxStore } from './outbox/store.js';
import { OutboxWorker } from './outbox/worker.js';
import type { PushMode, WebhookSecrets } from './protocol/inbound.js';
import { PushLog } from './push-log.js';
import { UrlLinks } from './url-links.js';
import { WeChatUsers } from './users.js';

interface WeChatDeps {
  config: Config;
  database: Database;
  logger: Logger;
  core: CoreGateway;
  tencentCloud: TencentCloud;
  clock: Clock;
  /** Base URL of the WeChat API (the emulator in sandbox mode). */
  apiBase: string;
}

export interface WeChat {
  /** What the webhook checks pushes with (token, appid, EncodingAESKey, accepted modes). */
  secrets: WebhookSecrets;
  dispatch: Dispatch;
  links: LinkConfig;
  clients: WeChatClients;
  outbox: { store: OutboxStore; worker: OutboxWorker };
  /** Queues a notice in the caller's transaction (see outbox/notices.ts); the worker is woken when this instance wrote it. */
  enqueueNotice(tx: Executor, to: Recipient, notice: Notice): Promise<EnqueuedNotice[]>;
  /** A notice's template message to every follower among `memberIds`, in one statement (a broadcast's chunk); whom it reached. */
  enqueueTemplates(tx: Executor, notice: Notice, memberIds: number[]): Promise<Set<number>>;
  jobs: { token: ScheduledJob | undefined; unionid: ScheduledJob | undefined; housekeeping: ScheduledJob | undefined; pushLog: ScheduledJob | undefined };
  start(): void;
  /** Stops the jobs and drains the outbox worker (for at most `drainMs`). */
  stop(drainMs?: number): Promise<void>;
}

/** WECHAT_PUSH_MODE → what openPush accepts: 'plain' also decrypts encrypted pushes when a key is set (兼容模式). */
function webhookSecrets(config: Config): WebhookSecrets {
  const configured = config.WECHAT_PUSH_MODE ?? (config.WECHAT_ENCODING_AES_KEY ? 'safe' : 'plain');
  const mode: PushMode = configured === 'safe' ? 'safe' : 'plain';
  return {
    token: config.WECHAT_TOKEN,
    appId: config.WECHAT_APP_ID,
    mode,
    ...(config.WECHAT_ENCODING_AES_KEY ? { encodingAESKey: config.WECHAT_ENCODING_AES_KEY } : {}),
  };
}

export function createWeChat(deps: WeChatDeps): WeChat {
  const { config, database, logger } = deps;
  const log = logger.child({ capability: 'wechat' });
  const links: LinkConfig = { mpAppId: config.WECHAT_MP_APP_ID, publicBaseUrl: config.publicBaseUrl };
  const clients = createWeChatClients(
    database,
    deps.apiBase,
    { appId: config.WECHAT_APP_ID, appSecret: config.WECHAT_APP_SECRET },
    { appId: config.WECHAT_MP_APP_ID, appSecret: config.WECHAT_MP_APP_SECRET },
  );
  const users = new WeChatUsers(database);
  const pushLog = new PushLog(database, config.WECHAT_PUSH_TAKEOVER_MS);
  const store = new OutboxStore(database);
  const urlLinks = new UrlLinks(database, clients.miniProgram.call, config.WECHAT_URL_LINK_DAYS);
  const worker = new OutboxWorker(
    store,
    createSender({ clients, tencentCloud: deps.tencentCloud, core: deps.core, smsTemplateId: config.SMS_TEMPLATE_NOTICE_LINK, urlLinks }),
    log,
    { concurrency: config.WECHAT_OUTBOX_CONCURRENCY, maxAttempts: config.WECHAT_OUTBOX_MAX_ATTEMPTS, leaseSeconds: config.WECHAT_OUTBOX_LEASE_SECONDS },
  );
  const jobs: WeChat['jobs'] = { token: undefined, unionid: undefined, housekeeping: undefined, pushLog: undefined };
  let followTimer: NodeJS.Timeout | undefined;
  let nudgeTimer: NodeJS.Timeout | undefined;

  const bot = createBot({
    core: deps.core,
    users,
    faqs: contentFaqs(database, deps.core, config.DATA_DIR),
    links,
    now: () => deps.clock.now(),
    recordDelivery: async (msgid, status) => void (await store.recordDelivery(msgid, status)),
    // A burst of follows becomes one unionid run shortly after.
    onFollow: () => {
      followTimer ??= setTimeout(() => {
        followTimer = undefined;
        void jobs.unionid?.runNow();
      }, 200);
    },
  });

  const dispatch = createDispatcher({
    log: pushLog,
    bot,
    deadlineMs: config.WECHAT_REPLY_DEADLINE_MS,
    logger: log,
    async defer(key, push, content) {
      // Queued only by the attempt that records the answer: another attempt of this push (one that took it over
      // while this one was stuck) may have answered or queued it already.
      const queued = await database.db.transaction(async (tx) => {
        if (!(await pushLog.deferAnswer(tx, key))) return false;
        await enqueueBotReply(tx, push.FromUserName, content);
        return true;
      });
      if (queued) worker.nudge();
      return queued;
    },
  });

  const settings = noticeSettings(config);
  return {
    secrets: webhookSecrets(config),
    dispatch,
    links,
    clients,
    outbox: { store, worker },
    enqueueTemplates: (tx, notice, memberIds) => enqueueTemplates(tx, settings, notice, memberIds),
    async enqueueNotice(tx, to, notice) {
      const queued = await enqueueNotice(tx, settings, to, notice);
      // The caller's transaction may not have committed yet: look a moment later (the poll would find it too).
      nudgeTimer ??= setTimeout(() => {
        nudgeTimer = undefined;
        worker.nudge();
      }, 50).unref();
      return queued;
    },
    jobs,
    start() {
      worker.start();
      jobs.token ??= scheduleJob(database, log, 'wechat-token', config.WECHAT_JOB_TOKEN_CRON, wechatTokenJob(clients));
      jobs.unionid ??= scheduleJob(database, log, 'wechat-unionid', config.WECHAT_JOB_UNIONID_CRON, wechatUnionidJob(users, clients.officialAccount.call, log));
      jobs.housekeeping ??= scheduleJob(database, log, 'wechat-housekeeping', config.WECHAT_JOB_HOUSEKEEPING_CRON, wechatHousekeepingJob(store, urlLinks, log));
      jobs.pushLog ??= scheduleJob(
        database,
        log,
        'wechat-push-log',
        config.WECHAT_JOB_PUSH_LOG_CRON,
        wechatPushLogJob(pushLog, config.WECHAT_PUSH_LOG_RETENTION_MINUTES, log),
      );
    },
    async stop(drainMs) {
      if (followTimer) clearTimeout(followTimer);
      followTimer = undefined;
      const running = Object.values(jobs).filter((j): j is ScheduledJob => !!j);
      jobs.token = jobs.unionid = jobs.housekeeping = jobs.pushLog = undefined;
      await Promise.all(running.map((j) => j.stop()));
      await worker.stop(drainMs);
    },
  };
}
