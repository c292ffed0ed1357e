/**
 * G5 还款详情 (003 5.1.2 (3)): 总还款(万), 总利息(万), 总贷款(万), 贷款月数 and the month-by-month table grouped by
 * year: 月供本金, 月供利息, 剩余本金 and 剩余应还 — the column 003 prints as 贷款余额 is the total still to repay
 * (principal + future interest, 390,597.67 after month 1 of 250,000), so it is labelled for what it is, next to
 * the principal still owed.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { calculateLoan } from '../../../../services/tools'
import { errorMessage } from '../../../../services/request'
import type { Calculation, CalculatorBody, LoanMethod } from '../../../../types/index'
import { formatFen, wan } from '../../../../utils/money'

interface Year {
  key: string
  title: string
  rows: Array<{ key: string; month: string; principal: string; interest: string; principalBalance: string; remaining: string }>
}

function years(c: Calculation): Year[] {
  const out: Year[] = []
  for (const p of c.schedule) {
    const y = Math.floor((p.period - 1) / 12)
    if (!out[y]) out[y] = { key: `y${y + 1}`, title: `第${y + 1}年`, rows: [] }
    out[y]!.rows.push({
      key: String(p.period),
      month: `${((p.period - 1) % 12) + 1}月`,
      principal: formatFen(p.principalFen),
      interest: formatFen(p.interestFen),
      principalBalance: formatFen(p.principalBalanceFen),
      remaining: formatFen(p.remainingFen),
    })
  }
  return out
}

Component({
  behaviors: [pageBehavior],
  data: {
    body: null as CalculatorBody | null,
    method: 'equal-installment' as LoanMethod,
    loading: true,
    error: '',
    summary: null as null | { total: string; interest: string; principal: string; months: number },
    years: [] as Year[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const body: CalculatorBody = {
        method: (query.method as LoanMethod) || 'equal-installment',
        principalFen: Number(query.principalFen),
        months: Number(query.months),
        annualRatePercent: Number(query.rate),
      }
      this.setData({ body, method: body.method })
      void this.load()
    },
    async load() {
      const body = this.data.body
      if (!body) return
      this.setData({ loading: true, error: '' })
      try {
        const c = await calculateLoan({ ...body, method: this.data.method })
        this.setData({
          summary: { total: wan(c.totalPaymentFen), interest: wan(c.totalInterestFen), principal: wan(body.principalFen), months: body.months },
          years: years(c),
        })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onMethod(e: WechatMiniprogram.TouchEvent) {
      const method = e.currentTarget.dataset.method as LoanMethod
      if (method === this.data.method) return
      this.setData({ method, years: [] })
      void this.load()
    },
  },
})
