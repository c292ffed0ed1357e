/**
 * A10 12329 语音热线、触摸屏密码 (003 7.4.2) from the member's phone: opened from 安全设置, set the first time after A9,
 * changed with 旧密码 / 新密码 / 确认密码 (the server's message for a wrong old one), and reset when forgotten.
 */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { DEMO_BUSINESS_PASSWORD, loginAs, logoutLocally } = require('./support/session')
const { reset, calls, messages } = require('./support/wx')

// Not luTianpeng: auth.test.js resets his password (A4).
beforeEach(() => loginAs('gaoZhenhua'))
afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

/** Types the three fields (the old one when shown), submits and confirms with the business password. */
async function submit(page, { oldPassword, newPassword, confirm = newPassword }) {
  if (oldPassword !== undefined) await fire(page, '#oldPassword', 'input', { value: oldPassword })
  await fire(page, '#newPassword', 'input', { value: newPassword })
  await fire(page, '#newPassword2', 'input', { value: confirm })
  await fire(page, '#submit', 'tap')
  await settle()
  if (!page.data.confirming) return
  const panel = page.querySelector('#a9')
  await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
  await panel.instance.onConfirmPassword()
  await settle()
}

it('is reached from 安全设置, set after A9, changed with the old one, refused with a wrong one, reset when forgotten', async () => {
  const security = renderPage('pages/mine/security/index/index')
  await settle()
  expect(text(security)).toContain('12329语音热线、触摸屏密码')
  const item = security.data.items.find((i) => i.key === 'hotline')
  expect(item.url).toBe('/pages/mine/security/hotline-password/index')

  const page = renderPage('pages/mine/security/hotline-password/index')
  await settle()
  expect(page.querySelector('#hotline-state').dom.textContent).toContain('尚未设置')
  expect(page.querySelector('#oldPassword')).toBeFalsy()

  await submit(page, { newPassword: '470825', confirm: '470826' })
  expect(messages().pop()).toBe('两次输入的新密码不一致')
  expect(page.data.confirming).toBe(false)

  await submit(page, { newPassword: '123456' })
  expect(messages().pop()).toMatch(/过于简单/)

  await submit(page, { newPassword: '470825' })
  expect(calls('showModal').pop().title).toBe('密码设置成功')
  expect(page.data.state.set).toBe(true)
  expect(page.querySelector('#hotline-state').dom.textContent).toContain('已设置')
  snapshot(page, 'flow-hotline-password')

  await submit(page, { oldPassword: '000001', newPassword: '581936' })
  expect(messages().pop()).toMatch(/旧密码错误/)
  await submit(page, { oldPassword: '470825', newPassword: '581936' })
  expect(calls('showModal').pop().title).toBe('密码修改成功')

  await fire(page, '#forgot', 'change', { checked: true })
  expect(page.querySelector('#oldPassword')).toBeFalsy()
  await submit(page, { newPassword: '602847' })
  expect(calls('showModal').pop().title).toBe('密码已重置')
})
