/**
 * The tab bar, drawn by the app so that 长辈模式 can enlarge it and screen readers hear each tab. Each tab page sets
 * `selected` in its onShow through getTabBar() (utils/tab-bar.ts); otherwise a custom tab bar flickers and shows
 * the wrong tab.
 */
export const TABS = [
  { pagePath: '/pages/mine/index/index', text: '我的', icon: '/assets/tabbar/mine.png', activeIcon: '/assets/tabbar/mine-active.png' },
  { pagePath: '/pages/policy/index/index', text: '政策业务', icon: '/assets/tabbar/policy.png', activeIcon: '/assets/tabbar/policy-active.png' },
  { pagePath: '/pages/interaction/index/index', text: '互动交流', icon: '/assets/tabbar/interaction.png', activeIcon: '/assets/tabbar/interaction-active.png' },
]

Component({
  data: { selected: 0, elder: false, tabs: TABS },
  methods: {
    onTap(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index)
      const tab = TABS[index]
      if (!tab || index === this.data.selected) return
      void wx.switchTab({ url: tab.pagePath })
    },
  },
})
