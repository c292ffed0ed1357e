/** G7 公积金利率表: the rates in force and every past adjustment. */
import { pageBehavior } from '../../../../behaviors/page'
import { getInterestRates } from '../../../../services/tools'
import { errorMessage } from '../../../../services/request'
import { percent } from '../../../../utils/format'

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    asOf: '',
    current: [] as Array<{ kind: string; label: string; rate: string; since: string }>,
    history: [] as Array<{ date: string; rows: Array<{ kind: string; label: string; rate: string; changed: boolean }> }>,
  },
  methods: {
    onLoad() {
      void this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const r = await getInterestRates()
        this.setData({
          asOf: r.asOf,
          current: r.current.map((c) => ({ kind: c.kind, label: c.label, rate: percent(c.annualRatePercent), since: c.effectiveOn })),
          history: r.history.map((h) => ({
            date: h.effectiveOn,
            rows: h.rates.map((x) => ({ kind: x.kind, label: x.label, rate: percent(x.annualRatePercent), changed: x.changed })),
          })),
        })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
  },
})
