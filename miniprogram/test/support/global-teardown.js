/** Stops the server started by global-setup.js. */
const { stopServer } = require('./spawn-server')

module.exports = async function globalTeardown() {
  await stopServer(globalThis.__HPF_SERVER_CHILD__)
}
