/** E3 通知消息 (001 3.2, 004 2.1): 消息 / 未读消息 / 已阅, paged; opening one marks it read; 全部标为已阅. */
import { pageBehavior } from '../../../../behaviors/page'
import { pagingBehavior, type Paging } from '../../../../behaviors/paging'
import { getNotifications, markAllRead, type NotificationFilter } from '../../../../services/messages'
import { report } from '../../../../services/request'
import type { NotificationList } from '../../../../types/index'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

type Item = NotificationList['items'][number]

Component({
  behaviors: [pageBehavior, pagingBehavior],
  data: {
    filters: [
      { key: 'all', label: '全部' },
      { key: 'unread', label: '未读' },
      { key: 'read', label: '已阅' },
    ],
    filter: 'all' as NotificationFilter,
    items: [] as Item[],
    unread: 0,
  },
  methods: {
    onShow() {
      void (this as unknown as Paging).load()
    },
    fetchPage(page: number) {
      return getNotifications(this.data.filter, page)
    },
    loaded(r: NotificationList) {
      this.setData({ unread: r.unread })
    },
    onFilter(e: WechatMiniprogram.TouchEvent) {
      this.setData({ filter: e.currentTarget.dataset.key as NotificationFilter })
      void (this as unknown as Paging).reload()
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      go(withQuery(ROUTES.notification, { id: e.currentTarget.dataset.id }))
    },
    async onReadAll() {
      try {
        await markAllRead()
        void wx.showToast({ title: '已全部标为已阅', icon: 'none' })
        void (this as unknown as Paging).load()
      } catch (err) {
        report(err)
      }
    },
  },
})
