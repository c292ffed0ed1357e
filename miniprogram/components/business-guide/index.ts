/**
 * A business's 须知 (003 5.2.1.1, 5.2.1.4): 事项名称 / 设定依据 / 申请条件 / 办理材料, as the center's staff maintain
 * them, shown above a page's 我要办理. A business without one yet shows nothing; a failed request says so, tap to retry.
 */
import { getBusinessGuide } from '../../services/business'
import { ApiError } from '../../services/request'
import type { BusinessGuide } from '../../types/index'

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    /** The application kind's key, e.g. retirement, partialPrepayment. */
    kind: { type: String, value: '' },
    /** The business's name for the title 《…须知》. */
    name: { type: String, value: '' },
  },
  data: { guide: null as BusinessGuide | null, failed: false },
  observers: {
    kind(kind: string) {
      if (kind) void this.load()
    },
  },
  methods: {
    async load() {
      const kind = this.data.kind
      this.setData({ failed: false })
      try {
        const guide = await getBusinessGuide(kind)
        if (kind === this.data.kind) this.setData({ guide })
      } catch (err) {
        if (kind !== this.data.kind) return
        this.setData({ guide: null, failed: !(err instanceof ApiError && err.code === 'GUIDE_NOT_FOUND') })
      }
    },
  },
})
