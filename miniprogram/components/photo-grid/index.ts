/**
 * 档案上传 (001 2.1 “拍照上传”): the material categories of an application with their photos, the red * on what must
 * be taken, and a + while the category has room. The page does the choosing and uploading (`add`, `remove`).
 */
export interface GridCategory {
  key: string
  label: string
  required: boolean
  max: number
}

export interface GridPhoto {
  id: number
  category: string
  /** The picture on this phone when it was taken here; otherwise a placeholder shows it is on the server. */
  src: string
}

interface Group extends GridCategory {
  photos: GridPhoto[]
  room: boolean
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    categories: { type: Array, value: [] as GridCategory[] },
    photos: { type: Array, value: [] as GridPhoto[] },
    editable: { type: Boolean, value: false },
    /** Whether a photo may be deleted while editable (the spouse's may not). */
    removable: { type: Boolean, value: true },
  },
  data: { groups: [] as Group[] },
  observers: {
    'categories, photos, editable'(categories: GridCategory[], photos: GridPhoto[], editable: boolean) {
      const groups = (categories || []).map((c) => {
        const mine = (photos || []).filter((p) => p.category === c.key)
        return { ...c, photos: mine, room: editable && mine.length < c.max }
      })
      this.setData({ groups })
    },
  },
  methods: {
    onAdd(e: WechatMiniprogram.TouchEvent) {
      this.triggerEvent('add', { category: e.currentTarget.dataset.category as string })
    },
    onPhoto(e: WechatMiniprogram.TouchEvent) {
      const id = Number(e.currentTarget.dataset.id)
      if (this.data.editable && this.data.removable) this.triggerEvent('remove', { id })
      else this.triggerEvent('preview', { id })
    },
  },
})
