/**
 * A1 新用户注册 / 绑定 (000 一(一), 001 1.2): name + ID number + phone must match the center's record; verify by SMS
 * code (valid 10 minutes, resend countdown) or by face; “我已同意【个人用户协议】” must be ticked. Then 1.3 passwords.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { sendRegistrationSms, startRegistrationFace, verifyRegistration } from '../../../../services/auth'
import { getAgreement } from '../../../../services/interaction'
import { ApiError, report, showError } from '../../../../services/request'
import type { Applicant } from '../../../../types/index'
import { launchFace } from '../../../../utils/face'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    method: 'sms' as 'sms' | 'face',
    name: '',
    idNumber: '',
    phone: '',
    smsCode: '',
    agreed: false,
    autoLogin: false,
    cooldownUntil: 0,
    sentTo: '',
    busy: false,
    bizToken: '',
    waiting: false,
    versions: { userAgreement: '', privacy: '' },
  },
  methods: {
    onLoad() {
      this.loadVersions().catch(() => undefined)
    },
    onShow() {
      if (this.data.waiting && this.data.bizToken) void this.verify(this.data.bizToken)
    },
    /** The agreement versions the member accepts are the current ones the server publishes. */
    async loadVersions() {
      const [ua, privacy] = await Promise.all([getAgreement('user-agreement'), getAgreement('privacy')])
      const versions = { userAgreement: ua.version, privacy: privacy.version }
      this.setData({ versions })
      return versions
    },
    onMethod(e: WechatMiniprogram.TouchEvent) {
      this.setData({ method: e.currentTarget.dataset.method })
    },
    applicant(): Applicant | null {
      const { name, idNumber, phone } = this.data
      if (!name.trim() || !idNumber.trim() || !phone.trim()) {
        void wx.showToast({ title: '请填写姓名、身份证号码和手机号码', icon: 'none' })
        return null
      }
      return { name: name.trim(), idNumber: idNumber.trim().toUpperCase(), phone: phone.trim() }
    },
    async onSendSms() {
      const a = this.applicant()
      if (!a) return
      try {
        const sent = await sendRegistrationSms(a)
        this.setData({ cooldownUntil: Date.now() + sent.resendAfterSeconds * 1000, sentTo: sent.phoneMasked })
        void wx.showToast({ title: `验证码已发送至${sent.phoneMasked}`, icon: 'none' })
      } catch (err) {
        report(err)
      }
    },
    onAgreement(e: WechatMiniprogram.TouchEvent) {
      go(withQuery(ROUTES.document, { kind: e.currentTarget.dataset.kind }))
    },
    async onSubmit() {
      const a = this.applicant()
      if (!a || this.data.busy) return
      if (!this.data.agreed) {
        void wx.showToast({ title: '请先阅读并勾选同意【个人用户协议】', icon: 'none' })
        return
      }
      if (this.data.method === 'sms') {
        if (!/^\d{6}$/.test(this.data.smsCode.trim())) {
          void wx.showToast({ title: '请输入6位短信验证码', icon: 'none' })
          return
        }
        await this.verify()
        return
      }
      this.setData({ busy: true })
      try {
        const started = await startRegistrationFace(a)
        this.setData({ bizToken: started.bizToken, waiting: true })
        if ((await launchFace(started.bizToken, started.url)) === 'done') await this.verify(started.bizToken)
      } catch (err) {
        this.setData({ waiting: false })
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
    /** 绑定账户: the SMS code or the face result, with the agreement → the password page. */
    async verify(bizToken?: string) {
      const a = this.applicant()
      if (!a) return
      this.setData({ busy: true })
      try {
        const versions = this.data.versions.userAgreement ? this.data.versions : await this.loadVersions()
        await verifyRegistration(
          {
            ...a,
            ...(bizToken ? { bizToken } : { smsCode: this.data.smsCode.trim() }),
            agreement: { accepted: this.data.agreed, userAgreementVersion: versions.userAgreement, privacyVersion: versions.privacy },
          },
          this.data.autoLogin,
          { silent: true },
        )
        this.setData({ waiting: false, bizToken: '' })
        go(ROUTES.setPassword)
      } catch (err) {
        const pending = err instanceof ApiError && err.code === 'FACE_PENDING'
        this.setData({ waiting: pending, bizToken: pending ? this.data.bizToken : '' })
        showError(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
