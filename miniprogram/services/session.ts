/**
 * The member's session token, kept with wx.setStorageSync. Without 自动登录 (A8) the token lives only while the
 * mini-program runs: app.ts forgets it at launch, so the member logs in again next time (001 1.1).
 */
const KEY = 'hpf.session'

export interface Session {
  token: string
  /** ISO 8601 */
  expiresAt: string
  autoLogin: boolean
}

type Listener = (session: Session | null) => void
const listeners: Listener[] = []

export function getSession(): Session | null {
  const s = wx.getStorageSync(KEY) as Session | ''
  if (!s || typeof s !== 'object' || !s.token) return null
  if (Date.parse(s.expiresAt) <= Date.now()) {
    wx.removeStorageSync(KEY)
    return null
  }
  return s
}

export function getToken(): string | null {
  return getSession()?.token ?? null
}

export function isLoggedIn(): boolean {
  return getSession() !== null
}

export function saveSession(token: string, expiresAt: string, autoLogin: boolean): void {
  const session: Session = { token, expiresAt, autoLogin }
  wx.setStorageSync(KEY, session)
  listeners.forEach((l) => l(session))
}

export function setAutoLogin(autoLogin: boolean, expiresAt?: string): void {
  const s = getSession()
  if (s) saveSession(s.token, expiresAt ?? s.expiresAt, autoLogin)
}

export function clearSession(): void {
  wx.removeStorageSync(KEY)
  listeners.forEach((l) => l(null))
}

/** Called at launch: a session without 自动登录 does not outlive the previous run. */
export function forgetUnlessAutoLogin(): void {
  const s = getSession()
  if (s && !s.autoLogin) clearSession()
}

export function onSessionChange(listener: Listener): () => void {
  listeners.push(listener)
  return () => {
    const i = listeners.indexOf(listener)
    if (i >= 0) listeners.splice(i, 1)
  }
}
