/** B7 逾期还款明细 (003 4.2 (6)): the records, or the server's “您暂无逾期还款记录”. */
import { contractBehavior, contractPageData } from '../../../../behaviors/contract'
import { pageBehavior } from '../../../../behaviors/page'
import { getOverdue } from '../../../../services/loans'
import { errorMessage } from '../../../../services/request'
import type { Overdue } from '../../../../types/index'
import type { Field } from '../../../../components/field-list/index'
import { formatFen } from '../../../../utils/money'

interface OverdueCard {
  key: string
  title: string
  fields: Field[]
}

const records = (o: Overdue): OverdueCard[] =>
  o.items.map((r) => ({
    key: `${r.period}`,
    title: `第${r.period}期 · 应还日期 ${r.dueOn}`,
    fields: [
      { label: '逾期本金', value: `${formatFen(r.principalFen)}元` },
      { label: '逾期利息', value: `${formatFen(r.interestFen)}元` },
      { label: '罚息', value: `${formatFen(r.penaltyFen)}元`, tone: 'danger' },
      { label: '逾期天数', value: `${r.overdueDays}天` },
      { label: '归还日期', value: r.repaidOn || '尚未归还', tone: r.repaidOn ? 'success' : 'warning' },
    ],
  }))

Component({
  behaviors: [pageBehavior, contractBehavior],
  data: { ...contractPageData(), message: '', records: [] as OverdueCard[] },
  methods: {
    async load() {
      this.setData({ loading: true, error: '', records: [], message: '' })
      try {
        const o = await getOverdue(this.data.contractNo)
        this.setData({ records: records(o), message: o.message || '' })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onRetry() {
      if (this.data.contractNo) void this.load()
      else void this.init()
    },
  },
})
