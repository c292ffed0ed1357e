'use strict'

const cloud = require('wx-server-sdk')

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

/**
 * Tells the mini-program that cloud development answers, and which app it is — and nothing about who the caller is.
 * The server accepts a WeChat user only as WeChat vouches for them (issue 15): the mini-program sends the code of
 * `wx.login()` and the server asks WeChat (jscode2session). An openid or unionid handed on from here would reach
 * the server over a channel it cannot check, so none leaves this function.
 * @returns {Promise<{ appid: string }>}
 */
exports.main = async () => {
  const { APPID } = cloud.getWXContext()
  return { appid: APPID }
}
