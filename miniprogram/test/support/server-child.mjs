/**
 * Child process of the test run: the real server on a free port with a fresh, seeded database (the server tests'
 * own helper, seeded as of 2026-11-26 so the figures never move). Prints one JSON line with its addresses and
 * stops cleanly on SIGTERM. Started by global-setup.js with `node --import tsx`.
 */
const { startTestServer } = await import('../../../server/test/helpers/server.ts')

// HPF_TEST_CORE=external: the server on a center's own core (issue 17), the core emulator on its own database.
const core = process.env.HPF_TEST_CORE === 'external' ? 'external' : 'builtin'
const server = await startTestServer('pglite', { seeded: true, core })

// 001 3.2's kinds of message for 卢青怡 (the demo data has none until she applies for something).
await server.database.query(
  `INSERT INTO notifications (member_id, business, content, channel, created_at, read_at)
   SELECT id, b, c, ch, now() - make_interval(days => d), r FROM members,
     (VALUES ('问题回复', '您在互动社区的留言“物业费每年可以提取几次？”已答复：物业费提取每年可办理一次，限额以中心公布为准。', '小程序', 2, NULL::timestamptz),
             ('中心通知', '元旦期间各服务网点暂停柜面业务，微信公众号、小程序和12329热线自助服务正常。', '微信公众号', 5, NULL::timestamptz),
             ('缴存到账', '您2026年11月的住房公积金1,408.00元已汇缴到账。', '小程序', 9, now())) AS v(b, c, ch, d, r)
   WHERE members.name = '卢青怡'`,
)
/**
 * A control port (127.0.0.1, test runs only) for what no phone can do but a test must:
 *   POST /jobs/spouse-expiry { hoursLater }  runs J2's spouse-expiry job as if that many hours had passed
 *   POST /core/deposit { name, month, amountFen }  (external core) the core posts a member's monthly deposit, as a
 *                                                  center's 核心业务系统 does: nothing is asked of the product
 */
const http = await import('node:http')
const control = http.createServer((req, res) => {
  let text = ''
  req.on('data', (c) => (text += c))
  req.on('end', async () => {
    try {
      const body = text ? JSON.parse(text) : {}
      let result
      if (req.method === 'POST' && req.url === '/jobs/spouse-expiry') {
        result = await server.loanJobs.runOnce.spouseExpiry(new Date(Date.now() + Number(body.hoursLater || 49) * 3600_000))
      } else if (req.method === 'POST' && req.url === '/core/deposit' && server.coreEmulator) {
        const [member] = await server.coreDatabase.query('SELECT id FROM members WHERE name = $1', [body.name])
        result = await server.coreEmulator.control.deposit(Number(member.id), { month: body.month, amountFen: body.amountFen })
      } else {
        res.writeHead(404).end('{}')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result ?? null))
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(err && err.message) }))
    }
  })
})
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve))
const controlUrl = `http://127.0.0.1:${control.address().port}`

process.stdout.write(`${JSON.stringify({ url: server.url, tencentCloud: server.emulators.tencentCloud?.url ?? null, control: controlUrl })}\n`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  control.close()
  try {
    await server.close()
  } finally {
    process.exit(0)
  }
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop)
process.stdin.resume()
