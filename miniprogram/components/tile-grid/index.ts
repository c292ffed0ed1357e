/** Entry tiles with a coloured icon; a disabled tile is grey and says why (the server's reason). */
import { go } from '../../utils/nav'

export interface Tile {
  key: string
  title: string
  icon: string
  color?: string
  url?: string
  badge?: number
  /** A second line (an amount, a state). */
  note?: string
  disabled?: boolean
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    tiles: { type: Array, value: [] as Tile[] },
    columns: { type: Number, value: 4 },
    /** 长辈模式: two big tiles a row, each label whole under its icon. */
    large: { type: Boolean, value: false },
  },
  methods: {
    onTap(e: WechatMiniprogram.TouchEvent) {
      const tile = (this.data.tiles as Tile[])[Number(e.currentTarget.dataset.index)]
      if (!tile) return
      this.triggerEvent('select', { key: tile.key })
      if (tile.url) go(tile.url)
    },
  },
})
