/** 即将开放: where a 业务办理 tile leads until its online application flow ships. */
import { pageBehavior } from '../../../../behaviors/page'
import { ROUTES } from '../../../../utils/nav'

Component({
  behaviors: [pageBehavior],
  data: { name: '', line: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const name = query.name ? decodeURIComponent(query.name) : '业务办理'
      this.setData({ name, line: query.line ? decodeURIComponent(query.line) : '' })
      wx.setNavigationBarTitle({ title: name })
    },
    onOutlets() {
      wx.navigateTo({ url: ROUTES.outlets })
    },
    onCall() {
      wx.makePhoneCall({ phoneNumber: '12329' })
    },
  },
})
