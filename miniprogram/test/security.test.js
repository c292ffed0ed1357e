/** 安全设置 (A5–A8): auto-login, passwords, phone, unbind — each showing the server's word when it refuses. */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { MEMBERS, DEMO_PASSWORD, DEMO_BUSINESS_PASSWORD, loginAs, logoutLocally, smsCodes } = require('./support/session')
const { reset, calls, messages, state } = require('./support/wx')
const { getSession, isLoggedIn } = require('../services/session')
const { loginWithPassword } = require('../services/auth')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

it('shows the security state and switches 自动登录 on the server and on the phone (A8)', async () => {
  await loginAs('duanDemei')
  const page = renderPage('pages/mine/security/index/index')
  await settle()
  expect(text(page)).toContain('530702********0243')
  expect(page.data.autoLogin).toBe(false)
  // turning it on asks for the login password; cancelled, nothing changes
  state.modalConfirm = false
  await page.instance.onAutoLogin({ detail: { value: true } })
  await settle()
  expect(page.data.autoLogin).toBe(false)
  expect(getSession().autoLogin).toBe(false)
  // a wrong one: the server's word, the switch stays off
  state.modalConfirm = true
  state.modalContent = 'Wrong@2026x'
  await page.instance.onAutoLogin({ detail: { value: true } })
  await settle()
  expect(page.data.autoLogin).toBe(false)
  const shown = () => messages().filter(Boolean) // the password dialog itself has no text
  expect(shown()).toEqual([expect.stringMatching(/^登录密码错误/)])
  reset()
  state.modalContent = DEMO_PASSWORD
  await page.instance.onAutoLogin({ detail: { value: true } })
  await settle()
  expect(calls('showModal')[0]).toMatchObject({ title: '开启自动登录', editable: true, placeholderText: '请输入登录密码' })
  expect(getSession().autoLogin).toBe(true)
  expect(shown()).toEqual(['已开启自动登录'])
  const again = renderPage('pages/mine/security/index/index')
  await settle()
  expect(again.data.autoLogin).toBe(true)
  snapshot(again, 'flow-security')
  await again.instance.onAutoLogin({ detail: { value: false } })
  await settle()
  expect(getSession().autoLogin).toBe(false)
})

it('refuses a wrong old password with the server’s message (A5)', async () => {
  await loginAs('duanDemei')
  const page = renderPage('pages/mine/security/login-password/index')
  page.setData({ oldPassword: 'Wrong@2026x', newPassword: 'Lijiang@2027', newPassword2: 'Lijiang@2027' })
  await page.instance.onSubmit()
  await settle()
  expect(messages()).toHaveLength(1)
  expect(messages()[0]).toMatch(/密码/)
  expect(calls('navigateBack')).toEqual([])
})

it('changes the login password, keeping the member logged in with the new session (A5)', async () => {
  await loginAs('liGuoqiang')
  const before = getSession().token
  const page = renderPage('pages/mine/security/login-password/index')
  await fire(page, '#oldPassword', 'input', { value: DEMO_PASSWORD })
  await fire(page, '#newPassword', 'input', { value: 'Yulong#2027' })
  await fire(page, '#newPassword2', 'input', { value: 'Yulong#2027' })
  await page.instance.onSubmit()
  await settle()
  expect(calls('showModal')[0]).toMatchObject({ title: '修改成功' })
  expect(isLoggedIn()).toBe(true)
  expect(getSession().token).not.toBe(before)
  logoutLocally()
  await loginWithPassword(MEMBERS.liGuoqiang.idNumber, 'Yulong#2027', false)
  expect(isLoggedIn()).toBe(true)
})

it('asks for the business password and the new number’s code to change the phone (A6)', async () => {
  await loginAs('duanDemei')
  const page = renderPage('pages/mine/security/phone/index')
  await settle()
  expect(text(page)).toContain('139****1234')
  page.setData({ newPhone: '13700001234' })
  await page.instance.onSendSms()
  await settle()
  expect(page.querySelector('#send-sms').dom.textContent).toMatch(/秒后重发/)
  const [code] = await smsCodes('13700001234')
  expect(code).toMatch(/^\d{6}$/)
  page.setData({ smsCode: code, businessPassword: '000000' })
  await page.instance.onSubmit()
  await settle()
  expect(messages().pop()).toMatch(/业务密码/)
  snapshot(page, 'flow-phone')
})

it('changes the business password (A5)', async () => {
  await loginAs('liGuoqiang', 'Yulong#2027') // his login password since the test above
  const page = renderPage('pages/mine/security/business-password/index')
  page.setData({ oldPassword: DEMO_BUSINESS_PASSWORD, newPassword: '369025', newPassword2: '369025' })
  await page.instance.onSubmit()
  await settle()
  expect(calls('showModal')[0]).toMatchObject({ title: '修改成功' })
})

it('will not unbind without the right SMS code (A7)', async () => {
  await loginAs('duanDemei')
  const page = renderPage('pages/mine/security/unbind/index')
  await page.instance.onSendSms()
  await settle()
  expect(text(page)).toContain('139****1234')
  page.setData({ smsCode: '000000' })
  page.instance.onSubmit()
  await settle()
  expect(messages().pop()).toMatch(/验证码/)
  expect(isLoggedIn()).toBe(true)
})
