/** Runs before each test file: the wx stub, getApp / getCurrentPages, and the app pointed at the test server. */
const { wx, state } = require('./wx')

global.wx = wx
global.getApp = () => ({ globalData: { cloudReady: false } })
global.getCurrentPages = () => state.pages.map((p) => ({ route: p.route, options: p.options }))

// Develop builds read the API address override from storage (config/env.ts).
wx.setStorageSync('hpf.apiBase', process.env.HPF_TEST_SERVER)
