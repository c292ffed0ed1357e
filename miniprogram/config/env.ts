/**
 * Where the API lives for each mini-program version (wx.getAccountInfoSync().miniProgram.envVersion).
 * trial and release are the center's https domains, which must also be listed under 小程序后台 → 开发管理 →
 * 服务器域名 (request 合法域名 and downloadFile 合法域名).
 */
export type EnvVersion = 'develop' | 'trial' | 'release'

export const API_BASE: Readonly<Record<EnvVersion, string>> = {
  develop: 'http://127.0.0.1:3000',
  trial: 'https://hpf-trial.example.cn',
  release: 'https://hpf.example.cn',
}

/** Develop builds only: a storage key that points the app at another server (a phone on the LAN, a test server). */
export const API_BASE_OVERRIDE_KEY = 'hpf.apiBase'

export function envVersion(): EnvVersion {
  try {
    const v = wx.getAccountInfoSync().miniProgram.envVersion
    return v === 'trial' || v === 'release' ? v : 'develop'
  } catch {
    return 'develop'
  }
}

export function apiBase(): string {
  const env = envVersion()
  if (env === 'develop') {
    const override = wx.getStorageSync(API_BASE_OVERRIDE_KEY)
    if (typeof override === 'string' && override) return override.replace(/\/+$/, '')
  }
  return API_BASE[env]
}
