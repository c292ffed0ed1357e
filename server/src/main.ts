import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { DataDirInUseError } from './db/data-lock.js';
import { DatabaseUrlError } from './db/errors.js';
import { PortInUseError, ensurePortFree } from './http/port.js';
import { serveBackups } from './db/backup.js';
import { migrate } from './db/migrate.js';
import { createLogger, type Logger } from './shared/logger.js';
import { buildApp } from './app.js';
import { buildRoot } from './root.js';
import type { WeChat } from './wechat/index.js';
import type { LoanJobs } from './jobs/loan-jobs.js';
import type { CoreSubmitter } from './workflow/core-submissions.js';
import { answerClientError } from './http/client-error.js';
import { PiiCipher } from './shared/pii-crypto.js';
import { ServerClock } from './shared/clock.js';
import { isDatabaseEmpty, seedDemoCenter } from './demo.js';
import { startExternalEndpoints, type ExternalEndpoints } from './integrations/sandbox.js';
import { registerSandboxFollowers } from './wechat/sandbox.js';
import { DEMO_STAFF_PASSWORD } from './review/demo.js';
import type { SessionCache } from './identity/session-cache.js';

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  database: Database;
  logger: Logger;
  /** The business clock (CLOCK_AT in sandbox; tests read and move it). */
  clock: ServerClock;
  /** CORE_MODE=external: where the core is (CORE_BASE_URL or the core emulator started in sandbox). */
  coreBaseUrl: string | undefined;
  /** The WeChat and Tencent Cloud emulators when running in sandbox mode (tests drive them). */
  emulators: ExternalEndpoints['emulators'];
  /** The official account: its outbox worker and notices, WeChat API clients (tests and scripts use them). */
  wechat: WeChat;
  /** J2 loan jobs (spouse-confirmation expiry, repayment reminders, D2 monthly offset); tests call runOnce. */
  loanJobs: LoanJobs;
  /** CORE_MODE=external: the job that hands approvals to the core and reconciles (tests call reconcile). */
  coreSubmitter: CoreSubmitter | undefined;
  /** Member sessions remembered between requests; `settled()` waits until changes made by hand are heard. */
  sessionCache: SessionCache;
  stop(): Promise<void>;
}

/**
 * Reads config, opens and migrates the database, seeds the demo center when asked, and starts HTTP.
 * Tests call start() with an env of their own and port 0.
 */
export async function start(env: Record<string, string | undefined> = process.env, opts: { log?: NodeJS.WritableStream } = {}): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL, opts.log);
  // The one clock of business decisions, handed to every capability and job below (shared/clock.ts).
  const clock = ServerClock.startingAt(config.CLOCK_AT);
  await ensurePortFree(config.PORT, config.HOST); // before minutes of migrating and seeding
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE, owner: 'the server' });
  let external: ExternalEndpoints | undefined;
  let closeBackups: (() => Promise<void>) | undefined;
  try {
    if (database.kind === 'postgres') await database.query('SELECT 1').catch((err: unknown) => Promise.reject(new DatabaseUrlError(config.DATABASE_URL!, err)));
    const applied = await migrate(database);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const cipher = new PiiCipher(config.dataKey);
    const seed = config.SEED_DEMO === 'always' || (config.SEED_DEMO === 'auto' && config.APP_MODE === 'sandbox' && (await isDatabaseEmpty(database)));
    if (seed) {
      const summary = await seedDemoCenter(database, cipher, { today: clock.today() });
      logger.info(summary, 'demo center seeded');
    }
    // PGlite: `npm run backup` asks this process for a consistent dump (only the folder's holder can read it).
    const stopBackups =
      database.kind === 'pglite'
        ? await serveBackups(database, config.DATA_DIR, (err) => logger.error({ err }, 'backup failed')).catch((err: unknown) => {
            // e.g. a DATA_DIR path too long for a Unix socket: the server serves; backups then need it stopped.
            logger.warn({ err }, 'backup socket not available: npm run backup works only while the server is stopped');
            return async () => undefined;
          })
        : async () => undefined;
    closeBackups = stopBackups;
    external = await startExternalEndpoints(config, { today: clock.today() });
    // Every capability, built once (root.ts); the app only mounts their routes.
    const root = buildRoot({ config, database, logger, cipher, clock, external });
    const app = buildApp(root);
    const server = http.createServer(app.callback());
    server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
    server.on('clientError', answerClientError); // what Node's parser refuses answers { code, message } too
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new PortInUseError(config.PORT, config.HOST) : err));
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
    // The emulated WeChat servers push members' messages to this server's webhook, in safe mode.
    external.emulators.wechat?.control.setWebhook(config.WECHAT_APP_ID, {
      webhookUrl: `${url}/wechat`,
      token: config.WECHAT_TOKEN,
      encodingAESKey: config.WECHAT_ENCODING_AES_KEY,
      mode: 'safe',
    });
    if (external.emulators.wechat) await registerSandboxFollowers(database, external.emulators.wechat.control, config);
    // The notice outbox worker and the WeChat jobs (token, unionid, push-log retention, housekeeping); J2's loan jobs;
    // I4's broadcast fan-out (resumes an interrupted one).
    for (const jobs of root.jobs) jobs.start();
    const ext = external;
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        // Stop accepting, let in-flight requests finish, then close what is left and the pool.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
        await closed;
        clearTimeout(timer);
        for (const jobs of [...root.jobs].reverse()) await jobs.stop(); // the outbox worker last: it drains its sends in flight
        await ext.close();
        await stopBackups();
        await database.close();
        logger.info('shutdown complete');
      })());
    return {
      url,
      port,
      config,
      database,
      logger,
      clock,
      coreBaseUrl: external.coreBaseUrl,
      emulators: external.emulators,
      wechat: root.wechat.service,
      loanJobs: root.loanJobs.service,
      coreSubmitter: root.business.service.coreSubmitter,
      sessionCache: root.sessions.cache,
      stop,
    };
  } catch (err) {
    await external?.close().catch(() => undefined);
    await closeBackups?.().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw err;
  }
}

/** The start banner's word on the core: which one answers members' figures, and where. */
function coreDescription(config: Config, baseUrl: string | undefined): string {
  if (config.CORE_MODE === 'builtin') return 'built-in (the product’s own tables)';
  return `external 核心业务系统 at ${baseUrl}${config.APP_MODE === 'sandbox' && !config.CORE_BASE_URL ? '   (sandbox: the core emulator, in-process)' : ''}`;
}

async function runFromCommandLine(): Promise<void> {
  let running: RunningServer;
  try {
    running = await start();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof DataDirInUseError) {
      process.stderr.write(`not started: ${err.message}\n`);
      process.exit(3);
    }
    if (err instanceof DatabaseUrlError || err instanceof PortInUseError) {
      process.stderr.write(`not started: ${err.message}\n`);
      process.exit(err instanceof PortInUseError ? 4 : 2);
    }
    throw err;
  }
  const { url, config, logger } = running;
  process.stdout.write(
    [
      '',
      `  住房公积金 member platform is running (${config.APP_MODE} mode, database: ${running.database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL'})`,
      `  staff console: ${url}/console/${config.APP_MODE === 'sandbox' ? `   (demo staff: admin, chushen, fushen, zhongshen, bianji, kefu — password ${DEMO_STAFF_PASSWORD})` : ''}`,
      `  core:          ${coreDescription(config, running.coreBaseUrl)}`,
      `  health:        ${url}/healthz`,
      `  API document:  ${url}/api/openapi.json`,
      `  calculator:    curl -s -X POST ${url}/api/public/tools/loan-calculator -H 'content-type: application/json' -d '{"method":"equal-installment","principalFen":25000000,"months":360,"annualRatePercent":3.25}'`,
      `  demo members:  see README.md ("Demo identities"); business clock: ${running.clock.today()}${running.clock.shifted ? ' (CLOCK_AT)' : ''}`,
      ...(running.emulators.tencentCloud
        ? [`  SMS inbox:     ${running.emulators.tencentCloud.url}/__control/sms?phone=<phone>   (sandbox: the codes the emulated SMS carried)`]
        : []),
      '',
    ].join('\n'),
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runFromCommandLine().catch((err) => {
    process.stderr.write(`start failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
