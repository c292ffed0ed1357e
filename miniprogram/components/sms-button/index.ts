/**
 * 免费获取验证码 with the resend countdown (60 s, or what the server says in resendAfterSeconds). The page asks the
 * server for the code and then sets `cooldownUntil`; the button only counts down.
 */
Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    cooldownUntil: { type: Number, value: 0 },
    disabled: { type: Boolean, value: false },
    text: { type: String, value: '获取验证码' },
  },
  data: { left: 0 },
  observers: {
    cooldownUntil(until: number) {
      this.tick(until)
    },
  },
  lifetimes: {
    detached() {
      this.stop()
    },
  },
  methods: {
    tick(until: number) {
      this.stop()
      const update = () => {
        const left = Math.max(0, Math.ceil((until - Date.now()) / 1000))
        this.setData({ left })
        if (left === 0) this.stop()
      }
      update()
      if (this.data.left > 0) (this as unknown as { timer: number }).timer = setInterval(update, 1000) as unknown as number
    },
    stop() {
      const self = this as unknown as { timer?: number }
      if (self.timer) clearInterval(self.timer)
      self.timer = undefined
    },
    onTap() {
      if (this.data.disabled || this.data.left > 0) return
      this.triggerEvent('send')
    },
  },
})
