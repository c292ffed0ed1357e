/** Logs a demo member in through the mini-program's own auth service (the session lands in wx storage). */
const DEMO_PASSWORD = 'Hpf@2026demo'
const DEMO_BUSINESS_PASSWORD = '258036'

const MEMBERS = {
  luQingyi: { name: '卢青怡', idNumber: '530123199907242329', phone: '13999991111' },
  duanDemei: { name: '段德梅', idNumber: '530702198503160243', phone: '13908881234' },
  liGuoqiang: { name: '李国强', idNumber: '530702198309050155', phone: '13908885678' },
  gaoZhenhua: { name: '高振华', idNumber: '530721197906220372', phone: '13888123456' },
  zhangRuixia: { name: '张瑞霞', idNumber: '530702198807100629', phone: '15808881234' },
  zhangJian: { name: '张健', idNumber: '530702198005120177', phone: '13708881234' },
  heLihua: { name: '和丽华', idNumber: '530721196602140280', phone: '13988881234' },
  muWenjun: { name: '木文军', idNumber: '530721199204080132', phone: '18788881234' },
  yangXiuying: { name: '杨秀英', idNumber: '530722196309200463', phone: '13759991234' },
  luTianpeng: { name: '卢天鹏', idNumber: '530722199002180510', phone: '13577001234' },
}

async function loginAs(key, password = DEMO_PASSWORD) {
  const { loginWithPassword } = require('../../services/auth')
  await loginWithPassword(MEMBERS[key].idNumber, password, false)
}

function logoutLocally() {
  require('../../services/session').clearSession()
}

/** Plain HTTP (jsdom's window has no fetch). A Buffer body goes as is (set its content-type in headers). */
function httpJson(method, url, body, headers = {}) {
  const http = require('http')
  const raw = Buffer.isBuffer(body)
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: { ...(body && !raw ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => {
        let json = text
        try {
          json = JSON.parse(text)
        } catch {
          // keep text
        }
        resolve({ status: res.statusCode, body: json })
      })
    })
    req.on('error', reject)
    if (body) req.write(raw ? body : JSON.stringify(body))
    req.end()
  })
}

/** The SMS codes the emulated Tencent Cloud sent to a phone, newest first. */
async function smsCodes(phone) {
  const res = await httpJson('GET', `${process.env.HPF_TEST_TENCENTCLOUD}/__control/sms?phone=${phone}`)
  return res.body.messages.map((m) => (m.params || [])[0]).filter(Boolean)
}

/** Decides the outcome of a face verification in the emulator (pass, fail, other-person, expired). */
async function setFaceResult(bizToken, result = 'pass') {
  const res = await httpJson('POST', `${process.env.HPF_TEST_TENCENTCLOUD}/__control/faceid/${encodeURIComponent(bizToken)}`, { result })
  if (res.status >= 300) throw new Error(`face control: ${res.status} ${JSON.stringify(res.body)}`)
}

/**
 * Another phone or the staff console, over plain HTTP: a member's or a reviewer's token and JSON calls with it.
 */
const api =
  (token) =>
  (method, path, body, headers = {}) =>
    httpJson(method, `${process.env.HPF_TEST_SERVER}${path}`, body, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers })

async function memberToken(key, password = DEMO_PASSWORD) {
  const r = await httpJson('POST', `${process.env.HPF_TEST_SERVER}/api/auth/login`, { account: MEMBERS[key].phone, password })
  if (r.status !== 200) throw new Error(`login ${key}: ${JSON.stringify(r.body)}`)
  return r.body.token
}

async function staffToken(username) {
  const r = await httpJson('POST', `${process.env.HPF_TEST_SERVER}/api/staff/login`, { username, password: 'Review@2026' })
  if (r.status !== 200) throw new Error(`staff login ${username}: ${JSON.stringify(r.body)}`)
  return r.body.token
}

/** As the mini-program does, from another member's phone: draft, every required photo, A9 (business password), submit. */
async function applyOverHttp(token, kind, form) {
  const call = api(token)
  const photo = require('fs').readFileSync(require('path').join(__dirname, '../fixtures/photo.jpg'))
  const draft = await call('POST', '/api/me/applications', { kind, form })
  if (draft.status !== 200) throw new Error(`draft ${kind}: ${JSON.stringify(draft.body)}`)
  for (const c of draft.body.photoCategories.filter((x) => x.required)) {
    const up = await call('POST', `/api/me/applications/${draft.body.serialNo}/photos?category=${c.key}`, photo, { 'content-type': 'image/jpeg' })
    if (up.status !== 200) throw new Error(`photo ${c.key}: ${JSON.stringify(up.body)}`)
  }
  const a9 = await call('POST', '/api/me/security/confirmations', { ...draft.body.confirmation, businessPassword: DEMO_BUSINESS_PASSWORD })
  const submitted = await call('POST', `/api/me/applications/${draft.body.serialNo}/submit`, { confirmationToken: a9.body.confirmationToken })
  if (submitted.status !== 200) throw new Error(`submit ${kind}: ${JSON.stringify(submitted.body)}`)
  return submitted.body
}

module.exports = {
  api,
  memberToken,
  staffToken,
  applyOverHttp,
  httpJson,
  MEMBERS,
  DEMO_PASSWORD,
  DEMO_BUSINESS_PASSWORD,
  loginAs,
  logoutLocally,
  smsCodes,
  setFaceResult,
}
