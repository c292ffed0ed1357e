'use strict'

const cloud = require('wx-server-sdk')

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

/** msgSecCheck v2 scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
const SCENES = [1, 2, 3, 4]
const DEFAULT_SCENE = 2
/** msgSecCheck accepts at most 2500 characters per call. */
const MAX_CHARS = 2500
const SEVERITY = { pass: 0, review: 1, risky: 2 }

function chunks(text) {
  const chars = Array.from(text)
  const out = []
  for (let i = 0; i < chars.length; i += MAX_CHARS) out.push(chars.slice(i, i + MAX_CHARS).join(''))
  return out
}

/**
 * Checks user text with WeChat's content security API (msgSecCheck, version 2).
 * event: { content: string, scene?: 1|2|3|4, openid?: string }. The caller's own openid is used when the
 * mini-program calls; event.openid only serves callers without one (the server through the HTTP API).
 * @returns {Promise<{ ok: boolean, suggest: 'pass' | 'review' | 'risky', label?: number }>}
 */
exports.main = async (event) => {
  const content = event && typeof event.content === 'string' ? event.content : ''
  if (content.trim() === '') throw new Error('contentCheck: content must be a non-empty string')
  const scene = SCENES.includes(event.scene) ? event.scene : DEFAULT_SCENE
  const openid = cloud.getWXContext().OPENID || event.openid
  if (!openid) throw new Error('contentCheck: no openid (call from the mini-program or pass event.openid)')

  let worst = { suggest: 'pass', label: 100 }
  for (const part of chunks(content)) {
    const res = await cloud.openapi.security.msgSecCheck({ content: part, version: 2, scene, openid })
    const result = (res && res.result) || {}
    const suggest = result.suggest in SEVERITY ? result.suggest : 'review'
    if (SEVERITY[suggest] > SEVERITY[worst.suggest]) worst = { suggest, label: result.label }
    if (worst.suggest === 'risky') break
  }

  if (worst.suggest === 'pass') return { ok: true, suggest: 'pass' }
  return { ok: false, suggest: worst.suggest, label: worst.label }
}
