/** A5 登录密码重置 (001 4.1, 003 7.4.1): old password, new one (rules shown as typed), optionally a new business password too. */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { changeLoginPassword } from '../../../../services/security'
import { report } from '../../../../services/request'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: { oldPassword: '', newPassword: '', newPassword2: '', alsoBusiness: false, newBusinessPassword: '', busy: false },
  methods: {
    async onSubmit() {
      const d = this.data
      if (d.busy) return
      if (!d.oldPassword || !d.newPassword) {
        void wx.showToast({ title: '请输入原密码和新密码', icon: 'none' })
        return
      }
      if (d.newPassword !== d.newPassword2) {
        void wx.showToast({ title: '两次输入的新密码不一致', icon: 'none' })
        return
      }
      this.setData({ busy: true })
      try {
        await changeLoginPassword(d.oldPassword, d.newPassword, d.alsoBusiness ? d.newBusinessPassword : undefined)
        wx.showModal({ title: '修改成功', content: '登录密码已修改，其他设备上的登录已失效。', showCancel: false, success: () => wx.navigateBack() })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
