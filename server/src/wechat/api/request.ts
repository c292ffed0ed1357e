/**
 * The one request helper every WeChat API area (menu, template, subscribe, user, custom) goes through, over
 * co-wechat-api's client (its URL prefixes, httpx transport and json-bigint parsing): it adds the shared
 * access_token, retries once with a fresh token on 40001 / 42001, and turns every failure into a
 * `WeChatApiError` carrying the errcode (none when WeChat never answered).
 */
import type API from 'co-wechat-api';

/** Where the access_token comes from (wechat/api/token.ts keeps it in the database for every instance). */
export interface AccessTokenSource {
  current(): Promise<string>;
  /** A new token after WeChat refused `rejected` (40001 / 42001). */
  refresh(rejected: string): Promise<string>;
}

/** Errcodes worth trying again later: system busy, rate limits; `undefined` means no answer (network, timeout, HTTP 5xx). */
const RETRYABLE = new Set([-1, 45009, 45011, 45047]);
const TOKEN_REFUSED = new Set([40001, 42001]);

export class WeChatApiError extends Error {
  constructor(
    /** WeChat's errcode; undefined when there was no WeChat answer at all. */
    readonly errcode: number | undefined,
    message: string,
    /** The API path, e.g. "message/template/send". */
    readonly api: string,
  ) {
    super(message);
    this.name = 'WeChatApiError';
  }

  get retryable(): boolean {
    return this.errcode === undefined || RETRYABLE.has(this.errcode);
  }
}

interface CallOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string>;
  /** Base prefix to use instead of cgi-bin/ (e.g. the wxa/ prefix). */
  prefix?: 'cgi-bin' | 'wxa';
}

/** Calls `cgi-bin/<path>` (POST JSON when a body is given) and resolves with WeChat's JSON answer. */
export type WeChatCall = <T = Record<string, unknown>>(path: string, body?: object, opts?: CallOptions) => Promise<T>;

export function createCall(api: API, tokens: AccessTokenSource): WeChatCall {
  return async function call<T>(path: string, body?: object, opts: CallOptions = {}): Promise<T> {
    const prefix = opts.prefix === 'wxa' ? api.wxaPrefix : api.prefix;
    const send = (token: string) => {
      const url = new URL(`${prefix}${path}`);
      url.searchParams.set('access_token', token);
      for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
      const method = opts.method ?? (body === undefined ? 'GET' : 'POST');
      const request: API.RequestOptions =
        method === 'POST' ? { method, data: JSON.stringify(body ?? {}), headers: { 'Content-Type': 'application/json' } } : { method };
      // retry = 0: co-wechat-api's own 40001 retry would drop the token for every instance; ours is below.
      return api.request<T>(url.toString(), request, 0);
    };
    let token = await tokens.current();
    try {
      return await send(token);
    } catch (err) {
      if (errcodeOf(err) === undefined || !TOKEN_REFUSED.has(errcodeOf(err)!)) throw wrap(err, path);
      token = await tokens.refresh(token);
      try {
        return await send(token);
      } catch (again) {
        throw wrap(again, path);
      }
    }
  };
}

function errcodeOf(err: unknown): number | undefined {
  const e = err as { name?: string; code?: unknown };
  return e?.name === 'WeChatAPIError' && typeof e.code === 'number' ? e.code : undefined;
}

/** co-wechat-api errors carry the errcode in `code`; httpx and socket errors carry none. Messages hold no secrets. */
export function wrap(err: unknown, path: string): WeChatApiError {
  if (err instanceof WeChatApiError) return err;
  const e = err as Error & { code?: unknown };
  const errcode = errcodeOf(err);
  // co-wechat-api puts the full URL (with the access_token) into HTTP-status errors: keep only the status.
  const message = errcode !== undefined ? e.message : (e.message ?? String(err)).replace(/access_token=[^&\s,]+/g, 'access_token=…');
  return new WeChatApiError(errcode, `${path}: ${message}`, path);
}
