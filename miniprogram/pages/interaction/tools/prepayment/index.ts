/**
 * G6 提前还款试算 (003 6.3.1, 000 (五)): 期限不变 (recompute the monthly payment) or 月供不变 (shorten the term); shows
 * 提前归还本金 / 利息, 银行扣划金额, the new monthly payment and term, and the interest saved. A logged-in member's own
 * loan fills the form.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { getLoans } from '../../../../services/loans'
import { prepaymentTrial } from '../../../../services/tools'
import { report } from '../../../../services/request'
import { isLoggedIn } from '../../../../services/session'
import type { Field } from '../../../../components/field-list/index'
import type { LoanMethod, PrepaymentBody, PrepaymentTrial } from '../../../../types/index'
import { date } from '../../../../utils/format'
import { fenToInput, parseYuan, yuan } from '../../../../utils/money'

type Mode = PrepaymentBody['mode']

function resultFields(t: PrepaymentTrial): Field[] {
  return [
    { label: '提前归还本金', value: yuan(t.prepayPrincipalFen) },
    { label: '提前归还利息', value: yuan(t.prepayInterestFen) },
    { label: '银行扣划金额', value: yuan(t.bankDebitFen), strong: true },
    { label: '还款后贷款余额', value: yuan(t.newPrincipalFen) },
    { label: '成功还款后月还额', value: yuan(t.newMonthlyPaymentFen), strong: true, tone: 'primary' },
    { label: '剩余期数', value: `${t.newMonths}期${t.monthsReduced ? `（缩短${t.monthsReduced}期）` : ''}` },
    { label: '新的到期日期', value: date(t.newMaturityOn) },
    { label: '节省利息', value: yuan(t.interestSavedFen), tone: 'success', strong: true },
  ]
}

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    method: 'equal-installment' as LoanMethod,
    mode: 'keep-term' as Mode,
    balance: '',
    remainingMonths: '',
    rate: '',
    installment: '',
    prepay: '',
    fromLoan: '',
    busy: false,
    fields: [] as Field[],
  },
  methods: {
    onLoad() {
      if (isLoggedIn()) this.prefill().catch(() => undefined)
    },
    /** The member's own repaying loan, when logged in. */
    async prefill() {
      const loan = (await getLoans()).find((l) => l.status === 'repaying')
      if (!loan) return
      this.setData({
        method: loan.method as LoanMethod,
        balance: fenToInput(loan.balanceFen),
        remainingMonths: String(Math.max(1, loan.months - loan.periodsPaid)),
        rate: String(loan.annualRatePercent),
        installment: loan.method === 'equal-installment' && loan.monthlyPaymentFen ? fenToInput(loan.monthlyPaymentFen) : '',
        fromLoan: loan.contractNo,
      })
    },
    onMethod(e: WechatMiniprogram.TouchEvent) {
      this.setData({ method: e.currentTarget.dataset.method as LoanMethod })
    },
    onMode(e: WechatMiniprogram.TouchEvent) {
      this.setData({ mode: e.currentTarget.dataset.mode as Mode })
    },
    async onSubmit() {
      const d = this.data
      const remainingPrincipalFen = parseYuan(d.balance)
      const prepayFen = parseYuan(d.prepay)
      const remainingMonths = Number(d.remainingMonths)
      const annualRatePercent = Number(d.rate)
      if (!remainingPrincipalFen || !prepayFen || !Number.isInteger(remainingMonths) || remainingMonths <= 0 || !(annualRatePercent > 0)) {
        void wx.showToast({ title: '请完整填写贷款余额、剩余期数、利率和提前还款金额', icon: 'none' })
        return
      }
      const installment = parseYuan(d.installment)
      const body: PrepaymentBody = {
        method: d.method,
        mode: d.mode,
        remainingPrincipalFen,
        remainingMonths,
        annualRatePercent,
        prepayFen,
        ...(installment ? { currentInstallmentFen: installment } : {}),
      }
      this.setData({ busy: true })
      try {
        this.setData({ fields: resultFields(await prepaymentTrial(body)) })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
