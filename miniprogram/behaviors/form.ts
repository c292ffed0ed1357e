/** Form fields bound to page data: <input data-field="idNumber" bindinput="onField" /> keeps data.idNumber current. */
export const formBehavior = Behavior({
  methods: {
    onField(e: WechatMiniprogram.Input) {
      const field = e.currentTarget.dataset.field as string
      if (field) this.setData({ [field]: e.detail.value })
    },
    onCheck(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      const field = e.currentTarget.dataset.field as string
      if (field) this.setData({ [field]: e.detail.checked })
    },
    onToggle(e: WechatMiniprogram.TouchEvent) {
      const field = e.currentTarget.dataset.field as string
      if (field) this.setData({ [field]: !(this.data as Record<string, unknown>)[field] })
    },
  },
})
