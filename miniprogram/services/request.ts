/**
 * The one way the mini-program talks to the server. Adds the session token, turns every non-2xx answer into an
 * ApiError carrying the server's `{ code, message }`, shows that Chinese message (toast for a short one, a dialog
 * for a long one) unless the page shows it inline (`silent`), and sends the member to the login page when the
 * session has ended, remembering where to come back to. Nothing fails silently.
 */
import { apiBase } from '../config/env'
import type { ApiBody, ApiErrorBody, ApiMethod, ApiParams, ApiPath, ApiQuery, ApiResponse } from '../types/api'
import { toLogin } from '../utils/nav'
import { clearSession, getToken } from './session'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export class ApiError extends Error {
  /** True once the member has been told (toast, dialog, inline message or the login page). */
  shown = false
  /** What the server added to `{ code, message }`, e.g. the open application's serialNo. */
  details?: Record<string, unknown>
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface CallOptions {
  /** The page shows the error itself (inline); the promise still rejects with the server's message. */
  silent?: boolean
  /** wx.showLoading title while the request runs. */
  loading?: string
  /** Extra headers, e.g. Idempotency-Key. */
  header?: Record<string, string>
}

export interface RequestOptions extends CallOptions {
  method?: HttpMethod
  path: string
  query?: Record<string, unknown>
  body?: unknown
}

const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试'

/** Member routes need a session; everything else is public. */
export const requiresLogin = (path: string): boolean => path.startsWith('/api/me/') || path === '/api/me'

export function queryString(query?: Record<string, unknown>): string {
  if (!query) return ''
  const parts = Object.keys(query)
    .filter((k) => query[k] !== undefined && query[k] !== null && query[k] !== '')
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(query[k]))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export function absoluteUrl(pathWithQuery: string): string {
  return /^https?:\/\//.test(pathWithQuery) ? pathWithQuery : apiBase() + pathWithQuery
}

export function authHeader(): Record<string, string> {
  const token = getToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

function header(res: { header?: Record<string, string> }, name: string): string | undefined {
  const h = res.header || {}
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase())
  return key ? h[key] : undefined
}

/** The message to show for any failure. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message
  if (err && typeof err === 'object' && 'errMsg' in err) return NETWORK_MESSAGE
  return '操作未成功，请稍后再试'
}

/**
 * Loads what a page shows into its data: `loading` while it comes, the failure's message in `error` (the page's
 * state-view offers 重试), never a silent failure.
 */
export async function loadInto(page: { setData(data: Record<string, unknown>): void }, fetch: () => Promise<Record<string, unknown>>): Promise<void> {
  page.setData({ loading: true, error: '' })
  try {
    page.setData(await fetch())
  } catch (err) {
    page.setData({ error: errorMessage(err) })
  } finally {
    page.setData({ loading: false })
  }
}

/** Shows the failure: a toast when it fits, a dialog when it is long (the manuals' messages often are). */
export function showError(err: unknown): void {
  const message = errorMessage(err)
  if (message.length <= 16) void wx.showToast({ title: message, icon: 'none', duration: 2500 })
  else void wx.showModal({ title: '提示', content: message, showCancel: false, confirmText: '我知道了' })
  if (err instanceof ApiError) err.shown = true
}

/** For catch blocks: tells the member unless they have been told already. */
export function report(err: unknown): void {
  if (err instanceof ApiError && err.shown) return
  if (!(err instanceof ApiError)) console.error(err)
  showError(err)
}

/** An answer the server sent as an error: its `{ code, message }`, or a plain message for gateways' HTML pages. */
export function errorFromResponse(status: number, data: unknown, requestId?: string): ApiError {
  let body: Partial<ApiErrorBody> | null = null
  if (data && typeof data === 'object') body = data as Partial<ApiErrorBody>
  else if (typeof data === 'string') {
    try {
      body = JSON.parse(data) as Partial<ApiErrorBody>
    } catch {
      body = null
    }
  }
  if (body && typeof body.message === 'string' && body.message) {
    const err = new ApiError(body.code || `HTTP_${status}`, body.message, status, body.requestId || requestId)
    const details = (body as { details?: unknown }).details
    if (details && typeof details === 'object') err.details = details as Record<string, unknown>
    return err
  }
  const fallback = status >= 500 ? `服务暂时不可用，请稍后再试${requestId ? `（请求号 ${requestId.slice(0, 8)}）` : ''}` : `请求未成功（${status}）`
  return new ApiError(`HTTP_${status}`, fallback, status, requestId)
}

/** The session has ended: forget it and open the login page, which brings the member back here. */
export function sessionEnded(message: string): ApiError {
  clearSession()
  toLogin()
  const err = new ApiError('UNAUTHENTICATED', message, 401)
  err.shown = true
  return err
}

export function request<T>(opts: RequestOptions): Promise<T> {
  const method = opts.method || 'GET'
  const needsLogin = requiresLogin(opts.path)
  const auth = authHeader()
  if (needsLogin && !auth.Authorization) return Promise.reject(sessionEnded('请先登录'))
  if (opts.loading) void wx.showLoading({ title: opts.loading, mask: true })
  // wx.request cannot send PATCH: it goes as POST with X-HTTP-Method-Override, which the server must honour.
  const override = method === 'PATCH' ? { 'X-HTTP-Method-Override': 'PATCH' } : {}
  return new Promise<T>((resolve, reject) => {
    wx.request({
      url: absoluteUrl(opts.path + queryString(opts.query)),
      method: method === 'PATCH' ? 'POST' : method,
      data: opts.body === undefined ? undefined : (opts.body as WechatMiniprogram.IAnyObject),
      header: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.header, ...override, ...auth },
      dataType: 'json',
      success: (res) => {
        if (opts.loading) void wx.hideLoading()
        if (res.statusCode >= 200 && res.statusCode < 300) {
          resolve(res.data as T)
          return
        }
        const err = errorFromResponse(res.statusCode, res.data, header(res, 'x-request-id'))
        if (res.statusCode === 401 && auth.Authorization) {
          // Only the first request to find the session gone tells the member (the others see no token any more).
          if (getToken()) void wx.showToast({ title: err.message || '登录已失效，请重新登录', icon: 'none' })
          reject(sessionEnded(err.message))
          return
        }
        if (!opts.silent) showError(err)
        reject(err)
      },
      fail: () => {
        if (opts.loading) void wx.hideLoading()
        const err = new ApiError('NETWORK', NETWORK_MESSAGE, 0)
        if (!opts.silent) showError(err)
        reject(err)
      },
    })
  })
}

type Lower = 'get' | 'post' | 'put' | 'patch' | 'delete'

export type CallArgs<P extends ApiPath, M extends ApiMethod<P>> = CallOptions & {
  params?: ApiParams<P, M>
  query?: ApiQuery<P, M>
  body?: ApiBody<P, M>
}

/** Fills `{name}` in an OpenAPI path. */
export function fillPath(path: string, params?: Record<string, unknown>): string {
  return path.replace(/\{(\w+)\}/g, (_all, name: string) => {
    const value = params ? params[name] : undefined
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name} for ${path}`)
    return encodeURIComponent(String(value))
  })
}

/** A typed call of one route of the OpenAPI document: `api('get', '/api/me/ledger', { query: { year } })`. */
export function api<P extends ApiPath, M extends ApiMethod<P> & Lower>(method: M, path: P, args: CallArgs<P, M> = {}): Promise<ApiResponse<P, M>> {
  return request<ApiResponse<P, M>>({
    method: method.toUpperCase() as HttpMethod,
    path: fillPath(path, args.params as Record<string, unknown> | undefined),
    query: args.query as Record<string, unknown> | undefined,
    body: args.body,
    silent: args.silent,
    loading: args.loading,
    header: args.header,
  })
}
