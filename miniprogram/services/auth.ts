/** A1–A4: registration, login by password or face, forgotten password, logout. */
import type { Applicant, LoginBody, RegistrationVerified, VerifyRegistrationBody } from '../types/index'
import { api, type CallOptions } from './request'
import { clearSession, saveSession } from './session'
import { wechatProof } from './wechat'

const loading = (text: string): CallOptions => ({ loading: text })

/** `challenge`: the answer to the 安全验证 the server asked for after repeated wrong passwords (issue 15). */
export async function loginWithPassword(account: string, password: string, autoLogin: boolean, challenge?: { id: string; answer: string }): Promise<void> {
  const body: LoginBody = { account: account.trim(), password, autoLogin }
  if (challenge) body.challenge = challenge
  const wechat = await wechatProof()
  if (wechat) body.wechat = wechat
  const s = await api('post', '/api/auth/login', { body, ...loading('正在登录') })
  saveSession(s.token, s.expiresAt, autoLogin)
}

export const startFaceLogin = (name: string, idNumber: string) =>
  api('post', '/api/auth/login/face/start', { body: { name: name.trim(), idNumber: idNumber.trim() }, ...loading('请稍候') })

export async function loginWithFace(bizToken: string, autoLogin: boolean, opts: CallOptions = {}): Promise<void> {
  const wechat = await wechatProof()
  const s = await api('post', '/api/auth/login/face', { body: { bizToken, autoLogin, ...(wechat ? { wechat } : {}) }, ...opts })
  saveSession(s.token, s.expiresAt, autoLogin)
}

export const sendRegistrationSms = (a: Applicant) => api('post', '/api/auth/register/sms', { body: a, ...loading('正在发送') })
export const startRegistrationFace = (a: Applicant) => api('post', '/api/auth/register/face', { body: a, ...loading('请稍候') })

/** What 绑定账户 hands to the password page (kept in memory only: the token is good for one use). */
export interface PendingRegistration extends RegistrationVerified {
  autoLogin: boolean
}
let pending: PendingRegistration | null = null
export const pendingRegistration = (): PendingRegistration | null => pending

export async function verifyRegistration(body: VerifyRegistrationBody, autoLogin: boolean, opts: CallOptions = {}): Promise<PendingRegistration> {
  const wechat = await wechatProof()
  const verified = await api('post', '/api/auth/register/verify', { body: { ...body, ...(wechat ? { wechat } : {}) }, loading: '正在核验', ...opts })
  pending = { ...verified, autoLogin }
  return pending
}

export async function completeRegistration(loginPassword: string, businessPassword: string): Promise<void> {
  if (!pending) throw new Error('no pending registration')
  const { registrationToken, autoLogin } = pending
  const s = await api('post', '/api/auth/register', { body: { registrationToken, loginPassword, businessPassword, autoLogin }, ...loading('正在注册') })
  pending = null
  saveSession(s.token, s.expiresAt, autoLogin)
}

export const verifyReset = (name: string, idNumber: string) =>
  api('post', '/api/auth/password-reset/verify', { body: { name: name.trim(), idNumber: idNumber.trim() }, ...loading('正在核验') })
export const sendResetSms = (name: string, idNumber: string) =>
  api('post', '/api/auth/password-reset/sms', { body: { name: name.trim(), idNumber: idNumber.trim() }, ...loading('正在发送') })
export const confirmReset = (name: string, idNumber: string, smsCode: string) =>
  api('post', '/api/auth/password-reset/confirm', { body: { name: name.trim(), idNumber: idNumber.trim(), smsCode }, ...loading('正在核验') })
export const resetPassword = (resetToken: string, newLoginPassword: string, newBusinessPassword?: string) =>
  api('post', '/api/auth/password-reset', {
    body: { resetToken, newLoginPassword, ...(newBusinessPassword ? { newBusinessPassword } : {}) },
    ...loading('正在提交'),
  })

export async function logout(): Promise<void> {
  try {
    await api('post', '/api/auth/logout', { silent: true })
  } finally {
    clearSession()
  }
}
