/** B1–B9 for 卢青怡, the member of manual 000: her account, ledger years, loan and plan, with the manual's figures. */
const { execFileSync } = require('child_process')
const fs = require('fs')
const path = require('path')
const { ROOT, renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { loginAs, logoutLocally } = require('./support/session')
const { reset, calls, messages, state } = require('./support/wx')
const { request } = require('../services/request')
const { formatFen } = require('../utils/money')

const CONTRACT = '2014年委农字17609号'

beforeEach(() => loginAs('luQingyi'))
afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

describe('fund account (B2)', () => {
  it('shows every field of 000 (二)', async () => {
    const page = renderPage('pages/mine/account/fund/index')
    await settle()
    const t = text(page)
    for (const expected of [
      '215,659.40',
      '5307240013928',
      '正常',
      '2014-03-01',
      '2026年11月',
      '5,866.00元',
      '12%',
      '704.00元',
      '1,408.00元',
      '丽江市滇中学',
      '530724000151',
      '中国农业银行',
      '************0012',
      '已婚',
      '8,915.00元',
      '大专',
      '国家公务员',
      '家湾村55号',
      '674100',
    ])
      expect(t).toContain(expected)
    page.instance.onLedger()
    expect(calls('navigateTo')).toEqual([expect.objectContaining({ url: '/pages/mine/account/ledger/index' })])
  })
})

describe('004 1.3 我的公积金: every account of the member’s', () => {
  const CLOSED = '3100000001'

  it('shows 张健’s closed account below the open one, with its number, balance and 提取销户, opening its own 流水', async () => {
    await loginAs('zhangJian')
    const page = renderPage('pages/mine/account/fund/index')
    await settle()
    expect(page.data.balance).toBe('8,520.99')
    expect(page.data.others).toEqual([{ accountNo: CLOSED, balance: '0.00', statusLabel: '提取销户', closedOn: '2007-09-28' }])
    const other = text(page.querySelector('#others'))
    for (const expected of ['其他公积金账户', CLOSED, '0.00元', '提取销户', '账户流水']) expect(other).toContain(expected)
    await fire(page, `#other-${CLOSED}`, 'tap')
    expect(calls('navigateTo')).toEqual([expect.objectContaining({ url: `/pages/mine/account/ledger/index?accountNo=${CLOSED}` })])

    const ledger = renderPage('pages/mine/account/ledger/index', { accountNo: CLOSED })
    await settle()
    expect(ledger.data.year).toBe(2007)
    expect(text(ledger.querySelector('#account'))).toContain(CLOSED)
    expect(ledger.querySelector('#tab-deposits')).toBeFalsy()
    // Newest first: the 销户提取 that left 0.00, then the manual's four rows.
    expect(ledger.data.rows.map((r) => [r.date, r.amount, r.balance])).toEqual([
      ['2007-09-28', '-13,051.70', '0.00'],
      ['2007-09-01', '+662.00', '13,051.70'],
      ['2007-08-01', '+662.00', '12,389.70'],
      ['2007-07-02', '+662.00', '11,727.70'],
      ['2007-06-30', '+11,065.70', '11,065.70'],
    ])
  })

  it('the open account’s 流水 keeps none of the closed one’s rows; a member with one account sees no other', async () => {
    await loginAs('zhangJian')
    const ledger = renderPage('pages/mine/account/ledger/index', { year: '2007' })
    await settle()
    expect(ledger.data.rows).toEqual([])
    closePages()
    await loginAs('luQingyi')
    const page = renderPage('pages/mine/account/fund/index')
    await settle()
    expect(page.data.others).toEqual([])
    expect(page.querySelector('#others')).toBeFalsy()
  })

  it('lays the accounts out for a finger: labels on one line, hit areas of 88 rpx, 长辈模式 enlarged (issue 19)', async () => {
    await loginAs('zhangJian')
    const files = { name: 'account-fund-accounts' }
    for (const mode of ['normal', 'elder']) {
      global.wx.setStorageSync('hpf.elder', mode === 'elder')
      const page = renderPage('pages/mine/account/fund/index')
      await settle()
      expect(page.data.others.length).toBe(1)
      files[mode] = snapshot(page, mode === 'elder' ? 'account-fund-accounts--elder' : 'account-fund-accounts', { height: 2400 }).html
      closePages()
    }
    global.wx.removeStorageSync('hpf.elder')
    const list = path.join(ROOT, 'test-output', 'layout-account-fund-accounts.json')
    fs.writeFileSync(list, JSON.stringify([files]))
    const out = execFileSync(process.execPath, [path.join(__dirname, 'support/layout-check.js'), list], { encoding: 'utf8', timeout: 120000 })
    expect(JSON.parse(out)).toEqual([])
  })
})

describe('ledger (B3)', () => {
  it('opens on the current year and switches years with the arrows', async () => {
    const page = renderPage('pages/mine/account/ledger/index')
    await settle()
    expect(page.data.year).toBe(2026)
    expect(page.data.next).toBe(null)
    const years = page.querySelector('#years')
    await fire(years, '#previous', 'tap')
    await settle()
    expect(page.data.year).toBe(2025)
    expect(text(page)).toContain('2025年度个人公积金业务明细')
    await fire(years, '#next', 'tap')
    await settle()
    expect(page.data.year).toBe(2026)
    // no later year: the right arrow does nothing
    await fire(years, '#next', 'tap')
    await settle()
    expect(page.data.year).toBe(2026)
  })

  it('shows 2017 as printed in 000 (二) with the running balance, and 2016 one arrow back', async () => {
    const page = renderPage('pages/mine/account/ledger/index', { year: '2017' })
    await settle()
    const rows = page.data.rows
    const june = rows.find((r) => r.summary === '汇缴201706')
    expect(june).toMatchObject({ date: '2017-06-21', amount: '+1,392.00', balance: '39,674.49' })
    expect(rows.find((r) => r.summary === '公积金结息')).toMatchObject({ date: '2017-06-30', amount: '+467.04', balance: '40,141.53' })
    snapshot(page, 'flow-ledger-2017')

    await fire(page.querySelector('#years'), '#previous', 'tap')
    await settle()
    expect(page.data.year).toBe(2016)
    const t = text(page)
    expect(t).toContain('上年结转')
    expect(page.data.rows.find((r) => r.summary === '汇缴201607')).toMatchObject({ amount: '+1,110.00', balance: '25,124.49' })
    expect(page.data.rows.find((r) => r.summary === '上年结转')).toMatchObject({ balance: '24,014.49' })
  })
})

describe('缴存明细 / 提取明细 and date ranges (002 三/四, issue 18)', () => {
  it('shows deposits apart with 上期余额 / 本期余额 and totals, withdrawals apart, and the combined list by a range', async () => {
    const page = renderPage('pages/mine/account/ledger/index')
    await settle()
    await fire(page, '#tab-deposits', 'tap')
    await settle()
    expect(page.data.tab).toBe('deposits')
    expect(page.data.from).not.toBe('')
    await fire(page.querySelector('#range'), '#from', 'change', { value: '2016-07-01' })
    await fire(page.querySelector('#range'), '#to', 'change', { value: '2017-06-30' })
    await fire(page.querySelector('#range'), '#query', 'tap')
    await settle()
    expect(page.data.count).toBe(13)
    expect(page.data.sum).toBe('16,127.04')
    expect(page.data.rows.find((r) => r.summary === '汇缴201607')).toMatchObject({
      amount: '+1,110.00',
      previous: '24,014.49',
      period: '1,110.00',
      balance: '25,124.49',
    })
    expect(text(page)).toContain('上期余额 24,014.49')
    snapshot(page, 'flow-ledger-deposits')

    await fire(page, '#tab-withdrawals', 'tap')
    await settle()
    expect(page.data.count).toBe(0)
    expect(text(page)).toContain('该期间没有明细')

    await fire(page, '#tab-all', 'tap')
    await settle()
    expect(page.data.year).toBe(2026)
    await fire(page.querySelector('#range'), '#from', 'change', { value: '2017-01-01' })
    await fire(page.querySelector('#range'), '#to', 'change', { value: '2017-02-28' })
    await fire(page.querySelector('#range'), '#query', 'tap')
    await settle()
    expect(page.data.year).toBe(0)
    expect(page.querySelector('#years')).toBeFalsy()
    expect(page.data.rows.map((r) => r.summary)).toEqual(['汇缴201702', '汇缴201701', '汇缴201612'])
    await fire(page.querySelector('#range'), '#to', 'change', { value: '2016-12-31' })
    await fire(page.querySelector('#range'), '#query', 'tap')
    expect(messages().pop()).toBe('开始日期不能晚于结束日期')
  })
})

describe('personal information (B9)', () => {
  it('shows the record and the fields the server lets the member edit', async () => {
    const page = renderPage('pages/mine/account/profile/index')
    await settle()
    expect(page.data.rows.map((r) => r.label)).toEqual(['学历', '职业', '职称', '职务', '家庭住址', '邮政编码'])
    expect(text(page)).toContain('530123********2329')
    await page.instance.onEdit()
    await settle()
    snapshot(page, 'flow-profile-edit')
  })

  it('saves an edit through POST + X-HTTP-Method-Override (wx.request cannot send PATCH) and shows it', async () => {
    const page = renderPage('pages/mine/account/profile/index')
    await settle()
    page.instance.onEdit()
    const i = page.data.rows.findIndex((r) => r.key === 'title')
    await fire(page, '#edit-title', 'input', { value: '中级教师' })
    expect(page.data.rows[i].value).toBe('中级教师')
    await page.instance.onSave()
    await settle()
    expect(page.data.editing).toBe(false)
    expect(text(page)).toContain('中级教师')
    const stored = await request({ method: 'GET', path: '/api/me/profile', silent: true })
    expect(stored.title).toBe('中级教师')
  })
})

describe('loans (B4–B8)', () => {
  it('shows the loan account of 000 (三)', async () => {
    const page = renderPage('pages/mine/loans/list/index')
    await settle()
    const t = text(page)
    for (const expected of [
      CONTRACT,
      '5307240013928101',
      '240,000.00元',
      '3.25%',
      '240个月',
      '等额本金',
      '委托银行扣收',
      '每月13日',
      '中国农业银行',
      '2014-11-13',
      '2034-11-13',
      '530724',
    ]) {
      expect(t).toContain(expected)
    }
    await fire(page, '.shortcut', 'tap')
    expect(calls('navigateTo')[0].url).toBe(`/pages/mine/loans/repayments/index?contractNo=${encodeURIComponent(CONTRACT)}`)
  })

  it('after her prepayment shows the plan’s remaining periods and end, not the contract’s 240 (issue 18)', async () => {
    const [loan] = await request({ method: 'GET', path: '/api/me/loans', silent: true })
    const plan = await request({ method: 'GET', path: `/api/me/loans/${encodeURIComponent(CONTRACT)}/plan`, silent: true })
    const page = renderPage('pages/mine/loans/list/index')
    await settle()
    const [card] = page.data.cards
    expect(card.progress).toBe(`${loan.periodsPaid}/${loan.periodsPaid + plan.items.length}`)
    const field = (label) => card.fields.find((f) => f.label === label).value
    expect(field('剩余期数')).toBe(`${plan.items.length}期`)
    expect(field('到期日期')).toBe(plan.items[plan.items.length - 1].dueOn)
    expect(field('合同到期日期')).toBe('2034-11-13')
    expect(text(page)).toContain(`已还 ${card.progress} 期`)
  })

  it('a settled loan’s plan says 此合同【…】的贷款已结清 (004 3.4, 3.6); 张健’s monthly payment is 3,312.29', async () => {
    logoutLocally()
    await loginAs('zhangJian')
    const list = renderPage('pages/mine/loans/list/index')
    await settle()
    expect(list.data.cards[0].monthly).toBe('3,312.29')
    const page = renderPage('pages/mine/loans/plan/index', { contractNo: '201505000000' })
    await settle()
    expect(page.data.rows).toEqual([])
    expect(text(page)).toContain('此合同【201505000000】的贷款已结清')
  })

  it('shows the 2017 repayments of 000 (三): 1,310.10 with 114,500 outstanding, 1,304.69 with 112,500', async () => {
    const page = renderPage('pages/mine/loans/repayments/index', { contractNo: encodeURIComponent(CONTRACT) })
    await settle()
    expect(page.data.year).toBe(2026)
    const years = page.querySelector('#years')
    for (let y = 2026; y > 2017; y--) {
      await fire(years, '#previous', 'tap')
      await settle()
    }
    expect(page.data.year).toBe(2017)
    const rows = page.data.rows
    expect(rows.find((r) => r.date === '2017-10-13')).toMatchObject({ amount: '1,310.10', principal: '1,000.00', balance: '113,500.00' })
    expect(rows.find((r) => r.date === '2017-12-13')).toMatchObject({ amount: '1,304.69', balance: '111,500.00' })
    await fire(page, '.period__head', 'tap')
    expect(page.data.open).toBe(0)
    snapshot(page, 'flow-repayments-2017')
  })

  it('queries the repayments of a date range, not only a year (003 4.2 (4), 004 3.5, issue 18)', async () => {
    const page = renderPage('pages/mine/loans/repayments/index', { contractNo: encodeURIComponent(CONTRACT) })
    await settle()
    const range = page.querySelector('#range')
    await fire(range, '#from', 'change', { value: '2017-09-01' })
    await fire(range, '#to', 'change', { value: '2017-11-30' })
    await fire(range, '#query', 'tap')
    await settle()
    expect(page.data.year).toBe(0)
    expect(page.querySelector('#years')).toBeFalsy()
    expect(page.data.rows.map((r) => r.date)).toEqual(['2017-11-13', '2017-10-13', '2017-09-13'])
    expect(page.data.rows[1]).toMatchObject({ amount: '1,310.10', balance: '113,500.00' })
    await fire(range, '#from', 'change', { value: '2018-01-01' })
    await fire(range, '#query', 'tap')
    expect(messages().pop()).toBe('开始日期不能晚于结束日期')
    await fire(range, '#clear-range', 'tap')
    await settle()
    expect(page.data.year).toBe(2026)
  })

  it('shows 003 4.2 (4)’s detail: 还款年月, the 贷款发放 row of 004 3.5, running 已还本金 / 已还利息 (issue 18)', async () => {
    logoutLocally()
    await loginAs('zhangJian')
    const page = renderPage('pages/mine/loans/repayments/index', { contractNo: '201505000000' })
    await settle()
    const range = page.querySelector('#range')
    await fire(range, '#from', 'change', { value: '2015-04-01' })
    await fire(range, '#to', 'change', { value: '2015-06-30' })
    await fire(range, '#query', 'tap')
    await settle()
    const rows = page.data.rows
    expect(rows.map((r) => [r.title, r.date, r.amount])).toEqual([
      ['201506期（第2期）', '2015-06-22', '3,312.29'],
      ['201505期（第1期）', '2015-05-20', '3,312.29'],
      ['贷款发放', '2015-04-24', '300,000.00'],
    ])
    const [june, may] = await request({ method: 'GET', path: '/api/me/loans/201505000000/repayments?from=2015-04-01&to=2015-06-30', silent: true }).then(
      (r) => r.items,
    )
    expect(rows[0]).toMatchObject({
      repaidPrincipal: formatFen(may.principalFen + june.principalFen),
      repaidInterest: formatFen(may.interestFen + june.interestFen),
    })
    await fire(page, '.period__head', 'tap')
    const t = text(page)
    expect(t).toContain('已还本金合计')
    expect(t).toContain('已还利息合计')
    await page.instance.onToggle({ currentTarget: { dataset: { index: 2 } } })
    expect(text(page)).toContain('放款金额300,000.00元')
  })

  it('downloads the plan as Excel with the session and opens it', async () => {
    const page = renderPage('pages/mine/loans/plan/index')
    await settle()
    expect(page.data.contractNo).toBe(CONTRACT)
    expect(page.data.rows[0]).toMatchObject({ title: '202612期（第145期）', amount: '1,012.19', principal: '1,000.00', interest: '12.19' })
    await page.instance.onDownload()
    await settle()
    const [dl] = calls('downloadFile')
    expect(dl.url).toBe(`${process.env.HPF_TEST_SERVER}/api/me/loans/${encodeURIComponent(CONTRACT)}/plan.xlsx`)
    expect(dl.header.authorization).toMatch(/^Bearer /)
    expect(dl.statusCode).toBe(200)
    expect(dl.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(calls('openDocument')).toEqual([expect.objectContaining({ filePath: dl.tempFilePath, fileType: 'xlsx', showMenu: true })])
    expect(messages()).toEqual([])
  })

  it('says there is no overdue record, in the manual’s words', async () => {
    const page = renderPage('pages/mine/loans/overdue/index')
    await settle()
    expect(text(page)).toContain('您暂无逾期还款记录')
  })

  it('shows the application progress with its nodes (B8)', async () => {
    const page = renderPage('pages/mine/loans/progress/index')
    await settle()
    const t = text(page)
    expect(t).toContain('DK5307240013928101')
    expect(t).toContain('贷款受理初审')
    expect(t).toContain('已办结')
  })

  it('tells a member without a loan so, on every loan page', async () => {
    logoutLocally()
    await loginAs('muWenjun')
    for (const route of ['pages/mine/loans/list/index', 'pages/mine/loans/plan/index', 'pages/mine/loans/repayments/index']) {
      const page = renderPage(route)
      await settle()
      expect(text(page)).toContain('您暂无公积金贷款')
    }
    expect(state.requests.filter((r) => /\/plan|\/repayments/.test(r.url))).toEqual([])
  })
})
