#!/usr/bin/env node
/**
 * `npm test`: the system check, then everything else at once: types, lint, the cloud functions' tests and both
 * suites. Lint and the type checks leave a core idle part of the time and the mini-program suite runs its files one
 * at a time, so they run beside the server suite (the longest part) instead of before it. The server suite's output
 * is streamed; each other part's is printed whole when it ends. Ends with the time each part took; fails (exit 1)
 * when any part failed, after running them all.
 */
import { spawn } from 'node:child_process';

const t0 = Date.now();
const times = [];

/** Runs an npm script (or a node script); `live` streams its output, otherwise it is printed when it ends. */
function run(name, command, args, { live = false } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let out = '';
    if (!live) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('exit', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      times.push({ name, seconds, ok: code === 0 });
      if (!live) process.stdout.write(`\n── ${name} (${seconds} s)${code === 0 ? '' : ' FAILED'} ──\n${out}`);
      resolve(code === 0);
    });
  });
}
const npm = (name, script, opts) => run(name, 'npm', ['run', '--silent', ...script.split(' ')], opts);

if (!(await run('system packages', process.execPath, ['scripts/check-system.mjs']))) process.exit(1);
const parts = await Promise.all([
  npm('types', 'typecheck'),
  npm('lint', 'lint'),
  npm('mini-program lint', 'lint:mp'),
  npm('cloud functions', 'test:cloud'),
  npm('server suite', 'test --workspace server', { live: true }),
  npm('mini-program suite', 'test --workspace miniprogram'),
]);

const ok = parts.every(Boolean);
console.log(
  `\nnpm test: ${ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - t0) / 1000)} s — ` +
    times.map((t) => `${t.name} ${t.seconds} s${t.ok ? '' : ' (failed)'}`).join(', '),
);
process.exit(ok ? 0 : 1);
