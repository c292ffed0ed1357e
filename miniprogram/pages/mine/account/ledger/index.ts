/**
 * B3 缴存提取明细 by year (000 (二) “点按页面的左右箭头可以切换查询年度”, 001 1.6): 汇缴YYYYMM, 补缴, 结息, 上年结转,
 * 部分提取 … with the running balance, newest first; the server says which years exist. Besides the combined list,
 * 缴存明细 and 提取明细 apart (002 三/四) with 上期余额 / 本期发生 / 本期余额 and their totals, and any of the three by a
 * date range (开始日期 / 结束日期) instead of a year. With `accountNo` (004 1.3: one of the member's other accounts,
 * opened from 公积金账户), that account's 流水 alone: by year or range, without the separate statements.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { getLedger, getStatement } from '../../../../services/account'
import { errorMessage, report } from '../../../../services/request'
import type { Ledger, LedgerEntry, Statement, StatementEntry } from '../../../../types/index'
import { formatFen, signedFen } from '../../../../utils/money'

type Tab = 'all' | 'deposits' | 'withdrawals'

interface Row {
  key: string
  date: string
  summary: string
  detail: string
  amount: string
  tone: 'in' | 'out' | 'zero'
  balance: string
  /** 002: 上期余额 / 本期余额 (缴存明细 and 提取明细 only). */
  previous: string
  period: string
}

const row = (e: LedgerEntry | StatementEntry, i: number): Row => ({
  key: `${e.postedOn}-${i}`,
  date: e.postedOn,
  summary: e.summary,
  detail: [e.withdrawalReason, e.withdrawalMethod].filter(Boolean).join(' · '),
  amount: signedFen(e.amountFen),
  tone: e.amountFen > 0 ? 'in' : e.amountFen < 0 ? 'out' : 'zero',
  balance: formatFen(e.balanceAfterFen),
  previous: 'previousBalanceFen' in e ? formatFen(e.previousBalanceFen) : '',
  period: 'periodBalanceFen' in e ? formatFen(e.periodBalanceFen) : '',
})

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    tab: 'all' as Tab,
    tabs: [
      { key: 'all', label: '全部' },
      { key: 'deposits', label: '缴存明细' },
      { key: 'withdrawals', label: '提取明细' },
    ],
    from: '',
    to: '',
    /** Another account of the member's ('' : the current one). */
    accountNo: '',
    year: 0,
    previous: null as number | null,
    next: null as number | null,
    rows: [] as Row[],
    deposits: '0.00',
    withdrawals: '0.00',
    count: 0,
    sum: '0.00',
    page: 1,
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const accountNo = query.accountNo ? decodeURIComponent(query.accountNo) : ''
      const tab = !accountNo && (query.tab === 'deposits' || query.tab === 'withdrawals') ? query.tab : 'all'
      this.setData({ tab, accountNo, from: query.from || '', to: query.to || '' })
      if (accountNo) void wx.setNavigationBarTitle({ title: '账户流水' })
      void this.load(query.year ? Number(query.year) : undefined)
    },
    onPullDownRefresh() {
      void this.load(this.data.year || undefined).then(() => wx.stopPullDownRefresh())
    },
    onReachBottom() {
      void this.more()
    },
    range() {
      const { from, to } = this.data
      return { ...(from ? { from } : {}), ...(to ? { to } : {}) }
    },
    fetch(year: number | undefined, page: number): Promise<Ledger | Statement> {
      const { tab } = this.data
      return tab === 'all' ? getLedger(year, page, this.range(), this.data.accountNo || undefined) : getStatement(tab, page, this.range())
    },
    show(l: Ledger | Statement, append: boolean) {
      const rows = l.items.map((e, i) => row(e, (append ? this.data.rows.length : 0) + i))
      const common = { rows: append ? this.data.rows.concat(rows) : rows, page: l.page, hasMore: l.page * l.pageSize < l.total }
      if ('kind' in l) {
        this.setData({ ...common, year: 0, count: l.totals.count, sum: formatFen(l.totals.amountFen), from: l.from || '', to: l.to || '' })
      } else {
        this.setData({
          ...common,
          year: l.year || 0,
          previous: l.previousYear,
          next: l.nextYear,
          deposits: formatFen(l.totals.depositsFen),
          withdrawals: formatFen(l.totals.withdrawalsFen),
        })
      }
    },
    async load(year?: number) {
      this.setData({ loading: true, error: '', rows: [] })
      try {
        this.show(await this.fetch(year, 1), false)
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    async more() {
      if (!this.data.hasMore || this.data.loadingMore) return
      this.setData({ loadingMore: true })
      try {
        this.show(await this.fetch(this.data.year || undefined, this.data.page + 1), true)
      } catch (err) {
        report(err)
      } finally {
        this.setData({ loadingMore: false })
      }
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      const tab = e.currentTarget.dataset.key as Tab
      if (tab === this.data.tab) return
      // The separate statements always run on a range (the server's default: the last twelve months).
      this.setData({ tab, ...(tab === 'all' ? { from: '', to: '' } : {}) })
      void this.load()
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ from: string; to: string }>) {
      this.setData({ from: e.detail.from, to: e.detail.to })
      void this.load()
    },
    onClearRange() {
      this.setData({ from: '', to: '' })
      void this.load()
    },
    onYear(e: WechatMiniprogram.CustomEvent<{ year: number }>) {
      void this.load(e.detail.year)
    },
    onRetry() {
      void this.load(this.data.year || undefined)
    },
  },
})
