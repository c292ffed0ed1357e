/** Tab 政策业务 (000 二, 001 五): the article columns, 签约楼盘, 资料下载 and the latest notices. */
import { pageBehavior } from '../../../behaviors/page'
import { getArticles, getColumns } from '../../../services/content'
import { errorMessage } from '../../../services/request'
import type { ArticleSummary, Column } from '../../../types/index'
import { COLUMN_LOOK } from '../../../utils/columns'
import { date } from '../../../utils/format'
import { ROUTES, withQuery } from '../../../utils/nav'
import { selectTab } from '../../../utils/tab-bar'

const tiles = (columns: Column[]) => [
  ...columns.map((c) => ({
    key: c.key,
    title: c.name,
    icon: (COLUMN_LOOK[c.key] || { icon: 'book' }).icon,
    color: (COLUMN_LOOK[c.key] || { color: '#0052d9' }).color,
    url: withQuery(ROUTES.articles, { column: c.key }),
  })),
  { key: 'housing', title: '签约楼盘', icon: 'housing', color: '#2ba471', url: ROUTES.housing },
  { key: 'forms', title: '资料下载', icon: 'download', color: '#e37318', url: ROUTES.forms },
  { key: 'faq', title: '常见问题', icon: 'help', color: '#0594fa', url: ROUTES.faq },
]

interface Latest {
  id: number
  title: string
  date: string
}

Component({
  behaviors: [pageBehavior],
  data: { loading: true, error: '', tiles: [] as ReturnType<typeof tiles>, latest: [] as Latest[] },
  methods: {
    onLoad() {
      void this.load()
    },
    onShow() {
      selectTab(this, 1)
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const [columns, notices] = await Promise.all([getColumns(), getArticles({ column: 'notices', pageSize: 5 })])
        this.setData({
          tiles: tiles(columns.items),
          latest: notices.items.map((a: ArticleSummary) => ({ id: a.id, title: a.title, date: date(a.publishedAt) })),
        })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onArticle(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: withQuery(ROUTES.article, { id: e.currentTarget.dataset.id }) })
    },
    onMore() {
      void wx.navigateTo({ url: withQuery(ROUTES.articles, { column: 'notices' }) })
    },
  },
})
