/** Every shared component, rendered alone: what it shows and the events it sends. */
const { renderComponent, closePages, settle, fire, simulate } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { reset, calls } = require('./support/wx')
const { drawPie, shares } = require('../utils/pie')

afterEach(() => {
  closePages()
  reset()
})

const text = (c) => c.dom.textContent.replace(/\s+/g, ' ').trim()
function listen(comp, name) {
  const got = []
  comp.addEventListener(name, (e) => got.push(e.detail))
  return got
}

it('state-view: loading, failure with retry, empty', async () => {
  const c = renderComponent('components/state-view/index', { loading: true })
  expect(text(c)).toBe('加载中…')
  c.setData({ loading: false, error: '服务暂时不可用，请稍后再试' })
  await settle()
  expect(text(c)).toContain('服务暂时不可用，请稍后再试')
  const retries = listen(c, 'retry')
  await fire(c, '.state__retry', 'tap')
  expect(retries).toHaveLength(1)
  c.setData({ error: '', empty: true, emptyText: '您暂无逾期还款记录' })
  await settle()
  expect(text(c)).toBe('您暂无逾期还款记录')
})

it('field-list: label / value rows and the title action', async () => {
  const c = renderComponent('components/field-list/index', {
    title: '个人信息',
    extra: '修改',
    fields: [
      { label: '学历', value: '大专' },
      { label: '职业', value: '国家公务员', strong: true },
    ],
  })
  expect(text(c)).toBe('个人信息修改学历大专职业国家公务员')
  const got = listen(c, 'extra')
  await fire(c, '.fields__extra', 'tap')
  expect(got).toHaveLength(1)
})

it('nav-list: opens the row’s page, or tells which row was tapped', async () => {
  const c = renderComponent('components/nav-list/index', {
    items: [
      { key: 'a', title: '安全设置', url: '/pages/mine/security/index/index', badge: 3 },
      { key: 'b', title: '退出' },
    ],
  })
  expect(text(c)).toContain('3')
  const got = listen(c, 'select')
  const rows = c.querySelectorAll('.nav__row')
  rows[0].dispatchEvent('tap')
  rows[1].dispatchEvent('tap')
  await simulate.sleep(5)
  expect(calls('navigateTo')).toEqual([expect.objectContaining({ url: '/pages/mine/security/index/index' })])
  expect(got).toEqual([{ key: 'b' }])
})

it('tile-grid: tab pages by switchTab, others by navigateTo, and a greyed tile', async () => {
  const c = renderComponent('components/tile-grid/index', {
    tiles: [
      { key: 'x', title: '政策业务', icon: 'book', url: '/pages/policy/index/index' },
      { key: 'y', title: '缴存明细', icon: 'ledger', url: '/pages/mine/account/ledger/index', badge: 2 },
      { key: 'z', title: '离退休提取', icon: 'withdraw', disabled: true },
    ],
  })
  const tiles = c.querySelectorAll('.tile')
  tiles[0].dispatchEvent('tap')
  tiles[1].dispatchEvent('tap')
  await simulate.sleep(5)
  expect(calls('switchTab')).toEqual([expect.objectContaining({ url: '/pages/policy/index/index' })])
  expect(calls('navigateTo')).toEqual([expect.objectContaining({ url: '/pages/mine/account/ledger/index' })])
  expect(tiles[2].dom.getAttribute('class')).toContain('tile--disabled')
})

it('year-switcher: sends the year of the arrow, and no arrow past the last year', async () => {
  const c = renderComponent('components/year-switcher/index', { year: 2017, previous: 2016, next: null })
  const got = listen(c, 'change')
  await fire(c, '#previous', 'tap')
  await fire(c, '#next', 'tap')
  expect(got).toEqual([{ year: 2016 }])
  expect(c.querySelector('#next').dom.getAttribute('class')).toContain('switcher__arrow--off')
})

it('sms-button: counts down from the cooldown and will not send meanwhile', async () => {
  const c = renderComponent('components/sms-button/index', { text: '免费获取验证码' })
  const got = listen(c, 'send')
  await fire(c, '.sms', 'tap')
  expect(got).toHaveLength(1)
  c.setData({ cooldownUntil: Date.now() + 60000 })
  await settle()
  expect(text(c)).toBe('60秒后重发')
  await fire(c, '.sms', 'tap')
  expect(got).toHaveLength(1)
  c.detach()
})

it('password-hints: ticks off the login password rules and the business password rule', async () => {
  const c = renderComponent('components/password-hints/index', { value: 'Hpf@2026demo', kind: 'login' })
  await settle()
  expect(c.data.hints.every((h) => h.ok)).toBe(true)
  c.setData({ value: '12345', kind: 'business' })
  await settle()
  expect(c.data.hints).toEqual([{ text: '6位数字', ok: false }])
})

it('pie-chart: legend with shares that add up to 100 %, drawn by the shared drawing code', async () => {
  const c = renderComponent('components/pie-chart/index', {})
  c.setData({
    slices: [
      { label: '贷款本金', value: 25000000, color: '#0052d9' },
      { label: '支付利息', value: 14168569, color: '#ff9f43' },
    ],
  })
  await settle()
  expect(text(c)).toBe('贷款本金250,000.00元63.8%支付利息141,685.69元36.2%')
  expect(shares([{ value: 1 }, { value: 1 }, { value: 1 }])).toEqual([33.3, 33.3, 33.4])
  const ops = []
  const ctx = new Proxy({}, { get: (_t, k) => (k in ctx2 ? ctx2[k] : (...a) => ops.push([k, ...a])), set: () => true })
  const ctx2 = {}
  drawPie(ctx, 260, 260, c.data.slices, '本金占比')
  expect(ops.filter((o) => o[0] === 'arc')).toHaveLength(3)
  expect(ops.find((o) => o[0] === 'fillText')[1]).toBe('63.8%')
  snapshot(c, 'component-pie-chart', { height: 320 })
})

it('check-line: toggles', async () => {
  const c = renderComponent('components/check-line/index', { label: '自动登录' })
  const got = listen(c, 'change')
  await fire(c, '.check', 'tap')
  expect(got).toEqual([{ checked: true }])
})

it('search-bar: searches on the button and on clearing', async () => {
  const c = renderComponent('components/search-bar/index', {})
  const got = listen(c, 'search')
  await fire(c, '#search-input', 'input', { value: ' 提取 ' })
  await fire(c, '#search-button', 'tap')
  await fire(c, '.search__clear', 'tap')
  expect(got).toEqual([{ value: '提取' }, { value: '' }])
})

it('contract-picker: switches contract', async () => {
  const c = renderComponent('components/contract-picker/index', { contracts: ['A001', 'B002'], current: 'A001' })
  const got = listen(c, 'change')
  const chips = c.querySelectorAll('.picker__chip')
  chips[0].dispatchEvent('tap')
  chips[1].dispatchEvent('tap')
  await simulate.sleep(5)
  expect(got).toEqual([{ contractNo: 'B002' }])
})

it('custom tab bar: switches tab and marks the current one', async () => {
  const c = renderComponent('custom-tab-bar/index', {})
  c.setData({ selected: 1 })
  await settle()
  const items = c.querySelectorAll('.bar__item')
  expect(c.querySelectorAll('.bar__text--on').map((t) => t.dom.textContent)).toEqual(['政策业务'])
  items[2].dispatchEvent('tap')
  items[1].dispatchEvent('tap')
  await simulate.sleep(5)
  expect(calls('switchTab')).toEqual([expect.objectContaining({ url: '/pages/interaction/index/index' })])
})

it('photo-grid: categories with the red * on required ones, + while there is room, tap to remove or preview', async () => {
  const categories = [
    { key: 'idFront', label: '身份证（正面）', required: true, max: 2 },
    { key: 'other', label: '其他材料', required: false, max: 4 },
  ]
  const photos = [
    { id: 7, category: 'idFront', src: '' },
    { id: 8, category: 'idFront', src: '/tmp/p.jpg' },
  ]
  const c = renderComponent('components/photo-grid/index', { categories, photos, editable: true })
  await settle()
  expect(text(c)).toContain('*身份证（正面）2/2')
  expect(c.querySelector('#add-idFront')).toBeFalsy()
  const adds = listen(c, 'add')
  await fire(c, '#add-other', 'tap')
  expect(adds).toEqual([{ category: 'other' }])
  const removes = listen(c, 'remove')
  await fire(c, '.pg__cell', 'tap')
  expect(removes).toEqual([{ id: 7 }])
  c.setData({ editable: false })
  await settle()
  expect(c.querySelector('#add-other')).toBeFalsy()
  expect(text(c)).toContain('未上传')
  const previews = listen(c, 'preview')
  await fire(c, '.pg__cell', 'tap')
  expect(previews).toEqual([{ id: 7 }])
})

it('identity-confirm: asks for six digits before calling the server, and cancels', async () => {
  const c = renderComponent('components/identity-confirm/index', {
    show: true,
    purpose: 'withdrawal.propertyFee',
    reference: '20261126000001',
    subject: '物业费提取',
  })
  await settle()
  expect(text(c)).toContain('身份确认')
  expect(text(c)).toContain('物业费提取')
  await fire(c, '#a9-password', 'input', { value: '12' })
  await c.instance.onConfirmPassword()
  expect(c.querySelector('#a9-error').dom.textContent).toBe('请输入6位数字业务密码')
  await fire(c, '#a9-mode-face', 'tap')
  expect(text(c)).toContain('开始人脸认证')
  const cancels = listen(c, 'cancel')
  await fire(c, '#a9-cancel', 'tap')
  expect(cancels).toHaveLength(1)
  c.setData({ show: false })
  await settle()
  expect(text(c)).toBe('')
})
