/**
 * Shared by every page: applies 长辈模式 (K1) through <page-meta page-style="{{pageStyle}}"> and keeps it current
 * when the member comes back to a page after switching it.
 */
import { isElder, pageStyle } from '../utils/elder'

export const pageBehavior = Behavior({
  data: { elder: false, pageStyle: '' },
  lifetimes: {
    attached() {
      const elder = isElder()
      this.setData({ elder, pageStyle: pageStyle(elder) })
    },
  },
  pageLifetimes: {
    show() {
      const elder = isElder()
      if (elder !== this.data.elder) this.setData({ elder, pageStyle: pageStyle(elder) })
    },
  },
})
