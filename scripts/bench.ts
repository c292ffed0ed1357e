/**
 * `npm run bench`: the platform's performance figures, one section per capability. It prints figures next to
 * their targets and asserts nothing (timed assertions flake; the tests check behaviour).
 *   npm run bench                     every section
 *   npm run bench -- webhook outbox   the named sections only
 *   npm run bench -- core             issue 17: an external core with 20 ms per call beside the built-in one
 * BENCH_DATABASE_URL=postgres://…    run on a fresh PostgreSQL database instead of embedded PGlite.
 * BENCH_KEEP_DB=bench_perf           account: keep the seeded PostgreSQL databases (10 million rows) and reuse them.
 * BENCH_TARGETS=postgres             account: only the PostgreSQL run (default pglite,postgres).
 * To add a benchmark: write scripts/bench/<name>.ts exporting a BenchSection and list it in SECTIONS.
 */
import { consoleReport, type BenchSection } from './bench/section.js';
import { outboxSection } from './bench/wechat-outbox.js';
import { webhookSection } from './bench/wechat-webhook.js';
import { accountSection } from './bench/account.js';
import { coreSection } from './bench/core.js';

const SECTIONS: BenchSection[] = [webhookSection, outboxSection, accountSection, coreSection];

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    [
      'npm run bench [-- SECTION …]   performance figures beside their targets (asserts nothing)',
      `sections: ${SECTIONS.map((s) => `${s.name} (${s.title})`).join('; ')}`,
      'BENCH_DATABASE_URL=postgres://…   a fresh PostgreSQL database instead of embedded PGlite',
      'BENCH_KEEP_DB=NAME   account: keep and reuse the seeded PostgreSQL databases;  BENCH_TARGETS=postgres   account: PostgreSQL only',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
if (unknown.length) {
  process.stderr.write(`unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
const report = consoleReport();
let failed = false;
for (const section of SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  process.stdout.write(`\n== ${section.title} ==\n`);
  const started = Date.now();
  try {
    await section.run(report);
  } catch (err) {
    failed = true;
    process.stderr.write(`  section ${section.name} failed: ${(err as Error).stack ?? err}\n`);
  }
  process.stdout.write(`  (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
process.exit(failed ? 1 : 0);
