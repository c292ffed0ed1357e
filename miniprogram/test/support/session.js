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

/** Plain HTTP (jsdom's window has no fetch). */
function httpJson(method, url, body) {
  const http = require('http')
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
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
    if (body) req.write(JSON.stringify(body))
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

module.exports = { httpJson, MEMBERS, DEMO_PASSWORD, DEMO_BUSINESS_PASSWORD, loginAs, logoutLocally, smsCodes, setFaceResult }
