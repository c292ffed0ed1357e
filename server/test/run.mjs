#!/usr/bin/env node
/**
 * Runs the server's test files (issue 16, point 7): several files per process, several processes at a time.
 *
 * Each process pays about 3 s of CPU to start Node and import the server through tsx; with 70 files that was a
 * sixth of the suite. The files are packed into groups of about equal weight (`test/durations.json`, seconds per
 * file as last recorded; a file not listed weighs the median), and each group runs in one process, every file as its
 * own `describe` named after it, so a failure still says which file it is in. Files share nothing in a process but
 * the imported modules: each starts its own servers, databases and emulators on free ports. The heaviest groups
 * start first; TEST_CONCURRENCY (default 4: the tests wait on servers, databases and timers about half the time) of
 * them run at once.
 *
 *   node test/run.mjs                     every file but the fault tests (npm test)
 *   node test/run.mjs test/a.test.ts …    only these
 *   node test/run.mjs --record            also writes the measured seconds per file to test/durations.json
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATIONS = path.join(SERVER, 'test', 'durations.json');
/** Groups per process slot: more groups balance the end of the run better, fewer save more imports. */
const GROUPS_PER_SLOT = 3;

const args = process.argv.slice(2);
const record = args.includes('--record');
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY || 4));
const named = args.filter((a) => !a.startsWith('--'));
const files = (
  named.length
    ? named
    : readdirSync(path.join(SERVER, 'test'))
        .filter((f) => f.endsWith('.test.ts') && !f.startsWith('faults-'))
        .map((f) => `test/${f}`)
)
  .map((f) => path.relative(SERVER, path.resolve(SERVER, f)))
  .sort();
for (const f of files) if (!existsSync(path.join(SERVER, f))) fail(`no such test file: ${f}`);

const known = existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) : {};
const weights = Object.values(known).sort((a, b) => a - b);
const median = weights.length ? weights[weights.length >> 1] : 1;
const weightOf = (f) => known[f] ?? median;

// Longest first into the lightest group (LPT): groups of about equal weight.
const groupCount = Math.min(files.length, concurrency * GROUPS_PER_SLOT);
const groups = Array.from({ length: groupCount }, () => ({ files: [], weight: 0 }));
for (const f of [...files].sort((a, b) => weightOf(b) - weightOf(a))) {
  const lightest = groups.reduce((a, b) => (b.weight < a.weight ? b : a));
  lightest.files.push(f);
  lightest.weight += weightOf(f);
}
groups.sort((a, b) => b.weight - a.weight);

const dir = mkdtempSync(path.join(os.tmpdir(), 'hpf-test-groups-'));
const timings = path.join(dir, 'timings.jsonl');
const entries = groups.map((g, i) => {
  const entry = path.join(dir, `group-${String(i + 1).padStart(2, '0')}.mjs`);
  writeFileSync(
    entry,
    [
      `import { describe, before, after } from 'node:test';`,
      `import { appendFileSync } from 'node:fs';`,
      ...g.files.map(
        (f) =>
          `describe(${JSON.stringify(f)}, async () => {\n` +
          `  let t0 = 0;\n` +
          `  before(() => { t0 = performance.now(); });\n` +
          `  after(() => appendFileSync(${JSON.stringify(timings)}, JSON.stringify({ file: ${JSON.stringify(f)}, s: (performance.now() - t0) / 1000 }) + '\\n'));\n` +
          `  await import(${JSON.stringify(pathToFileURL(path.join(SERVER, f)).href)});\n` +
          `});`,
      ),
    ].join('\n'),
  );
  return entry;
});

const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=600000', ...entries], {
  cwd: SERVER,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (record && code === 0 && existsSync(timings)) {
    const measured = { ...known };
    for (const line of readFileSync(timings, 'utf8').trim().split('\n')) {
      const { file, s } = JSON.parse(line);
      measured[file] = Math.round(s * 10) / 10;
    }
    const sorted = Object.fromEntries(
      Object.entries(measured)
        .filter(([f]) => existsSync(path.join(SERVER, f)))
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    writeFileSync(DURATIONS, JSON.stringify(sorted, null, 2) + '\n');
    console.log(`test/durations.json: ${Object.keys(sorted).length} files`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});

function fail(message) {
  console.error(message);
  process.exit(2);
}
