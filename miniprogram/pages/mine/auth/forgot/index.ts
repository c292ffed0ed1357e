/**
 * A4 忘记密码 (001 1.1, 004 1.4): name + ID number → the code goes to the phone on record (shown masked) → a new
 * login password, and optionally a new business password at the same time.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { confirmReset, resetPassword, sendResetSms, verifyReset } from '../../../../services/auth'
import { report } from '../../../../services/request'
import { ROUTES } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    step: 1,
    name: '',
    idNumber: '',
    phoneMasked: '',
    smsCode: '',
    cooldownUntil: 0,
    resetToken: '',
    newLoginPassword: '',
    newLoginPassword2: '',
    alsoBusiness: false,
    newBusinessPassword: '',
    busy: false,
  },
  methods: {
    async run(fn: () => Promise<void>) {
      if (this.data.busy) return
      this.setData({ busy: true })
      try {
        await fn()
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
    onVerify() {
      const { name, idNumber } = this.data
      if (!name.trim() || !idNumber.trim()) {
        void wx.showToast({ title: '请输入姓名和身份证号码', icon: 'none' })
        return
      }
      void this.run(async () => {
        const r = await verifyReset(name, idNumber)
        this.setData({ phoneMasked: r.phoneMasked, step: 2 })
      })
    },
    onSendSms() {
      void this.run(async () => {
        const sent = await sendResetSms(this.data.name, this.data.idNumber)
        this.setData({ cooldownUntil: Date.now() + sent.resendAfterSeconds * 1000 })
        void wx.showToast({ title: `验证码已发送至${sent.phoneMasked}`, icon: 'none' })
      })
    },
    onConfirm() {
      if (!/^\d{6}$/.test(this.data.smsCode.trim())) {
        void wx.showToast({ title: '请输入6位短信验证码', icon: 'none' })
        return
      }
      void this.run(async () => {
        const t = await confirmReset(this.data.name, this.data.idNumber, this.data.smsCode.trim())
        this.setData({ resetToken: t.resetToken, step: 3 })
      })
    },
    onReset() {
      const d = this.data
      if (d.newLoginPassword !== d.newLoginPassword2) {
        void wx.showToast({ title: '两次输入的登录密码不一致', icon: 'none' })
        return
      }
      void this.run(async () => {
        await resetPassword(d.resetToken, d.newLoginPassword, d.alsoBusiness ? d.newBusinessPassword : undefined)
        wx.showModal({
          title: '密码已重置',
          content: '请使用新密码登录。',
          showCancel: false,
          success: () => wx.redirectTo({ url: ROUTES.login }),
        })
      })
    },
  },
})
