/** G4 网点详情 (003 5.1.1 (4)): 业务类型, 联系电话, 服务时间, 网点地址, with call and navigation. */
import { pageBehavior } from '../../../../behaviors/page'
import { getOutlet } from '../../../../services/interaction'
import { errorMessage } from '../../../../services/request'
import type { Outlet } from '../../../../types/index'
import type { Field } from '../../../../components/field-list/index'
import { distance } from '../../../../utils/format'
import { navigateTo } from '../../../../utils/location'

Component({
  behaviors: [pageBehavior],
  data: { loading: true, error: '', outlet: null as Outlet | null, fields: [] as Field[], markers: [] as unknown[] },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void this.load(Number(query.id), query.lat ? { lat: Number(query.lat), lng: Number(query.lng) } : undefined)
    },
    async load(id: number, at?: { lat: number; lng: number }) {
      this.setData({ loading: true, error: '' })
      try {
        const o = await getOutlet(id, at)
        this.setData({
          outlet: o,
          markers: [{ id: 1, latitude: o.latitude, longitude: o.longitude, title: o.name, width: 28, height: 36 }],
          fields: [
            { label: '业务类型', value: o.businessTypes.join('、') },
            { label: '联系电话', value: o.phone, tone: 'primary' },
            { label: '服务时间', value: o.hours },
            { label: '网点地址', value: o.address },
            ...(o.distanceMetres !== null ? [{ label: '距离', value: distance(o.distanceMetres) }] : []),
          ],
        })
        void wx.setNavigationBarTitle({ title: o.name })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onCall() {
      if (this.data.outlet) void wx.makePhoneCall({ phoneNumber: this.data.outlet.phone })
    },
    onNavigate() {
      if (this.data.outlet) navigateTo(this.data.outlet)
    },
  },
})
