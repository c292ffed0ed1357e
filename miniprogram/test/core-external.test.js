/**
 * Issue 17's promise, as a member sees it on the phone: the server runs on a center's own core (the core emulator),
 * the core posts 卢青怡's monthly deposit, and the mini-program's 消息 and 我的公积金 show it — nothing was done in
 * the product.
 */
const { renderPage, closePages, settle, text } = require('./support/render')
const { loginAs, logoutLocally, httpJson } = require('./support/session')
const { reset } = require('./support/wx')
const { useOwnServer } = require('./support/spawn-server')

const own = useOwnServer({ core: 'external' })

beforeEach(() => loginAs('luQingyi'))
afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

/** Renders the page again until `seen` holds (the product pulls the core's events every second). */
async function until(what, path, seen) {
  const end = Date.now() + 20000
  for (;;) {
    const page = renderPage(path)
    await settle()
    if (seen(page)) return page
    closePages()
    if (Date.now() > end) throw new Error(`${what} did not show within 20 s: ${text(page).slice(0, 300)}`)
    await new Promise((r) => setTimeout(r, 300))
  }
}

describe('a deposit posted in the center’s core (issue 17)', () => {
  it('shows in 消息 and in 我的公积金 without any action in the product', async () => {
    const account = renderPage('pages/mine/account/fund/index')
    await settle()
    expect(text(account)).toContain('215,659.40')
    closePages()

    const posted = await httpJson('POST', `${own.control}/core/deposit`, { name: '卢青怡', month: '202612', amountFen: 140800 })
    expect(posted.status).toBe(200)

    const list = await until('the deposit message', 'pages/mine/messages/notifications/index', (p) => p.data.items.some((i) => i.business === '汇缴入账'))
    const message = list.data.items.find((i) => i.business === '汇缴入账')
    // Amounts in sentences as 000 (九) writes them: whole yuan without decimals (server/src/shared/money.ts yuanText).
    expect(message.content).toBe('您的住房公积金2026年12月汇缴1408元已入账，账户余额217067.40元。')
    expect(message.read).toBe(false)
    expect(text(list)).toContain('汇缴入账')
    closePages()

    const after = renderPage('pages/mine/account/fund/index')
    await settle()
    expect(text(after)).toContain('217,067.40')
    expect(text(after)).not.toContain('215,659.40')
  })
})
