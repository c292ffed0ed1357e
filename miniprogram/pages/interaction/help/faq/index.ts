/** G1 常见问题 (001 6.1): by category, or searched (the server ranks answers by relevance). */
import { pageBehavior } from '../../../../behaviors/page'
import { getFaqCategories, getFaqs } from '../../../../services/interaction'
import { errorMessage, report } from '../../../../services/request'
import type { Faq, FaqCategory } from '../../../../types/index'

Component({
  behaviors: [pageBehavior],
  data: {
    categories: [] as FaqCategory[],
    category: '',
    q: '',
    loading: true,
    error: '',
    items: [] as Faq[],
    open: -1,
    page: 1,
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.q) this.setData({ q: decodeURIComponent(query.q) })
      getFaqCategories().then((c) => this.setData({ categories: c.items })).catch(() => undefined)
      this.load()
    },
    onReachBottom() {
      this.more()
    },
    query(page: number) {
      return { q: this.data.q || undefined, category: this.data.q ? undefined : this.data.category || undefined, page }
    },
    async load() {
      this.setData({ loading: true, error: '', items: [], open: -1 })
      try {
        const r = await getFaqs(this.query(1))
        this.setData({ items: r.items, page: 1, hasMore: r.page * r.pageSize < r.total, open: this.data.q && r.items.length ? 0 : -1 })
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
        const r = await getFaqs(this.query(this.data.page + 1))
        this.setData({ items: this.data.items.concat(r.items), page: r.page, hasMore: r.page * r.pageSize < r.total })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ loadingMore: false })
      }
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value })
      this.load()
    },
    onCategory(e: WechatMiniprogram.TouchEvent) {
      const key = e.currentTarget.dataset.key as string
      this.setData({ category: this.data.category === key ? '' : key, q: '' })
      this.load()
    },
    onToggle(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index)
      this.setData({ open: this.data.open === i ? -1 : i })
    },
  },
})
