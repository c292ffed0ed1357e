/**
 * E1 业务进度查询 (000 (九)): every application the member submitted, by any channel, newest first, with 000's
 * columns — 流水号, 业务, 日期, 信息, 状态, 反馈信息 — and the channel. A row opens the application; a business done in
 * another channel (柜台, 网厅, 12329, APP), which the center's core reported, has no application here to open.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { pagingBehavior, type Paging } from '../../../../behaviors/paging'
import { getProgress } from '../../../../services/business'
import type { ProgressItem } from '../../../../types/index'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

/** Finished well, finished otherwise, still under way: the chip's colour. */
const tone = (code: string) => (code === 'paid' || code === 'approved' ? 'success' : ['rejected', 'ended', 'expired'].includes(code) ? 'muted' : 'warning')

const present = (p: ProgressItem) => ({ ...p, tone: tone(p.statusCode) })

Component({
  behaviors: [pageBehavior, pagingBehavior],
  // A data object of its own: withvoid out one the behaviours' merged data is written into pageBehavior's, and every later
  // page with pageBehavior (the calculators) started with paging's `loading: true` (miniprogram-simulate; pages.test).
  data: {},
  methods: {
    onShow() {
      void (this as unknown as Paging).load()
    },
    fetchPage(page: number) {
      return getProgress(page)
    },
    present,
    onOpen(e: WechatMiniprogram.TouchEvent) {
      if (e.currentTarget.dataset.fromCore) return
      go(withQuery(ROUTES.application, { serialNo: e.currentTarget.dataset.serial as string }))
    },
  },
})
