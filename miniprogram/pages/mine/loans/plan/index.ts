/**
 * B6 还款计划 (003 4.2 (5), 004 3.6): the future schedule, period by period, and the same plan as Excel (downloaded
 * with the session, opened in WeChat's viewer, from where it can be saved or forwarded).
 */
import { contractBehavior, contractPageData } from '../../../../behaviors/contract'
import { pageBehavior } from '../../../../behaviors/page'
import { getPlan, openPlanExcel } from '../../../../services/loans'
import { errorMessage } from '../../../../services/request'
import type { PlanRow } from '../../../../types/index'
import { formatFen } from '../../../../utils/money'

interface Row {
  key: string
  title: string
  date: string
  amount: string
  principal: string
  interest: string
  balance: string
}

const row = (r: PlanRow): Row => ({
  key: String(r.seq),
  title: `${r.yearMonth}期（第${r.period}期）`,
  date: r.dueOn,
  amount: formatFen(r.paymentFen),
  principal: formatFen(r.principalFen),
  interest: formatFen(r.interestFen),
  balance: formatFen(r.balanceAfterFen),
})

Component({
  behaviors: [pageBehavior, contractBehavior],
  data: {
    ...contractPageData(),
    rows: [] as Row[],
    /** 004 3.4, 3.6: 此合同【…】的贷款已结清 / 未发放, in place of an empty list. */
    message: '',
    open: 0,
    downloading: false,
  },
  methods: {
    async load() {
      this.setData({ loading: true, error: '', rows: [], message: '', open: 0 })
      try {
        const plan = await getPlan(this.data.contractNo)
        this.setData({ rows: plan.items.map(row), message: plan.message || '' })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onToggle(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index)
      this.setData({ open: this.data.open === i ? -1 : i })
    },
    async onDownload() {
      if (this.data.downloading || !this.data.contractNo) return
      this.setData({ downloading: true })
      await openPlanExcel(this.data.contractNo)
      this.setData({ downloading: false })
    },
    onRetry() {
      if (this.data.contractNo) void this.load()
      else void this.init()
    },
  },
})
