import { forgetUnlessAutoLogin } from './services/session'

export interface AppGlobalData {
  /** True once wx.cloud.init has run; false in tourist mode, where cloud development is unavailable. */
  cloudReady: boolean
}

export interface AppOption {
  globalData: AppGlobalData
}

App<AppOption>({
  globalData: {
    cloudReady: false,
  },

  onLaunch() {
    // 001 1.1: only a member who ticked 自动登录 skips the login page next time.
    forgetUnlessAutoLogin()
    if (!wx.cloud) {
      console.warn('wx.cloud is unavailable (tourist appid or base library too old); cloud functions are disabled')
      return
    }
    wx.cloud.init({ traceUser: true })
    this.globalData.cloudReady = true
  },
})
