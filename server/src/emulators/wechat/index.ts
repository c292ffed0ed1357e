/**
 * An in-memory emulator of the WeChat servers for tests, the demo and the bench: the API endpoints
 * we call (token, stable_token, menu, template, subscribe and customer-service send, user info, jscode2session,
 * msg_sec_check) with their real paths, shapes and errcodes, and the push side that delivers
 * signed (and in safe mode encrypted) messages to our webhook. Point co-wechat-api at `url`.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import { createControl, type WeChatEmulatorControl } from './control.js';
import { faultsAndLog, readBody, type EmuState } from './http.js';
import { registerControlRoutes } from './routes-control.js';
import { registerMenuRoutes } from './routes-menu.js';
import { registerCustomMessageRoute, registerMessageRoutes } from './routes-message.js';
import { registerUrlLinkRoutes } from './routes-link.js';
import { registerSecurityRoutes } from './routes-security.js';
import { registerTokenRoutes } from './routes-token.js';
import { registerOAuthAuthorizePage, registerUserRoutes } from './routes-user.js';
import { DEFAULT_QUOTAS, EmulatorState, type QuotaName } from './state.js';
import { Webhooks, type AppWebhook } from './webhooks.js';

export interface WeChatEmulatorOptions {
  /** 0 (default) picks a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  /** appid → secret; the first app is the default for control calls. */
  apps?: Record<string, string>;
  /** access_token lifetime (7200 s on WeChat). */
  tokenTtlSeconds?: number;
  /** How long a cgi-bin/token token keeps working after a newer one is issued (documented: 5 min). */
  oldTokenGraceSeconds?: number;
  /** Share of API calls answered with a random system error from `failRateErrcodes`. */
  failRate?: number;
  failRateErrcodes?: number[];
  /** Seed of the PRNG behind failRate. */
  seed?: number;
  /** Daily quotas; exceeding one answers 45009. */
  quotas?: Partial<Record<QuotaName, number>>;
  /** Template ids known to every app (official-account template messages). */
  templateIds?: string[];
  /** Subscribe-message template ids known to every app (mini-program). */
  subscribeTemplateIds?: string[];
  /** msg_sec_check: word → label for "risky", and words that make text "review". */
  riskyWords?: Record<string, number>;
  reviewWords?: string[];
  /** appid → webhook the push side delivers to. */
  webhooks?: Record<string, AppWebhook>;
  /** Push timing: WeChat waits 5 s and retries 3 times; tests shorten both. */
  push?: { timeoutMs?: number; maxRetries?: number; retryDelaysMs?: number[] };
  /** Delay before TEMPLATESENDJOBFINISH is pushed. */
  templateJobDelayMs?: number;
  /** 19-digit msgids past 2^53 as WeChat sends them (default), or small ones. */
  largeMsgIds?: boolean;
}

export interface WeChatEmulator {
  url: string;
  port: number;
  control: WeChatEmulatorControl;
  close(): Promise<void>;
}

export const DEFAULT_APPS: Readonly<Record<string, string>> = {
  wx5e7a1c0d9b3f2a61: 'emulator-secret-official-account00',
  wx9c4d2e8f1a7b3c05: 'emulator-secret-mini-program000000',
};

/** Words a 公积金 platform actually has to stop: fraud offers and gambling. */
const DEFAULT_RISKY_WORDS: Readonly<Record<string, number>> = { 代办提取: 20008, 套取公积金: 20008, 赌博: 20006 };
/** Text WeChat would pass to a person (suggest "review"): talk of going around the counter. */
const DEFAULT_REVIEW_WORDS: readonly string[] = ['内部渠道'];

export async function startWeChatEmulator(opts: WeChatEmulatorOptions = {}): Promise<WeChatEmulator> {
  const state = new EmulatorState({
    apps: opts.apps ?? { ...DEFAULT_APPS },
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200,
    oldTokenGraceSeconds: opts.oldTokenGraceSeconds ?? 300,
    quotas: { ...DEFAULT_QUOTAS, ...opts.quotas },
    templateIds: opts.templateIds ?? [],
    subscribeTemplateIds: opts.subscribeTemplateIds ?? [],
    failRate: opts.failRate ?? 0,
    failRateErrcodes: opts.failRateErrcodes ?? [-1, 45009],
    seed: opts.seed ?? 20240601,
    largeMsgIds: opts.largeMsgIds ?? true,
  });
  const webhooks = new Webhooks(
    { timeoutMs: opts.push?.timeoutMs ?? 5000, maxRetries: opts.push?.maxRetries ?? 3, retryDelaysMs: opts.push?.retryDelaysMs ?? [0] },
    opts.webhooks,
  );
  const control = createControl(state, webhooks);

  const app = new Koa<EmuState>();
  const router = new Router<EmuState>();
  registerTokenRoutes(router, state);
  registerMenuRoutes(router, state);
  registerMessageRoutes(router, { state, webhooks, templateJobDelayMs: opts.templateJobDelayMs ?? 20 });
  registerCustomMessageRoute(router, state);
  registerUserRoutes(router, state);
  registerOAuthAuthorizePage(router, state, (u) => control.issueOAuthCode(u));
  registerSecurityRoutes(router, state, { risky: { ...(opts.riskyWords ?? DEFAULT_RISKY_WORDS) }, review: [...(opts.reviewWords ?? DEFAULT_REVIEW_WORDS)] });
  registerUrlLinkRoutes(router, state);
  registerControlRoutes(router, control);
  app.use(readBody());
  app.use(faultsAndLog(state));
  app.use(router.routes());
  app.use(router.allowedMethods());

  const server: Server = createServer(app.callback());
  // WeChat's servers keep an idle connection open longer than Node's default 5 s; so does the server (main.ts): a
  // client's pooled connection is not closed under it between a test's steps.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    control,
    async close() {
      webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // clients keep-alive (co-wechat-api's agent does), close would wait
      });
    },
  };
}

export { buildEvent, buildTextMessage, serializePush, type EventInput } from './messages.js';
export { pushToWebhook, WebhookPushError, type PushResult } from './push.js';
export type { WeChatEmulatorControl } from './control.js';
export type { CallRecord, SentMessage } from './state.js';
