/** Rows that open pages (or tell the page which was tapped, when a row has no url). */
import { go } from '../../utils/nav'

export interface NavItem {
  key: string
  title: string
  note?: string
  /** An icon from /assets/icons (name without .svg) on a coloured square. */
  icon?: string
  color?: string
  url?: string
  /** Unread count etc.; 0 hides it. */
  badge?: number
  danger?: boolean
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    items: { type: Array, value: [] as NavItem[] },
  },
  methods: {
    onTap(e: WechatMiniprogram.TouchEvent) {
      const item = (this.data.items as NavItem[])[Number(e.currentTarget.dataset.index)]
      if (!item) return
      if (item.url) go(item.url)
      else this.triggerEvent('select', { key: item.key })
    },
  },
})
