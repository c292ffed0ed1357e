import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { DomainError } from '../shared/errors.js';
import { readJsonBody } from './body.js';
import type { OpenApiRegistry, RouteDoc } from './openapi.js';

z.config(z.locales.zhCN());

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

interface RouteSpec<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType | undefined,
> extends Omit<RouteDoc, 'params' | 'query' | 'body' | 'response'> {
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  bodyLimitBytes?: number;
  /** The success status: 201 for a route that creates. */
  status?: 200 | 201;
}

interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: Context;
}

/**
 * Defines a JSON route: inputs parsed with zod (400 VALIDATION_FAILED naming the field on failure), the
 * handler's result sent as JSON, the route documented in OpenAPI from the same schemas.
 */
export function defineRoute<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType | undefined,
>(
  router: Router,
  registry: OpenApiRegistry,
  spec: RouteSpec<P, Q, B, R>,
  handler: (input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>) => Promise<R extends z.ZodType ? z.input<R> : unknown>,
): void {
  const { bodyLimitBytes, status, ...doc } = spec;
  registry.add((status ? { ...doc, status } : doc) as RouteDoc);
  router[spec.method](spec.path, async (ctx: Context) => {
    const params = parseInput(spec.params, ctx.params, '路径参数');
    const query = parseInput(spec.query, ctx.query, '查询参数');
    const body = spec.body ? parseInput(spec.body, await readJsonBody(ctx, bodyLimitBytes), '请求内容') : undefined;
    const result = await handler({ params, query, body, ctx } as RouteInput<Infer<P>, Infer<Q>, Infer<B>>);
    ctx.status = status ?? 200;
    ctx.body = spec.response ? spec.response.parse(result) : result;
  });
}

/** Parses a request's params, query or body: 400 VALIDATION_FAILED naming the field on failure (routes outside defineRoute too). */
export function parseInput<T extends z.ZodType | undefined>(schema: T, value: unknown, where: string): Infer<T> {
  if (!schema) return undefined as Infer<T>;
  const r = schema.safeParse(value);
  if (r.success) return r.data as Infer<T>;
  throw validationFailed(r.error, where);
}

/** A zod failure as the member or staff member reads it: the first issue in Chinese, every issue in details. */
export function validationFailed(error: z.ZodError, where: string): DomainError {
  const first = error.issues[0];
  const field = first?.path.join('.') ?? '';
  return new DomainError('VALIDATION_FAILED', `${where}有误${field ? `（${field}）` : ''}${first ? `：${first.message}` : ''}`, 400, {
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
