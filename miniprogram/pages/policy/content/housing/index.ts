/** F6 签约楼盘 (000 三(四)): projects that take HPF loans, searchable by name: 楼盘名, 位置, 开发商, 联系人, 电话. */
import { pageBehavior } from '../../../../behaviors/page'
import { pagingBehavior, type Paging } from '../../../../behaviors/paging'
import { getHousingProjects } from '../../../../services/content'
import type { HousingProject } from '../../../../types/index'

Component({
  behaviors: [pageBehavior, pagingBehavior],
  data: { name: '', items: [] as HousingProject[] },
  methods: {
    onLoad() {
      void (this as unknown as Paging).load()
    },
    fetchPage(page: number) {
      return getHousingProjects(this.data.name, page)
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: e.detail.value })
      void (this as unknown as Paging).reload()
    },
    onCall(e: WechatMiniprogram.TouchEvent) {
      void wx.makePhoneCall({ phoneNumber: String(e.currentTarget.dataset.phone) })
    },
  },
})
