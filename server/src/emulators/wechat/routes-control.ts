/**
 * The control API over HTTP, for the demo and for processes that cannot reach the in-process
 * object (the bench, scripts/wx). Not part of WeChat: everything lives under /__control/.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import type { WeChatEmulatorControl } from './control.js';
import type { Ctx, EmuState } from './http.js';
import { WebhookPushError } from './push.js';
import type { SentMessage } from './state.js';

const appid = z.string().min(1).optional();
const schemas = {
  follower: z.object({
    appid,
    openid: z.string().min(1),
    unionid: z.string().optional(),
    follows: z.boolean().optional(),
    blocksTemplates: z.boolean().optional(),
  }),
  following: z.object({ appid, openid: z.string().min(1), follows: z.boolean() }),
  jsCode: z.object({ appid, openid: z.string().min(1), unionid: z.string().optional() }),
  oauthCode: z.object({ appid, openid: z.string().min(1), unionid: z.string().optional(), scope: z.enum(['snsapi_base', 'snsapi_userinfo']).optional() }),
  subscription: z.object({ appid, openid: z.string().min(1), templateId: z.string().min(1), times: z.number().int().positive().optional() }),
  template: z.object({ templateId: z.string().min(1), kind: z.enum(['template', 'subscribe']).optional() }),
  failure: z.object({
    path: z.string().startsWith('/'),
    errcode: z.number().int(),
    times: z.number().int().positive().optional(),
    errmsg: z.string().optional(),
    delayMs: z.number().int().nonnegative().optional(),
  }),
  failRate: z.object({ rate: z.number().min(0).max(1), errcodes: z.array(z.number().int()).optional() }),
  latency: z.object({ path: z.string().startsWith('/'), ms: z.number().int().nonnegative().max(120_000) }),
  app: z.object({ appid }),
  clock: z.object({ seconds: z.number() }),
  webhook: z.object({
    webhookUrl: z.url(),
    token: z.string().min(1),
    encodingAESKey: z.string().length(43).optional(),
    mode: z.enum(['plain', 'safe']),
    originalId: z.string().optional(),
  }),
  push: z.object({ appid, message: z.string().min(1) }),
  pushRaw: z.object({ appid, openid: z.string().min(1), body: z.string() }),
};

function parse<T>(ctx: Ctx, schema: z.ZodType<T>): T | undefined {
  const result = schema.safeParse(JSON.parse(ctx.state.rawBody || '{}'));
  if (result.success) return result.data;
  ctx.status = 400;
  ctx.body = { error: z.prettifyError(result.error) };
  return undefined;
}

/** Drops undefined members so optional inputs stay absent rather than present-but-undefined. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

type Handler = (ctx: Ctx) => unknown;

export function registerControlRoutes(router: Router<EmuState>, control: WeChatEmulatorControl): void {
  // Each body-taking route: validate, act, answer { ok: true } unless the action returns something.
  const post = <T extends object>(path: string, schema: z.ZodType<T>, act: (input: T) => unknown): void => {
    router.post(
      `/__control${path}`,
      guard(async (ctx) => {
        const input = parse(ctx, schema);
        if (input === undefined) return;
        const result = await act(defined(input));
        ctx.body = result === undefined ? { ok: true } : result;
      }),
    );
  };

  post('/followers', schemas.follower, (f) => control.addFollower(f));
  post('/following', schemas.following, (f) => control.setFollowing(f.openid, f.follows, f.appid));
  post('/js-codes', schemas.jsCode, (u) => ({ code: control.issueJsCode(u) }));
  post('/oauth-codes', schemas.oauthCode, (u) => ({ code: control.issueOAuthCode(u) }));
  post('/subscriptions', schemas.subscription, (s) => control.grantSubscription(s));
  post('/templates', schemas.template, (t) => control.addTemplate(t.templateId, t.kind));
  post('/failures', schemas.failure, (f) => control.failNext(f));
  post('/fail-rate', schemas.failRate, (f) => control.setFailRate(f.rate, f.errcodes));
  post('/latency', schemas.latency, (l) => control.setLatency(l.path, l.ms));
  post('/tokens/expire', schemas.app, (a) => ({ count: control.expireTokens(a.appid) }));
  post('/tokens/invalidate', schemas.app, (a) => ({ count: control.invalidateTokens(a.appid) }));
  post('/clock/advance', schemas.clock, (c) => control.advanceClock(c.seconds));
  post('/push', schemas.push, (p) => control.push(p.message, p.appid));
  post('/push-raw', schemas.pushRaw, (p) => control.pushRaw(p.body, { openid: p.openid, ...(p.appid ? { appid: p.appid } : {}) }));
  post('/verify-url', schemas.app, (a) => control.verifyServerUrl(a.appid));
  post('/settle', z.object({}), () => control.settle());
  post('/reset', z.object({}), () => control.reset());

  router.put(
    '/__control/webhooks/:appid',
    guard((ctx) => {
      const target = parse(ctx, schemas.webhook);
      if (!target) return;
      control.setWebhook(String(ctx.params['appid']), defined(target));
      ctx.body = { ok: true };
    }),
  );
  router.delete(
    '/__control/webhooks/:appid',
    guard((ctx) => {
      control.setWebhook(String(ctx.params['appid']), null);
      ctx.body = { ok: true };
    }),
  );

  router.get(
    '/__control/messages',
    guard((ctx) => {
      const q = (k: string) => (typeof ctx.query[k] === 'string' ? (ctx.query[k] as string) : undefined);
      const k = q('kind');
      const kind: SentMessage['kind'] | undefined = k === 'template' || k === 'subscribe' || k === 'custom' ? k : undefined;
      ctx.body = { messages: control.sentMessages(defined({ kind, appid: q('appid'), touser: q('touser') })) };
    }),
  );
  router.get(
    '/__control/calls',
    guard((ctx) => {
      const path = typeof ctx.query['path'] === 'string' ? ctx.query['path'] : undefined;
      const errcode = typeof ctx.query['errcode'] === 'string' ? Number(ctx.query['errcode']) : undefined;
      ctx.body = { calls: control.calls(defined({ path, errcode })) };
    }),
  );
  router.get(
    '/__control/push-log',
    guard((ctx) => {
      ctx.body = { pushes: control.pushLog() };
    }),
  );
}

/** Control mistakes (unknown appid, bad JSON) are 400s; a failed push is a 502 carrying WeChat's view. */
function guard(handler: Handler): (ctx: Ctx) => Promise<void> {
  return async (ctx) => {
    try {
      await handler(ctx);
    } catch (err) {
      if (err instanceof WebhookPushError) {
        ctx.status = 502;
        ctx.body = { error: err.message, attempts: err.attempts, status: err.status, memberSees: err.memberSees };
        return;
      }
      ctx.status = 400;
      ctx.body = { error: (err as Error).message };
    }
  };
}
