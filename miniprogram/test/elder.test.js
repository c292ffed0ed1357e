/** K1 长辈模式 and screen-reader labels. */
const fs = require('fs')
const path = require('path')
const { ROOT, renderPage, closePages, settle, text } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { loginAs, logoutLocally } = require('./support/session')
const { reset, calls } = require('./support/wx')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
  global.wx.removeStorageSync('hpf.elder')
})

it('enlarges type everywhere and keeps the four things older members do most on 我的', async () => {
  await loginAs('luQingyi')
  const mine = renderPage('pages/mine/index/index')
  await settle()
  expect(mine.data.elder).toBe(false)
  await mine.instance.onElder({ detail: { value: true } })
  await settle()
  expect(global.wx.getStorageSync('hpf.elder')).toBe(true)
  expect(mine.data.pageStyle).toContain('--fs-md:38rpx')
  expect(mine.data.pageStyle).toContain('--td-font-size-base:36rpx')
  expect(mine.data.elderTiles.map((t) => t.title)).toEqual(['查余额', '查明细', '查贷款', '打电话'])
  const t = text(mine)
  expect(t).toContain('查余额')
  expect(t).not.toContain('还款计划')
  snapshot(mine, 'elder-mine', { tabBar: 0 })
  mine.instance.onTile({ detail: { key: 'call' } })
  expect(calls('makePhoneCall')).toEqual([expect.objectContaining({ phoneNumber: '12329' })])

  // any page opened afterwards is in 长辈模式 too
  const fund = renderPage('pages/mine/account/fund/index')
  await settle()
  expect(fund.data.elder).toBe(true)
  expect(fund.data.pageStyle).toContain('--fs-xxl:72rpx')
  snapshot(fund, 'elder-fund')

  await mine.instance.onElder({ detail: { value: false } })
  expect(mine.data.pageStyle).toBe('')
})

/** Every tag of every WXML file we wrote, with its attributes. */
function tags() {
  const out = []
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.wxml')) {
        const src = fs.readFileSync(p, 'utf8').replace(/<!--[\s\S]*?-->/g, '')
        for (const m of src.matchAll(/<([a-z][\w-]*)(\s[^>]*?)?\/?>/g)) out.push({ file: path.relative(ROOT, p), tag: m[1], attrs: m[2] || '' })
      }
    }
  }
  for (const d of ['pages', 'components', 'custom-tab-bar']) walk(path.join(ROOT, d))
  return out
}

it('labels every control for screen readers (aria-label on everything tappable and every input)', () => {
  const missing = tags()
    .filter((t) => /\b(bindtap|bind:tap|catchtap)=/.test(t.attrs) || t.tag === 'input' || t.tag === 'textarea' || t.tag === 't-switch')
    .filter((t) => !/\baria-label=/.test(t.attrs))
    .map((t) => `${t.file}: <${t.tag}${t.attrs.slice(0, 60)}…>`)
  expect(missing).toEqual([])
})

it('hides decorative images from screen readers', () => {
  const unlabelled = tags()
    .filter((t) => t.tag === 'image' && !/aria-hidden|aria-label/.test(t.attrs))
    .map((t) => t.file)
  expect(unlabelled).toEqual([])
})
