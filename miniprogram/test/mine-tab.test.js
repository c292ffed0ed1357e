const { renderPage, closePages, settle, text } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { loginAs, logoutLocally } = require('./support/session')
const { reset } = require('./support/wx')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

it('shows the way in before login', async () => {
  const page = renderPage('pages/mine/index/index')
  await settle()
  expect(text(page)).toContain('新用户注册')
  snapshot(page, 'mine-logged-out', { tabBar: 0 })
})

it('shows the overview (B1) of the member logged in', async () => {
  await loginAs('luQingyi')
  const page = renderPage('pages/mine/index/index')
  await settle()
  const t = text(page)
  expect(t).toContain('卢青怡')
  expect(t).toContain('530123********2329')
  expect(t).toContain('215,659.40')
  snapshot(page, 'mine-overview', { tabBar: 0 })
})
