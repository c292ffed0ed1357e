/**
 * Child process of the test run: the real server on a free port with a fresh, seeded database (the server tests'
 * own helper, seeded as of 2026-11-26 so the figures never move). Prints one JSON line with its addresses and
 * stops cleanly on SIGTERM. Started by global-setup.js with `node --import tsx`.
 */
const { startTestServer } = await import('../../../server/test/helpers/server.ts')

const server = await startTestServer('pglite', { seeded: true })

// 001 3.2's kinds of message for 卢青怡 (the demo data has none until she applies for something).
await server.database.query(
  `INSERT INTO notifications (member_id, business, content, channel, created_at, read_at)
   SELECT id, b, c, ch, now() - make_interval(days => d), r FROM members,
     (VALUES ('问题回复', '您在互动社区的留言“物业费每年可以提取几次？”已答复：物业费提取每年可办理一次，限额以中心公布为准。', '小程序', 2, NULL::timestamptz),
             ('中心通知', '元旦期间各服务网点暂停柜面业务，微信公众号、小程序和12329热线自助服务正常。', '微信公众号', 5, NULL::timestamptz),
             ('缴存到账', '您2026年11月的住房公积金1,408.00元已汇缴到账。', '小程序', 9, now())) AS v(b, c, ch, d, r)
   WHERE members.name = '卢青怡'`,
)
process.stdout.write(`${JSON.stringify({ url: server.url, tencentCloud: server.emulators.tencentCloud?.url ?? null })}\n`)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
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
