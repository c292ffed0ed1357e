/** A5–A8: passwords, phone, unbind, auto-login (/api/me/security). */
import { api } from './request'
import { clearSession, getSession, saveSession, setAutoLogin } from './session'

export const getSecurity = () => api('get', '/api/me/security', { silent: true })

export async function changeLoginPassword(oldPassword: string, newPassword: string, newBusinessPassword?: string): Promise<void> {
  const res = await api('post', '/api/me/security/login-password', {
    body: { oldPassword, newPassword, ...(newBusinessPassword ? { newBusinessPassword } : {}) },
    loading: '正在提交',
  })
  // Every old session ended; the answer carries the new one.
  if (res.token && res.expiresAt) saveSession(res.token, res.expiresAt, getSession()?.autoLogin ?? false)
}

export const changeBusinessPassword = (oldBusinessPassword: string, newBusinessPassword: string, newLoginPassword?: string) =>
  api('post', '/api/me/security/business-password', {
    body: { oldBusinessPassword, newBusinessPassword, ...(newLoginPassword ? { newLoginPassword } : {}) },
    loading: '正在提交',
  })

/** A10 (003 7.4.2): the 12329 voice-line / touch-screen password, set, changed or reset after A9. */
export const getHotlinePassword = () => api('get', '/api/me/security/hotline-password', { silent: true })
export const setHotlinePassword = (body: { oldPassword?: string; newPassword: string; confirmPassword: string; confirmationToken: string }) =>
  api('post', '/api/me/security/hotline-password', { body, loading: '正在提交' })

export const sendPhoneSms = (newPhone: string) => api('post', '/api/me/security/phone/sms', { body: { newPhone }, loading: '正在发送' })
export const changePhone = (newPhone: string, smsCode: string, businessPassword: string) =>
  api('post', '/api/me/security/phone', { body: { newPhone, smsCode, businessPassword }, loading: '正在提交' })

export const sendUnbindSms = () => api('post', '/api/me/security/unbind/sms', { loading: '正在发送' })
export async function unbind(smsCode: string): Promise<void> {
  await api('post', '/api/me/security/unbind', { body: { smsCode }, loading: '正在提交' })
  clearSession()
}

/** Turning 自动登录 on needs the login password (issue 15: not only the session token); off needs nothing. */
export async function switchAutoLogin(enabled: boolean, loginPassword?: string): Promise<void> {
  const res = await api('put', '/api/me/security/auto-login', { body: { enabled, ...(enabled && loginPassword !== undefined ? { loginPassword } : {}) } })
  setAutoLogin(res.autoLogin, res.expiresAt)
}
