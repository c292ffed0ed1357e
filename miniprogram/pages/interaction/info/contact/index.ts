/** G8 联系我们 (001 6.5, 003 7.2): the 12329 hotline (呼叫服务热线), address, hours, e-mail and the outlets' phones. */
import { pageBehavior } from '../../../../behaviors/page'
import { getContact } from '../../../../services/interaction'
import { errorMessage } from '../../../../services/request'
import type { Contact } from '../../../../types/index'
import type { Field } from '../../../../components/field-list/index'
import { orDash } from '../../../../utils/format'

Component({
  behaviors: [pageBehavior],
  data: { loading: true, error: '', contact: null as Contact | null, fields: [] as Field[] },
  methods: {
    onLoad() {
      void this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const c = await getContact()
        this.setData({
          contact: c,
          fields: [
            { label: '办公电话', value: c.phone, tone: 'primary' },
            { label: '中心地址', value: c.address },
            { label: '邮政编码', value: orDash(c.postalCode) },
            { label: '办公时间', value: c.officeHours },
            { label: '电子邮箱', value: orDash(c.email) },
            { label: '微信公众号', value: orDash(c.officialAccount) },
          ],
        })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    call(phoneNumber: string) {
      void wx.makePhoneCall({ phoneNumber })
    },
    onHotline() {
      const c = this.data.contact
      if (!c) return
      wx.showModal({
        title: '服务热线',
        content: `呼叫服务热线 公积金${c.hotline}`,
        confirmText: '呼叫',
        success: (res) => {
          if (res.confirm) this.call(c.hotline)
        },
      })
    },
    onOutlet(e: WechatMiniprogram.TouchEvent) {
      this.call(String(e.currentTarget.dataset.phone))
    },
  },
})
