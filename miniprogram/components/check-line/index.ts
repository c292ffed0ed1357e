/** A tick box with its words (我已同意【个人用户协议】, 自动登录 …); links inside go in the slot. */
Component({
  options: { styleIsolation: 'apply-shared', multipleSlots: true },
  properties: {
    checked: { type: Boolean, value: false },
    label: { type: String, value: '' },
  },
  methods: {
    onToggle() {
      this.triggerEvent('change', { checked: !this.data.checked })
    },
  },
})
