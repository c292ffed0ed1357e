/** E3 通知消息 (001 3.2, 004 2.1): 消息 / 未读消息 / 已阅, paged; opening one marks it read; 全部标为已阅. */
import { pageBehavior } from '../../../../behaviors/page'
import { getNotifications, markAllRead, type NotificationFilter } from '../../../../services/messages'
import { errorMessage, report } from '../../../../services/request'
import type { NotificationList } from '../../../../types/index'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

type Item = NotificationList['items'][number]

Component({
  behaviors: [pageBehavior],
  data: {
    filters: [
      { key: 'all', label: '全部' },
      { key: 'unread', label: '未读' },
      { key: 'read', label: '已阅' },
    ],
    filter: 'all' as NotificationFilter,
    loading: true,
    error: '',
    items: [] as Item[],
    unread: 0,
    page: 1,
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    onShow() {
      this.load()
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh())
    },
    onReachBottom() {
      this.more()
    },
    async load() {
      this.setData({ loading: !this.data.items.length, error: '' })
      try {
        const r = await getNotifications(this.data.filter, 1)
        this.setData({ items: r.items, unread: r.unread, page: 1, hasMore: r.page * r.pageSize < r.total })
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
        const r = await getNotifications(this.data.filter, this.data.page + 1)
        this.setData({ items: this.data.items.concat(r.items), page: r.page, hasMore: r.page * r.pageSize < r.total })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ loadingMore: false })
      }
    },
    onFilter(e: WechatMiniprogram.TouchEvent) {
      this.setData({ filter: e.currentTarget.dataset.key as NotificationFilter, items: [] })
      this.load()
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      go(withQuery(ROUTES.notification, { id: e.currentTarget.dataset.id }))
    },
    async onReadAll() {
      try {
        await markAllRead()
        wx.showToast({ title: '已全部标为已阅', icon: 'none' })
        this.load()
      } catch (err) {
        report(err)
      }
    },
  },
})
