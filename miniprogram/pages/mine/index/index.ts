/**
 * Tab 我的: B1 账户总览 once logged in (001 1.4, 004 1.3), the entry tiles, 长辈模式 (K1); before login, the way
 * in (login, face login, registration) and the public tools.
 */
import { pageBehavior } from '../../../behaviors/page'
import { getOverview } from '../../../services/account'
import { logout } from '../../../services/auth'
import { getUnreadCount } from '../../../services/messages'
import { errorMessage, report } from '../../../services/request'
import { isLoggedIn } from '../../../services/session'
import type { Overview } from '../../../types/index'
import { pageStyle, setElder } from '../../../utils/elder'
import { yearMonth } from '../../../utils/format'
import { formatFen } from '../../../utils/money'
import { ROUTES, go } from '../../../utils/nav'
import { selectTab } from '../../../utils/tab-bar'

const HOTLINE = '12329'

interface Shown {
  name: string
  idNumberMasked: string
  balance: string
  status: string
  paidUpTo: string
  monthlyTotal: string
  hasLoan: boolean
  loanBalance: string
  loanCount: number
  nextDue: string
  nextPayment: string
}

function shown(o: Overview): Shown {
  const next = o.loans.nextDue
  return {
    name: o.name,
    idNumberMasked: o.idNumberMasked,
    balance: formatFen(o.balanceFen),
    status: o.accountStatusLabel,
    paidUpTo: yearMonth(o.paidUpTo),
    monthlyTotal: formatFen(o.monthlyTotalFen),
    hasLoan: o.loans.count > 0,
    loanBalance: formatFen(o.loans.balanceFen),
    loanCount: o.loans.repayingCount,
    nextDue: next ? next.dueOn : '',
    nextPayment: next ? formatFen(next.paymentFen) : '',
  }
}

const accountTiles = (unread: number) => [
  { key: 'fund', title: '公积金账户', icon: 'wallet', color: '#0052d9', url: ROUTES.fund },
  { key: 'ledger', title: '缴存明细', icon: 'ledger', color: '#0594fa', url: ROUTES.ledger },
  { key: 'loans', title: '贷款账户', icon: 'loan', color: '#00a870', url: ROUTES.loans },
  { key: 'plan', title: '还款计划', icon: 'calendar', color: '#ed7b2f', url: ROUTES.plan },
  { key: 'progress', title: '贷款进度', icon: 'progress', color: '#834ec2', url: ROUTES.loanProgress },
  { key: 'certificates', title: '电子凭证', icon: 'certificate', color: '#029cd4', url: ROUTES.certificates },
  { key: 'notifications', title: '消息通知', icon: 'bell', color: '#e37318', url: ROUTES.notifications, badge: unread },
  { key: 'profile', title: '个人信息', icon: 'user', color: '#2ba471', url: ROUTES.profile },
]

const ELDER_TILES = [
  { key: 'fund', title: '查余额', icon: 'wallet', color: '#0052d9', url: ROUTES.fund },
  { key: 'ledger', title: '查明细', icon: 'ledger', color: '#0594fa', url: ROUTES.ledger },
  { key: 'loans', title: '查贷款', icon: 'loan', color: '#00a870', url: ROUTES.loans },
  { key: 'call', title: '打电话', icon: 'phone', color: '#e37318' },
]

const PUBLIC_TILES = [
  { key: 'calculator', title: '贷款计算器', icon: 'calculator', color: '#0052d9', url: ROUTES.calculator },
  { key: 'outlets', title: '服务网点', icon: 'pin', color: '#00a870', url: ROUTES.outlets },
  { key: 'faq', title: '常见问题', icon: 'help', color: '#ed7b2f', url: ROUTES.faq },
  { key: 'call', title: '12329热线', icon: 'phone', color: '#e37318' },
]

Component({
  behaviors: [pageBehavior],
  data: {
    loggedIn: false,
    loading: false,
    error: '',
    me: null as Shown | null,
    tiles: accountTiles(0),
    elderTiles: ELDER_TILES,
    publicTiles: PUBLIC_TILES,
    moreItems: [
      { key: 'business', title: '业务办理', note: '提取、进度', icon: 'briefcase', color: '#0052d9', url: ROUTES.business },
      { key: 'security', title: '安全设置', note: '密码、手机号、自动登录', icon: 'shield', color: '#00a870', url: ROUTES.security },
      { key: 'contact', title: '联系我们', note: `服务热线 ${HOTLINE}`, icon: 'phone', color: '#e37318', url: ROUTES.contact },
    ],
  },
  methods: {
    onShow() {
      selectTab(this, 0)
      void this.refresh()
    },
    onPullDownRefresh() {
      void this.refresh().then(() => wx.stopPullDownRefresh())
    },
    async refresh() {
      const loggedIn = isLoggedIn()
      this.setData({ loggedIn })
      if (!loggedIn) return
      this.setData({ loading: !this.data.me, error: '' })
      try {
        const [overview, unread] = await Promise.all([getOverview(), getUnreadCount().catch(() => ({ unread: 0 }))])
        this.setData({ me: shown(overview), tiles: accountTiles(unread.unread) })
      } catch (err) {
        this.setData({ error: errorMessage(err), loggedIn: isLoggedIn() })
      } finally {
        this.setData({ loading: false })
      }
    },
    onLogin() {
      go(ROUTES.login)
    },
    onFaceLogin() {
      go(ROUTES.face)
    },
    onRegister() {
      go(ROUTES.register)
    },
    onHero() {
      go(ROUTES.fund)
    },
    onLoanCard() {
      go(ROUTES.loans)
    },
    onTile(e: WechatMiniprogram.CustomEvent<{ key: string }>) {
      if (e.detail.key === 'call') void wx.makePhoneCall({ phoneNumber: HOTLINE })
    },
    onElder(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const on = !!e.detail.value
      setElder(on)
      this.setData({ elder: on, pageStyle: pageStyle(on) })
      selectTab(this, 0)
      void wx.showToast({ title: on ? '已开启长辈模式' : '已关闭长辈模式', icon: 'none' })
    },
    onLogout() {
      wx.showModal({
        title: '退出当前账号',
        content: '退出后需重新登录才能查询账户信息。',
        confirmText: '退出',
        success: async (res) => {
          if (!res.confirm) return
          try {
            await logout()
          } catch (err) {
            report(err)
          }
          this.setData({ loggedIn: false, me: null })
        },
      })
    },
  },
})
