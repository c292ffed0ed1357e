/** Starts the real server once for the whole run (a child process: the server is ESM TypeScript run by tsx). */
const { spawnServer } = require('./spawn-server')

module.exports = async function globalSetup() {
  const { child, info } = await spawnServer()
  process.env.HPF_TEST_SERVER = info.url
  process.env.HPF_TEST_TENCENTCLOUD = info.tencentCloud || ''
  process.env.HPF_TEST_CONTROL = info.control || ''
  globalThis.__HPF_SERVER_CHILD__ = child
}
