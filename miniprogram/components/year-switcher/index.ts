/** ◀ 2017年 ▶: the arrows of 000 (二) that switch the year shown; an arrow is hidden when the server says there is no such year. */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    year: { type: Number, value: 0 },
    previous: { type: null, value: null },
    next: { type: null, value: null },
    suffix: { type: String, value: '年度' },
  },
  methods: {
    onPrevious() {
      if (this.data.previous) this.triggerEvent('change', { year: this.data.previous })
    },
    onNext() {
      if (this.data.next) this.triggerEvent('change', { year: this.data.next })
    },
  },
})
