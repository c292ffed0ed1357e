/** Loading, failure (with the server's message and a retry) and empty states, used under every list. */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    loading: { type: Boolean, value: false },
    error: { type: String, value: '' },
    empty: { type: Boolean, value: false },
    emptyText: { type: String, value: '暂无数据' },
    emptyHint: { type: String, value: '' },
    loadingText: { type: String, value: '加载中…' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry')
    },
  },
})
