'use strict'
/**
 * Loads a cloud function's index.js with a stand-in for wx-server-sdk (the real one needs WeChat's cloud): the
 * context getWXContext() answers and openapi.security.msgSecCheck's answers are the test's, every call recorded.
 */
const path = require('node:path')

function fakeSdk({ context = {}, msgSecCheck } = {}) {
  const sdk = {
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
    inits: [],
    secChecks: [],
    init(opts) {
      sdk.inits.push(opts)
    },
    getWXContext: () => ({ ...context }),
    openapi: {
      security: {
        async msgSecCheck(args) {
          sdk.secChecks.push(args)
          if (!msgSecCheck) throw new Error('msgSecCheck not expected')
          return msgSecCheck(args)
        },
      },
    },
  }
  return sdk
}

/** A fresh copy of <dir>/index.js that sees the fake sdk. */
function loadWithSdk(dir, opts) {
  const sdk = fakeSdk(opts)
  const sdkPath = require.resolve('wx-server-sdk', { paths: [dir] })
  const indexPath = path.join(dir, 'index.js')
  delete require.cache[indexPath]
  require.cache[sdkPath] = { id: sdkPath, filename: sdkPath, loaded: true, exports: sdk }
  try {
    return { fn: require(indexPath), sdk }
  } finally {
    delete require.cache[sdkPath]
    delete require.cache[indexPath]
  }
}

module.exports = { loadWithSdk }
