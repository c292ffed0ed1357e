/**
 * The console's only door to the server: /api/staff/… under the staff session cookie (HttpOnly, shared by every tab),
 * changes with the session's CSRF token, errors as ApiError({code, message}).
 */
import { reactive } from 'vue';
import type { ApiPath, ApiMethod, ApiResponse } from './api-types';

/** What a staff route answers, from the server's OpenAPI document (src/api-types.ts, `npm run gen:types --workspace server`). */
export type Answer<P extends ApiPath, M extends ApiMethod<P>> = ApiResponse<P, M>;

export interface Staff {
  id: number;
  username: string;
  name: string;
  role: string;
  nodes: string[];
}
export interface MenuItem {
  key: string;
  label: string;
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const session = reactive({
  staff: null as Staff | null,
  menu: [] as MenuItem[],
  /** The session's X-CSRF-Token (from the login or GET /api/staff/meta); the session itself is an HttpOnly cookie. */
  csrf: '',
  /** The server said the session is gone while a page was open: the page stays as it is and asks for the password. */
  expired: false,
});

const SAFE = new Set(['GET', 'HEAD']);

async function request(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (!SAFE.has(method) && session.csrf) headers['x-csrf-token'] = session.csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  if (res.ok) return res;
  const err = (await res.json().catch(() => null)) as { code?: string; message?: string; details?: Record<string, unknown> } | null;
  if (res.status === 401 && path !== '/api/staff/login' && session.staff) {
    session.expired = true;
    throw new ApiError(401, err?.code ?? 'STAFF_UNAUTHENTICATED', '登录已失效，请重新登录后再操作；您填写的内容已保留');
  }
  throw new ApiError(res.status, err?.code ?? 'HTTP_' + res.status, err?.message ?? `请求失败（${res.status}）`, err?.details);
}

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await request(path, init);
  return (res.status === 204 ? null : await res.json()) as T;
}

export const post = <T = unknown>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });

/** An authenticated image (application photos) as an object URL for <img>; the caller revokes it. */
export async function blobUrl(path: string): Promise<string> {
  const res = await request(path);
  return URL.createObjectURL(await res.blob());
}

export function query(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Navigation by role (the server's staff/roles.ts), used only when GET /api/staff/meta does not answer. */
const MENU: Record<string, MenuItem[]> = {
  reviewer: [{ key: 'review', label: '业务审批' }],
  'content-editor': [
    { key: 'content', label: '内容管理' },
    { key: 'broadcasts', label: '消息群发' },
  ],
  'service-agent': [
    { key: 'complaints', label: '投诉建议' },
    { key: 'community', label: '互动社区' },
  ],
};
MENU.admin = [
  ...MENU.reviewer!,
  ...MENU['content-editor']!,
  ...MENU['service-agent']!,
  { key: 'stats', label: '统计分析' },
  { key: 'audit', label: '操作日志' },
  { key: 'staff-users', label: '人员管理' },
];
export const menuForRole = (role: string): MenuItem[] => MENU[role] ?? [];

/** Who is logged in and what they may open: /api/staff/meta when the server has it, else /api/staff/me and the role. */
export async function loadSession(): Promise<void> {
  try {
    const meta = await api<Answer<'/api/staff/meta', 'get'>>('/api/staff/meta');
    session.staff = meta.staff;
    session.menu = meta.menu;
    session.csrf = meta.csrfToken ?? '';
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
    const me = await api<Answer<'/api/staff/me', 'get'>>('/api/staff/me');
    session.staff = me;
    session.menu = menuForRole(me.role);
  }
}

/** Logs in (the server sets the session cookie) and loads who it is. */
/** `challenge`: the answer to the 安全验证 question the server asks after repeated wrong passwords. */
export async function signIn(username: string, password: string, challenge?: { id: string; answer: string }): Promise<void> {
  const r = await post<Answer<'/api/staff/login', 'post'>>('/api/staff/login', { username, password, ...(challenge ? { challenge } : {}) });
  session.csrf = r.csrfToken;
  session.expired = false;
  await loadSession();
}

export async function logout(): Promise<void> {
  await post('/api/staff/logout').catch(() => undefined);
  session.staff = null;
  session.menu = [];
  session.csrf = '';
}
