/**
 * The WeChat person to bind at login / registration (H6: one member across the official account and the
 * mini-program), proven the only way the server accepts (issue 15): the code of `wx.login()`, which the server
 * exchanges with WeChat (jscode2session) for the openid and unionid. The mini-program never sends an openid.
 * Develop builds send nothing: they talk to the local sandbox, whose WeChat emulator cannot know the codes
 * DevTools hands out; without a code login works the same, only unbound.
 */
import { envVersion } from '../config/env'

export async function wechatProof(): Promise<{ mpCode: string } | undefined> {
  if (envVersion() === 'develop') return undefined
  try {
    const { code } = await new Promise<WechatMiniprogram.LoginSuccessCallbackResult>((resolve, reject) => wx.login({ success: resolve, fail: reject }))
    return code ? { mpCode: code } : undefined
  } catch (err) {
    console.warn('wx.login failed; continuing without WeChat binding', err)
    return undefined
  }
}
