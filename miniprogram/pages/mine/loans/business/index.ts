/**
 * 贷款业务 for one loan (003 6.3): D1 提前还本试算 (keep the term or the monthly payment), D3 提前结清试算 (how much
 * the fund may repay, what remains to pay in), and D2 按月抵扣签约 — the borrower signs the monthly deduction from
 * the chosen payers' fund accounts, in the manual's order, or cancels it, each after A9.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { createApplication, newIdempotencyKey } from '../../../../services/business'
import {
  cancelOffset,
  consentOffset,
  declineOffset,
  getOffset,
  loansAndCurrent,
  prepaymentTrial,
  settlementTrial,
  signOffset,
  type PrepayMode,
} from '../../../../services/loans'
import { ApiError, errorMessage, report } from '../../../../services/request'
import type { Loan, OffsetLoan, OffsetRole } from '../../../../types/index'
import { yuan, parseYuan } from '../../../../utils/money'
import { ROUTES, go, withQuery } from '../../../../utils/nav'
import type { Field } from '../../../../components/field-list/index'

type Tab = 'prepay' | 'settle' | 'offset'

const loanFields = (l: Loan): Field[] => [
  { label: '借款合同', value: l.contractNo },
  { label: '当前贷款余额', value: yuan(l.balanceFen), strong: true },
  { label: '当前月还款额', value: l.monthlyPaymentFen === null ? '—' : yuan(l.monthlyPaymentFen) },
  { label: '还款卡', value: `${l.repaymentBank} ${l.repaymentAccountNoMasked}` },
]

Component({
  behaviors: [pageBehavior],
  data: {
    tabs: [
      { key: 'prepay', label: '提前还本' },
      { key: 'settle', label: '提前结清' },
      { key: 'offset', label: '按月抵扣' },
    ],
    tab: 'prepay' as Tab,
    contractNo: '',
    /** The loan before any trial: balance, monthly payment, the card it is repaid from (003 6.3.1). */
    loanFields: [] as Field[],
    prepayYuan: '',
    mode: 'keep-term' as PrepayMode,
    fundYuan: '',
    trial: [] as Field[],
    /** What 申请 sends once a trial went through: the application kind and its form (amounts in fen). */
    applyKind: '',
    applyForm: {} as Record<string, unknown>,
    applyLabel: '',
    applyKey: '',
    trialError: '',
    loading: false,
    error: '',
    offset: null as OffsetLoan | null,
    notice: '',
    chosen: [] as OffsetRole[],
    /** The candidates as rows: ticked when chosen (before signing) or signed. */
    payerRows: [] as Array<{ role: OffsetRole; label: string; checked: boolean; status: string }>,
    pending: '' as '' | 'sign' | 'cancel' | 'consent',
    /** The A9 asked for: the borrower's signing, or the spouse's own consent (purpose loan.monthly-offset-consent). */
    a9: { purpose: '', reference: '' },
    subject: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = (query.tab || 'prepay') as Tab
      this.setData({ tab, contractNo: query.contractNo ? decodeURIComponent(query.contractNo) : '' })
      if (tab === 'offset') void this.loadOffset()
      void this.loadLoan()
    },
    async loadLoan() {
      try {
        const { current } = await loansAndCurrent(this.data.contractNo || undefined)
        if (current) this.setData({ contractNo: current.contractNo, loanFields: loanFields(current) })
      } catch {
        // the trials still work from the contract number; the page says nothing more about the loan
      }
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      const tab = e.currentTarget.dataset.key as Tab
      this.setData({ tab, trial: [], trialError: '', applyKind: '' })
      if (tab === 'offset' && !this.data.offset) void this.loadOffset()
    },
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value, trialError: '' })
    },
    onMode(e: WechatMiniprogram.TouchEvent) {
      this.setData({ mode: e.currentTarget.dataset.mode as PrepayMode, trial: [], applyKind: '' })
    },
    async onPrepayTrial() {
      const fen = parseYuan(this.data.prepayYuan)
      if (!fen) {
        this.setData({ trialError: '请输入提前还款金额' })
        return
      }
      try {
        const t = await prepaymentTrial(this.data.contractNo, fen, this.data.mode)
        this.setData({
          trial: [
            { label: '提前归还本金', value: yuan(t.prepayPrincipalFen) },
            { label: '提前归还利息', value: yuan(t.prepayInterestFen) },
            { label: '当期及逾期应还', value: yuan(t.duesFen) },
            { label: '银行扣划金额', value: yuan(t.bankDebitFen), strong: true },
            { label: '还款后月还额', value: yuan(t.newMonthlyPaymentFen), strong: true, tone: 'primary' },
            { label: '剩余期数', value: `${t.newMonths}期` },
            { label: '节省利息', value: yuan(t.interestSavedFen), tone: 'success' },
          ],
          applyKind: 'partialPrepayment',
          applyLabel: '申请提前还本',
          applyKey: newIdempotencyKey(),
          applyForm: { contractNo: t.contractNo, prepayFen: fen, mode: this.data.mode },
        })
      } catch (err) {
        this.setData({ trial: [], applyKind: '' })
        report(err)
      }
    },
    async onSettleTrial() {
      const fund = this.data.fundYuan.trim() ? parseYuan(this.data.fundYuan) : 0
      if (fund === null) {
        this.setData({ trialError: '请正确输入提取公积金还款金额' })
        return
      }
      try {
        const t = await settlementTrial(this.data.contractNo, fund)
        this.setData({
          trial: [
            { label: '提前还款合计', value: yuan(t.totalFen), strong: true },
            { label: '其中本金', value: yuan(t.principalFen) },
            { label: '其中利息', value: yuan(t.interestFen) },
            { label: '当期及逾期应还', value: yuan(t.duesFen) },
            { label: '最多可支取公积金', value: yuan(t.fundMaxFen) },
            { label: '支取公积金还款', value: yuan(t.fundFen), tone: 'primary' },
            { label: '待还款金额（自筹）', value: yuan(t.selfFundedFen), strong: true, tone: 'warning' },
          ],
          applyKind: 'earlySettlement',
          applyLabel: '申请提前结清',
          applyKey: newIdempotencyKey(),
          applyForm: { contractNo: t.contractNo, ...(fund ? { fundFen: fund } : {}) },
        })
      } catch (err) {
        this.setData({ trial: [], applyKind: '' })
        report(err)
      }
    },
    /** The trial as an application: photos, A9 and submit on the application page. */
    async onApply() {
      const { applyKind, applyForm, applyKey } = this.data
      if (!applyKind) return
      try {
        const app = await createApplication(applyKind, applyKey, undefined, applyForm)
        go(withQuery(ROUTES.application, { serialNo: app.serialNo }))
      } catch (err) {
        // One open application a kind: go to the one under way.
        const open = err instanceof ApiError && err.code === 'APPLICATION_ALREADY_OPEN' && err.details && err.details.serialNo
        if (open) go(withQuery(ROUTES.application, { serialNo: String(open) }))
        else report(err)
      }
    },
    async loadOffset() {
      this.setData({ loading: true, error: '' })
      try {
        const s = await getOffset()
        const loan = s.items.find((l) => l.contractNo === this.data.contractNo) || s.items[0] || null
        this.setData({ notice: s.notice })
        this.showOffset(loan, loan ? (loan.signed ? loan.payers.map((p) => p.role) : loan.candidates.filter((c) => c.self).map((c) => c.role)) : [])
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    showOffset(loan: OffsetLoan | null, chosen: OffsetRole[]) {
      // A signed payer other than the borrower shows their own answer (待本人确认 / 已确认 / 已拒绝 / 已失效).
      const statusOf = (role: OffsetRole) => {
        const p = loan ? loan.payers.find((x) => x.role === role) : undefined
        return !p ? '已签约' : p.role === 'borrower' || p.consent === 'confirmed' ? '已签约' : p.consentLabel
      }
      const payerRows = loan
        ? loan.candidates.map((c) => ({
            role: c.role,
            label: `${c.order}. ${c.roleLabel} ${c.name}`,
            checked: chosen.includes(c.role),
            status: statusOf(c.role),
          }))
        : []
      this.setData({ offset: loan, chosen, payerRows, subject: loan ? `按月抵扣 · ${loan.contractNo}` : '' })
    },
    onPayer(e: WechatMiniprogram.TouchEvent) {
      const role = e.currentTarget.dataset.role as OffsetRole
      const chosen = this.data.chosen.includes(role) ? this.data.chosen.filter((r) => r !== role) : this.data.chosen.concat(role)
      this.showOffset(this.data.offset, chosen)
    },
    onSign() {
      if (!this.data.chosen.length) {
        void wx.showToast({ title: '请至少选择一位扣划人', icon: 'none' })
        return
      }
      this.setData({ pending: 'sign', a9: this.data.offset ? this.data.offset.confirmation : this.data.a9 })
    },
    onCancelSigning() {
      this.setData({ pending: 'cancel', a9: this.data.offset ? this.data.offset.confirmation : this.data.a9 })
    },
    /** The spouse (or co-borrower) agrees to their fund account being debited: their own A9 first. */
    onConsent() {
      const mine = this.data.offset && this.data.offset.myConsent
      if (mine) this.setData({ pending: 'consent', a9: mine.confirmation })
    },
    async onDecline() {
      const loan = this.data.offset
      if (!loan) return
      try {
        const s = await declineOffset(loan.contractNo)
        const updated = s.items.find((l) => l.contractNo === loan.contractNo) || null
        this.showOffset(updated, this.data.chosen)
        void wx.showToast({ title: '已拒绝', icon: 'success' })
      } catch (err) {
        report(err)
      }
    },
    onConfirmCancel() {
      this.setData({ pending: '' })
    },
    async onConfirmed(e: WechatMiniprogram.CustomEvent<{ confirmationToken: string }>) {
      const loan = this.data.offset
      const what = this.data.pending
      this.setData({ pending: '' })
      if (!loan) return
      try {
        const token = e.detail.confirmationToken
        // The server keeps the manual's order (借款人、配偶、共同借款人) whatever order they were ticked in.
        const order = loan.candidates.map((c) => c.role)
        const payers = order.filter((r) => this.data.chosen.includes(r))
        const s =
          what === 'sign'
            ? await signOffset(loan.contractNo, payers, token)
            : what === 'consent'
              ? await consentOffset(loan.contractNo, token)
              : await cancelOffset(loan.contractNo, token)
        const updated = s.items.find((l) => l.contractNo === loan.contractNo) || null
        this.showOffset(updated, updated && updated.signed ? updated.payers.map((p) => p.role) : this.data.chosen)
        void wx.showToast({ title: what === 'sign' ? '签约成功' : what === 'consent' ? '已确认' : '已取消签约', icon: 'success' })
      } catch (err) {
        report(err)
      }
    },
  },
})
