'use strict'
/**
 * The login cloud function with a mocked wx-server-sdk: it answers which app it is, and never the caller's openid or
 * unionid (the server takes those only from WeChat, through the wx.login code: issue 15).
 */
const test = require('node:test')
const assert = require('node:assert/strict')
const { loadWithSdk } = require('../test-support.cjs')

test('answers the appid only, never the ids WeChat put in the call’s context', async () => {
  const { fn, sdk } = loadWithSdk(__dirname, { context: { OPENID: 'oMP_openid_1', APPID: 'wx1234567890abcdef', UNIONID: 'oUNION_1' } })
  const result = await fn.main({}, {})
  assert.deepEqual(result, { appid: 'wx1234567890abcdef' })
  assert.ok(!JSON.stringify(result).includes('oMP_openid_1') && !JSON.stringify(result).includes('oUNION_1'))
  assert.deepEqual(sdk.inits, [{ env: sdk.DYNAMIC_CURRENT_ENV }], 'initialised once for the current environment')
})
