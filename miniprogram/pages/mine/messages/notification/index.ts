/** E3 查看消息 (004 2.1): the full message, marked read on opening; the application it is about; 删除. */
import { pageBehavior } from '../../../../behaviors/page'
import { deleteNotification, getNotification, markRead } from '../../../../services/messages'
import { errorMessage, report } from '../../../../services/request'
import type { Notification } from '../../../../types/index'
import type { Field } from '../../../../components/field-list/index'
import { dateTime } from '../../../../utils/format'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior],
  data: { loading: true, error: '', id: 0, message: null as Notification | null, fields: [] as Field[] },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) })
      void this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const m = await getNotification(this.data.id)
        this.setData({
          message: m,
          fields: [
            { label: '业务名称', value: m.business },
            { label: '推送渠道', value: m.channel },
            { label: '推送时间', value: dateTime(m.pushedAt) },
            ...(m.serialNo ? [{ label: '流水号', value: m.serialNo }] : []),
          ],
        })
        if (!m.read) markRead(m.id).catch(() => undefined)
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    /** A message about an application opens it (form, photos, nodes). */
    onApplication() {
      const m = this.data.message
      if (m && m.serialNo) go(withQuery(ROUTES.application, { serialNo: m.serialNo }))
    },
    onDelete() {
      wx.showModal({
        title: '删除消息',
        content: '删除后不能恢复，确定删除这条消息吗？',
        confirmText: '删除',
        confirmColor: '#d54941',
        success: async (res) => {
          if (!res.confirm) return
          try {
            await deleteNotification(this.data.id)
            void wx.showToast({ title: '已删除', icon: 'none' })
            void wx.navigateBack()
          } catch (err) {
            report(err)
          }
        },
      })
    },
  },
})
