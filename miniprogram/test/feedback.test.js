/**
 * G2 投诉建议 and G3 我的留言 from the member's phone against the real server (g2's API): a complaint is refused in
 * the server's words when WeChat's content check finds it risky, is submitted, answered by a service agent through
 * the staff API, and the reply shows on the ticket; a community question is asked and listed as 待答复.
 */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { api, loginAs, logoutLocally, staffToken } = require('./support/session')
const { reset, calls, messages } = require('./support/wx')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

it('lists the demo member’s tickets in each state and shows a reply', async () => {
  await loginAs('luQingyi')
  const page = renderPage('pages/interaction/help/feedback/index')
  await settle()
  expect(page.data.items.map((i) => i.statusLabel)).toEqual(expect.arrayContaining(['已提交', '处理中', '已答复']))
  const replied = page.data.items.find((i) => i.status === 'replied')
  await fire(page, `#ticket-${replied.id}`)
  expect(calls('navigateTo').pop().url).toBe(`/pages/interaction/help/feedback-detail/index?id=${replied.id}`)
  const detail = renderPage('pages/interaction/help/feedback-detail/index', { id: String(replied.id) })
  await settle()
  expect(detail.querySelector('#reply').dom.textContent).toContain('提取管理科')
})

it('submits a complaint, refuses risky text with the server’s message, and shows the agent’s reply', async () => {
  await loginAs('muWenjun')
  const page = renderPage('pages/interaction/help/feedback/index', { tab: 'new' })
  await settle()
  await page.instance.onSubmit()
  expect(page.querySelector('#form-error').dom.textContent).toBe('请填写标题')

  await fire(page, '#kind-complaint')
  await fire(page, '#title', 'input', { value: '提取到账慢' })
  await fire(page, '#content', 'input', { value: '有人说可以代办提取，收费500元，靠谱吗' })
  await page.instance.onSubmit()
  await settle()
  expect(page.querySelector('#form-error').dom.textContent).toBe('内容含有违规信息，请修改后再提交')
  expect(page.data.tab).toBe('new')

  await fire(page, '#content', 'input', { value: '11月20日申请的租房提取，到现在还没有到账，请帮忙查询。' })
  await fire(page, '#contactPhone', 'input', { value: '1878888' })
  await page.instance.onSubmit()
  await settle()
  expect(page.data.formError).toBe('请求内容有误（contactPhone）：请填写11位手机号码')
  await fire(page, '#contactPhone', 'input', { value: '18788881234' })
  await page.instance.onSubmit()
  await settle()
  expect(calls('showModal').pop()).toMatchObject({ title: '提交成功' })
  expect(page.data.tab).toBe('mine')
  const ticket = page.data.items[0]
  expect(ticket).toMatchObject({ kind: 'complaint', title: '提取到账慢', statusLabel: '已提交' })
  expect(ticket.contactPhoneMasked).toBe('187****1234')
  snapshot(page, 'flow-feedback-list')

  const agent = api(await staffToken('kefu'))
  expect((await agent('POST', `/api/staff/complaints/${ticket.id}/claim`)).status).toBe(200)
  const reply = await agent('POST', `/api/staff/complaints/${ticket.id}/reply`, { content: '经核实，款项已于今日到账，请查收。', department: '提取管理科' })
  expect(reply.status).toBe(200)

  const detail = renderPage('pages/interaction/help/feedback-detail/index', { id: String(ticket.id) })
  await settle()
  expect(detail.querySelector('#reply').dom.textContent).toContain('经核实，款项已于今日到账，请查收。')
  expect(text(detail)).toContain('提取管理科')
  expect(text(detail)).toContain('已答复')
  expect(messages()).toEqual([expect.stringMatching(/^工单号 \w+。答复后将通过/)]) // the submit's confirmation, no error
  snapshot(detail, 'flow-feedback-reply')
})

it('asks a community question from the community page (G3)', async () => {
  await loginAs('muWenjun')
  const page = renderPage('pages/interaction/help/community/index')
  await settle()
  await fire(page, '#tab-mine')
  await settle()
  expect(text(page)).toContain('您还没有留言')
  await fire(page, '#question', 'input', { value: '哪里可以赌博赢钱还贷款？' })
  await page.instance.onAsk()
  await settle()
  expect(page.querySelector('#form-error').dom.textContent).toBe('内容含有违规信息，请修改后再提交')
  await fire(page, '#question', 'input', { value: '租房提取每年可以办理几次？' })
  await page.instance.onAsk()
  await settle()
  expect(messages()).toEqual(['留言已提交'])
  expect(page.data.items[0]).toMatchObject({ question: '租房提取每年可以办理几次？', answer: '' })
  expect(text(page)).toContain('等待中心答复')
  snapshot(page, 'flow-community-ask')
})
