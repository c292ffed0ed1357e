/** A1–A4 from the member's side: login, face login, registration with the agreement, forgotten password. */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { MEMBERS, DEMO_PASSWORD, logoutLocally, smsCodes, setFaceResult } = require('./support/session')
const { reset, calls, messages, state } = require('./support/wx')
const { isLoggedIn, getSession } = require('../services/session')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

const type = (page, id, value) => fire(page, `#${id}`, 'input', { value })
const tapButton = async (page, method) => {
  await page.instance[method]()
  await settle()
}

describe('login (A3)', () => {
  it('logs in with the ID number and returns to the page that asked for it', async () => {
    const redirect = '/pages/mine/account/ledger/index?year=2017'
    const page = renderPage('pages/mine/auth/login/index', { redirect: encodeURIComponent(redirect) })
    await type(page, 'account', MEMBERS.luQingyi.idNumber)
    await type(page, 'password', DEMO_PASSWORD)
    await fire(page, '#auto-login', 'change', { checked: true })
    await page.instance.onSubmit()
    await settle()
    expect(isLoggedIn()).toBe(true)
    expect(getSession().autoLogin).toBe(true)
    expect(calls('reLaunch')).toEqual([expect.objectContaining({ url: redirect })])
    // the request carried the account as typed and the 自动登录 choice
    const login = state.requests.find((r) => r.url.endsWith('/api/auth/login'))
    expect(JSON.parse(login.body)).toMatchObject({ account: MEMBERS.luQingyi.idNumber, autoLogin: true })
  })

  it('logs in with the phone number too', async () => {
    const page = renderPage('pages/mine/auth/login/index')
    page.setData({ account: MEMBERS.zhangJian.phone, password: DEMO_PASSWORD })
    await tapButton(page, 'onSubmit')
    expect(isLoggedIn()).toBe(true)
    expect(calls('reLaunch')).toEqual([expect.objectContaining({ url: '/pages/mine/index/index' })])
  })

  it('shows the server’s message for a wrong password and stays on the page', async () => {
    const page = renderPage('pages/mine/auth/login/index')
    page.setData({ account: MEMBERS.gaoZhenhua.idNumber, password: 'Wrong@2026' })
    await tapButton(page, 'onSubmit')
    expect(isLoggedIn()).toBe(false)
    expect(messages()).toEqual(['账号或密码错误（连续输错5次后需完成安全验证）'])
    expect(calls('reLaunch')).toEqual([])
    expect(page.data.challenge).toBe(null)
    snapshot(page, 'flow-login-error')
  })

  it('shows the 安全验证 the server asks for after 5 wrong passwords, and logs in with the answer (no lock-out)', async () => {
    const page = renderPage('pages/mine/auth/login/index')
    page.setData({ account: MEMBERS.zhangJian.idNumber, password: 'Wrong@2026' })
    for (let i = 0; i < 4; i++) await tapButton(page, 'onSubmit')
    expect(page.data.challenge).toBe(null)
    await tapButton(page, 'onSubmit') // the fifth wrong password brings the question
    const question = page.data.challenge && page.data.challenge.question
    expect(question).toMatch(/^请计算：\d+ \+ \d+ = \?$/)
    expect(text(page)).toContain('安全验证')
    expect(text(page)).toContain(question)
    snapshot(page, 'flow-login-challenge')

    // the right password without the answer is not sent
    page.setData({ password: DEMO_PASSWORD })
    reset()
    await tapButton(page, 'onSubmit')
    expect(messages()).toEqual(['请先完成安全验证'])
    expect(state.requests).toEqual([])

    // a wrong answer: the server's word and a new question
    await type(page, 'challenge-answer', '0')
    await tapButton(page, 'onSubmit')
    expect(isLoggedIn()).toBe(false)
    expect(messages()).toEqual(['请先完成安全验证', '安全验证未通过，请重新作答'])
    expect(page.data.challenge.question).toMatch(/^请计算/)
    expect(page.data.challengeAnswer).toBe('')

    const [, a, b] = /(\d+) \+ (\d+)/.exec(page.data.challenge.question)
    await type(page, 'challenge-answer', String(Number(a) + Number(b)))
    await tapButton(page, 'onSubmit')
    expect(isLoggedIn()).toBe(true)
    const sent = JSON.parse(state.requests.filter((r) => r.url.endsWith('/api/auth/login')).pop().body)
    expect(sent.challenge).toEqual({ id: expect.any(String), answer: String(Number(a) + Number(b)) })
    expect(calls('reLaunch')).toEqual([expect.objectContaining({ url: '/pages/mine/index/index' })])
  })

  it('asks for both fields before calling the server', async () => {
    const page = renderPage('pages/mine/auth/login/index')
    await tapButton(page, 'onSubmit')
    expect(messages()).toEqual(['请输入账号和登录密码'])
    expect(state.requests).toEqual([])
  })
})

describe('face login (A3)', () => {
  it('starts FaceID with the BizToken, opens the verification page and logs in on return', async () => {
    const page = renderPage('pages/mine/auth/face/index')
    await type(page, 'name', MEMBERS.heLihua.name)
    await type(page, 'idNumber', MEMBERS.heLihua.idNumber)
    await tapButton(page, 'onStart')
    const bizToken = page.data.bizToken
    expect(bizToken).toBeTruthy()
    // without the 慧眼 SDK the FaceID H5 page opens in a web-view
    const nav = calls('navigateTo')[0]
    expect(nav.url).toMatch(/^\/pages\/mine\/auth\/face-web\/index\?url=/)
    expect(decodeURIComponent(nav.url.split('url=')[1])).toContain(bizToken)

    // coming back before finishing: the server says it is still pending, the page keeps waiting
    page.instance.onShow()
    await settle()
    expect(isLoggedIn()).toBe(false)
    expect(page.data.waiting).toBe(true)
    expect(text(page)).toContain('人脸核身尚未完成')
    snapshot(page, 'flow-face-pending')

    await setFaceResult(bizToken, 'pass')
    page.instance.onShow()
    await settle()
    expect(isLoggedIn()).toBe(true)
    expect(calls('reLaunch')).toEqual([expect.objectContaining({ url: '/pages/mine/index/index' })])
  })

  it('uses the 慧眼 SDK in place when the mini-program has it', async () => {
    const page = renderPage('pages/mine/auth/face/index')
    page.setData({ name: MEMBERS.zhangRuixia.name, idNumber: MEMBERS.zhangRuixia.idNumber })
    global.wx.startVerify = ({ data, success }) => {
      setFaceResult(data.token, 'pass').then(success)
    }
    try {
      await page.instance.onStart()
      await new Promise((r) => setTimeout(r, 700))
      await settle()
    } finally {
      delete global.wx.startVerify
    }
    expect(calls('navigateTo')).toEqual([])
    expect(isLoggedIn()).toBe(true)
  })

  it('tells the member when the face is not theirs', async () => {
    const page = renderPage('pages/mine/auth/face/index')
    page.setData({ name: MEMBERS.muWenjun.name, idNumber: MEMBERS.muWenjun.idNumber })
    await tapButton(page, 'onStart')
    await setFaceResult(page.data.bizToken, 'other-person')
    page.instance.onShow()
    await settle()
    expect(isLoggedIn()).toBe(false)
    expect(messages().join()).toContain('人脸核身未通过')
  })
})

describe('registration (A1, A2)', () => {
  it('refuses someone who is not a member with the manual’s message', async () => {
    const page = renderPage('pages/mine/auth/register/index')
    await settle()
    page.setData({ name: '张三', idNumber: MEMBERS.luQingyi.idNumber, phone: MEMBERS.luQingyi.phone })
    await tapButton(page, 'onSendSms')
    expect(messages()).toEqual(['您不是公积金中心的缴存用户。若您确实缴存公积金，请携带身份证到公积金办理点进行身份确认！'])
    expect(calls('showModal')).toHaveLength(1)
  })

  it('refuses a closed account', async () => {
    const page = renderPage('pages/mine/auth/register/index')
    await settle()
    const p = MEMBERS.yangXiuying
    page.setData({ name: p.name, idNumber: p.idNumber, phone: p.phone })
    await tapButton(page, 'onSendSms')
    expect(messages()[0]).toMatch(/销户/)
  })

  it('requires the agreement to be ticked', async () => {
    const page = renderPage('pages/mine/auth/register/index')
    await settle()
    const p = MEMBERS.heLihua
    page.setData({ name: p.name, idNumber: p.idNumber, phone: p.phone, smsCode: '123456' })
    await tapButton(page, 'onSubmit')
    expect(messages()).toEqual(['请先阅读并勾选同意【个人用户协议】'])
    expect(state.requests.some((r) => r.url.includes('/register/verify'))).toBe(false)
  })

  it('binds by SMS code, sets the passwords and logs in', async () => {
    const p = MEMBERS.heLihua
    const page = renderPage('pages/mine/auth/register/index')
    await settle()
    await type(page, 'name', p.name)
    await type(page, 'idNumber', p.idNumber)
    await type(page, 'phone', p.phone)
    await tapButton(page, 'onSendSms')
    expect(messages()[0]).toBe('验证码已发送至139****1234')
    // the 60 s countdown starts on the button
    const button = page.querySelector('#send-sms')
    expect(button.dom.textContent).toMatch(/^(60|59)秒后重发$/)
    const [code] = await smsCodes(p.phone)
    await type(page, 'smsCode', code)
    await fire(page, '#agree', 'change', { checked: true })
    snapshot(page, 'flow-register')
    await tapButton(page, 'onSubmit')
    expect(calls('navigateTo').pop()).toEqual(expect.objectContaining({ url: '/pages/mine/auth/set-password/index' }))
    const verify = JSON.parse(state.requests.find((r) => r.url.endsWith('/register/verify')).body)
    expect(verify.agreement).toEqual({ accepted: true, userAgreementVersion: '2026.1', privacyVersion: '2026.1' })

    const setPassword = renderPage('pages/mine/auth/set-password/index')
    expect(text(setPassword)).toContain('139****1234')
    await type(setPassword, 'loginPassword', 'abc')
    expect(setPassword.querySelector('#login-hints').data.hints[5]).toEqual({ text: '任意3种（已含1种）', ok: false })
    await type(setPassword, 'loginPassword', 'Lijiang#2026')
    await type(setPassword, 'loginPassword2', 'Lijiang#2026')
    await type(setPassword, 'businessPassword', '147036')
    await type(setPassword, 'businessPassword2', '147036')
    await settle()
    snapshot(setPassword, 'flow-set-password')
    await tapButton(setPassword, 'onSubmit')
    expect(isLoggedIn()).toBe(true)
    expect(calls('reLaunch').pop()).toEqual(expect.objectContaining({ url: '/pages/mine/index/index' }))
  })

  it('shows the password rules ticking as the member types', async () => {
    const page = renderPage('pages/mine/auth/forgot/index')
    page.setData({ step: 3 })
    await settle()
    await type(page, 'newLoginPassword', 'abcdefgh')
    await settle()
    const hints = page.querySelector('#new-login-hints')
    expect(hints.data.hints.filter((h) => h.ok).map((h) => h.text)).toEqual(['8～16位', '小写字母'])
    await type(page, 'newLoginPassword', 'Abcdefg#1')
    await settle()
    expect(hints.data.hints.every((h) => h.ok)).toBe(true)
  })
})

describe('forgotten password (A4)', () => {
  it('verifies name and ID, texts the phone on record and sets a new password', async () => {
    const p = MEMBERS.luTianpeng
    const page = renderPage('pages/mine/auth/forgot/index')
    page.setData({ name: p.name, idNumber: p.idNumber })
    await tapButton(page, 'onVerify')
    expect(page.data.step).toBe(2)
    expect(text(page)).toContain('135****1234')
    await tapButton(page, 'onSendSms')
    const [code] = await smsCodes(p.phone)
    page.setData({ smsCode: code })
    await tapButton(page, 'onConfirm')
    expect(page.data.step).toBe(3)
    page.setData({ newLoginPassword: 'Yulong@2026', newLoginPassword2: 'Yulong@2026' })
    await tapButton(page, 'onReset')
    expect(calls('showModal').pop()).toEqual(expect.objectContaining({ title: '密码已重置' }))
    const { loginWithPassword } = require('../services/auth')
    await loginWithPassword(p.idNumber, 'Yulong@2026', false)
    expect(isLoggedIn()).toBe(true)
  })
})

describe('WeChat binding (issue 15: openids only as WeChat vouches for them)', () => {
  const { wechatProof } = require('../services/wechat')
  const accountInfo = wx.getAccountInfoSync

  afterEach(() => {
    wx.getAccountInfoSync = accountInfo
  })

  it('trial and release builds send the code of wx.login(), never an openid', async () => {
    wx.getAccountInfoSync = () => ({ miniProgram: { appId: 'wx0123456789abcdef', envVersion: 'release', version: '1.0.0' } })
    expect(await wechatProof()).toEqual({ mpCode: 'test-code' })
    expect(calls('login')).toHaveLength(1)
  })

  it('develop builds (the local sandbox) send nothing, and login works unbound', async () => {
    expect(await wechatProof()).toBe(undefined)
    const page = renderPage('pages/mine/auth/login/index')
    page.setData({ account: MEMBERS.luQingyi.phone, password: DEMO_PASSWORD })
    await tapButton(page, 'onSubmit')
    expect(messages()).toEqual([])
    expect(isLoggedIn()).toBe(true)
    const login = state.requests.find((r) => r.url.endsWith('/api/auth/login'))
    expect(JSON.parse(login.body).wechat).toBe(undefined)
  })
})
