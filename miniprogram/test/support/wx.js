/**
 * The parts of the wx API the mini-program uses, as WeChat behaves: wx.request and wx.downloadFile really go over
 * HTTP to the test server (wx.request refuses PATCH, as WeChat does), storage is kept in memory, and every UI call
 * (toast, dialog, navigation, phone call, map) is recorded so tests can assert what the member saw.
 */
const fs = require('fs')
const http = require('http')
const os = require('os')
const path = require('path')

const WX_METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT']

const state = {
  storage: new Map(),
  /** Every recorded call: { name, args }. */
  calls: [],
  /** Requests sent: { method, url, header, body }. */
  requests: [],
  pending: 0,
  /** The page stack getCurrentPages() answers with: { route, options }. */
  pages: [],
  location: { latitude: 26.8721, longitude: 100.2354 },
  locationDenied: false,
  /** What wx.showModal answers (and, for an editable one, the text typed). */
  modalConfirm: true,
  modalContent: '',
  /** What wx.chooseMedia hands back: paths of pictures on "the phone" (null: one small real JPEG; false: cancelled). */
  media: null,
  /** What the member taps in wx.requestSubscribeMessage's dialog, for every template asked: accept / reject. */
  subscribeAnswer: 'accept',
}

/** A small real JPEG (64×40, from a canvas) as the camera would give it. */
const PHOTO = path.join(__dirname, '../fixtures/photo.jpg')

const record = (name, args) => state.calls.push({ name, args })
const done = (opts, result) => {
  setTimeout(() => {
    if (opts && opts.success) opts.success(result)
    if (opts && opts.complete) opts.complete(result)
  }, 0)
}
const failed = (opts, errMsg) => {
  setTimeout(() => {
    if (opts && opts.fail) opts.fail({ errMsg })
    if (opts && opts.complete) opts.complete({ errMsg })
  }, 0)
}

function send(method, url, header, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: header, agent: false }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, buffer: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}

function request(opts) {
  const method = (opts.method || 'GET').toUpperCase()
  if (!WX_METHODS.includes(method)) {
    failed(opts, `request:fail parameter error: parameter.method should be one of ${WX_METHODS.join(', ')}`)
    return { abort() {} }
  }
  let url = opts.url
  let body
  const header = {}
  for (const [k, v] of Object.entries(opts.header || {})) header[k.toLowerCase()] = v
  if (opts.data !== undefined && opts.data !== null) {
    if (method === 'GET') {
      const q = Object.entries(opts.data)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&')
      if (q) url += (url.includes('?') ? '&' : '?') + q
    } else {
      body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data)
      if (!header['content-type']) header['content-type'] = 'application/json'
    }
  }
  state.requests.push({ method, url, header, body })
  state.pending++
  send(method, url, header, body)
    .then((res) => {
      let data = res.buffer.toString('utf8')
      if ((opts.dataType || 'json') === 'json') {
        try {
          data = JSON.parse(data)
        } catch {
          // not JSON: WeChat hands the text over
        }
      }
      const result = { statusCode: res.status, data, header: res.headers, errMsg: 'request:ok' }
      if (opts.success) opts.success(result)
      if (opts.complete) opts.complete(result)
    })
    .catch(() => {
      if (opts.fail) opts.fail({ errMsg: 'request:fail' })
      if (opts.complete) opts.complete({ errMsg: 'request:fail' })
    })
    .finally(() => {
      state.pending--
    })
  return { abort() {} }
}

function downloadFile(opts) {
  state.pending++
  const header = {}
  for (const [k, v] of Object.entries(opts.header || {})) header[k.toLowerCase()] = v
  state.requests.push({ method: 'DOWNLOAD', url: opts.url, header })
  send('GET', opts.url, header)
    .then((res) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wxdl-')), 'download')
      fs.writeFileSync(file, res.buffer)
      record('downloadFile', { url: opts.url, header, statusCode: res.status, tempFilePath: file, contentType: res.headers['content-type'] })
      const result = { statusCode: res.status, tempFilePath: file, errMsg: 'downloadFile:ok' }
      if (opts.success) opts.success(result)
      if (opts.complete) opts.complete(result)
    })
    .catch(() => {
      if (opts.fail) opts.fail({ errMsg: 'downloadFile:fail' })
    })
    .finally(() => {
      state.pending--
    })
  return { abort() {}, onProgressUpdate() {} }
}

/**
 * wx.uploadFile as WeChat sends it: multipart/form-data with the form fields first and the file under `name`, over
 * real HTTP to the test server. The answer's body comes back as text (WeChat does not parse it).
 */
function uploadFile(opts) {
  const boundary = `----WxUpload${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`
  const parts = []
  for (const [k, v] of Object.entries(opts.formData || {})) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  }
  const file = fs.readFileSync(opts.filePath)
  const fileName = path.basename(opts.filePath)
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${opts.name}"; filename="${fileName}"\r\nContent-Type: image/jpeg\r\n\r\n`))
  parts.push(file, Buffer.from(`\r\n--${boundary}--\r\n`))
  const body = Buffer.concat(parts)
  const header = {}
  for (const [k, v] of Object.entries(opts.header || {})) header[k.toLowerCase()] = v
  header['content-type'] = `multipart/form-data; boundary=${boundary}`
  header['content-length'] = String(body.length)
  state.requests.push({ method: 'UPLOAD', url: opts.url, header, formData: opts.formData, filePath: opts.filePath, bytes: file.length })
  state.pending++
  send('POST', opts.url, header, body)
    .then((res) => {
      record('uploadFile', { url: opts.url, formData: opts.formData, statusCode: res.status })
      const result = { statusCode: res.status, data: res.buffer.toString('utf8'), errMsg: 'uploadFile:ok' }
      if (opts.success) opts.success(result)
      if (opts.complete) opts.complete(result)
    })
    .catch(() => {
      if (opts.fail) opts.fail({ errMsg: 'uploadFile:fail' })
    })
    .finally(() => {
      state.pending--
    })
  return { abort() {}, onProgressUpdate() {} }
}

function chooseMedia(opts = {}) {
  record('chooseMedia', opts)
  if (state.media === false) {
    failed(opts, 'chooseMedia:fail cancel')
    return
  }
  const paths = (state.media || [PHOTO]).slice(0, opts.count || 9)
  done(opts, { type: 'image', tempFiles: paths.map((p) => ({ tempFilePath: p, size: fs.statSync(p).size, fileType: 'image' })), errMsg: 'chooseMedia:ok' })
}

const recorded =
  (name, result = {}) =>
  (opts = {}) => {
    record(name, opts)
    done(opts, { errMsg: `${name}:ok`, ...result })
  }

const wx = {
  request,
  downloadFile,
  uploadFile,
  chooseMedia,
  getFileSystemManager: () => ({
    readFileSync: (p, encoding) => fs.readFileSync(p, encoding),
  }),
  getStorageSync: (key) => (state.storage.has(key) ? state.storage.get(key) : ''),
  setStorageSync: (key, value) => state.storage.set(key, JSON.parse(JSON.stringify(value))),
  removeStorageSync: (key) => state.storage.delete(key),
  getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
  getWindowInfo: () => ({
    pixelRatio: 2,
    windowWidth: 375,
    windowHeight: 667,
    screenWidth: 375,
    screenHeight: 667,
    statusBarHeight: 20,
    safeArea: { top: 20, bottom: 667 },
  }),
  showToast: recorded('showToast'),
  showModal: (opts = {}) => {
    record('showModal', opts)
    done(opts, { confirm: state.modalConfirm, cancel: !state.modalConfirm, content: opts.editable ? state.modalContent : undefined, errMsg: 'showModal:ok' })
  },
  showLoading: recorded('showLoading'),
  hideLoading: recorded('hideLoading'),
  showActionSheet: (opts = {}) => {
    record('showActionSheet', opts)
    done(opts, { tapIndex: 0 })
  },
  navigateTo: recorded('navigateTo'),
  redirectTo: recorded('redirectTo'),
  switchTab: recorded('switchTab'),
  reLaunch: recorded('reLaunch'),
  navigateBack: recorded('navigateBack'),
  openDocument: recorded('openDocument'),
  previewImage: recorded('previewImage'),
  openLocation: recorded('openLocation'),
  makePhoneCall: recorded('makePhoneCall'),
  setClipboardData: recorded('setClipboardData'),
  setNavigationBarTitle: recorded('setNavigationBarTitle'),
  stopPullDownRefresh: recorded('stopPullDownRefresh'),
  pageScrollTo: recorded('pageScrollTo'),
  vibrateShort: recorded('vibrateShort'),
  getLocation: (opts = {}) => {
    record('getLocation', opts)
    if (state.locationDenied) failed(opts, 'getLocation:fail auth deny')
    else done(opts, { ...state.location, accuracy: 30, errMsg: 'getLocation:ok' })
  },
  requestSubscribeMessage: (opts = {}) => {
    record('requestSubscribeMessage', opts)
    const answers = Object.fromEntries((opts.tmplIds || []).map((id) => [id, state.subscribeAnswer]))
    done(opts, { ...answers, errMsg: 'requestSubscribeMessage:ok' })
  },
  login: (opts = {}) => {
    record('login', opts)
    done(opts, { code: 'test-code', errMsg: 'login:ok' })
  },
}

/** Calls of one kind, e.g. calls('showToast'). */
const calls = (name) => state.calls.filter((c) => c.name === name).map((c) => c.args)

/** Everything shown to the member as a toast or a dialog. */
const messages = () =>
  state.calls.filter((c) => c.name === 'showToast' || c.name === 'showModal').map((c) => (c.name === 'showToast' ? c.args.title : c.args.content))

function reset() {
  state.calls.length = 0
  state.requests.length = 0
  state.locationDenied = false
  state.modalConfirm = true
  state.modalContent = ''
  state.media = null
  state.subscribeAnswer = 'accept'
}

module.exports = { wx, state, calls, messages, reset }
