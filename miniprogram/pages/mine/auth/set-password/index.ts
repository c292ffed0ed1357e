/** A2 用户密码设置 (001 1.3): login password (8–16, 3 of 4 kinds) and 6-digit business password, then 注册. */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { completeRegistration, pendingRegistration } from '../../../../services/auth'
import { report } from '../../../../services/request'
import { ROUTES, returnAfterLogin } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    member: null as { name: string; idNumberMasked: string; phoneMasked: string } | null,
    loginPassword: '',
    loginPassword2: '',
    businessPassword: '',
    businessPassword2: '',
    show: false,
    busy: false,
  },
  methods: {
    onLoad() {
      const pending = pendingRegistration()
      this.setData({ member: pending ? pending.member : null })
    },
    onRestart() {
      void wx.redirectTo({ url: ROUTES.register })
    },
    async onSubmit() {
      const d = this.data
      if (d.busy) return
      if (!d.loginPassword || !d.businessPassword) {
        void wx.showToast({ title: '请设置登录密码和业务密码', icon: 'none' })
        return
      }
      if (d.loginPassword !== d.loginPassword2) {
        void wx.showToast({ title: '两次输入的登录密码不一致', icon: 'none' })
        return
      }
      if (d.businessPassword !== d.businessPassword2) {
        void wx.showToast({ title: '两次输入的业务密码不一致', icon: 'none' })
        return
      }
      this.setData({ busy: true })
      try {
        await completeRegistration(d.loginPassword, d.businessPassword)
        void wx.showToast({ title: '注册成功', icon: 'success' })
        returnAfterLogin()
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
