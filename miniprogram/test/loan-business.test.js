/**
 * 贷款业务 from the member's phone (003 6.3): D1 and D3 trials with the server's figures and refusals, and D2 按月抵扣
 * signed and cancelled after A9, against the real server.
 */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { DEMO_BUSINESS_PASSWORD, api, loginAs, logoutLocally, staffToken } = require('./support/session')
const { reset, calls, messages } = require('./support/wx')

const CONTRACT = '2022年委信字05318号'

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

it('opens from the loan card, shows the prepayment trial and applies for it, and shows the settlement trial', async () => {
  await loginAs('duanDemei')
  const loans = renderPage('pages/mine/loans/list/index')
  await settle()
  await fire(loans, '#loan-business-0')
  expect(calls('navigateTo').pop().url).toBe(`/pages/mine/loans/business/index?contractNo=${encodeURIComponent(CONTRACT)}`)

  const page = renderPage('pages/mine/loans/business/index', { contractNo: encodeURIComponent(CONTRACT) })
  await settle()
  await page.instance.onPrepayTrial()
  expect(text(page)).toContain('请输入提前还款金额')
  await fire(page, '#prepayYuan', 'input', { value: '20000' })
  await page.instance.onPrepayTrial()
  await settle()
  const prepay = Object.fromEntries(page.data.trial.map((f) => [f.label, f.value]))
  expect(prepay['提前归还本金']).toBe('20,000.00元')
  expect(prepay['还款后月还额']).toMatch(/元$/)
  expect(page.querySelector('#trial')).toBeTruthy()
  snapshot(page, 'flow-loan-prepay-trial')

  // The trial as an application: the material photo, A9, submitted for review.
  await fire(page, '#apply')
  await settle()
  const serialNo = /serialNo=(\d+)/.exec(calls('navigateTo').pop().url)[1]
  const app = renderPage('pages/mine/business/application/index', { serialNo })
  await settle()
  expect(app.data.app).toMatchObject({ kind: 'partialPrepayment', status: 'draft', form: { prepayFen: 2000000, mode: 'keep-term' } })
  expect(app.data.withdrawal).toBe(false)
  expect(text(app)).not.toContain('收款银行卡')
  await app.instance.onAddPhoto({ detail: { category: 'applicationForm' } })
  await settle()
  await app.instance.onSubmit()
  await settle()
  const panel = app.querySelector('#a9')
  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(app.data.app.status).toBe('in_review')
  expect(app.data.app.amountFen).toBe(2000000)
  expect(app.querySelector('#result').dom.textContent).toContain('提交成功')
  // Reviewers decide it; ending it here keeps the loan as it is for the other tests.
  expect((await api(await staffToken('shenhe'))('POST', `/api/staff/applications/${serialNo}/reject`, { opinion: '测试：不予通过' })).status).toBe(200)

  await fire(page, '#tab-settle')
  await fire(page, '#fundYuan', 'input', { value: '99999999' })
  await page.instance.onSettleTrial()
  await settle()
  expect(messages().pop()).toMatch(/^提取公积金还款金额不能超过/)
  await fire(page, '#fundYuan', 'input', { value: '' })
  await page.instance.onSettleTrial()
  await settle()
  const settleTrial = Object.fromEntries(page.data.trial.map((f) => [f.label, f.value]))
  expect(settleTrial['支取公积金还款']).toBe('0.00元')
  expect(settleTrial['待还款金额（自筹）']).toBe(settleTrial['提前还款合计'])
})

it('signs the monthly offset after A9 and cancels it (D2)', async () => {
  await loginAs('duanDemei')
  const page = renderPage('pages/mine/loans/business/index', { tab: 'offset', contractNo: encodeURIComponent(CONTRACT) })
  await settle()
  expect(page.querySelector('#offset-state').dom.textContent).toContain('未签约')
  expect(page.data.chosen).toEqual(['borrower'])
  page.instance.onSign()
  await settle()
  const panel = page.querySelector('#a9')
  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(messages()).toContain('签约成功')
  expect(page.data.offset.signed).toBe(true)
  expect(page.data.offset.payers.map((p) => p.role)).toEqual(['borrower'])
  snapshot(page, 'flow-loan-offset-signed')

  page.instance.onCancelSigning()
  await settle()
  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(messages()).toContain('已取消签约')
  expect(page.data.offset.signed).toBe(false)
})
