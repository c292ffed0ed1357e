/** Starts server-child.mjs (the real server, fresh seeded database) and waits for its addresses. */
const path = require('path')
const { spawn } = require('child_process')

const REPO = path.resolve(__dirname, '../../..')

/** `core: 'external'`: the server runs on the core emulator (server-child.mjs, HPF_TEST_CORE). */
async function spawnServer({ core = 'builtin' } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'server-child.mjs')], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn', HPF_TEST_CORE: core },
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
  return { child, info }
}

/** Stops a child started by spawnServer and lets go of its pipes, so jest can exit. */
async function stopServer(child) {
  if (!child) return
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await Promise.race([
      exited,
      new Promise((r) => {
        const t = setTimeout(r, 15000)
        if (t && typeof t.unref === 'function') t.unref() // jsdom's timers have no unref
      }),
    ])
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  for (const s of [child.stdin, child.stdout, child.stderr]) if (s) s.destroy()
  child.unref()
}

/**
 * For a test file whose members others change (passwords, sessions): its own server for the file, with the app
 * pointed at it. Returns the addresses once beforeAll has run. `{ core: 'external' }`: on the core emulator.
 */
function useOwnServer(opts = {}) {
  const own = { url: '', tencentCloud: '', control: '' }
  let child
  const shared = {}
  beforeAll(async () => {
    const started = await spawnServer(opts)
    child = started.child
    Object.assign(own, started.info)
    for (const k of ['HPF_TEST_SERVER', 'HPF_TEST_TENCENTCLOUD', 'HPF_TEST_CONTROL']) shared[k] = process.env[k]
    process.env.HPF_TEST_SERVER = own.url
    process.env.HPF_TEST_TENCENTCLOUD = own.tencentCloud || ''
    process.env.HPF_TEST_CONTROL = own.control
    wx.setStorageSync('hpf.apiBase', own.url)
  }, 120000)
  afterAll(async () => {
    for (const [k, v] of Object.entries(shared)) process.env[k] = v
    wx.setStorageSync('hpf.apiBase', process.env.HPF_TEST_SERVER)
    await stopServer(child)
  }, 30000)
  return own
}

module.exports = { spawnServer, stopServer, useOwnServer }
