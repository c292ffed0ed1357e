import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../shared/logger.js';
import { ZodError } from 'zod';
import { DomainError } from '../shared/errors.js';
import { validationFailed } from './route.js';
import { isConnectionError } from '../db/errors.js';

declare module 'koa' {
  interface DefaultState {
    requestId: string;
    log: Logger;
  }
}

/** Request id from X-Request-Id when it is sane, otherwise a new one; echoed back; a child logger carries it. */
export function requestContext(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The query as parsed (decoded): the logger masks ID numbers and phones in every spelling and redacts secrets by key.
      const query = ctx.querystring ? { query: ctx.query } : {};
      ctx.state.log.info({ method: ctx.method, path: ctx.path, ...query, status: ctx.status, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  };
}

export const DATABASE_UNAVAILABLE_MESSAGE = '数据库暂时无法访问，请稍后再试';

/** Turns every error into `{ code, message }` with the right status; internals never reach the caller. */
export function errorHandler() {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new DomainError('NOT_FOUND', '请求的地址不存在', 404);
      }
    } catch (caught) {
      // A schema parsed outside parseInput is still the caller's mistake, never a 500.
      const err = caught instanceof ZodError ? validationFailed(caught, '请求参数') : caught;
      if (err instanceof DomainError) {
        ctx.status = err.status;
        ctx.body = { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
        // 429s (SMS and login limits) and lock-outs say when to come back.
        const retryAfter = err.details?.['retryAfterSeconds'];
        if (typeof retryAfter === 'number' && retryAfter > 0) ctx.set('Retry-After', String(Math.ceil(retryAfter)));
        if (err.status >= 500) ctx.state.log.error({ err }, 'domain error');
        return;
      }
      const status = (err as { status?: number; expose?: boolean }).status;
      if (status && status >= 400 && status < 500 && (err as { expose?: boolean }).expose) {
        ctx.status = status;
        ctx.body = { code: 'BAD_REQUEST', message: '请求有误' };
        return;
      }
      if (isConnectionError(err)) {
        // The database went away (terminated connection, restart, failover): the transaction did not commit or its
        // outcome is unknown to us; the caller may try again once it is back.
        ctx.state.log.warn({ err }, 'database unavailable');
        ctx.status = 503;
        ctx.set('Retry-After', '5');
        ctx.body = { code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE };
        return;
      }
      ctx.state.log.error({ err }, 'unhandled error');
      ctx.status = 500;
      ctx.body = {
        code: 'INTERNAL_ERROR',
        message: `系统繁忙，请稍后再试（请求编号 ${ctx.state.requestId}）`,
        requestId: ctx.state.requestId,
      };
    }
  };
}

/**
 * A NUL character is never part of a member's or staff member's input, and PostgreSQL refuses it in text (which
 * would surface as a 500): a URL holding one (%00 in the path or the query) is a 400 before any route sees it.
 */
export function refuseNulInUrl() {
  return async (ctx: Context, next: Next) => {
    if (/%00|\0/i.test(ctx.url)) throw new DomainError('VALIDATION_FAILED', '请求地址含有不允许的字符（NUL）', 400);
    await next();
  };
}

const OVERRIDABLE = new Set(['PATCH', 'PUT', 'DELETE']);

/**
 * wx.request cannot send PATCH (its methods are GET, POST, PUT, DELETE, HEAD, OPTIONS, TRACE, CONNECT), so the
 * mini-program sends POST with `X-HTTP-Method-Override: PATCH`. Only POST may be overridden, only to these methods.
 */
export function methodOverride() {
  return async (ctx: Context, next: Next) => {
    const wanted = ctx.get('x-http-method-override').toUpperCase();
    if (ctx.method === 'POST' && OVERRIDABLE.has(wanted)) ctx.method = wanted;
    await next();
  };
}
