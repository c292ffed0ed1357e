/** Chips to switch between a member's loan contracts (B8 “several contracts”); hidden with only one. */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    contracts: { type: Array, value: [] as string[] },
    current: { type: String, value: '' },
  },
  methods: {
    onTap(e: WechatMiniprogram.TouchEvent) {
      const contractNo = e.currentTarget.dataset.no as string
      if (contractNo !== this.data.current) this.triggerEvent('change', { contractNo })
    },
  },
})
