/**
 * The WeChat person to bind at login / registration (H6: one member across the official account and the
 * mini-program): the `login` cloud function returns the openid and unionid WeChat vouches for. Without cloud
 * development (tourist appid, tests) there is nothing to bind and login works the same.
 */
interface LoginResult {
  openid?: string
  unionid?: string | null
}

export async function wechatIds(): Promise<{ mpOpenid: string; unionid?: string } | undefined> {
  const app = typeof getApp === 'function' ? getApp<{ globalData: { cloudReady?: boolean } }>() : undefined
  if (!app || !app.globalData || !app.globalData.cloudReady || !wx.cloud) return undefined
  try {
    const res = await wx.cloud.callFunction({ name: 'login' })
    const r = (res.result || {}) as LoginResult
    if (!r.openid) return undefined
    return { mpOpenid: r.openid, ...(r.unionid ? { unionid: r.unionid } : {}) }
  } catch (err) {
    console.warn('login cloud function failed; continuing without WeChat binding', err)
    return undefined
  }
}
