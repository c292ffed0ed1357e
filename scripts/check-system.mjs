#!/usr/bin/env node
/**
 * `npm test` runs this first: the suite drives Debian's chromium (the staff console's browser test, the
 * mini-program's screenshots) with a CJK font, and reruns the date-sensitive tests under faketime in CI. Without
 * them it says so at once, with the command that installs them, instead of hanging in a browser test.
 */
import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';

const missing = [];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
try {
  accessSync(chromium, constants.X_OK);
} catch {
  missing.push({ what: `Chromium (${chromium})`, pkg: 'chromium' });
}
let cjk = '';
try {
  cjk = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch {
  // fontconfig itself is missing: chromium's package brings it
}
if (!cjk.trim()) missing.push({ what: 'a Chinese font for screenshots', pkg: 'fonts-wqy-microhei' });

if (missing.length) {
  process.stderr.write(
    [
      'npm test needs system packages that are not installed:',
      ...missing.map((m) => `  - ${m.what}`),
      '',
      `Install them (Debian/Ubuntu, as root):  apt-get update && apt-get install -y ${missing.map((m) => m.pkg).join(' ')}`,
      'or point CHROMIUM_PATH at a Chromium of your own.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
