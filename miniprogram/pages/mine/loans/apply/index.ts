/**
 * D4 贷款申请 (004 1.3, 3.3): the property (坐落, 总价, 面积, 首套 / 第二套), amount, term, method and the household's
 * monthly income, the spouse as co-borrower when the center knows one, and the repayment card. Every change runs the
 * server's trial at once: the rate, the most that may be borrowed, 首月还款额 and each of the center's limits with
 * the reason it fails. 下一步 makes the application; its materials, A9 and submit are on the application page.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { createApplication, getBankCards, newIdempotencyKey } from '../../../../services/business'
import { getLoanApplicationSetup, loanApplicationTrial, type LoanTrialInput } from '../../../../services/loans'
import { ApiError, errorMessage, report } from '../../../../services/request'
import type { Field } from '../../../../components/field-list/index'
import { parseYuan, yuan } from '../../../../utils/money'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

type Method = LoanTrialInput['method']
interface Check {
  key: string
  label: string
  limit: string
  actual: string
  ok: boolean
  reason: string
}
interface Card {
  id: number
  label: string
}

/** The form as typed (yuan, years), before it becomes the trial's fen and months; null while a number is missing. */
function termsOf(d: {
  priceYuan: string
  amountYuan: string
  years: string
  incomeYuan: string
  secondHome: boolean
  method: Method
  spouseCoBorrower: boolean
}): LoanTrialInput | null {
  const housePriceFen = parseYuan(d.priceYuan)
  const amountFen = parseYuan(d.amountYuan)
  const monthlyIncomeFen = parseYuan(d.incomeYuan)
  const years = Number(d.years)
  if (!housePriceFen || !amountFen || !monthlyIncomeFen || !Number.isInteger(years) || years < 1 || years > 30) return null
  return { secondHome: d.secondHome, housePriceFen, amountFen, months: years * 12, method: d.method, monthlyIncomeFen, spouseCoBorrower: d.spouseCoBorrower }
}

let trialSeq = 0

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    applicant: [] as Field[],
    spouseName: '',
    cards: [] as Card[],
    cardId: 0,
    address: '',
    areaSqm: '',
    priceYuan: '',
    amountYuan: '',
    years: '20',
    incomeYuan: '',
    secondHome: false,
    method: 'equal-installment' as Method,
    spouseCoBorrower: false,
    trial: [] as Field[],
    checks: [] as Check[],
    trialOk: false,
    hint: '填写房屋总价、贷款金额、期限和家庭月收入后自动试算',
  },
  methods: {
    onLoad() {
      void this.load()
    },
    onShow() {
      // Back from 绑定银行卡: the new card is offered at once.
      if (!this.data.loading) void this.loadCards()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const s = await getLoanApplicationSetup()
        this.setData({
          applicant: [
            { label: '借款人', value: s.applicant.name },
            { label: '公积金余额', value: yuan(s.applicant.balanceFen), strong: true },
            { label: '已缴存', value: `${s.applicant.depositMonths}个月` },
            ...(s.spouse ? [{ label: '配偶', value: `${s.spouse.name}（余额${yuan(s.spouse.balanceFen)}）` }] : []),
          ],
          spouseName: s.spouse ? s.spouse.name : '',
          secondHome: s.usedLoans > 0,
        })
        await this.loadCards()
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    async loadCards() {
      const { cards } = await getBankCards()
      const list = cards.map((c) => ({ id: c.id, label: `${c.bankName} ${c.cardNoMasked}` }))
      const kept = list.some((c) => c.id === this.data.cardId)
      this.setData({ cards: list, cardId: kept ? this.data.cardId : list[0] ? list[0].id : 0 })
    },
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value })
      return this.runTrial()
    },
    onHomeKind(e: WechatMiniprogram.TouchEvent) {
      this.setData({ secondHome: e.currentTarget.dataset.second === true || e.currentTarget.dataset.second === 'true' })
      return this.runTrial()
    },
    onMethod(e: WechatMiniprogram.TouchEvent) {
      this.setData({ method: e.currentTarget.dataset.method as Method })
      return this.runTrial()
    },
    onSpouse(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ spouseCoBorrower: e.detail.checked })
      return this.runTrial()
    },
    onCard(e: WechatMiniprogram.TouchEvent) {
      this.setData({ cardId: Number(e.currentTarget.dataset.id) })
    },
    onBindCard() {
      go(ROUTES.bankCards)
    },
    /** The server's trial of what the form says now; an answer to an older form is dropped. */
    async runTrial() {
      const terms = termsOf(this.data)
      if (!terms) {
        this.setData({ trial: [], checks: [], trialOk: false })
        return
      }
      const seq = ++trialSeq
      try {
        const t = await loanApplicationTrial(terms)
        if (seq !== trialSeq) return
        this.setData({
          trial: [
            { label: '贷款年利率', value: `${t.annualRatePercent}%` },
            { label: '最高可贷额度', value: yuan(t.maxAmountFen), strong: true, tone: 'primary' },
            { label: '首月还款额', value: yuan(t.firstPaymentFen), strong: true },
            { label: '利息总额', value: yuan(t.totalInterestFen) },
            { label: '还款总额', value: yuan(t.totalPaymentFen) },
          ],
          checks: t.checks.map((c) => ({ ...c, reason: c.reason || '' })),
          trialOk: t.ok,
          hint: t.ok ? '符合中心的贷款条件，可进入下一步上传材料' : t.problems[0] || '',
        })
      } catch (err) {
        if (seq !== trialSeq) return
        this.setData({ trial: [], checks: [], trialOk: false, hint: errorMessage(err) })
      }
    },
    /** 下一步: the application (kind loanApplication) with the repayment card; materials, A9 and submit follow. */
    async onNext() {
      const terms = termsOf(this.data)
      const d = this.data
      const missing =
        d.address.trim().length < 5
          ? '请填写房屋坐落（详细地址）'
          : !(Number(d.areaSqm) > 0)
            ? '请填写建筑面积'
            : !terms || !d.trialOk
              ? d.hint || '请先完成贷款试算'
              : !d.cardId
                ? '请先绑定本人名下的银行卡作为还款账户'
                : ''
      if (missing || !terms) {
        void wx.showToast({ title: missing, icon: 'none' })
        return
      }
      const form = { ...terms, houseAddress: d.address.trim(), houseAreaSqm: Number(d.areaSqm), spouseCoBorrower: Boolean(d.spouseName) && d.spouseCoBorrower }
      try {
        const app = await createApplication('loanApplication', newIdempotencyKey(), d.cardId, form)
        go(withQuery(ROUTES.application, { serialNo: app.serialNo }))
      } catch (err) {
        const open = err instanceof ApiError && err.code === 'APPLICATION_ALREADY_OPEN' && err.details && err.details.serialNo
        if (open) go(withQuery(ROUTES.application, { serialNo: String(open) }))
        else report(err)
      }
    },
  },
})
