/** G1 常见问题 (001 6.1): by category, or searched (the server ranks answers by relevance). */
import { pageBehavior } from '../../../../behaviors/page'
import { pagingBehavior, type Paging } from '../../../../behaviors/paging'
import { getFaqCategories, getFaqs } from '../../../../services/interaction'
import type { Faq, FaqCategory, Paged } from '../../../../types/index'

Component({
  behaviors: [pageBehavior, pagingBehavior],
  data: {
    categories: [] as FaqCategory[],
    category: '',
    q: '',
    items: [] as Faq[],
    open: -1,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.q) this.setData({ q: decodeURIComponent(query.q) })
      getFaqCategories()
        .then((c) => this.setData({ categories: c.items }))
        .catch(() => undefined)
      void (this as unknown as Paging).load()
    },
    fetchPage(page: number) {
      return getFaqs({ q: this.data.q || undefined, category: this.data.q ? undefined : this.data.category || undefined, page })
    },
    /** A search opens its best answer. */
    loaded(r: Paged<Faq>) {
      if (r.page === 1) this.setData({ open: this.data.q && r.items.length ? 0 : -1 })
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value })
      void (this as unknown as Paging).reload()
    },
    onCategory(e: WechatMiniprogram.TouchEvent) {
      const key = e.currentTarget.dataset.key as string
      this.setData({ category: this.data.category === key ? '' : key, q: '' })
      void (this as unknown as Paging).reload()
    },
    onToggle(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index)
      this.setData({ open: this.data.open === i ? -1 : i })
    },
  },
})
