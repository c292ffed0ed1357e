/** 安全设置 (001 四, 003 7.4): the account's security state, 自动登录 (A8), and the ways to change passwords, phone, registration. */
import { pageBehavior } from '../../../../behaviors/page'
import { getSecurity, switchAutoLogin } from '../../../../services/security'
import { errorMessage, report } from '../../../../services/request'
import type { Field } from '../../../../components/field-list/index'
import { dateTime } from '../../../../utils/format'
import { ROUTES } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    fields: [] as Field[],
    autoLogin: false,
    switching: false,
    /** The dialog asking the login password before 自动登录 is turned on. */
    askPassword: false,
    autoLoginPassword: '',
    items: [
      { key: 'login', title: '修改登录密码', note: '可同时重置业务密码', icon: 'lock', color: '#0052d9', url: ROUTES.loginPassword },
      { key: 'business', title: '修改业务密码', note: '6位数字', icon: 'shield', color: '#00a870', url: ROUTES.businessPassword },
      { key: 'hotline', title: '12329语音热线、触摸屏密码', note: '设置 / 修改 / 重置', icon: 'phone', color: '#834ec2', url: ROUTES.hotlinePassword },
      { key: 'phone', title: '修改手机号码', icon: 'phone', color: '#ed7b2f', url: ROUTES.phone },
      { key: 'unbind', title: '删除微信注册', note: '解除绑定', icon: 'user', color: '#d54941', url: ROUTES.unbind, danger: true },
    ],
  },
  methods: {
    onShow() {
      void this.load()
    },
    async load() {
      this.setData({ loading: !this.data.fields.length, error: '' })
      try {
        const s = await getSecurity()
        this.setData({
          autoLogin: s.autoLogin,
          fields: [
            { label: '姓名', value: s.name },
            { label: '证件号码', value: s.idNumberMasked },
            { label: '预留手机号', value: s.phoneMasked || '—' },
            { label: '注册方式', value: s.registeredBy === 'face' ? '人脸识别' : '短信验证' },
            { label: '注册时间', value: dateTime(s.registeredAt) },
            { label: '登录密码修改于', value: dateTime(s.loginPasswordChangedAt) },
            { label: '业务密码修改于', value: dateTime(s.businessPasswordChangedAt) },
            { label: '微信绑定', value: s.wechat.bound ? '已绑定' : '未绑定', tone: s.wechat.bound ? 'success' : 'warning' },
          ],
        })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onAutoLogin(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      // Turning it on keeps this phone logged in for 30 days: the server wants the login password for that, typed
      // into a masked field of the dialog below (wx.showModal's editable box would show it in clear).
      if (e.detail.value) this.setData({ autoLogin: false, askPassword: true, autoLoginPassword: '' })
      else void this.switchAutoLogin(false)
    },
    onAutoLoginPassword(e: WechatMiniprogram.Input) {
      this.setData({ autoLoginPassword: e.detail.value })
    },
    onAutoLoginCancel() {
      this.setData({ askPassword: false, autoLoginPassword: '', autoLogin: false })
    },
    onAutoLoginConfirm() {
      const password = this.data.autoLoginPassword
      if (!password) {
        void wx.showToast({ title: '请输入登录密码', icon: 'none' })
        return
      }
      this.setData({ askPassword: false, autoLoginPassword: '' })
      void this.switchAutoLogin(true, password)
    },
    async switchAutoLogin(enabled: boolean, loginPassword?: string) {
      this.setData({ autoLogin: enabled, switching: true })
      try {
        await switchAutoLogin(enabled, loginPassword)
        void wx.showToast({ title: enabled ? '已开启自动登录' : '已关闭自动登录', icon: 'none' })
      } catch (err) {
        this.setData({ autoLogin: !enabled })
        report(err)
      } finally {
        this.setData({ switching: false })
      }
    },
  },
})
