/** F1–F5 栏目文章列表: switch column, search title and body, page on reaching the bottom. */
import { pageBehavior } from '../../../../behaviors/page'
import { pagingBehavior, type Paging } from '../../../../behaviors/paging'
import { getArticles, getColumns } from '../../../../services/content'
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
  behaviors: [pageBehavior, pagingBehavior],
  data: {
    columns: [] as Column[],
    column: '' as ColumnKey | '',
    q: '',
    items: [] as Row[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ column: (query.column || 'notices') as ColumnKey })
      getColumns()
        .then((c) => {
          this.setData({ columns: c.items })
          this.title()
        })
        .catch(() => undefined)
      void (this as unknown as Paging).load()
    },
    title() {
      const c = this.data.columns.find((x) => x.key === this.data.column)
      if (c) void wx.setNavigationBarTitle({ title: c.name })
    },
    fetchPage(page: number) {
      return getArticles({ column: (this.data.column || undefined) as ColumnKey | undefined, q: this.data.q || undefined, page })
    },
    present: row,
    onColumn(e: WechatMiniprogram.TouchEvent) {
      this.setData({ column: e.currentTarget.dataset.key as ColumnKey })
      this.title()
      void (this as unknown as Paging).reload()
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value })
      void (this as unknown as Paging).reload()
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: withQuery(ROUTES.article, { id: e.currentTarget.dataset.id }) })
    },
  },
})
