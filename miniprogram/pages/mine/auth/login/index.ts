/**
 * A3 登录 (001 1.1, 003 2.1): ID number or phone + login password; 自动登录; links to face login, registration and
 * 忘记密码. After repeated wrong passwords the server asks a question (安全验证, issue 15) with its answer: the page
 * shows it and sends the answer with the next attempt; a new question comes with every refusal.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { loginWithPassword } from '../../../../services/auth'
import { ApiError, report } from '../../../../services/request'
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
    /** The server's 安全验证 ({ id, question }) while it wants one. */
    challenge: null as { id: string; question: string } | null,
    challengeAnswer: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ redirect: query.redirect ? decodeURIComponent(query.redirect) : '' })
    },
    async onSubmit() {
      const { account, password, autoLogin, submitting, challenge, challengeAnswer } = this.data
      if (submitting) return
      if (!account.trim() || !password) {
        void wx.showToast({ title: '请输入账号和登录密码', icon: 'none' })
        return
      }
      if (challenge && !challengeAnswer.trim()) {
        void wx.showToast({ title: '请先完成安全验证', icon: 'none' })
        return
      }
      this.setData({ submitting: true })
      try {
        await loginWithPassword(account, password, autoLogin, challenge ? { id: challenge.id, answer: challengeAnswer.trim() } : undefined)
        returnAfterLogin(this.data.redirect)
      } catch (err) {
        // A challenge is good once: whatever the server asks now (or nothing) replaces the one just used.
        const next = err instanceof ApiError ? (err.details?.['challenge'] as { id: string; question: string } | undefined) : undefined
        if (err instanceof ApiError)
          this.setData({
            challenge: next ? { id: next.id, question: next.question } : challenge && err.code !== 'INVALID_CREDENTIALS' ? challenge : null,
            challengeAnswer: '',
          })
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
