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
    if (!wx.cloud) {
      console.warn('wx.cloud is unavailable (tourist appid or base library too old); cloud functions are disabled')
      return
    }
    wx.cloud.init({ traceUser: true })
    this.globalData.cloudReady = true
  },
})
