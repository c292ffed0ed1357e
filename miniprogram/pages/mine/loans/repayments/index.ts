/**
 * B5 还款明细 by year (000 (三) 个人公积金还款明细) or by a date range (003 4.2 (4) 开始日期 / 结束日期, 004 3.5):
 * period, date, principal, interest, penalty, balance.
 */
import { contractBehavior, contractPageData } from '../../../../behaviors/contract'
import { pageBehavior } from '../../../../behaviors/page'
import { getRepayments } from '../../../../services/loans'
import { errorMessage } from '../../../../services/request'
import type { Repayment } from '../../../../types/index'
import { formatFen } from '../../../../utils/money'

interface Row {
  key: string
  title: string
  date: string
  amount: string
  kind: string
  principal: string
  interest: string
  penalty: string
  hasPenalty: boolean
  balance: string
}

const row = (r: Repayment): Row => ({
  key: `${r.period}-${r.paidOn}`,
  title: `第${r.period}期`,
  date: r.paidOn,
  amount: formatFen(r.amountFen),
  kind: r.kind,
  principal: formatFen(r.principalFen),
  interest: formatFen(r.interestFen),
  penalty: formatFen(r.penaltyFen),
  hasPenalty: r.penaltyFen > 0,
  balance: formatFen(r.balanceAfterFen),
})

Component({
  behaviors: [pageBehavior, contractBehavior],
  data: {
    ...contractPageData(),
    year: 0,
    from: '',
    to: '',
    previous: null as number | null,
    next: null as number | null,
    rows: [] as Row[],
    open: -1,
  },
  methods: {
    async load(year?: number) {
      this.setData({ loading: true, error: '', rows: [], open: -1 })
      try {
        const { from, to } = this.data
        const r = await getRepayments(this.data.contractNo, from || to ? undefined : year, { from, to })
        this.setData({ year: r.year || 0, previous: r.previousYear, next: r.nextYear, rows: r.items.map(row) })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onYear(e: WechatMiniprogram.CustomEvent<{ year: number }>) {
      this.load(e.detail.year)
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ from: string; to: string }>) {
      this.setData({ from: e.detail.from, to: e.detail.to })
      this.load()
    },
    onClearRange() {
      this.setData({ from: '', to: '' })
      this.load()
    },
    onToggle(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index)
      this.setData({ open: this.data.open === i ? -1 : i })
    },
    onRetry() {
      if (this.data.contractNo) this.load(this.data.year || undefined)
      else this.init()
    },
  },
})
