'use strict'
/**
 * The login cloud function with a mocked wx-server-sdk: what WeChat puts in the call's context (OPENID, APPID,
 * UNIONID) comes back for binding; no UNIONID (the mini-program is not on the same Open Platform account) → null.
 */
const test = require('node:test')
const assert = require('node:assert/strict')
const { loadWithSdk } = require('../test-support.cjs')

test('returns the caller’s openid, appid and unionid from the WeChat context', async () => {
  const { fn, sdk } = loadWithSdk(__dirname, { context: { OPENID: 'oMP_openid_1', APPID: 'wx1234567890abcdef', UNIONID: 'oUNION_1' } })
  assert.deepEqual(await fn.main({}, {}), { openid: 'oMP_openid_1', appid: 'wx1234567890abcdef', unionid: 'oUNION_1' })
  assert.deepEqual(sdk.inits, [{ env: sdk.DYNAMIC_CURRENT_ENV }], 'initialised once for the current environment')
})

test('unionid is null when WeChat gives none', async () => {
  const { fn } = loadWithSdk(__dirname, { context: { OPENID: 'oMP_openid_2', APPID: 'wx1234567890abcdef' } })
  assert.deepEqual(await fn.main({}, {}), { openid: 'oMP_openid_2', appid: 'wx1234567890abcdef', unionid: null })
})
