/** Canvas 2D pie of principal vs interest with its legend (G5). */
import { formatFen } from '../../utils/money'
import { drawPie, shares, type Ctx2D, type Slice } from '../../utils/pie'

interface LegendRow extends Slice {
  amount: string
  share: string
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    /** Values in fen. */
    slices: { type: Array, value: [] as Slice[] },
    centerLabel: { type: String, value: '' },
  },
  data: { legend: [] as LegendRow[], slicesJson: '[]', summary: '' },
  observers: {
    slices(slices: Slice[]) {
      const pct = shares(slices)
      const legend = slices.map((s, i) => ({ ...s, amount: formatFen(s.value), share: `${(pct[i] ?? 0).toFixed(1)}%` }))
      this.setData({
        legend,
        slicesJson: JSON.stringify(slices),
        summary: legend.map((l) => `${l.label}${l.amount}元，占${l.share}`).join('；'),
      })
      this.draw()
    },
  },
  lifetimes: {
    ready() {
      this.draw()
    },
  },
  methods: {
    draw() {
      const slices = this.data.slices as Slice[]
      if (!slices.length || typeof this.createSelectorQuery !== 'function') return
      this.createSelectorQuery()
        .select('#pie')
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: WechatMiniprogram.Canvas; width: number; height: number } | null>) => {
          const hit = res && res[0]
          if (!hit || !hit.node) return
          const canvas = hit.node
          const dpr = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2
          canvas.width = hit.width * dpr
          canvas.height = hit.height * dpr
          const ctx = canvas.getContext('2d') as unknown as Ctx2D & { scale(x: number, y: number): void }
          ctx.scale(dpr, dpr)
          drawPie(ctx, hit.width, hit.height, slices, this.data.centerLabel)
        })
    },
  },
})
