/**
 * Issue 18.7: the apply page shows the business's 须知 (003 5.2.1.1) — 事项名称 / 设定依据 / 申请条件 / 办理材料 —
 * above 我要办理, as the center's content editor last saved it.
 */
const { renderPage, closePages, settle, text } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { api, loginAs, logoutLocally, staffToken } = require('./support/session')
const { reset } = require('./support/wx')

/** The 须知 card inside a page's business-guide component. */
const guideText = (page) => page.querySelector('#business-guide').querySelector('#guide').dom.textContent

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
    const shown = guideText(page)
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
    expect(guideText(page)).toContain(conditions)
  })
})

describe('业务须知 on the loan pages (D1, D3, D4)', () => {
  it('shows 提前还本 / 提前结清 须知 on the loan business tabs and the loan 须知 before the application form', async () => {
    await loginAs('luQingyi')
    const business = renderPage('pages/mine/loans/business/index', {})
    await settle()
    expect(guideText(business)).toContain('《提前还本须知》')
    expect(guideText(business)).toContain('个人住房公积金贷款提前还本')
    await business.instance.onTab({ currentTarget: { dataset: { key: 'settle' } } })
    await settle()
    const settleGuide = guideText(business)
    expect(settleGuide).toContain('《提前结清须知》')
    for (const heading of ['事项名称：', '设定依据：', '申请条件：', '办理材料：']) expect(settleGuide).toContain(heading)

    await loginAs('gaoZhenhua')
    const apply = renderPage('pages/mine/loans/apply/index', {})
    await settle()
    const loanGuide = guideText(apply)
    expect(loanGuide).toContain('《住房公积金贷款须知》')
    expect(loanGuide).toContain('2、婚姻状况证明；')
    const all = text(apply)
    expect(all.indexOf('办理材料：')).toBeLessThan(all.indexOf('房屋信息'))
  })
})
