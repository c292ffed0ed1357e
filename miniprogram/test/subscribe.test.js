/**
 * Subscribe messages are asked for where WeChat allows it — a tap that submits, confirms or asks (issue 18.9) — and
 * the member's answer per template is remembered by the server, which sends only what was granted.
 */
const { renderPage, closePages, settle, fire } = require('./support/render')
const { api, loginAs, logoutLocally, memberToken } = require('./support/session')
const { reset, calls, state } = require('./support/wx')
const { resetSubscribe } = require('../services/subscribe')

const REPLY = 'hpf-sandbox-subscribe-question-reply'

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
  resetSubscribe()
})

it('asks for the reply template when a question is sent, and the server remembers accept, then reject', async () => {
  await loginAs('zhangRuixia')
  const server = api(await memberToken('zhangRuixia'))
  const grant = async () => (await server('GET', '/api/me/subscriptions')).body.grants.find((g) => g.templateId === REPLY)
  const page = renderPage('pages/interaction/help/feedback/index', { tab: 'new' })
  await settle()
  // Nothing to send yet: the dialog is not opened for a form the page refuses itself.
  await page.instance.onSubmit()
  expect(calls('requestSubscribeMessage')).toEqual([])

  await fire(page, '#kind-consultation')
  await fire(page, '#title', 'input', { value: '提取到账时间' })
  await fire(page, '#content', 'input', { value: '租房提取一般几个工作日到账？' })
  await page.instance.onSubmit()
  await settle()
  expect(calls('requestSubscribeMessage').map((c) => c.tmplIds)).toEqual([[REPLY]])
  expect(await grant()).toMatchObject({ lastAnswer: 'accept', remaining: 1 })

  state.subscribeAnswer = 'reject'
  await fire(page, '#tab-new')
  await fire(page, '#title', 'input', { value: '提取到账时间（补充）' })
  await fire(page, '#content', 'input', { value: '忘了说明是转账到工商银行卡。' })
  await page.instance.onSubmit()
  await settle()
  expect(await grant()).toMatchObject({ lastAnswer: 'reject', remaining: 0 })
})

it('a logged-out visitor on the community page is never sent to the login page to load templates', async () => {
  const page = renderPage('pages/interaction/help/community/index')
  await settle()
  expect(calls('navigateTo')).toEqual([])
  expect(calls('redirectTo')).toEqual([])
  expect(page.data.error).toBe('')
})
