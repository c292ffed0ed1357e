/**
 * C12 配偶确认 (001 2.13–2.14), opened from the template message (or the SMS link): the borrower (masked) asks to
 * repay their loan in one go with money from this member's account too. The spouse sees how much, photographs their
 * ID card and face, confirms their identity (A9) and confirms — or declines. Once answered, expired (48 hours) or
 * not addressed to this member, the page says so.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { ApiError, errorMessage, report } from '../../../../services/request'
import { confirmAsSpouse, declineAsSpouse, getSpouseConfirmation, uploadSpousePhoto, type SpouseConfirmation } from '../../../../services/spouse'
import { dateTime } from '../../../../utils/format'
import { yuan } from '../../../../utils/money'
import { localPhoto, takePhotos } from '../../../../utils/photos'
import type { Field } from '../../../../components/field-list/index'
import type { GridPhoto } from '../../../../components/photo-grid/index'
import { askToSubscribe, prepareSubscribe } from '../../../../services/subscribe'

/** The spouse's answer to the subscribe dialog opened by 确认, awaited before the confirmation itself. */
let subscribing: Promise<void> = Promise.resolve()

/** What each state tells the spouse. */
const STATE_TEXT: Record<string, { tone: string; text: string }> = {
  'to-confirm': { tone: 'primary', text: '请核对以下信息，拍摄本人身份证和人像并验证身份后确认' },
  confirmed: { tone: 'success', text: '您已同意，申请已进入中心审核' },
  declined: { tone: 'muted', text: '您已拒绝，该申请已结束' },
  expired: { tone: 'muted', text: '未在48小时内确认，该申请已过期。如需办理，请借款人重新申请' },
  closed: { tone: 'muted', text: '该申请已结束，无需确认' },
  'not-yours': { tone: 'muted', text: '' },
}

Component({
  behaviors: [pageBehavior],
  data: {
    serialNo: '',
    loading: true,
    error: '',
    state: '',
    stateLabel: '',
    stateText: '',
    tone: 'primary',
    view: null as SpouseConfirmation | null,
    fields: [] as Field[],
    photos: [] as GridPhoto[],
    showConfirm: false,
    subject: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ serialNo: query.serialNo || '' })
    },
    onShow() {
      void prepareSubscribe()
      if (!this.data.showConfirm) void this.load()
    },
    async load() {
      this.setData({ loading: !this.data.view && !this.data.state, error: '' })
      try {
        this.show(await getSpouseConfirmation(this.data.serialNo))
      } catch (err) {
        if (err instanceof ApiError && err.code === 'NOT_YOUR_APPLICATION') {
          this.setData({ state: 'not-yours', stateLabel: '无需您确认', stateText: err.message, tone: 'muted', view: null })
        } else this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    show(v: SpouseConfirmation) {
      const look = STATE_TEXT[v.state] || { tone: 'muted', text: '' }
      const fields: Field[] = [
        { label: '业务', value: v.business },
        { label: '借款人', value: v.borrowerName },
        { label: '从您账户提取', value: yuan(v.amountFen), strong: true, tone: 'primary' },
        { label: '借款人提取', value: yuan(v.borrowerAmountFen) },
        { label: '自筹资金', value: yuan(v.selfFundedFen) },
      ]
      if (v.loan) fields.push({ label: '借款合同号', value: v.loan.contractNo }, { label: '贷款余额', value: yuan(v.loan.balanceFen) })
      if (v.expiresAt && v.state === 'to-confirm') fields.push({ label: '请在此前确认', value: dateTime(v.expiresAt), tone: 'warning' })
      fields.push({ label: '流水号', value: v.serialNo })
      this.setData({
        view: v,
        state: v.state,
        stateLabel: v.stateLabel,
        stateText: look.text,
        tone: look.tone,
        fields,
        photos: v.photos.map((p) => ({ id: p.id, category: p.category, src: localPhoto(p.id) })),
        subject: `${v.business} · 配偶确认`,
      })
    },
    async onAddPhoto(e: WechatMiniprogram.CustomEvent<{ category: string }>) {
      const v = this.data.view
      const category = v && v.photoCategories.find((c) => c.key === e.detail.category)
      if (!v || !category) return
      try {
        await takePhotos(
          v,
          category.max - category.uploaded,
          (path) => uploadSpousePhoto(v.serialNo, category.key, path),
          (latest) => this.show(latest),
        )
      } catch (err) {
        report(err)
      }
    },
    onConfirm() {
      const v = this.data.view
      if (!v) return
      const missing = v.photoCategories.filter((c) => c.uploaded === 0)
      if (missing.length) {
        void wx.showModal({ title: '提示', content: `请先拍摄：${missing.map((c) => c.label).join('、')}`, showCancel: false, confirmText: '我知道了' })
        return
      }
      // How the application ends, and the next confirmation asked of them (issue 18.9).
      subscribing = askToSubscribe(['progress', 'spouse_confirmation'])
      this.setData({ showConfirm: true })
    },
    onConfirmCancel() {
      this.setData({ showConfirm: false })
    },
    async onConfirmed(e: WechatMiniprogram.CustomEvent<{ confirmationToken: string }>) {
      this.setData({ showConfirm: false })
      try {
        await subscribing
        this.show(await confirmAsSpouse(this.data.serialNo, e.detail.confirmationToken))
        void wx.showToast({ title: '已确认', icon: 'success' })
      } catch (err) {
        report(err)
        void this.load()
      }
    },
    onDecline() {
      wx.showModal({
        title: '拒绝确认',
        content: '',
        editable: true,
        placeholderText: '拒绝原因（可不填）',
        confirmText: '确认拒绝',
        confirmColor: '#d54941',
        success: async (r) => {
          if (!r.confirm) return
          try {
            this.show(await declineAsSpouse(this.data.serialNo, (r.content || '').trim() || undefined))
            void wx.showToast({ title: '已拒绝', icon: 'none' })
          } catch (err) {
            report(err)
            void this.load()
          }
        },
      })
    },
  },
})
