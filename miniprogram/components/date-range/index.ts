/**
 * 开始日期 至 结束日期 [查询] (002 三/四, 003 4.2 (4), 004 3.2 / 3.5 “选择查询日期”): two date pickers and 查询; with
 * `clearable`, 按年度 goes back to the page's year view. The page hears `query` ({ from, to }) and `clear`.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    from: { type: String, value: '' },
    to: { type: String, value: '' },
    clearable: { type: Boolean, value: false },
  },
  data: { start: '', end: '' },
  observers: {
    'from, to'(from: string, to: string) {
      this.setData({ start: from, end: to })
    },
  },
  methods: {
    onDate(e: WechatMiniprogram.PickerChange) {
      this.setData({ [e.currentTarget.dataset.field as string]: String(e.detail.value) })
    },
    onQuery() {
      const { start, end } = this.data
      if (start && end && start > end) {
        void wx.showToast({ title: '开始日期不能晚于结束日期', icon: 'none' })
        return
      }
      this.triggerEvent('query', { from: start, to: end })
    },
    onClear() {
      this.triggerEvent('clear', {})
    },
  },
})
