/**
 * C12 配偶确认 from the spouse's phone (001 2.13–2.14): 段德梅 applies to repay her loan in one go with her husband's
 * fund too; 李国强 opens the page from the template message, photographs, confirms his identity (A9) and confirms —
 * or declines; an unanswered one expires after 48 hours; anyone else is told it is not theirs. Its own server: other
 * test files change 李国强's passwords.
 */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { useOwnServer } = require('./support/spawn-server')
const { DEMO_BUSINESS_PASSWORD, api, httpJson, loginAs, logoutLocally, memberToken, staffToken, applyOverHttp, setFaceResult } = require('./support/session')
const { reset, calls, messages, state } = require('./support/wx')

const own = useOwnServer()

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

/** 段德梅 submits C12 from her phone; it waits for her spouse. */
async function borrowerApplies() {
  const app = await applyOverHttp(await memberToken('duanDemei'), 'lumpSumLoanRepay', {})
  expect(app.status).toBe('awaiting_spouse')
  return app.serialNo
}

const open = async (serialNo) => {
  const page = renderPage('pages/mine/business/spouse/index', { serialNo })
  await settle()
  return page
}

it('shows what is asked, takes the photos, confirms with a face check and is confirmed', async () => {
  const serialNo = await borrowerApplies()
  // The borrower's page says how her husband was asked.
  await loginAs('duanDemei')
  const mine = renderPage('pages/mine/business/application/index', { serialNo })
  await settle()
  expect(mine.querySelector('#spouse-note').dom.textContent).toMatch(/您的配偶李\*强/)
  closePages()
  logoutLocally()

  await loginAs('liGuoqiang')
  const page = await open(serialNo)
  expect(page.data.state).toBe('to-confirm')
  expect(page.querySelector('#state').dom.textContent).toContain('待您确认')
  expect(text(page)).toContain('段*梅')
  // one masking rule on the page: the history (办理记录) names the couple masked too
  expect(page.data.view.history.length).toBeGreaterThan(0)
  expect(text(page)).not.toMatch(/段德梅|李国强/)
  expect(text(page)).toContain('47,916.61元')
  expect(text(page)).toContain('2022年委信字05318号')

  page.instance.onConfirm()
  expect(messages().pop()).toBe('请先拍摄：配偶身份证、配偶人像')
  expect(page.data.showConfirm).toBe(false)
  for (const c of page.data.view.photoCategories) {
    await page.instance.onAddPhoto({ detail: { category: c.key } })
    await settle()
  }
  const uploads = state.requests.filter((r) => r.method === 'UPLOAD')
  expect(uploads.map((u) => u.formData.category)).toEqual(['spouseIdFront', 'spouseLivePhoto'])
  expect(uploads[0].url).toBe(`${own.url}/api/me/spouse-confirmations/${serialNo}/photos`)
  expect(page.data.view.photos).toHaveLength(2)
  snapshot(page, 'flow-spouse-to-confirm', { height: 1600 })

  page.instance.onConfirm()
  await settle()
  expect(page.data.showConfirm).toBe(true)
  // 确认 asked WeChat's subscribe dialog: how it ends, and the next confirmation (issue 18.9).
  expect(calls('requestSubscribeMessage').pop().tmplIds).toEqual(['hpf-sandbox-subscribe-progress', 'hpf-sandbox-subscribe-spouse-confirmation'])
  const panel = page.querySelector('#a9')
  await fire(panel, '#a9-mode-face')
  await panel.instance.onStartFace()
  await settle()
  // No 慧眼 SDK here: the FaceID page opens, and the member comes back to this page when done.
  expect(calls('navigateTo').pop().url).toMatch(/^\/pages\/mine\/auth\/face-web\/index\?url=/)
  expect(panel.data.waiting).toBe(true)
  await setFaceResult(panel.data.bizToken, 'pass')
  page.triggerPageLifeTime('show')
  await settle()
  if (panel.data.waiting) {
    await panel.instance.onFaceButton()
    await settle()
  }
  expect(page.data.showConfirm).toBe(false)
  expect(page.data.state).toBe('confirmed')
  expect(page.querySelector('#state').dom.textContent).toContain('您已同意')
  expect(page.querySelector('#confirm')).toBeFalsy()
  snapshot(page, 'flow-spouse-confirmed')

  // The borrower sees it moved on.
  const borrower = await api(await memberToken('duanDemei'))('GET', `/api/me/applications/${serialNo}`)
  expect(borrower.body.status).toBe('in_review')
  // A reviewer turns it down so that she may apply again in the next tests.
  const reviewer = api(await staffToken('shenhe'))
  await reviewer('POST', `/api/staff/applications/${serialNo}/claim`) // a decision needs the claim (issue 20)
  expect((await reviewer('POST', `/api/staff/applications/${serialNo}/reject`, { opinion: '测试：不予通过' })).status).toBe(200)
})

it('declines with a reason: the application ends', async () => {
  const serialNo = await borrowerApplies()
  await loginAs('liGuoqiang')
  const page = await open(serialNo)
  state.modalContent = '暂不同意'
  page.instance.onDecline()
  await settle()
  expect(calls('showModal').pop()).toMatchObject({ title: '拒绝确认', editable: true })
  expect(page.data.state).toBe('declined')
  expect(page.querySelector('#state').dom.textContent).toContain('您已拒绝')
  const borrower = await api(await memberToken('duanDemei'))('GET', `/api/me/applications/${serialNo}`)
  expect(borrower.body.status).toBe('ended')
  expect(borrower.body.history.map((h) => h.opinion)).toContain('配偶不同意：暂不同意')
  snapshot(page, 'flow-spouse-declined')
})

it('says when the 48 hours have passed', async () => {
  const serialNo = await borrowerApplies()
  const ran = await httpJson('POST', `${own.control}/jobs/spouse-expiry`, { hoursLater: 49 })
  expect(ran.body).toEqual({ skipped: false, result: 1 })
  await loginAs('liGuoqiang')
  const page = await open(serialNo)
  expect(page.data.state).toBe('expired')
  expect(text(page)).toContain('已过期')
  expect(page.querySelector('#confirm')).toBeFalsy()
  snapshot(page, 'flow-spouse-expired')
})

it('tells anyone else that there is nothing for them to confirm', async () => {
  const serialNo = (await api(await memberToken('duanDemei'))('GET', '/api/me/business/initiated')).body.items[0].serialNo
  await loginAs('luQingyi')
  const page = await open(serialNo)
  expect(page.data.state).toBe('not-yours')
  expect(page.data.error).toBe('')
  expect(page.querySelector('#state').dom.textContent).toContain('没有需要您确认的该笔申请')
  expect(page.data.view).toBe(null)
})

it('confirms with the business password, asking for six digits before anything is sent', async () => {
  const serialNo = await borrowerApplies()
  await loginAs('liGuoqiang')
  const page = await open(serialNo)
  for (const c of page.data.view.photoCategories) await page.instance.onAddPhoto({ detail: { category: c.key } })
  await settle()
  page.instance.onConfirm()
  await settle()
  const panel = page.querySelector('#a9')
  await fire(panel, '#a9-password', 'input', { value: '123' })
  await panel.instance.onConfirmPassword()
  expect(panel.querySelector('#a9-error').dom.textContent).toBe('请输入6位数字业务密码')
  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
  expect(page.data.state).toBe('confirmed')
})
