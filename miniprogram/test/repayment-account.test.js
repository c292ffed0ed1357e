/**
 * D5 还款银行账户变更 (001 二) from the member's phone: 张瑞霞 opens it from her loan card, binds a card of her own
 * name, picks it, confirms with her business password (a wrong one first) and sees the new account; a settled loan
 * says why it cannot be changed. Against the real server.
 */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { DEMO_BUSINESS_PASSWORD, loginAs, logoutLocally } = require('./support/session')
const { reset, calls, messages } = require('./support/wx')
const { request } = require('../services/request')
const { luhn } = require('./support/cards')

const CONTRACT = '01201702090019'

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

it('the borrower moves the deduction to her own bound card after A9', async () => {
  await loginAs('zhangRuixia')
  const loans = renderPage('pages/mine/loans/list/index')
  await settle()
  await fire(loans, '#repayment-account-0', 'tap')
  expect(calls('navigateTo').pop().url).toBe(`/pages/mine/loans/repayment-account/index?contractNo=${CONTRACT}`)

  let page = renderPage('pages/mine/loans/repayment-account/index', { contractNo: CONTRACT })
  await settle()
  expect(text(page)).toContain('中国工商银行')
  expect(text(page)).toContain('您还没有绑定本人名下的银行卡')
  await fire(page, '#bind-card', 'tap')
  expect(calls('navigateTo').pop().url).toBe('/pages/mine/business/cards/index')

  const cardNo = luhn('621700287003330001')
  await request({ method: 'POST', path: '/api/me/bank-cards', body: { bankCode: 'CCB', cardNo, holderName: '张瑞霞' }, silent: true })
  closePages()
  page = renderPage('pages/mine/loans/repayment-account/index', { contractNo: CONTRACT })
  await settle()
  const [card] = page.data.account.cards
  expect(card).toMatchObject({ bankName: '中国建设银行', current: false })
  expect(page.data.chosen).toBe(card.id)
  await fire(page, `#card-${card.id}`, 'tap')
  await fire(page, '#change', 'tap')
  expect(page.data.confirming).toBe(true)
  snapshot(page, 'flow-repayment-account-a9')

  const panel = page.querySelector('#a9')
  await fire(panel, '#a9-password', 'input', { value: '000000' })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(panel.querySelector('#a9-error').dom.textContent).toMatch(/业务密码/)
  expect(page.data.account.repaymentBank).toBe('中国工商银行')

  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(messages().pop()).toBe('还款账户已变更')
  expect(page.data.account.repaymentBank).toBe('中国建设银行')
  expect(page.data.account.repaymentAccountNoMasked.endsWith(cardNo.slice(-4))).toBe(true)
  expect(text(page)).toContain('变更记录')
  expect(text(page)).toContain('当前')
  snapshot(page, 'flow-repayment-account-done')

  // The loan card says so too.
  const after = renderPage('pages/mine/loans/list/index')
  await settle()
  expect(after.data.cards[0].account).toBe(`中国建设银行 ${cardNo.slice(-4)}`)
})

it('a settled loan cannot be changed, and the page says why', async () => {
  await loginAs('zhangJian')
  const page = renderPage('pages/mine/loans/repayment-account/index', { contractNo: '201505000000' })
  await settle()
  expect(page.querySelector('#reason').dom.textContent).toContain('该笔贷款已结清，无需变更还款账户')
  expect(page.querySelector('#change')).toBeFalsy()
})
