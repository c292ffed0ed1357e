/** The password rules, ticked off while the member types (001 1.3). A guide only: the server has the last word. */
import { businessPasswordHints, loginPasswordHints, type Hint } from '../../utils/password-hints'

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    value: { type: String, value: '' },
    kind: { type: String, value: 'login' },
  },
  data: { hints: [] as Hint[] },
  observers: {
    'value, kind'(value: string, kind: string) {
      const hints = kind === 'business' ? businessPasswordHints(value).hints : loginPasswordHints(value).hints
      this.setData({ hints })
    },
  },
  lifetimes: {
    attached() {
      const { value, kind } = this.data
      this.setData({ hints: kind === 'business' ? businessPasswordHints(value).hints : loginPasswordHints(value).hints })
    },
  },
})
