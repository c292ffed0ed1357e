/** A search box that searches on 搜索 / the keyboard's search key; clearing it searches for everything again. */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    value: { type: String, value: '' },
    placeholder: { type: String, value: '请输入关键词' },
  },
  data: { text: '' },
  observers: {
    value(v: string) {
      this.setData({ text: v })
    },
  },
  methods: {
    onInput(e: WechatMiniprogram.Input) {
      this.setData({ text: e.detail.value })
      if (!e.detail.value) this.triggerEvent('search', { value: '' })
    },
    onSearch() {
      this.triggerEvent('search', { value: this.data.text.trim() })
    },
    onClear() {
      this.setData({ text: '' })
      this.triggerEvent('search', { value: '' })
    },
  },
})
