/**
 * Jest transform: TypeScript (our pages, services) and the ES-module JS of TDesign's miniprogram_dist to CommonJS,
 * as WeChat DevTools' compiler does. Type checking is `npm run lint`'s job, not the tests'.
 */
const ts = require('typescript')

module.exports = {
  process(source, filename) {
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
  },
}
