/** A titled card of label / value rows, the way the manuals print account and loan details. */
export interface Field {
  label: string
  value: string
  /** Bold, e.g. amounts the member looks for first. */
  strong?: boolean
  tone?: 'primary' | 'success' | 'warning' | 'danger'
}

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    title: { type: String, value: '' },
    extra: { type: String, value: '' },
    fields: { type: Array, value: [] as Field[] },
  },
  methods: {
    onExtra() {
      this.triggerEvent('extra')
    },
  },
})
