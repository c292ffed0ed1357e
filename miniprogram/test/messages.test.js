/** E3 notifications with the unread badge, E4 certificates (issue, list, open the PDF), 业务办理 tiles. */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { loginAs, logoutLocally } = require('./support/session')
const { reset, calls, messages } = require('./support/wx')

beforeEach(() => loginAs('luQingyi'))
afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

describe('notifications (E3)', () => {
  it('shows the unread count on 我的 and in the list, and marks a message read when opened', async () => {
    // other test files may have opened one of 卢青怡's messages already: count from what the server says now
    const list = renderPage('pages/mine/messages/notifications/index')
    await settle()
    expect(list.data.items.map((i) => i.business)).toEqual(['问题回复', '中心通知', '缴存到账'])
    const unread = list.data.unread
    expect(unread).toBe(list.data.items.filter((i) => !i.read).length)
    expect(unread).toBeGreaterThan(0)

    const mine = renderPage('pages/mine/index/index')
    await settle()
    const badge = () => mine.data.tiles.find((t) => t.key === 'notifications').badge
    expect(badge()).toBe(unread)

    await fire(list, '#filter-unread', 'tap')
    await settle()
    expect(list.data.items.every((i) => !i.read)).toBe(true)
    expect(list.data.items).toHaveLength(unread)
    snapshot(list, 'flow-notifications-unread')

    const target = list.data.items[0]
    const detail = renderPage('pages/mine/messages/notification/index', { id: String(target.id) })
    await settle()
    expect(text(detail)).toContain(target.content.slice(0, 10))
    mine.instance.onShow()
    await settle()
    expect(badge()).toBe(unread - 1)
  })

  it('marks all read, and deletes a message after confirming', async () => {
    const list = renderPage('pages/mine/messages/notifications/index')
    await settle()
    await list.instance.onReadAll()
    await settle()
    expect(list.data.unread).toBe(0)
    const id = list.data.items.find((i) => i.business === '缴存到账').id
    const detail = renderPage('pages/mine/messages/notification/index', { id: String(id) })
    await settle()
    detail.instance.onDelete()
    await settle()
    expect(calls('navigateBack')).toHaveLength(1)
    list.instance.onShow()
    await settle()
    expect(list.data.items.map((i) => i.business)).not.toContain('缴存到账')
  })
})

describe('certificates (E4)', () => {
  it('issues a 缴存证明, lists it with its verification code and opens the PDF', async () => {
    const page = renderPage('pages/mine/messages/certificates/index')
    await settle()
    expect(text(page)).toContain('还没有开具过凭证')
    await fire(page, '#issue-deposit', 'tap')
    await settle()
    expect(page.data.rows).toHaveLength(1)
    const cert = page.data.rows[0]
    expect(cert.title).toContain('缴存证明')
    expect(cert.codeText).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/)
    // the dialog offers to open it; the stub answers 打开
    await settle()
    const [dl] = calls('downloadFile')
    expect(dl.statusCode).toBe(200)
    expect(dl.contentType).toBe('application/pdf')
    expect(dl.header.authorization).toMatch(/^Bearer /)
    expect(calls('openDocument')).toEqual([expect.objectContaining({ fileType: 'pdf' })])

    // a fresh visit lists it (GET /api/me/certificates)
    const again = renderPage('pages/mine/messages/certificates/index')
    await settle()
    expect(again.data.rows.map((r) => r.code)).toContain(cert.code)
    snapshot(again, 'flow-certificates')
  })

  it('gives the server’s reason when a certificate cannot be issued', async () => {
    const page = renderPage('pages/mine/messages/certificates/index')
    await settle()
    await fire(page, '#issue-loan-settlement', 'tap')
    await settle()
    expect(messages()).toEqual(['您的公积金贷款尚未结清，结清后方可开具贷款结清证明'])
  })
})

describe('业务办理 tiles', () => {
  it('shows each withdrawal with live eligibility: grey with the server’s reason, or the amount', async () => {
    const page = renderPage('pages/mine/business/index/index')
    await settle()
    const fee = page.data.tiles.find((t) => t.kind === 'propertyFee')
    expect(fee).toMatchObject({ state: 'available', line: '您本次可以提取 1,500.00元' })
    const retirement = page.data.tiles.find((t) => t.kind === 'retirement')
    expect(retirement.state).toBe('unavailable')
    expect(retirement.line).toContain('离退休登记')
    // the kinds the member can use come before the greyed ones
    const states = page.data.tiles.map((t) => t.state)
    expect(states.indexOf('unavailable')).toBeGreaterThan(states.lastIndexOf('available'))
    expect(states.indexOf('unavailable')).toBeGreaterThan(0)
    expect(text(page)).toContain('线上提取需先绑定本人同名银行卡')

    await fire(page, '#tile-retirement', 'tap')
    expect(calls('showModal')[0]).toMatchObject({ title: '离退休提取', content: retirement.line })
    await fire(page, '#tile-propertyFee', 'tap')
    expect(calls('navigateTo')[0].url).toBe('/pages/mine/business/apply/index?kind=propertyFee')
  })
})
