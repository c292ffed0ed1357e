/** A3 登录 (001 1.1, 003 2.1): ID number or phone + login password; 自动登录; links to face login, registration and 忘记密码. */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { loginWithPassword } from '../../../../services/auth'
import { report } from '../../../../services/request'
import { ROUTES, go, returnAfterLogin, withQuery } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    account: '',
    password: '',
    showPassword: false,
    autoLogin: false,
    submitting: false,
    redirect: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ redirect: query.redirect ? decodeURIComponent(query.redirect) : '' })
    },
    async onSubmit() {
      const { account, password, autoLogin, submitting } = this.data
      if (submitting) return
      if (!account.trim() || !password) {
        wx.showToast({ title: '请输入账号和登录密码', icon: 'none' })
        return
      }
      this.setData({ submitting: true })
      try {
        await loginWithPassword(account, password, autoLogin)
        returnAfterLogin(this.data.redirect)
      } catch (err) {
        report(err)
      } finally {
        this.setData({ submitting: false })
      }
    },
    onFace() {
      go(withQuery(ROUTES.face, { redirect: this.data.redirect }))
    },
    onRegister() {
      go(ROUTES.register)
    },
    onForgot() {
      go(ROUTES.forgot)
    },
  },
})
