/**
 * Jest transform: TypeScript (our pages, services) and the ES-module JS of TDesign's miniprogram_dist to CommonJS,
 * as WeChat DevTools' compiler does. Type checking is `npm run lint`'s job, not the tests'.
 *
 * The typescript package is loaded only when something is compiled: the test files' helpers (render.js, snapshot.js)
 * run inside each test file's sandbox, where loading it again cost about a second of CPU per file, and their output
 * is kept on disk by `cachedOnDisk` (jest keeps its own transforms in its cache folder).
 */
const crypto = require('crypto')
const fs = require('fs')
const os = require('os')
const path = require('path')

const CACHE = path.join(os.tmpdir(), 'hpf-miniprogram-js')
/** What compiled output depends on besides its source: this file and the compiler's version. */
const VERSION = crypto.createHash('sha1').update(fs.readFileSync(__filename)).update(require('typescript/package.json').version).digest('hex')

function transpile(source, filename) {
  const ts = require('typescript')
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      isolatedModules: true,
      sourceMap: false,
      inlineSourceMap: true,
    },
  })
  return { code: out.outputText }
}

/** make(source) once per (kind, file, source, this file's version); later calls, in any process, read the result. */
function cachedOnDisk(kind, file, source, make) {
  const key = crypto.createHash('sha1').update(VERSION).update(kind).update(file).update(source).digest('hex')
  const cached = path.join(CACHE, `${key}.js`)
  try {
    return fs.readFileSync(cached, 'utf8')
  } catch {
    const code = make(source)
    fs.mkdirSync(CACHE, { recursive: true })
    fs.writeFileSync(`${cached}.${process.pid}`, code)
    fs.renameSync(`${cached}.${process.pid}`, cached) // whole or not at all for a reader
    return code
  }
}

module.exports = { process: transpile, cachedOnDisk }
