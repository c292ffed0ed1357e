/** Stops the server started by global-setup.js and lets go of its pipes, so jest can exit. */
module.exports = async function globalTeardown() {
  const child = globalThis.__HPF_SERVER_CHILD__
  if (!child) return
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15000).unref())])
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  for (const s of [child.stdin, child.stdout, child.stderr]) if (s) s.destroy()
  child.unref()
}
