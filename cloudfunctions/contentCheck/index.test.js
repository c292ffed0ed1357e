'use strict'
/**
 * The contentCheck cloud function with a mocked wx-server-sdk: msgSecCheck v2 with the caller's openid (or the one
 * passed by a server caller), the scene, long text in 2,500-character parts with the worst verdict winning, and
 * refusals for what it cannot check.
 */
const test = require('node:test')
const assert = require('node:assert/strict')
const { loadWithSdk } = require('../test-support.cjs')

const verdict = (suggest, label = 100) => ({ errcode: 0, errmsg: 'ok', result: { suggest, label } })

test('passes clean text, checked once with the caller’s openid and the comment scene', async () => {
  const { fn, sdk } = loadWithSdk(__dirname, { context: { OPENID: 'oMP_1' }, msgSecCheck: () => verdict('pass') })
  assert.deepEqual(await fn.main({ content: '物业费每年可以提取几次？' }), { ok: true, suggest: 'pass' })
  assert.deepEqual(sdk.secChecks, [{ content: '物业费每年可以提取几次？', version: 2, scene: 2, openid: 'oMP_1' }])
})

test('refuses risky text with WeChat’s label, and asks for review when WeChat is unsure', async () => {
  const risky = loadWithSdk(__dirname, { context: { OPENID: 'oMP_1' }, msgSecCheck: () => verdict('risky', 20001) })
  assert.deepEqual(await risky.fn.main({ content: '代办提取，收费500元', scene: 3 }), { ok: false, suggest: 'risky', label: 20001 })
  assert.equal(risky.sdk.secChecks[0].scene, 3, 'a known scene is kept')
  const review = loadWithSdk(__dirname, { context: { OPENID: 'oMP_1' }, msgSecCheck: () => verdict('review', 21000) })
  assert.deepEqual(await review.fn.main({ content: '有点拿不准的话', scene: 9 }), { ok: false, suggest: 'review', label: 21000 })
  assert.equal(review.sdk.secChecks[0].scene, 2, 'an unknown scene falls back to 2 (评论)')
})

test('checks long text in parts of 2,500 characters and stops at the first risky part', async () => {
  const answers = ['pass', 'risky', 'pass']
  const { fn, sdk } = loadWithSdk(__dirname, { context: { OPENID: 'oMP_1' }, msgSecCheck: () => verdict(answers.shift(), 20006) })
  const text = '甲'.repeat(2500) + '乙'.repeat(2500) + '丙'.repeat(100)
  assert.deepEqual(await fn.main({ content: text }), { ok: false, suggest: 'risky', label: 20006 })
  assert.deepEqual(
    sdk.secChecks.map((c) => Array.from(c.content).length),
    [2500, 2500],
  )
})

test('a server caller without a WeChat context passes the openid; no openid at all or no text is refused', async () => {
  const server = loadWithSdk(__dirname, { context: {}, msgSecCheck: () => verdict('pass') })
  assert.deepEqual(await server.fn.main({ content: '你好', openid: 'oMP_2' }), { ok: true, suggest: 'pass' })
  assert.equal(server.sdk.secChecks[0].openid, 'oMP_2')
  const nobody = loadWithSdk(__dirname, { context: {}, msgSecCheck: () => verdict('pass') })
  await assert.rejects(nobody.fn.main({ content: '你好' }), /no openid/)
  await assert.rejects(nobody.fn.main({ content: '   ' }), /non-empty string/)
  assert.equal(nobody.sdk.secChecks.length, 0)
})

test('an unknown suggestion from WeChat is treated as needing review, not as a pass', async () => {
  const { fn } = loadWithSdk(__dirname, { context: { OPENID: 'oMP_1' }, msgSecCheck: () => ({ errcode: 0, result: { suggest: 'maybe' } }) })
  const r = await fn.main({ content: '新的返回值' })
  assert.equal(r.ok, false)
  assert.equal(r.suggest, 'review')
})
