/**
 * D4 贷款申请 from the member's phone (004 1.3, 3.3): B8 opens the page, each change runs the server's trial (the
 * limits and why one fails), 下一步 makes the application with the repayment card, the application page takes the
 * materials and A9, and after the console's 受理 → 审批 → 签约 → 放款 the loan is in 我的贷款 and B8 shows it done.
 */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { DEMO_BUSINESS_PASSWORD, api, loginAs, logoutLocally, memberToken, staffToken } = require('./support/session')
const { reset, calls } = require('./support/wx')
const { luhn } = require('./support/cards')
const { yuan } = require('../utils/money')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

it('applies for a loan with the live trial, and the loan shows in 我的贷款 after 放款', async () => {
  // 高振华: 23,856.20 in his account, 47 years old, no fund loan (his loan is a commercial one).
  const member = api(await memberToken('gaoZhenhua'))
  if (!(await member('GET', '/api/me/bank-cards')).body.cards.length) {
    expect((await member('POST', '/api/me/bank-cards', { bankCode: 'ABC', cardNo: luhn('622848000000445566'), holderName: '高振华' })).status).toBe(200)
  }
  await loginAs('gaoZhenhua')
  const progress = renderPage('pages/mine/loans/progress/index')
  await settle()
  await fire(progress, '#loan-apply')
  expect(calls('navigateTo').pop().url).toBe('/pages/mine/loans/apply/index')

  const page = renderPage('pages/mine/loans/apply/index')
  await settle()
  expect(page.querySelector('#applicant').dom.textContent).toContain('23,856.20')
  expect(page.data.cards.length).toBeGreaterThan(0)
  await fire(page, '#address', 'input', { value: '丽江市古城区祥和街道文明社区8栋1单元602' })
  await fire(page, '#areaSqm', 'input', { value: '96.8' })
  await fire(page, '#priceYuan', 'input', { value: '600000' })
  await fire(page, '#incomeYuan', 'input', { value: '12000' })
  await fire(page, '#years', 'input', { value: '30' })
  await fire(page, '#amountYuan', 'input', { value: '400000' })
  await settle()
  // 23,856.20 × 15 = 357,843: 400,000 is too much; 47 + 30 > 70 — each said in Chinese, 下一步 stays off.
  expect(page.data.trialOk).toBe(false)
  const checks = page.querySelector('#checks').dom.textContent
  expect(checks).toContain('不符合')
  expect(checks).toContain('账户余额23,856.20元的15倍（357,843.00元）')
  expect(checks).toContain('最长23年')
  expect(page.querySelector('#hint').dom.textContent).toMatch(/不得超过/)

  await fire(page, '#years', 'input', { value: '20' })
  await fire(page, '#amountYuan', 'input', { value: '300000' })
  await fire(page, '#method-principal')
  await settle()
  expect(page.data.trialOk).toBe(true)
  const trial = Object.fromEntries(page.data.trial.map((f) => [f.label, f.value]))
  expect(trial['最高可贷额度']).toBe('357,843.00元')
  // 等额本金: 300,000 / 240 + the first month's interest at the 首套五年以上 rate.
  const rates = (await member('GET', '/api/public/tools/interest-rates')).body.current
  const rate = rates.find((r) => r.kind === 'loan_first_gt5').annualRatePercent
  expect(trial['贷款年利率']).toBe(`${rate}%`)
  expect(trial['首月还款额']).toBe(yuan(12_500_000 / 100 + Math.round((30_000_000 * rate) / 1200)))
  expect(page.querySelector('#hint').dom.textContent).toContain('符合中心的贷款条件')
  snapshot(page, 'flow-loan-apply-trial')

  await fire(page, '#next')
  await settle()
  const serialNo = /serialNo=(\d+)/.exec(calls('navigateTo').pop().url)[1]
  const app = renderPage('pages/mine/business/application/index', { serialNo })
  await settle()
  expect(app.data.app).toMatchObject({
    kind: 'loanApplication',
    status: 'draft',
    form: { amountFen: 30000000, months: 240, method: 'equal-principal', secondHome: false },
  })
  for (const category of ['idCard', 'marriage', 'purchaseContract', 'incomeProof']) {
    await app.instance.onAddPhoto({ detail: { category } })
    await settle()
  }
  await app.instance.onSubmit()
  await settle()
  const panel = app.querySelector('#a9')
  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(app.data.app.status).toBe('in_review')
  expect(app.data.app.currentNodeLabel).toBe('受理')

  // The console: four people, one node each.
  for (const who of ['chushen', 'fushen', 'zhongshen', 'fangkuan']) {
    const staff = api(await staffToken(who))
    await staff('POST', `/api/staff/applications/${serialNo}/claim`)
    expect((await staff('POST', `/api/staff/applications/${serialNo}/approve`, {})).status).toBe(200)
  }
  const b8 = renderPage('pages/mine/loans/progress/index')
  await settle()
  const card = b8.data.cards.find((c) => c.key === serialNo)
  expect(card.finished).toBe(true)
  expect(card.nodes.map((n) => n.node)).toEqual(['任务发起人', '受理', '审批', '签约', '放款', '银行付款'])
  const contractNo = /借款合同 (\S+)/.exec(card.title)[1]
  const loans = renderPage('pages/mine/loans/list/index')
  await settle()
  expect(text(loans)).toContain(contractNo)
  expect(text(loans)).toContain('300,000.00')
})
