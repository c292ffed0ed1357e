/**
 * G4 服务网点 (001 6.3, 003 5.1.1): nearest first when the member shares the location (the server measures),
 * filtered by business type; 电话 (wx.makePhoneCall), 导航 (wx.openLocation), 详情.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { getBusinessTypes, getOutlets } from '../../../../services/interaction'
import { errorMessage } from '../../../../services/request'
import type { Outlet } from '../../../../types/index'
import { distance } from '../../../../utils/format'
import { locate, navigateTo, type Position } from '../../../../utils/location'
import { ROUTES, withQuery } from '../../../../utils/nav'

interface Row extends Outlet {
  distanceText: string
}

Component({
  behaviors: [pageBehavior],
  data: {
    types: [] as string[],
    type: '',
    located: true,
    position: null as Position | null,
    loading: true,
    error: '',
    rows: [] as Row[],
  },
  methods: {
    async onLoad() {
      getBusinessTypes()
        .then((t) => this.setData({ types: t.items }))
        .catch(() => undefined)
      const position = await locate()
      this.setData({ position, located: !!position })
      await this.load()
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const p = this.data.position
        const r = await getOutlets({ ...(p ? { lat: p.lat, lng: p.lng } : {}), businessType: this.data.type || undefined })
        this.setData({ rows: r.items.map((o) => ({ ...o, distanceText: distance(o.distanceMetres) })) })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onType(e: WechatMiniprogram.TouchEvent) {
      const t = e.currentTarget.dataset.type as string
      this.setData({ type: this.data.type === t ? '' : t })
      void this.load()
    },
    row(e: WechatMiniprogram.TouchEvent): Row | undefined {
      return this.data.rows[Number(e.currentTarget.dataset.index)]
    },
    onCall(e: WechatMiniprogram.TouchEvent) {
      const o = this.row(e)
      if (o) void wx.makePhoneCall({ phoneNumber: o.phone })
    },
    onNavigate(e: WechatMiniprogram.TouchEvent) {
      const o = this.row(e)
      if (o) navigateTo(o)
    },
    onDetail(e: WechatMiniprogram.TouchEvent) {
      const o = this.row(e)
      const p = this.data.position
      if (o) void wx.navigateTo({ url: withQuery(ROUTES.outlet, { id: o.id, lat: p ? p.lat : undefined, lng: p ? p.lng : undefined }) })
    },
    async onRelocate() {
      const position = await locate()
      this.setData({ position, located: !!position })
      if (position) void this.load()
      else void wx.showToast({ title: '请在设置中允许使用位置信息', icon: 'none' })
    },
  },
})
