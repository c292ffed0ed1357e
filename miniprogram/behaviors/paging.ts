/**
 * A paged list (`{ items, total, page, pageSize }` from the server): first page with loading / error / empty states,
 * pull-down refresh, the next page on reaching the bottom. The page supplies `fetchPage(page)` in its methods, may
 * map each item for display with `present(item)` and see each answer with `loaded(page)`; `reload()` starts over.
 */
import type { Paged } from '../types/index'
import { errorMessage, report } from '../services/request'

interface PagingHost {
  data: { items: unknown[]; page: number; hasMore: boolean; loadingMore: boolean }
  setData(data: Record<string, unknown>): void
  fetchPage(page: number): Promise<Paged<unknown>>
  present?: (item: unknown) => unknown
  /** Sees each page as the server sent it (e.g. a count that comes with the list). */
  loaded?: (page: Paged<unknown>) => void
}

const hasMore = (r: Paged<unknown>) => r.page * r.pageSize < r.total
const shown = (host: PagingHost, items: unknown[]) => (host.present ? items.map((i) => (host.present as (x: unknown) => unknown)(i)) : items)

export const pagingBehavior = Behavior({
  data: { loading: true, error: '', items: [] as unknown[], total: 0, page: 1, hasMore: false, loadingMore: false },
  methods: {
    /** (Re)loads the first page; the spinner shows only while there is nothing to show yet. */
    async load() {
      const host = this as unknown as PagingHost
      host.setData({ loading: !host.data.items.length, error: '' })
      try {
        const r = await host.fetchPage(1)
        host.setData({ items: shown(host, r.items), total: r.total, page: 1, hasMore: hasMore(r) })
        if (host.loaded) host.loaded(r)
      } catch (err) {
        host.setData({ error: errorMessage(err) })
      } finally {
        host.setData({ loading: false })
      }
    },
    async more() {
      const host = this as unknown as PagingHost
      if (!host.data.hasMore || host.data.loadingMore) return
      host.setData({ loadingMore: true })
      try {
        const r = await host.fetchPage(host.data.page + 1)
        host.setData({ items: host.data.items.concat(shown(host, r.items)), page: r.page, hasMore: hasMore(r) })
        if (host.loaded) host.loaded(r)
      } catch (err) {
        report(err)
      } finally {
        host.setData({ loadingMore: false })
      }
    },
    /** Starts over (another tab or filter): empties the list so the spinner shows. */
    reload() {
      const host = this as unknown as PagingHost
      host.setData({ items: [], page: 1, hasMore: false })
      return (this as unknown as { load(): Promise<void> }).load()
    },
    onPullDownRefresh() {
      void (this as unknown as { load(): Promise<void> }).load().then(() => wx.stopPullDownRefresh())
    },
    onReachBottom() {
      void (this as unknown as { more(): Promise<void> }).more()
    },
  },
})

/** What a page using pagingBehavior may call on itself. */
export interface Paging {
  load(): Promise<void>
  more(): Promise<void>
  reload(): Promise<void>
}
