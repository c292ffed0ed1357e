'use strict'

const cloud = require('wx-server-sdk')

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

/**
 * Returns the caller's identity as WeChat vouches for it.
 * unionid is null when the mini-program is not bound to the same Open Platform account as the official account.
 * @returns {Promise<{ openid: string, appid: string, unionid: string | null }>}
 */
exports.main = async () => {
  const { OPENID, APPID, UNIONID } = cloud.getWXContext()
  return { openid: OPENID, appid: APPID, unionid: UNIONID || null }
}
