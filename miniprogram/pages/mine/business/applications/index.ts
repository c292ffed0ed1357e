/**
 * E1/E2 我的业务 (003 5.2.2, 004 2.2): 待办事项 — applications the center returned, with the reason, to modify and
 * re-submit or end — and 我发起的 — every submitted application with 是否完成, 流程耗时 and its nodes. A row opens
 * the application.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { pagingBehavior, type Paging } from '../../../../behaviors/paging'
import { getInitiated, getTodo } from '../../../../services/business'
import type { InitiatedItem, TodoItem } from '../../../../types/index'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

type Tab = 'todo' | 'initiated'

const present = (item: TodoItem | InitiatedItem) =>
  'history' in item ? { ...item, lastNode: item.history.length ? item.history[item.history.length - 1] : null } : item

Component({
  behaviors: [pageBehavior, pagingBehavior],
  data: {
    tabs: [
      { key: 'todo', label: '待办' },
      { key: 'initiated', label: '我发起的' },
    ],
    tab: 'todo' as Tab,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.tab === 'initiated') this.setData({ tab: 'initiated' })
    },
    onShow() {
      void (this as unknown as Paging).load()
    },
    fetchPage(page: number) {
      return this.data.tab === 'todo' ? getTodo(page) : getInitiated(page)
    },
    present,
    onTab(e: WechatMiniprogram.TouchEvent) {
      const tab = e.currentTarget.dataset.key as Tab
      if (tab === this.data.tab) return
      this.setData({ tab })
      void (this as unknown as Paging).reload()
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      go(withQuery(ROUTES.application, { serialNo: e.currentTarget.dataset.serial as string }))
    },
  },
})
