/**
 * One application (003 5.2.1–5.2.2, 6.3, 004 2.2): while it is a draft or returned by the center the member fills in
 * the form, chooses the payee card (withdrawals), photographs the materials (wx.chooseMedia → wx.uploadFile), confirms their identity
 * (A9) and submits — or ends the flow (E2 结束流程). Afterwards it shows what was submitted, the photos, where it
 * stands and every review node with its time.
 */
import { pageBehavior } from '../../../../behaviors/page'
import {
  deleteApplicationPhoto,
  endApplication,
  getApplication,
  getSpouseRequest,
  getWithdrawal,
  newIdempotencyKey,
  previewApplicationPhoto,
  saveApplication,
  submitApplication,
  uploadApplicationPhoto,
} from '../../../../services/business'
import { errorMessage, report } from '../../../../services/request'
import type { Application, BankCard } from '../../../../types/index'
import { formFields, formRows, formValues, type FormField } from '../../../../utils/form-schema'
import { yuan } from '../../../../utils/money'
import { ROUTES, go } from '../../../../utils/nav'
import { localPhoto, takePhotos } from '../../../../utils/photos'
import type { Field } from '../../../../components/field-list/index'
import type { GridPhoto } from '../../../../components/photo-grid/index'
import { askToSubscribe, prepareSubscribe } from '../../../../services/subscribe'

/** The member's answer to the subscribe dialog opened by 提交, awaited before the submit itself. */
let subscribing: Promise<void> = Promise.resolve()

const FINISHED = ['paid', 'approved']

Component({
  behaviors: [pageBehavior],
  data: {
    serialNo: '',
    loading: true,
    error: '',
    app: null as Application | null,
    schema: null as Record<string, unknown> | null,
    /** The most this withdrawal may take now (the server's eligibility), shown under the amount. */
    maxFen: null as number | null,
    maxText: '',
    hasMoney: false,
    /** A withdrawal kind: the payee card is asked for (loan kinds repay the loan, no card). */
    withdrawal: false,
    fields: [] as FormField[],
    rows: [] as Field[],
    summary: [] as Field[],
    cards: [] as BankCard[],
    cardNames: [] as string[],
    cardIndex: 0,
    photos: [] as GridPhoto[],
    editable: false,
    showConfirm: false,
    subject: '',
    submitKey: '',
    /** Shown once the submit went through (003 5.2.1 提交成功). */
    result: '',
    resultOk: false,
    /** C12: how the spouse was asked to confirm (while the application waits for them). */
    spouseNote: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ serialNo: query.serialNo || '', submitKey: newIdempotencyKey() })
    },
    onShow() {
      void prepareSubscribe()
      if (!this.data.showConfirm) void this.load()
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: !this.data.app, error: '' })
      try {
        const app = await getApplication(this.data.serialNo)
        if (!this.data.schema) await this.loadKind(app.kind)
        this.show(app)
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    /** The kind's form and the member's cards (withdrawal kinds; other kinds show what was submitted only). */
    async loadKind(kind: string) {
      try {
        const d = await getWithdrawal(kind)
        this.setData({
          schema: d.form,
          withdrawal: true,
          maxFen: d.amountFen,
          cards: d.bankCards,
          cardNames: d.bankCards.map((c) => `${c.bankName} ${c.cardNoMasked}`),
        })
      } catch {
        // A loan kind (提前还本, 提前结清): its form was filled by the trial page.
        this.setData({ schema: {} })
      }
    },
    show(app: Application) {
      void wx.setNavigationBarTitle({ title: app.name })
      const schema = this.data.schema || {}
      // Keep what the member typed when the page comes back (e.g. from binding a card).
      const typed = new Map(this.data.fields.map((f) => [f.key, f.value]))
      const fields = formFields(schema, app.form).map((f) => (typed.has(f.key) ? { ...f, value: typed.get(f.key) as string } : f))
      const cardIndex = Math.max(
        0,
        this.data.cards.findIndex((c) => app.bankCard && c.id === app.bankCard.id),
      )
      const summary: Field[] = [
        { label: '流水号', value: app.serialNo },
        { label: '业务', value: app.name },
        {
          label: '当前进度',
          value: app.progress,
          strong: true,
          tone: app.status === 'returned' ? 'warning' : FINISHED.includes(app.status) ? 'success' : 'primary',
        },
        { label: '服务渠道', value: app.channelLabel },
      ]
      if (app.amountFen !== null) summary.push({ label: this.data.withdrawal ? '提取金额' : '金额', value: yuan(app.amountFen), strong: true })
      if (app.bankCard && !app.actions.edit) summary.push({ label: '收款银行卡', value: `${app.bankCard.bankName} ${app.bankCard.cardNoMasked}` })
      if (app.feedback) summary.push({ label: '反馈信息', value: app.feedback })
      this.setData({
        app,
        editable: app.actions.edit,
        fields,
        hasMoney: fields.some((f) => f.kind === 'money'),
        maxText: this.data.maxFen === null ? '' : yuan(this.data.maxFen),
        rows: formRows(app.form, schema),
        summary,
        cardIndex,
        photos: app.photos.map((p) => ({ id: p.id, category: p.category, src: localPhoto(p.id) })),
        subject: `${app.name} · 流水号 ${app.serialNo}`,
      })
      if (app.status === 'awaiting_spouse') void this.loadSpouseNote(app.serialNo)
      else if (this.data.spouseNote) this.setData({ spouseNote: '' })
    },
    async loadSpouseNote(serialNo: string) {
      try {
        this.setData({ spouseNote: (await getSpouseRequest(serialNo)).message })
      } catch {
        // Only a hint: the progress above already says it waits for the spouse.
      }
    },
    onPreviewPhoto(e: WechatMiniprogram.CustomEvent<{ id: number }>) {
      if (this.data.app) void previewApplicationPhoto(this.data.app.serialNo, e.detail.id)
    },
    onFieldInput(e: WechatMiniprogram.Input) {
      this.setData({ [`fields[${Number(e.currentTarget.dataset.index)}].value`]: e.detail.value })
    },
    onFieldPick(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.currentTarget.dataset.index)
      const field = this.data.fields[i]
      if (!field) return
      const value = field.kind === 'choice' ? (field.options[Number(e.detail.value)] ?? '') : String(e.detail.value)
      this.setData({ [`fields[${i}].value`]: value })
    },
    onCard(e: WechatMiniprogram.PickerChange) {
      this.setData({ cardIndex: Number(e.detail.value) })
    },
    onBindCard() {
      go(ROUTES.bankCards)
    },
    async onAddPhoto(e: WechatMiniprogram.CustomEvent<{ category: string }>) {
      const app = this.data.app
      const category = app && app.photoCategories.find((c) => c.key === e.detail.category)
      if (!app || !category) return
      try {
        await takePhotos(
          app,
          category.max - category.uploaded,
          (path) => uploadApplicationPhoto(app.serialNo, category.key, path),
          (latest) => this.show(latest),
        )
      } catch (err) {
        report(err)
      }
    },
    onRemovePhoto(e: WechatMiniprogram.CustomEvent<{ id: number }>) {
      const app = this.data.app
      if (!app) return
      wx.showModal({
        title: '删除照片',
        content: '确定删除这张照片吗？',
        confirmText: '删除',
        confirmColor: '#d54941',
        success: async (r) => {
          if (!r.confirm) return
          try {
            this.show(await deleteApplicationPhoto(app.serialNo, e.detail.id))
          } catch (err) {
            report(err)
          }
        },
      })
    },
    /** 提交: save the form and card, check the required photos are there, then A9. */
    async onSubmit() {
      const app = this.data.app
      if (!app || this.data.busy) return
      const values = formValues(this.data.fields)
      if ('invalid' in values) {
        void wx.showToast({ title: `请正确填写${values.invalid}`, icon: 'none' })
        return
      }
      const missing = app.photoCategories.filter((c) => c.required && c.uploaded === 0)
      if (missing.length) {
        void wx.showModal({ title: '提示', content: `请先上传必传材料：${missing.map((c) => c.label).join('、')}`, showCancel: false, confirmText: '我知道了' })
        return
      }
      // The tap itself may open WeChat's subscribe dialog: the progress notices of this application (issue 18.9).
      subscribing = askToSubscribe(['progress'])
      this.setData({ busy: true })
      try {
        const card = this.data.cards[this.data.cardIndex]
        this.show(await saveApplication(app.serialNo, values.form, card ? card.id : undefined))
        this.setData({ showConfirm: true })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
    onConfirmCancel() {
      this.setData({ showConfirm: false })
    },
    async onConfirmed(e: WechatMiniprogram.CustomEvent<{ confirmationToken: string }>) {
      const app = this.data.app
      this.setData({ showConfirm: false })
      if (!app) return
      try {
        await subscribing
        const done = await submitApplication(app.serialNo, e.detail.confirmationToken, this.data.submitKey)
        this.show(done)
        this.setData({ result: `流水号 ${done.serialNo}，当前进度：${done.progress}`, resultOk: true, submitKey: newIdempotencyKey() })
        void wx.pageScrollTo({ scrollTop: 0, duration: 200 })
      } catch (err) {
        report(err)
      }
    },
    /** E2 结束流程 (003 5.2.2 (5)). */
    onEnd() {
      const app = this.data.app
      if (!app) return
      wx.showModal({
        title: '结束流程',
        content: '结束后该申请将关闭，不能再修改或提交。确定结束吗？',
        confirmText: '结束流程',
        confirmColor: '#d54941',
        success: async (r) => {
          if (!r.confirm) return
          try {
            const ended = await endApplication(app.serialNo)
            this.show(ended)
            this.setData({ result: '流程已结束', resultOk: false })
          } catch (err) {
            report(err)
          }
        },
      })
    },
  },
})
