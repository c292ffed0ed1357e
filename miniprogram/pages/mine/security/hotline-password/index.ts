/**
 * A10 12329 语音热线、触摸屏密码修改 (003 7.4.2): 旧密码 / 新密码 / 确认密码, 6 digits. The first time there is no
 * old one; a member who forgot it ticks 忘记旧密码 and resets it. Every change is confirmed with A9; the server
 * checks the rules and says what is wrong.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { getHotlinePassword, setHotlinePassword } from '../../../../services/security'
import { loadInto, report } from '../../../../services/request'
import type { HotlinePasswordState } from '../../../../types/index'
import { dateTime } from '../../../../utils/format'

/** What the page shows of the password's state, after loading and after a change. */
const shown = (state: HotlinePasswordState) => ({ state, setAt: state.setAt ? dateTime(state.setAt) : '' })

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    loading: true,
    error: '',
    state: null as HotlinePasswordState | null,
    setAt: '',
    forgot: false,
    oldPassword: '',
    newPassword: '',
    newPassword2: '',
    confirming: false,
  },
  methods: {
    onLoad() {
      void this.load()
    },
    async load() {
      await loadInto(this, async () => shown(await getHotlinePassword()))
    },
    onSubmit() {
      const d = this.data
      if (!d.state) return
      const needsOld = d.state.set && !d.forgot
      if ((needsOld && !d.oldPassword) || !d.newPassword) {
        void wx.showToast({ title: needsOld ? '请输入旧密码和新密码' : '请输入新密码', icon: 'none' })
        return
      }
      if (d.newPassword !== d.newPassword2) {
        void wx.showToast({ title: '两次输入的新密码不一致', icon: 'none' })
        return
      }
      this.setData({ confirming: true })
    },
    onConfirmCancel() {
      this.setData({ confirming: false })
    },
    async onConfirmed(e: WechatMiniprogram.CustomEvent<{ confirmationToken: string }>) {
      const d = this.data
      this.setData({ confirming: false })
      try {
        const done = await setHotlinePassword({
          ...(d.state && d.state.set && !d.forgot ? { oldPassword: d.oldPassword } : {}),
          newPassword: d.newPassword,
          confirmPassword: d.newPassword2,
          confirmationToken: e.detail.confirmationToken,
        })
        this.setData(shown(done))
        this.setData({ oldPassword: '', newPassword: '', newPassword2: '', forgot: false })
        void wx.showModal({ title: done.message, content: '拨打12329服务热线或使用自助服务终端时请使用新密码。', showCancel: false })
      } catch (err) {
        report(err)
      }
    },
  },
})
