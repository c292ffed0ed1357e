/**
 * Every page renders against the demo center, shows its content (no error state, no endless loading), in normal and
 * in 长辈模式, and is written out under test-output/ (HTML always; PNG with SCREENSHOTS=1). The last test lays all of
 * them out in chromium and checks touch targets, wrapped labels, overflow and elder-mode sizes (support/layout-check.js).
 */
const { execFileSync } = require('child_process')
const fs = require('fs')
const path = require('path')
const { ROOT, renderPage, closePages, settle, text } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { loginAs, logoutLocally } = require('./support/session')
const { reset, messages } = require('./support/wx')

const CONTRACT = '2014年委农字17609号'

/** route, query, what must show, whether a member must be logged in, tab index for the screenshot. */
const PAGES = [
  ['pages/mine/index/index', {}, '215,659.40', true, 0],
  ['pages/policy/index/index', {}, '最新公告', false, 1],
  ['pages/interaction/index/index', {}, '12329', false, 2],
  ['pages/mine/auth/login/index', {}, '自动登录', false],
  ['pages/mine/auth/face/index', {}, '刷脸登录', false],
  ['pages/mine/auth/face-web/index', { url: encodeURIComponent('http://127.0.0.1/__faceid/h5?token=x') }, '', false],
  ['pages/mine/auth/register/index', {}, '个人用户协议', false],
  ['pages/mine/auth/set-password/index', {}, '注册信息已失效', false],
  ['pages/mine/auth/forgot/index', {}, '信息校验', false],
  ['pages/mine/account/fund/index', {}, '5307240013928', true],
  ['pages/mine/account/ledger/index', { year: '2017' }, '汇缴201706', true],
  ['pages/mine/account/profile/index', {}, '国家公务员', true],
  ['pages/mine/loans/list/index', {}, CONTRACT, true],
  ['pages/mine/loans/repayments/index', { contractNo: encodeURIComponent(CONTRACT) }, '正常还款', true],
  ['pages/mine/loans/plan/index', { contractNo: encodeURIComponent(CONTRACT) }, '应还日期', true],
  ['pages/mine/loans/repayment-account/index', { contractNo: encodeURIComponent(CONTRACT) }, '当前还款账户', true],
  ['pages/mine/loans/overdue/index', { contractNo: encodeURIComponent(CONTRACT) }, '您暂无逾期还款记录', true],
  ['pages/mine/loans/progress/index', {}, '贷款发放', true],
  ['pages/mine/loans/business/index', { contractNo: encodeURIComponent(CONTRACT) }, '期限不变，减少月还款额', true],
  ['pages/mine/loans/apply/index', {}, '房屋坐落', true],
  ['pages/mine/messages/notifications/index', {}, '问题回复', true],
  ['pages/mine/messages/certificates/index', {}, '缴存证明', true],
  ['pages/mine/security/index/index', {}, '自动登录', true],
  ['pages/mine/security/login-password/index', {}, '原登录密码', true],
  ['pages/mine/security/business-password/index', {}, '原业务密码', true],
  ['pages/mine/security/hotline-password/index', {}, '12329', true],
  ['pages/mine/security/phone/index', {}, '139****1111', true],
  ['pages/mine/security/unbind/index', {}, '删除微信注册将', true],
  ['pages/mine/business/index/index', {}, '物业费提取', true],
  ['pages/mine/business/apply/index', { kind: 'propertyFee' }, '您本次可以提取', true],
  ['pages/mine/business/applications/index', {}, '暂无待办事项', true],
  ['pages/mine/business/progress/index', {}, '业务', true],
  ['pages/mine/business/application/index', async () => ({ serialNo: (await draft('unemployment')).serialNo }), '失业证号', true],
  ['pages/mine/business/cards/index', {}, '还没有绑定银行卡', true],
  ['pages/mine/business/spouse/index', { serialNo: '20261126999999' }, '没有需要您确认的该笔申请', true],
  ['pages/policy/content/articles/index', { column: 'guides' }, '阅读', false],
  ['pages/policy/content/housing/index', {}, '云湖家园一期', false],
  ['pages/policy/content/forms/index', {}, '住房公积金提取申请表', false],
  ['pages/interaction/help/faq/index', {}, '忘记登录密码怎么办', false],
  ['pages/interaction/help/community/index', {}, '答复', false],
  ['pages/interaction/help/outlets/index', {}, '古城区管理部', false],
  ['pages/interaction/help/feedback/index', {}, '工单号', true],
  ['pages/interaction/help/feedback-detail/index', async () => ({ id: String((await firstOf('getComplaints', 1)).id) }), '工单号', true],
  ['pages/interaction/help/outlet/index', { id: '2', lat: '26.8721', lng: '100.2354' }, '古城区管理部', false],
  ['pages/interaction/tools/calculator/index', {}, '每月月供', false],
  ['pages/interaction/tools/schedule/index', { method: 'equal-installment', principalFen: '25000000', months: '360', rate: '3.25' }, '390,597.67', false],
  ['pages/interaction/tools/prepayment/index', {}, '期限不变', false],
  ['pages/interaction/tools/rates/index', {}, '现行利率', false],
  ['pages/interaction/info/contact/index', {}, '12329', false],
  ['pages/interaction/info/document/index', { kind: 'privacy' }, '隐私声明', false],
  ['pages/policy/content/article/index', async () => ({ id: String((await firstOf('getArticles', { column: 'notices' })).id) }), '元旦', false],
  ['pages/mine/messages/notification/index', async () => ({ id: String((await firstOf('getNotifications', 'all')).id) }), '问题回复', true],
]

/** A draft application of the logged-in member (the same key on a re-run gives the same one). */
const draft = (kind) => require('../services/business').createApplication(kind, `pages-test-${kind}`)

/** The first item a service lists (ids are the server's). */
async function firstOf(fn, arg) {
  const services = { ...require('../services/content'), ...require('../services/messages'), ...require('../services/interaction') }
  return (await services[fn](arg)).items[0]
}

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
  global.wx.removeStorageSync('hpf.elder')
})

/** The HTML of every page rendered, in both modes, for the layout check. */
const rendered = []

it('covers every page of app.json', () => {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
  const all = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
  expect(PAGES.map((p) => p[0]).sort()).toEqual(all.sort())
})

/** Other states of a page that look different (same columns as PAGES, then the file name). */
const STATES = [['pages/mine/index/index', {}, '新用户注册', false, 0, 'mine-index-logged-out']]

describe.each([...PAGES, ...STATES])('%s', (route, query, expected, needsLogin, tab, fileName) => {
  it(`renders its content${fileName ? ` (${fileName})` : ''}, in normal and in 长辈模式`, async () => {
    if (needsLogin) await loginAs('luQingyi')
    const q = typeof query === 'function' ? await query() : query
    const name =
      fileName ||
      route
        .replace(/^pages\//, '')
        .replace(/\/index$/, '')
        .replace(/\//g, '-')
    const files = { name }
    for (const mode of ['normal', 'elder']) {
      global.wx.setStorageSync('hpf.elder', mode === 'elder')
      const page = renderPage(route, q)
      await settle()
      // face-web is a web-view only: WeChat shows the H5 page full screen, nothing of ours to enlarge
      if (page.data.elder !== undefined) expect(page.data.elder).toBe(mode === 'elder')
      expect(page.data.error || '').toBe('')
      expect(page.data.loading || false).toBe(false)
      if (expected) expect(text(page)).toContain(expected)
      expect(messages()).toEqual([])
      files[mode] = snapshot(page, mode === 'elder' ? `${name}--elder` : name, { tabBar: tab, height: 1334 }).html
      closePages()
    }
    rendered.push(files)
  })
})

it('lays every page out for a finger and a 750 rpx screen, and 长辈模式 enlarges it (issue 19)', () => {
  expect(rendered.length).toBe(PAGES.length + STATES.length)
  const list = path.join(ROOT, 'test-output', 'layout-pages.json')
  fs.writeFileSync(list, JSON.stringify(rendered))
  const out = execFileSync(process.execPath, [path.join(__dirname, 'support/layout-check.js'), list], { encoding: 'utf8', timeout: 300000 })
  expect(JSON.parse(out)).toEqual([])
})
