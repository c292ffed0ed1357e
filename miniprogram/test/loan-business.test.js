/**
 * 贷款业务 from the member's phone (003 6.3): D1 and D3 trials with the server's figures and refusals, and D2 按月抵扣
 * signed and cancelled after A9, against the real server.
 */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { DEMO_BUSINESS_PASSWORD, api, loginAs, logoutLocally, memberToken, staffToken } = require('./support/session')
const { reset, calls, messages } = require('./support/wx')
const { getLoans } = require('../services/loans')
const { yuan } = require('../utils/money')

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
  // 003 6.3.1: the loan as it stands before any trial — balance, monthly payment, the card it is repaid from
  const loan = (await getLoans()).find((l) => l.contractNo === CONTRACT)
  const before = page.querySelector('#loan').dom.textContent.replace(/\s+/g, '')
  expect(before).toContain(`当前贷款余额${yuan(loan.balanceFen)}`)
  expect(before).toContain(`当前月还款额${yuan(loan.monthlyPaymentFen)}`)
  expect(before).toContain(loan.repaymentAccountNoMasked)
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
  const shenhe = api(await staffToken('shenhe'))
  await shenhe('POST', `/api/staff/applications/${serialNo}/claim`) // a decision needs the claim (issue 20)
  expect((await shenhe('POST', `/api/staff/applications/${serialNo}/reject`, { opinion: '测试：不予通过' })).status).toBe(200)

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
  // 《按月抵扣签约须知》 numbered without a gap: 2.1, 2.2, …
  const items = page.data.notice.match(/2\.(\d)、/g).map((m) => Number(m[2]))
  expect(items).toEqual(items.map((_, i) => i + 1))
  expect(page.data.chosen).toEqual(['borrower'])
  // Ticking the spouse and unticking again leaves the borrower alone.
  await fire(page, '#payer-spouse', 'change', { checked: true })
  expect(page.data.payerRows.find((r) => r.role === 'spouse').checked).toBe(true)
  page.instance.onPayer({ currentTarget: { dataset: { role: 'spouse' } } })
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
  expect(page.data.payerRows.filter((r) => r.checked).map((r) => r.role)).toEqual(['borrower'])
  expect(text(page)).toContain('借款人 段德梅已签约')
  snapshot(page, 'flow-loan-offset-signed')

  page.instance.onCancelSigning()
  await settle()
  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(messages()).toContain('已取消签约')
  expect(page.data.offset.signed).toBe(false)
})

it('asks 李国强 himself before his fund account pays 段德梅’s instalments, and shows him once (issue 18 point 11)', async () => {
  // 段德梅 signs her spouse in over HTTP, as the test above does through the page.
  const duan = api(await memberToken('duanDemei'))
  const state = (await duan('GET', '/api/me/loan-business/offset')).body.items.find((l) => l.contractNo === CONTRACT)
  expect(state.candidates.map((c) => c.roleLabel)).toEqual(['借款人', '配偶（共同借款人）'])
  const signToken = async () =>
    (await duan('POST', '/api/me/security/confirmations', { ...state.confirmation, businessPassword: DEMO_BUSINESS_PASSWORD })).body.confirmationToken
  expect(
    (await duan('POST', '/api/me/loan-business/offset/sign', { contractNo: CONTRACT, payers: ['borrower', 'spouse'], confirmationToken: await signToken() }))
      .status,
  ).toBe(200)

  await loginAs('liGuoqiang')
  const page = renderPage('pages/mine/loans/business/index', { tab: 'offset', contractNo: encodeURIComponent(CONTRACT) })
  await settle()
  expect(page.querySelector('#my-consent').dom.textContent).toMatch(/请于\d{4}-\d{2}-\d{2} \d{2}:\d{2}前确认/)
  expect(page.data.payerRows.find((r) => r.role === 'spouse').status).toBe('待本人确认')
  snapshot(page, 'flow-loan-offset-consent')
  await fire(page, '#consent')
  await settle()
  expect(page.data.a9.purpose).toBe('loan.monthly-offset-consent')
  const panel = page.querySelector('#a9')
  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(messages()).toContain('已确认')
  expect(page.data.offset.myConsent).toBe(null)
  expect(page.data.payerRows.find((r) => r.role === 'spouse').status).toBe('已签约')
  expect(page.querySelector('#my-consent')).toBeFalsy()

  expect((await duan('POST', '/api/me/loan-business/offset/cancel', { contractNo: CONTRACT, confirmationToken: await signToken() })).status).toBe(200)
})
