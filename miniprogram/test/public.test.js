/** 政策业务 and 互动交流 (F1–F7, G1, G3–G9): no login needed. The calculator shows 003 5.1.2's figures. */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { reset, calls, messages, state } = require('./support/wx')

afterEach(() => {
  closePages()
  reset()
})

describe('calculator (G5)', () => {
  it('computes 003 5.1.2: 250,000 over 30 years at 3.25 % with the pie of principal vs interest', async () => {
    const page = renderPage('pages/interaction/tools/calculator/index')
    await settle()
    await fire(page, '#amount', 'input', { value: '250000' })
    await fire(page, '#years', 'input', { value: '30' })
    await fire(page, '#rate', 'input', { value: '3.25' })
    await page.instance.onCalculate()
    await settle()
    expect(page.data.result).toEqual({ monthly: '1,088.02', interest: '141,685.69', total: '391,685.69', months: 360 })
    const pie = page.querySelector('#pie-chart')
    expect(pie.data.legend.map((l) => [l.label, l.share])).toEqual([
      ['贷款本金', '63.8%'],
      ['支付利息', '36.2%'],
    ])
    expect(pie.dom.querySelector('wx-canvas').getAttribute('data-slices')).toContain('25000000')
    const t = text(page)
    expect(t).toContain('贷款本金')
    expect(t).toContain('250,000.00元')
    expect(t).toContain('141,685.69元')
    expect(t).toContain('63.8%')
    expect(t).toContain('36.2%')
    snapshot(page, 'flow-calculator', { height: 1600 })

    page.instance.onDetail()
    const url = calls('navigateTo')[0].url
    expect(url).toBe('/pages/interaction/tools/schedule/index?method=equal-installment&principalFen=25000000&months=360&rate=3.25')
  })

  it('shows the month-by-month table of 003 5.1.2 (3)', async () => {
    const page = renderPage('pages/interaction/tools/schedule/index', { method: 'equal-installment', principalFen: '25000000', months: '360', rate: '3.25' })
    await settle()
    expect(page.data.summary).toEqual({ total: '39.17', interest: '14.17', principal: '25.00', months: 360 })
    const first = page.data.years[0]
    expect(first.title).toBe('第1年')
    const manual = [
      ['410.93', '677.08', '390,597.67'],
      ['412.05', '675.97', '389,509.66'],
      ['413.16', '674.85', '388,421.64'],
      ['414.28', '673.74', '387,333.62'],
      ['415.40', '672.61', '386,245.61'],
      ['416.53', '671.49', '385,157.59'],
      ['417.66', '670.36', '384,069.58'],
      ['418.79', '669.23', '382,981.56'],
      ['419.92', '668.09', '381,893.54'],
    ]
    manual.forEach(([principal, interest, remaining], i) => {
      expect(first.rows[i]).toMatchObject({ key: String(i + 1), month: `${i + 1}月`, principal, interest, remaining })
    })
    // Issue 18: the principal still owed beside 003's 贷款余额 (the total still to repay), each under its own name.
    expect(first.rows.slice(0, 2).map((r) => r.principalBalance)).toEqual(['249,589.07', '249,177.02'])
    expect(text(page)).toContain('剩余本金')
    expect(text(page)).toContain('剩余本息')
    expect(page.data.years).toHaveLength(30)
    const t = text(page)
    expect(t).toContain('39.17')
    expect(t).toContain('14.17')
    expect(t).toContain('390,597.67')
    snapshot(page, 'flow-schedule')

    await fire(page, '#method-principal', 'tap')
    await settle()
    expect(page.data.years[0].rows[0].principal).toBe('694.44')
  })

  it('shows the server’s message for an amount it will not take', async () => {
    const page = renderPage('pages/interaction/tools/calculator/index')
    page.setData({ amount: '250000', years: '31', rate: '3.25' })
    await page.instance.onCalculate()
    await settle()
    expect(messages()).toHaveLength(1)
    expect(page.data.result).toBe(null)
  })
})

describe('prepayment trial (G6)', () => {
  it('shortens the term keeping the payment (月供不变)', async () => {
    const page = renderPage('pages/interaction/tools/prepayment/index')
    page.setData({ balance: '200000', remainingMonths: '240', rate: '3.25', prepay: '50000' })
    page.instance.onMode({ currentTarget: { dataset: { mode: 'keep-payment' } } })
    await page.instance.onSubmit()
    await settle()
    const t = text(page)
    expect(t).toContain('50,000.00元')
    expect(t).toContain('1,134.39元')
    expect(t).toContain('164期（缩短76期）')
    expect(t).toContain('36,301.78元')
    snapshot(page, 'flow-prepayment', { height: 1700 })
  })
})

describe('outlets (G4)', () => {
  it('lists the nearest first with the distance, and calls or navigates', async () => {
    const page = renderPage('pages/interaction/help/outlets/index')
    await settle()
    expect(page.data.rows[0]).toMatchObject({ name: '古城区管理部', distanceText: '0米' })
    expect(page.data.rows[1].distanceText).toMatch(/公里$/)
    await fire(page, '.outlet__btn', 'tap')
    expect(calls('makePhoneCall')).toEqual([expect.objectContaining({ phoneNumber: '0888-5125678' })])
    page.instance.onNavigate({ currentTarget: { dataset: { index: 0 } } })
    expect(calls('openLocation')[0]).toMatchObject({ latitude: 26.8721, longitude: 100.2354, name: '古城区管理部' })
    snapshot(page, 'flow-outlets')
  })

  it('still lists the outlets when the member keeps the location to themselves', async () => {
    state.locationDenied = true
    const page = renderPage('pages/interaction/help/outlets/index')
    await settle()
    expect(page.data.rows.length).toBeGreaterThan(3)
    expect(page.data.rows[0].distanceText).toBe('')
    expect(text(page)).toContain('未获取到您的位置')
  })

  it('filters by business type', async () => {
    const page = renderPage('pages/interaction/help/outlets/index')
    await settle()
    page.instance.onType({ currentTarget: { dataset: { type: '贷款' } } })
    await settle()
    expect(page.data.rows.every((o) => o.businessTypes.includes('贷款'))).toBe(true)
    const sent = state.requests.filter((r) => r.url.includes('/api/public/outlets?')).pop()
    expect(decodeURIComponent(sent.url)).toContain('businessType=贷款')
  })
})

describe('FAQ, community, contact (G1, G3, G8, G9)', () => {
  it('finds the answer to “密码忘了怎么办” first', async () => {
    const page = renderPage('pages/interaction/help/faq/index')
    await settle()
    page.instance.onSearch({ detail: { value: '密码忘了怎么办' } })
    await settle()
    expect(page.data.items[0].question).toBe('忘记登录密码怎么办？')
    expect(page.data.open).toBe(0)
    expect(text(page)).toContain('忘记密码')
    snapshot(page, 'flow-faq')
  })

  it('lists answered community questions with masked askers', async () => {
    const page = renderPage('pages/interaction/help/community/index')
    await settle()
    expect(page.data.items[0].asker).toMatch(/\*/)
    expect(text(page)).toContain('答复')
  })

  it('calls 12329 after the confirmation of 003 7.2', async () => {
    const page = renderPage('pages/interaction/info/contact/index')
    await settle()
    await fire(page, '#hotline', 'tap')
    await settle()
    expect(calls('showModal')[0].content).toBe('呼叫服务热线 公积金12329')
    expect(calls('makePhoneCall')).toEqual([expect.objectContaining({ phoneNumber: '12329' })])
  })

  it('shows the privacy statement and the user agreement from the server', async () => {
    for (const [kind, title] of [
      ['privacy', '隐私声明'],
      ['user-agreement', '个人用户协议'],
    ]) {
      const page = renderPage('pages/interaction/info/document/index', { kind })
      await settle()
      expect(page.data.title).toBe(title)
      expect(page.data.paragraphs.length).toBeGreaterThan(3)
    }
  })
})

describe('政策业务 (F1–F7)', () => {
  it('opens a column, searches it and shows an article as rich text', async () => {
    const tab = renderPage('pages/policy/index/index')
    await settle()
    expect(tab.data.tiles.map((t) => t.title)).toEqual(['新闻公告', '机构介绍', '政策法规', '业务指南', '政务公开', '签约楼盘', '资料下载', '常见问题'])
    const list = renderPage('pages/policy/content/articles/index', { column: 'guides' })
    await settle()
    expect(list.data.items.length).toBeGreaterThan(0)
    list.instance.onSearch({ detail: { value: '退休' } })
    await settle()
    expect(list.data.items.length).toBeGreaterThan(0)
    expect(decodeURIComponent(state.requests.pop().url)).toContain('q=退休')
    const article = renderPage('pages/policy/content/article/index', { id: String(list.data.items[0].id) })
    await settle()
    expect(article.data.html).toMatch(/^<(p|h3|h4|ol|ul|table)/)
    snapshot(article, 'flow-article', {
      patch: (dom) => {
        const rich = dom.querySelector('wx-rich-text')
        if (rich) rich.innerHTML = article.data.html
      },
    })
  })

  it('finds a housing project by name and calls its contact', async () => {
    const page = renderPage('pages/policy/content/housing/index')
    await settle()
    page.instance.onSearch({ detail: { value: '云湖' } })
    await settle()
    expect(page.data.items.map((p) => p.name)).toEqual(['云湖家园一期'])
    await fire(page, '.link', 'tap')
    expect(calls('makePhoneCall')).toEqual([expect.objectContaining({ phoneNumber: '0888-8888399' })])
    page.instance.onSearch({ detail: { value: '不存在的楼盘' } })
    await settle()
    expect(text(page)).toContain('没有名称含“不存在的楼盘”的签约楼盘')
  })

  it('downloads a form and opens it', async () => {
    const page = renderPage('pages/policy/content/forms/index')
    await settle()
    page.instance.onDownload({ currentTarget: { dataset: { index: 0 } } })
    await settle()
    await new Promise((r) => setTimeout(r, 20))
    const [dl] = calls('downloadFile')
    expect(dl.statusCode).toBe(200)
    expect(calls('openDocument')).toEqual([expect.objectContaining({ fileType: 'docx' })])
  })
})
