/**
 * G5 房贷计算器 (003 5.1.2, 001 6.4): 等额本息 / 等额本金, amount, years and rate → 每月月供参考, 支付利息, 还款总额 and
 * the pie of principal vs interest; 还款详情 opens the month-by-month table. The server computes every figure.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { calculateLoan, getInterestRates } from '../../../../services/tools'
import { report } from '../../../../services/request'
import type { Calculation, CalculatorBody, InterestRates, LoanMethod } from '../../../../types/index'
import { formatFen, parseYuan } from '../../../../utils/money'
import { ROUTES, go, withQuery } from '../../../../utils/nav'
import type { Slice } from '../../../../utils/pie'

type Rate = InterestRates['current'][number]

const METHOD_LABEL: Record<LoanMethod, string> = { 'equal-installment': '等额本息', 'equal-principal': '等额本金' }

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    method: 'equal-installment' as LoanMethod,
    methodLabel: METHOD_LABEL['equal-installment'],
    amount: '',
    years: '',
    rate: '',
    rates: [] as Array<{ kind: string; label: string; value: string; minMonths: number | null; maxMonths: number | null }>,
    result: null as null | { monthly: string; interest: string; total: string; months: number },
    slices: [] as Slice[],
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.amount) this.setData({ amount: query.amount, years: query.years || '', rate: query.rate || '' })
      getInterestRates()
        .then((r) => {
          const loanRates = r.current.filter((x: Rate) => x.kind !== 'deposit')
          this.setData({
            rates: loanRates.map((x: Rate) => ({
              kind: x.kind,
              label: x.label.replace('个人住房公积金贷款', ''),
              value: String(x.annualRatePercent),
              minMonths: x.minMonths,
              maxMonths: x.maxMonths,
            })),
          })
          if (!this.data.rate) this.suggestRate()
        })
        .catch(() => undefined)
    },
    /** The current first-home rate for the term typed (the rate table says which term each rate covers). */
    suggestRate() {
      const months = Number(this.data.years) * 12 || 360
      const first = this.data.rates.filter((r) => r.kind.startsWith('loan_first'))
      const hit = first.find((r) => (r.minMonths ?? 0) <= months && months <= (r.maxMonths ?? 360)) || first[0]
      if (hit) this.setData({ rate: hit.value })
    },
    onMethod(e: WechatMiniprogram.TouchEvent) {
      const method = e.currentTarget.dataset.method as LoanMethod
      this.setData({ method, methodLabel: METHOD_LABEL[method] })
      if (this.data.result) void this.onCalculate()
    },
    onRate(e: WechatMiniprogram.TouchEvent) {
      this.setData({ rate: String(e.currentTarget.dataset.value) })
    },
    body(): CalculatorBody | null {
      const principalFen = parseYuan(this.data.amount)
      const years = Number(this.data.years)
      const annualRatePercent = Number(this.data.rate)
      if (!principalFen || !Number.isInteger(years) || years <= 0 || !(annualRatePercent > 0)) {
        void wx.showToast({ title: '请填写贷款金额、期限（整年）和利率', icon: 'none' })
        return null
      }
      return { method: this.data.method, principalFen, months: years * 12, annualRatePercent }
    },
    async onCalculate() {
      const body = this.body()
      if (!body || this.data.busy) return
      this.setData({ busy: true })
      try {
        this.show(await calculateLoan(body), body)
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
    show(c: Calculation, body: CalculatorBody) {
      this.setData({
        result: { monthly: formatFen(c.monthlyPaymentFen), interest: formatFen(c.totalInterestFen), total: formatFen(c.totalPaymentFen), months: body.months },
        slices: [
          { label: '贷款本金', value: body.principalFen, color: '#0052d9' },
          { label: '支付利息', value: c.totalInterestFen, color: '#ff9f43' },
        ],
      })
    },
    onDetail() {
      const body = this.body()
      if (!body) return
      go(withQuery(ROUTES.schedule, { method: body.method, principalFen: body.principalFen, months: body.months, rate: body.annualRatePercent }))
    },
    onRates() {
      go(ROUTES.rates)
    },
  },
})
