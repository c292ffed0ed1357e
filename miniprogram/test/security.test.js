/** 安全设置 (A5–A8): auto-login, passwords, phone, unbind — each showing the server's word when it refuses. */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { MEMBERS, DEMO_PASSWORD, DEMO_BUSINESS_PASSWORD, api, loginAs, logoutLocally, memberToken, smsCodes } = require('./support/session')
const { reset, calls, messages } = require('./support/wx')
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
  // turning it on asks for the login password in a dialog with a masked field; cancelled, nothing changes
  await page.instance.onAutoLogin({ detail: { value: true } })
  await settle()
  expect(page.data.askPassword).toBe(true)
  expect(calls('showModal')).toEqual([])
  expect(page.querySelector('#auto-login-password')).toBeTruthy()
  expect(page.querySelector('#auto-login-dialog')).toBeTruthy()
  expect(text(page)).toContain('开启后30天内在本机无需再次登录')
  await page.instance.onAutoLoginCancel()
  await settle()
  expect(page.data.askPassword).toBe(false)
  expect(page.data.autoLogin).toBe(false)
  expect(getSession().autoLogin).toBe(false)
  // an empty one is not sent
  await page.instance.onAutoLogin({ detail: { value: true } })
  await page.instance.onAutoLoginConfirm()
  await settle()
  expect(messages()).toEqual(['请输入登录密码'])
  expect(page.data.askPassword).toBe(true)
  reset()
  // a wrong one: the server's word, the switch stays off
  await fire(page, '#auto-login-password', 'input', { value: 'Wrong@2026x' })
  expect(page.data.autoLoginPassword).toBe('Wrong@2026x')
  expect(text(page)).toContain('●●●●●●') // masked as it is typed
  expect(text(page)).not.toContain('Wrong@2026x')
  await page.instance.onAutoLoginConfirm()
  await settle()
  expect(page.data.autoLogin).toBe(false)
  expect(page.data.autoLoginPassword).toBe('') // the typed password is not kept
  const shown = () => messages().filter(Boolean)
  expect(shown()).toEqual([expect.stringMatching(/^登录密码错误/)])
  reset()
  await page.instance.onAutoLogin({ detail: { value: true } })
  await fire(page, '#auto-login-password', 'input', { value: DEMO_PASSWORD })
  await page.instance.onAutoLoginConfirm()
  await settle()
  expect(getSession().autoLogin).toBe(true)
  expect(page.data.autoLogin).toBe(true)
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

// 李国强 gets the demo passwords back: the files that run after this one (spouse, loan business) log him in with them,
// and jest's order of files changes from run to run.
afterAll(async () => {
  const token = await memberToken('liGuoqiang', 'Yulong#2027')
  const r = await api(token)('POST', '/api/me/security/business-password', {
    oldBusinessPassword: '369025',
    newBusinessPassword: DEMO_BUSINESS_PASSWORD,
    newLoginPassword: DEMO_PASSWORD,
  })
  if (r.status !== 200) throw new Error(`restoring 李国强's passwords: ${JSON.stringify(r.body)}`)
})
