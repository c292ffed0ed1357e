/** G2 one ticket (001 6.2): what the member wrote, where it stands, and the center's reply with who answered and when. */
import { pageBehavior } from '../../../../behaviors/page'
import { getComplaint } from '../../../../services/interaction'
import { errorMessage } from '../../../../services/request'
import type { Complaint } from '../../../../types/index'
import { dateTime } from '../../../../utils/format'
import type { Field } from '../../../../components/field-list/index'

Component({
  behaviors: [pageBehavior],
  data: { id: 0, loading: true, error: '', item: null as Complaint | null, fields: [] as Field[], repliedAt: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) })
    },
    onShow() {
      void this.load()
    },
    async load() {
      this.setData({ loading: !this.data.item, error: '' })
      try {
        const item = await getComplaint(this.data.id)
        const fields: Field[] = [
          { label: '工单号', value: item.ticketNo },
          { label: '类型', value: item.kindLabel },
          { label: '状态', value: item.statusLabel, strong: true, tone: item.reply ? 'success' : 'primary' },
          { label: '提交时间', value: dateTime(item.createdAt) },
        ]
        if (item.contactPhoneMasked) fields.push({ label: '联系电话', value: item.contactPhoneMasked })
        this.setData({ item, fields, repliedAt: item.reply ? dateTime(item.reply.repliedAt) : '' })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
  },
})
