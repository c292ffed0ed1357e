/** A7 删除微信注册 / 解除绑定 (000 一(一), 001 4.3): SMS code to the phone on record; afterwards register again. */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { sendUnbindSms, unbind } from '../../../../services/security'
import { report } from '../../../../services/request'
import { ROUTES } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: { smsCode: '', sentTo: '', cooldownUntil: 0, busy: false },
  methods: {
    async onSendSms() {
      try {
        const sent = await sendUnbindSms()
        this.setData({ cooldownUntil: Date.now() + sent.resendAfterSeconds * 1000, sentTo: sent.phoneMasked })
      } catch (err) {
        report(err)
      }
    },
    onSubmit() {
      if (!/^\d{6}$/.test(this.data.smsCode.trim())) {
        void wx.showToast({ title: '请输入6位短信验证码', icon: 'none' })
        return
      }
      wx.showModal({
        title: '删除微信注册',
        content: '删除后，您需要重新注册绑定公积金账户才能使用线上服务。确定删除吗？',
        confirmText: '删除',
        confirmColor: '#d54941',
        success: async (res) => {
          if (!res.confirm) return
          this.setData({ busy: true })
          try {
            await unbind(this.data.smsCode.trim())
            void wx.showToast({ title: '已删除注册', icon: 'none' })
            void wx.reLaunch({ url: ROUTES.mine })
          } catch (err) {
            report(err)
          } finally {
            this.setData({ busy: false })
          }
        },
      })
    },
  },
})
