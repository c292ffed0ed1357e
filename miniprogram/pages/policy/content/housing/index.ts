/** F6 签约楼盘 (000 三(四)): projects that take HPF loans, searchable by name: 楼盘名, 位置, 开发商, 联系人, 电话. */
import { pageBehavior } from '../../../../behaviors/page'
import { getHousingProjects } from '../../../../services/content'
import { errorMessage, report } from '../../../../services/request'
import type { HousingProject } from '../../../../types/index'

Component({
  behaviors: [pageBehavior],
  data: { name: '', loading: true, error: '', items: [] as HousingProject[], total: 0, page: 1, hasMore: false, loadingMore: false },
  methods: {
    onLoad() {
      this.load()
    },
    onReachBottom() {
      this.more()
    },
    async load() {
      this.setData({ loading: true, error: '', items: [] })
      try {
        const r = await getHousingProjects(this.data.name, 1)
        this.setData({ items: r.items, total: r.total, page: 1, hasMore: r.page * r.pageSize < r.total })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    async more() {
      if (!this.data.hasMore || this.data.loadingMore) return
      this.setData({ loadingMore: true })
      try {
        const r = await getHousingProjects(this.data.name, this.data.page + 1)
        this.setData({ items: this.data.items.concat(r.items), page: r.page, hasMore: r.page * r.pageSize < r.total })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ loadingMore: false })
      }
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: e.detail.value })
      this.load()
    },
    onCall(e: WechatMiniprogram.TouchEvent) {
      wx.makePhoneCall({ phoneNumber: String(e.currentTarget.dataset.phone) })
    },
  },
})
