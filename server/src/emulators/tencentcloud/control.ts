/**
 * The emulator's own control surface, in-process (`TencentCloudControl`) and over HTTP under `/__control/` for the demo
 * and the command line. This is the one place that shows full phone numbers and message parameters (the codes a
 * member would read on their phone); it is not part of Tencent Cloud's API and never runs in production.
 *
 *   GET  /__control/sms?phone=139…          → { phone, messages: SentSms[] } newest first
 *   POST /__control/faceid/:bizToken         { result: pass|fail|other-person|expired, idCard?, name?, sim? }
 *   POST /__control/fail                     { action?, count?, code?, message? }  next N calls fail
 *   POST /__control/fail-rate                { rate, code? }
 *   POST /__control/clock                    { advanceSeconds } | { epochMs }  (business clock only)
 *   POST /__control/reset
 *   GET  /__faceid/h5?token=…                a stand-in for the FaceID H5 page (the `Url` of DetectAuth)
 */
import Router from '@koa/router';
import { z } from 'zod';
import { readJsonObject, readRawBody } from './body.js';
import { FACE_RESULTS, type FaceIdEmulator, type FaceOutcome, type FaceResult } from './faceid.js';
import type { FailNext, Faults } from './faults.js';
import type { SentSms, SmsEmulator } from './sms.js';

export interface TencentCloudControl {
  /** Messages sent to a phone (11 digits or +86…), newest first. */
  sms(phone: string): SentSms[];
  /** Decides the outcome of the user's face verification for a BizToken. */
  setFaceResult(bizToken: string, result: FaceResult, overrides?: Omit<FaceOutcome, 'result'>): void;
  failNext(f: FailNext): void;
  setFailRate(rate: number, code?: 'InternalError' | 'RequestLimitExceeded' | string): void;
  /** Moves the business clock (BizToken lifetimes, SMS frequency windows); signatures keep the real clock. */
  advanceTime(seconds: number): void;
  setTime(epochMs: number): void;
  now(): number;
  reset(): void;
}

export function createControl(parts: {
  faceid: FaceIdEmulator;
  sms: SmsEmulator;
  faults: Faults;
  /** Offset of the business clock from the real one. */
  clock: { offsetMs: number };
}): TencentCloudControl {
  const { clock } = parts;
  const control: TencentCloudControl = {
    sms: (phone) => parts.sms.messagesTo(phone),
    setFaceResult: (bizToken, result, overrides) => parts.faceid.setResult(bizToken, { ...overrides, result }),
    failNext: (f) => parts.faults.failNext(f),
    setFailRate: (rate, code) => parts.faults.setFailRate(rate, code),
    advanceTime: (seconds) => {
      clock.offsetMs += seconds * 1000;
    },
    setTime: (epochMs) => {
      clock.offsetMs = epochMs - Date.now();
    },
    now: () => Date.now() + clock.offsetMs,
    reset: () => {
      parts.sms.reset();
      parts.faceid.reset();
      parts.faults.reset();
      clock.offsetMs = 0;
    },
  };
  return control;
}

const faceSchema = z.object({
  result: z.enum(FACE_RESULTS),
  idCard: z.string().optional(),
  name: z.string().optional(),
  sim: z
    .string()
    .regex(/^\d{1,3}(\.\d+)?$/)
    .optional(),
});
const failSchema = z.object({
  action: z.string().optional(),
  count: z.number().int().positive().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});
const rateSchema = z.object({ rate: z.number().min(0).max(1), code: z.string().optional() });
const clockSchema = z.union([z.object({ advanceSeconds: z.number() }), z.object({ epochMs: z.number() })]);

export function controlRouter(control: TencentCloudControl, faceid: FaceIdEmulator): Router {
  const router = new Router();

  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      ctx.status = 400;
      ctx.body = { error: err instanceof Error ? err.message : 'bad request' };
    }
  });

  router.get('/__control/sms', (ctx) => {
    const phone = typeof ctx.query.phone === 'string' ? ctx.query.phone : '';
    if (!phone) throw new Error('query parameter `phone` is required');
    ctx.body = { phone, messages: control.sms(phone) };
  });

  router.post('/__control/faceid/:bizToken', async (ctx) => {
    const body = faceSchema.parse(await readJsonObject(ctx.req));
    const { result, ...overrides } = body;
    control.setFaceResult(ctx.params.bizToken ?? '', result, overrides);
    ctx.body = { ok: true };
  });

  router.post('/__control/fail', async (ctx) => {
    control.failNext(failSchema.parse(await readJsonObject(ctx.req)));
    ctx.body = { ok: true };
  });

  router.post('/__control/fail-rate', async (ctx) => {
    const { rate, code } = rateSchema.parse(await readJsonObject(ctx.req));
    control.setFailRate(rate, code);
    ctx.body = { ok: true };
  });

  router.post('/__control/clock', async (ctx) => {
    const body = clockSchema.parse(await readJsonObject(ctx.req));
    if ('advanceSeconds' in body) control.advanceTime(body.advanceSeconds);
    else control.setTime(body.epochMs);
    ctx.body = { ok: true, now: new Date(control.now()).toISOString() };
  });

  router.post('/__control/reset', (ctx) => {
    control.reset();
    ctx.body = { ok: true };
  });

  // Stand-in for the H5 verification page: pick an outcome, then go back to RedirectUrl with ?token= like FaceID.
  router.get('/__faceid/h5', (ctx) => {
    const token = String(ctx.query.token ?? '');
    if (!faceid.session(token)) throw new Error('unknown BizToken');
    const buttons = FACE_RESULTS.map((r) => `<button name="result" value="${r}">${r}</button>`).join(' ');
    ctx.type = 'html';
    ctx.body = `<!doctype html><meta charset="utf-8"><title>人脸核身（模拟）</title><h1>人脸核身（模拟）</h1>
<form method="post" action="/__faceid/h5/finish"><input type="hidden" name="token" value="${token}">${buttons}</form>`;
  });

  router.post('/__faceid/h5/finish', async (ctx) => {
    const form = new URLSearchParams((await readRawBody(ctx.req, 64 * 1024)).toString('utf8'));
    const token = form.get('token') ?? '';
    const result = faceSchema.shape.result.parse(form.get('result'));
    control.setFaceResult(token, result);
    const redirectUrl = faceid.session(token)?.redirectUrl;
    if (!redirectUrl) {
      ctx.type = 'html';
      ctx.body = '<!doctype html><meta charset="utf-8"><p>核身流程已结束。</p>';
      return;
    }
    const target = new URL(redirectUrl);
    target.searchParams.set('token', token);
    ctx.redirect(target.toString());
  });

  return router;
}
