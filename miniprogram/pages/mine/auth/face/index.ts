/**
 * A3 人脸登录 (001 1.1, 003 2.1 (3)): the server starts FaceID for the name and ID number (BizToken), the member
 * verifies, and back on this page the server reads the result and logs the member in.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { loginWithFace, startFaceLogin } from '../../../../services/auth'
import { ApiError, report, showError } from '../../../../services/request'
import { launchFace } from '../../../../utils/face'
import { returnAfterLogin } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    name: '',
    idNumber: '',
    autoLogin: false,
    redirect: '',
    /** Set while a verification is under way: the page reads its result on return. */
    bizToken: '',
    waiting: false,
    busy: false,
    notice: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ redirect: query.redirect ? decodeURIComponent(query.redirect) : '' })
    },
    onShow() {
      if (this.data.bizToken && this.data.waiting) void this.finish()
    },
    async onStart() {
      const { name, idNumber, busy } = this.data
      if (busy) return
      if (!name.trim() || !idNumber.trim()) {
        void wx.showToast({ title: '请输入姓名和身份证号码', icon: 'none' })
        return
      }
      this.setData({ busy: true, notice: '' })
      try {
        const started = await startFaceLogin(name, idNumber)
        this.setData({ bizToken: started.bizToken, waiting: true })
        const how = await launchFace(started.bizToken, started.url)
        if (how === 'done') await this.finish()
        else this.setData({ notice: '请在打开的页面完成人脸识别，完成后返回本页' })
      } catch (err) {
        this.setData({ waiting: false })
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
    /** Reads the verification result and logs in. */
    async finish() {
      const { bizToken, autoLogin } = this.data
      if (!bizToken) return
      this.setData({ busy: true })
      try {
        await loginWithFace(bizToken, autoLogin, { silent: true, loading: '正在核验' })
        this.setData({ bizToken: '', waiting: false })
        void wx.showToast({ title: '登录成功', icon: 'success' })
        returnAfterLogin(this.data.redirect)
      } catch (err) {
        // Not finished yet: the member may go back to the verification page; any other result needs a new one.
        const pending = err instanceof ApiError && err.code === 'FACE_PENDING'
        this.setData({ waiting: pending, bizToken: pending ? bizToken : '', notice: pending ? (err as ApiError).message : '' })
        if (!pending) showError(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
