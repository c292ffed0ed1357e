/** F1–F5 栏目文章列表: switch column, search title and body, page on reaching the bottom. */
import { pageBehavior } from '../../../../behaviors/page'
import { getArticles, getColumns } from '../../../../services/content'
import { errorMessage, report } from '../../../../services/request'
import type { ArticleSummary, Column, ColumnKey } from '../../../../types/index'
import { date } from '../../../../utils/format'
import { ROUTES, withQuery } from '../../../../utils/nav'

interface Row {
  id: number
  title: string
  summary: string
  meta: string
}

const row = (a: ArticleSummary): Row => ({ id: a.id, title: a.title, summary: a.summary, meta: `${date(a.publishedAt)} · 阅读 ${a.viewCount}` })

Component({
  behaviors: [pageBehavior],
  data: {
    columns: [] as Column[],
    column: '' as ColumnKey | '',
    q: '',
    loading: true,
    error: '',
    rows: [] as Row[],
    page: 1,
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ column: (query.column || 'notices') as ColumnKey })
      getColumns().then((c) => {
        this.setData({ columns: c.items })
        this.title()
      }).catch(() => undefined)
      this.load()
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh())
    },
    onReachBottom() {
      this.more()
    },
    title() {
      const c = this.data.columns.find((x) => x.key === this.data.column)
      if (c) wx.setNavigationBarTitle({ title: c.name })
    },
    query(page: number) {
      return { column: (this.data.column || undefined) as ColumnKey | undefined, q: this.data.q || undefined, page }
    },
    async load() {
      this.setData({ loading: true, error: '', rows: [] })
      try {
        const r = await getArticles(this.query(1))
        this.setData({ rows: r.items.map(row), page: 1, hasMore: r.page * r.pageSize < r.total })
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
        const r = await getArticles(this.query(this.data.page + 1))
        this.setData({ rows: this.data.rows.concat(r.items.map(row)), page: r.page, hasMore: r.page * r.pageSize < r.total })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ loadingMore: false })
      }
    },
    onColumn(e: WechatMiniprogram.TouchEvent) {
      this.setData({ column: e.currentTarget.dataset.key as ColumnKey })
      this.title()
      this.load()
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value })
      this.load()
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: withQuery(ROUTES.article, { id: e.currentTarget.dataset.id }) })
    },
  },
})
