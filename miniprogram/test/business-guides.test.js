/**
 * Issue 18.7: the apply page shows the business's 须知 (003 5.2.1.1) — 事项名称 / 设定依据 / 申请条件 / 办理材料 —
 * above 我要办理, as the center's content editor last saved it.
 */
const { renderPage, closePages, settle, text } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { api, loginAs, logoutLocally, staffToken } = require('./support/session')
const { reset } = require('./support/wx')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

describe('业务须知 on the apply page', () => {
  it('shows the four headings of 离退休提取须知 with the manual’s text before 我要办理', async () => {
    await loginAs('zhangJian')
    const page = renderPage('pages/mine/business/apply/index', { kind: 'retirement' })
    await settle()
    const guide = page.querySelector('#guide')
    expect(guide).toBeTruthy()
    const shown = guide.dom.textContent
    expect(shown).toContain('《离退休提取须知》')
    for (const heading of ['事项名称：', '设定依据：', '申请条件：', '办理材料：']) expect(shown).toContain(heading)
    expect(shown).toContain('离休、退休提取公积金')
    expect(shown).toContain('依据《住房公积金管理条例》第二十四条第（二）项规定')
    expect(shown).toContain('1、申请人身份证原件；')
    // The 须知 comes before the page's button.
    const all = text(page)
    const button = page.querySelector('#apply') ? '我要办理' : '查找服务网点'
    expect(all.indexOf('办理材料：')).toBeLessThan(all.lastIndexOf(button))
    snapshot(page, 'business-guide-retirement')
  })

  it('shows what the content editor saved', async () => {
    const editor = api(await staffToken('bianji'))
    const list = await editor('GET', '/api/staff/content/business-guides?q=build')
    const item = list.body.items.find((i) => i.kind === 'build')
    const conditions = '建造、翻建、大修自住住房，提取金额不超过实际发生的费用（须附村委会证明）'
    expect((await editor('PUT', `/api/staff/content/business-guides/${item.id}`, { conditions })).status).toBe(200)

    await loginAs('zhangJian')
    const page = renderPage('pages/mine/business/apply/index', { kind: 'build' })
    await settle()
    expect(page.querySelector('#guide').dom.textContent).toContain(conditions)
  })
})
