/** The request module: base URL, session token, the server's Chinese messages, re-login on 401, no silent failure. */
const { renderPage, closePages, settle } = require('./support/render')
const { loginAs, logoutLocally } = require('./support/session')
const { reset, calls, messages, state } = require('./support/wx')
const { api, request, errorFromResponse, ApiError } = require('../services/request')
const { saveSession, getSession, isLoggedIn } = require('../services/session')
const { apiBase, API_BASE } = require('../config/env')
const { download } = require('../services/download')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

describe('base URL', () => {
  it('uses the develop override, else the address of the running version', () => {
    expect(apiBase()).toBe(process.env.HPF_TEST_SERVER)
    const original = global.wx.getAccountInfoSync
    global.wx.getAccountInfoSync = () => ({ miniProgram: { envVersion: 'release', appId: 'wx', version: '1.0.0' } })
    try {
      expect(apiBase()).toBe(API_BASE.release)
      expect(API_BASE.release).toMatch(/^https:\/\//)
    } finally {
      global.wx.getAccountInfoSync = original
    }
    expect(API_BASE.develop).toBe('http://127.0.0.1:3000')
  })
})

describe('session token', () => {
  it('sends the stored token as a bearer token', async () => {
    await loginAs('luQingyi')
    const me = await api('get', '/api/me/overview')
    expect(me.name).toBe('卢青怡')
    const sent = state.requests.find((r) => r.url.endsWith('/api/me/overview'))
    expect(sent.header.authorization).toBe(`Bearer ${getSession().token}`)
  })

  it('opens the login page, remembering the page, when there is no session', async () => {
    state.pages.push({ route: 'pages/mine/account/ledger/index', options: { year: '2017' }, comp: { detach() {} } })
    await expect(api('get', '/api/me/ledger')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', shown: true })
    expect(state.requests).toEqual([])
    expect(calls('navigateTo')).toEqual([
      expect.objectContaining({
        url: `/pages/mine/auth/login/index?redirect=${encodeURIComponent('/pages/mine/account/ledger/index?year=2017')}`,
      }),
    ])
  })

  it('forgets an expired session and sends the member to log in again', async () => {
    saveSession('hpfs_not-a-real-session-token-000000000000', new Date(Date.now() + 3600e3).toISOString(), true)
    const page = renderPage('pages/mine/account/fund/index')
    await settle()
    expect(isLoggedIn()).toBe(false)
    expect(messages()).toEqual(['登录已失效，请重新登录'])
    expect(calls('navigateTo')[0].url).toBe(`/pages/mine/auth/login/index?redirect=${encodeURIComponent('/pages/mine/account/fund/index')}`)
    expect(page.data.error).toBeTruthy()
  })
})

describe('errors', () => {
  it('shows the server’s Chinese message, in a dialog when it is long', async () => {
    await loginAs('luQingyi')
    await expect(api('post', '/api/me/certificates', { body: { kind: 'loan-settlement' } })).rejects.toMatchObject({
      code: 'LOAN_NOT_SETTLED',
      status: expect.any(Number),
    })
    expect(calls('showModal')).toEqual([expect.objectContaining({ content: '您的公积金贷款尚未结清，结清后方可开具贷款结清证明', showCancel: false })])
  })

  it('shows a short message as a toast', async () => {
    await expect(api('get', '/api/public/articles/{id}', { params: { id: 999999 } })).rejects.toBeInstanceOf(ApiError)
    expect(calls('showToast')).toHaveLength(1)
    expect(calls('showToast')[0].title).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('lets a page show the message inline (silent) but still fails', async () => {
    const err = await api('get', '/api/public/articles/{id}', { params: { id: 999999 }, silent: true }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(messages()).toEqual([])
  })

  it('says so when the network is down', async () => {
    global.wx.setStorageSync('hpf.apiBase', 'http://127.0.0.1:1')
    try {
      await expect(request({ path: '/api/public/contact' })).rejects.toMatchObject({ code: 'NETWORK' })
    } finally {
      global.wx.setStorageSync('hpf.apiBase', process.env.HPF_TEST_SERVER)
    }
    expect(messages()).toEqual(['网络连接失败，请检查网络后重试'])
  })

  it('gives a plain message with the request id for a gateway error page', () => {
    const err = errorFromResponse(502, '<html>Bad Gateway</html>', '1234567890abcdef')
    expect(err.message).toBe('服务暂时不可用，请稍后再试（请求号 12345678）')
  })

  it('reads the server’s message out of a refused download', async () => {
    await loginAs('luQingyi')
    const err = await download({ path: '/api/me/certificates/ABCDEFGHJKLMNPQR/pdf', fileType: 'pdf' }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(404)
    expect(err.message).toMatch(/[\u4e00-\u9fa5]/)
  })
})

describe('methods WeChat cannot send', () => {
  it('sends PATCH as POST with X-HTTP-Method-Override (wx.request has no PATCH)', async () => {
    await loginAs('luQingyi')
    await api('patch', '/api/me/profile', { body: { title: '中级' }, silent: true }).catch(() => undefined)
    const sent = state.requests.find((r) => r.url.endsWith('/api/me/profile'))
    expect(sent.method).toBe('POST')
    expect(sent.header['x-http-method-override']).toBe('PATCH')
  })
})
