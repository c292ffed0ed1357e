/** A5 业务密码修改 (000 (八), 001 4.2): needs the old one; optionally a new login password at the same time. */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { changeBusinessPassword } from '../../../../services/security'
import { report } from '../../../../services/request'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: { oldPassword: '', newPassword: '', newPassword2: '', alsoLogin: false, newLoginPassword: '', busy: false },
  methods: {
    async onSubmit() {
      const d = this.data
      if (d.busy) return
      if (!d.oldPassword || !d.newPassword) {
        void wx.showToast({ title: '请输入原业务密码和新业务密码', icon: 'none' })
        return
      }
      if (d.newPassword !== d.newPassword2) {
        void wx.showToast({ title: '两次输入的新业务密码不一致', icon: 'none' })
        return
      }
      this.setData({ busy: true })
      try {
        await changeBusinessPassword(d.oldPassword, d.newPassword, d.alsoLogin ? d.newLoginPassword : undefined)
        wx.showModal({ title: '修改成功', content: '业务密码已修改，办理业务时请使用新密码。', showCancel: false, success: () => wx.navigateBack() })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
