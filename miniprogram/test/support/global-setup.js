/** Starts the real server once for the whole run (a child process: the server is ESM TypeScript run by tsx). */
const path = require('path')
const { spawn } = require('child_process')

const REPO = path.resolve(__dirname, '../../..')

module.exports = async function globalSetup() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'server-child.mjs')], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  })
  const info = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error('the test server did not start within 120 s')), 120000)
    child.stdout.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line))
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the test server exited with ${code} before it was ready`))
    })
  })
  child.stdout.resume()
  process.env.HPF_TEST_SERVER = info.url
  process.env.HPF_TEST_TENCENTCLOUD = info.tencentCloud || ''
  globalThis.__HPF_SERVER_CHILD__ = child
}
