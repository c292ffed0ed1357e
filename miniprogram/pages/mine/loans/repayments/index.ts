/**
 * B5 还款明细 by year (000 (三) 个人公积金还款明细) or by a date range (003 4.2 (4) 开始日期 / 结束日期, 004 3.5):
 * 还款年月, 业务摘要, date, principal, interest, penalty, balance and the running 已还本金 / 已还利息, the 贷款发放 row first.
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
  /** 004 3.5's first row: the loan paid out, with 放款金额 instead of a repayment. */
  issue: boolean
  principal: string
  interest: string
  penalty: string
  hasPenalty: boolean
  repaidPrincipal: string
  repaidInterest: string
  balance: string
}

/** 003 4.2 (4): “201706期” (the 还款年月), the period number after it as the plan page shows it. */
const title = (r: Repayment) => {
  if (!r.yearMonth) return r.kind
  return r.period ? `${r.yearMonth}期（第${r.period}期）` : `${r.yearMonth}期`
}

const row = (r: Repayment): Row => ({
  key: `${r.period}-${r.paidOn}-${r.kind}`,
  title: title(r),
  date: r.paidOn,
  amount: formatFen(r.loanAmountFen || r.amountFen),
  kind: r.kind,
  issue: r.loanAmountFen > 0,
  principal: formatFen(r.principalFen),
  interest: formatFen(r.interestFen),
  penalty: formatFen(r.penaltyFen),
  hasPenalty: r.penaltyFen > 0,
  repaidPrincipal: formatFen(r.repaidPrincipalFen),
  repaidInterest: formatFen(r.repaidInterestFen),
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
      void this.load(e.detail.year)
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ from: string; to: string }>) {
      this.setData({ from: e.detail.from, to: e.detail.to })
      void this.load()
    },
    onClearRange() {
      this.setData({ from: '', to: '' })
      void this.load()
    },
    onToggle(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index)
      this.setData({ open: this.data.open === i ? -1 : i })
    },
    onRetry() {
      if (this.data.contractNo) void this.load(this.data.year || undefined)
      else void this.init()
    },
  },
})
