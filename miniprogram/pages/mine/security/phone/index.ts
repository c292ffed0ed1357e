/** A6 修改手机号码 (000 (六), 003 5.1.3): business password + the code sent to the new number. */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { changePhone, getSecurity, sendPhoneSms } from '../../../../services/security'
import { report } from '../../../../services/request'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: { oldPhone: '', newPhone: '', smsCode: '', businessPassword: '', cooldownUntil: 0, busy: false },
  methods: {
    onLoad() {
      getSecurity()
        .then((s) => this.setData({ oldPhone: s.phoneMasked || '' }))
        .catch(() => undefined)
    },
    async onSendSms() {
      if (!/^1\d{10}$/.test(this.data.newPhone.trim())) {
        void wx.showToast({ title: '请输入11位新手机号码', icon: 'none' })
        return
      }
      try {
        const sent = await sendPhoneSms(this.data.newPhone.trim())
        this.setData({ cooldownUntil: Date.now() + sent.resendAfterSeconds * 1000 })
        void wx.showToast({ title: '已发送，请查收', icon: 'none' })
      } catch (err) {
        report(err)
      }
    },
    async onSubmit() {
      const d = this.data
      if (d.busy) return
      if (!d.newPhone.trim() || !d.smsCode.trim() || !d.businessPassword) {
        void wx.showToast({ title: '请填写新手机号、验证码和业务密码', icon: 'none' })
        return
      }
      this.setData({ busy: true })
      try {
        const r = await changePhone(d.newPhone.trim(), d.smsCode.trim(), d.businessPassword)
        wx.showModal({ title: '提示', content: `修改成功，预留手机号已改为 ${r.phoneMasked}`, showCancel: false, success: () => wx.navigateBack() })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
