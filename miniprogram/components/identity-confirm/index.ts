/**
 * A9 身份确认 (001 2.1–2.4 “职工身份验证”): before a transaction the member confirms it is them, with the business
 * password or a face verification for this very transaction. Emits `confirmed` with the one-use token, or `cancel`.
 * A face check that runs in a web page is read back when the member returns to the page (pageLifetimes.show).
 */
import { confirmWithFace, confirmWithPassword, startConfirmFace } from '../../services/confirm'
import { ApiError, errorMessage } from '../../services/request'
import { launchFace } from '../../utils/face'

type Mode = 'password' | 'face'

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    show: { type: Boolean, value: false },
    purpose: { type: String, value: '' },
    reference: { type: String, value: '' },
    /** What is being confirmed, e.g. 离退休提取 · 流水号 … */
    subject: { type: String, value: '' },
  },
  data: { mode: 'password' as Mode, password: '', busy: false, error: '', bizToken: '', waiting: false, notice: '' },
  observers: {
    show(show: boolean) {
      if (show) this.setData({ password: '', error: '', notice: '' })
    },
  },
  pageLifetimes: {
    show() {
      if (this.data.waiting && this.data.bizToken) void this.finishFace()
    },
  },
  methods: {
    transaction() {
      return { purpose: this.data.purpose, reference: this.data.reference }
    },
    onMode(e: WechatMiniprogram.TouchEvent) {
      this.setData({ mode: e.currentTarget.dataset.mode as Mode, error: '' })
    },
    onPassword(e: WechatMiniprogram.Input) {
      this.setData({ password: e.detail.value, error: '' })
    },
    onCancel() {
      if (this.data.busy) return
      this.setData({ waiting: false, bizToken: '' })
      this.triggerEvent('cancel')
    },
    done(confirmationToken: string) {
      this.setData({ password: '', bizToken: '', waiting: false, notice: '' })
      this.triggerEvent('confirmed', { confirmationToken })
    },
    async onConfirmPassword() {
      const { password, busy } = this.data
      if (busy) return
      if (!/^\d{6}$/.test(password)) {
        this.setData({ error: '请输入6位数字业务密码' })
        return
      }
      this.setData({ busy: true, error: '' })
      try {
        const c = await confirmWithPassword(this.transaction(), password)
        this.done(c.confirmationToken)
      } catch (err) {
        // The server counts wrong tries and says how many are left (or that the password is locked).
        this.setData({ error: errorMessage(err), password: '' })
      } finally {
        this.setData({ busy: false })
      }
    },
    onFaceButton() {
      if (this.data.waiting) void this.finishFace()
      else void this.onStartFace()
    },
    async onStartFace() {
      if (this.data.busy) return
      this.setData({ busy: true, error: '', notice: '' })
      try {
        const started = await startConfirmFace(this.transaction())
        this.setData({ bizToken: started.bizToken, waiting: true })
        const how = await launchFace(started.bizToken, started.url)
        if (how === 'done') await this.finishFace()
        else this.setData({ notice: '请在打开的页面完成人脸识别，完成后返回本页' })
      } catch (err) {
        this.setData({ waiting: false, bizToken: '', error: errorMessage(err) })
      } finally {
        this.setData({ busy: false })
      }
    },
    /** Reads the verification result for the transaction; still pending: keep waiting. */
    async finishFace() {
      const { bizToken } = this.data
      if (!bizToken) return
      this.setData({ busy: true })
      try {
        const c = await confirmWithFace(this.transaction(), bizToken)
        this.done(c.confirmationToken)
      } catch (err) {
        const pending = err instanceof ApiError && err.code === 'FACE_PENDING'
        this.setData({ waiting: pending, bizToken: pending ? bizToken : '', notice: pending ? errorMessage(err) : '', error: pending ? '' : errorMessage(err) })
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
