/** Issue 18.6: the fields the manuals show — 启缴年月, 单位账号, 贷款编号, 贷款类型, 是否对冲, 冻结金额, 上次提取日期 — on the pages. */
const { renderPage, closePages, settle, text } = require('./support/render')
const { loginAs, logoutLocally } = require('./support/session')
const { reset } = require('./support/wx')
const { request } = require('../services/request')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

it('shows 启缴年月 and 单位账号 on the fund account (003 4.2 (2))', async () => {
  await loginAs('luQingyi')
  const a = await request({ method: 'GET', path: '/api/me/account', silent: true })
  const page = renderPage('pages/mine/account/fund/index')
  await settle()
  const [y, m] = [a.firstPaidMonth.slice(0, 4), Number(a.firstPaidMonth.slice(4))]
  expect(text(page)).toContain(`启缴年月${y}年${m}月`)
  expect(text(page)).toContain('单位账号150101329')
})

it('shows 贷款编号, 贷款类型 and 是否对冲 on the loan (000 (三), 003 4.2 (3))', async () => {
  await loginAs('luQingyi')
  const page = renderPage('pages/mine/loans/list/index')
  await settle()
  const field = (label) => page.data.cards[0].fields.find((f) => f.label === label).value
  expect([field('贷款编号'), field('贷款类型'), field('是否对冲')]).toEqual(['丽公积金贷字2014第0165号', '公积金贷款', '否'])
})

it('opens a withdrawal with 个人账户余额, 冻结金额 and 上次提取日期 (002, 003 5.2.1.4)', async () => {
  await loginAs('zhangJian')
  const d = await request({ method: 'GET', path: '/api/me/withdrawals/propertyFee', silent: true })
  const page = renderPage('pages/mine/business/apply/index', { kind: 'propertyFee' })
  await settle()
  const labels = page.data.facts.map((f) => f.label)
  expect(labels.slice(0, 3)).toEqual(['个人账户余额', '冻结金额', '上次提取日期'])
  expect(labels.filter((l) => l === '上次提取日期')).toHaveLength(1)
  expect(page.data.facts[1].value).toBe(`${(d.account.frozenFen / 100).toFixed(2)}元`)
  expect(page.data.facts[2].value).toBe(d.account.lastWithdrawalOn || '无')
  expect(text(page)).toContain('冻结金额')
})
