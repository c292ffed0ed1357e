/**
 * B3 缴存提取明细 by year (000 (二) “点按页面的左右箭头可以切换查询年度”, 001 1.6): 汇缴YYYYMM, 补缴, 结息, 上年结转,
 * 部分提取 … with the running balance, newest first; the server says which years exist.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { getLedger } from '../../../../services/account'
import { errorMessage, report } from '../../../../services/request'
import type { Ledger, LedgerEntry } from '../../../../types/index'
import { formatFen, signedFen } from '../../../../utils/money'

interface Row {
  key: string
  date: string
  summary: string
  detail: string
  amount: string
  tone: 'in' | 'out' | 'zero'
  balance: string
}

const row = (e: LedgerEntry, i: number): Row => ({
  key: `${e.postedOn}-${i}`,
  date: e.postedOn,
  summary: e.summary,
  detail: [e.withdrawalReason, e.withdrawalMethod].filter(Boolean).join(' · '),
  amount: signedFen(e.amountFen),
  tone: e.amountFen > 0 ? 'in' : e.amountFen < 0 ? 'out' : 'zero',
  balance: formatFen(e.balanceAfterFen),
})

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    year: 0,
    previous: null as number | null,
    next: null as number | null,
    rows: [] as Row[],
    deposits: '0.00',
    withdrawals: '0.00',
    page: 1,
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.load(query.year ? Number(query.year) : undefined)
    },
    onPullDownRefresh() {
      this.load(this.data.year || undefined).then(() => wx.stopPullDownRefresh())
    },
    onReachBottom() {
      this.more()
    },
    show(l: Ledger, append: boolean) {
      const rows = l.items.map((e, i) => row(e, (append ? this.data.rows.length : 0) + i))
      this.setData({
        year: l.year || 0,
        previous: l.previousYear,
        next: l.nextYear,
        rows: append ? this.data.rows.concat(rows) : rows,
        deposits: formatFen(l.totals.depositsFen),
        withdrawals: formatFen(l.totals.withdrawalsFen),
        page: l.page,
        hasMore: l.page * l.pageSize < l.total,
      })
    },
    async load(year?: number) {
      this.setData({ loading: true, error: '', rows: [] })
      try {
        this.show(await getLedger(year, 1), false)
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
        this.show(await getLedger(this.data.year || undefined, this.data.page + 1), true)
      } catch (err) {
        report(err)
      } finally {
        this.setData({ loadingMore: false })
      }
    },
    onYear(e: WechatMiniprogram.CustomEvent<{ year: number }>) {
      this.load(e.detail.year)
    },
    onRetry() {
      this.load(this.data.year || undefined)
    },
  },
})
