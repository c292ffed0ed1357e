// Builds the staff console (server/console → server/console/dist) when the build is missing or older than its
// sources; otherwise returns at once. Run before `npm start` and the server's tests (prestart / pretest).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const stamp = path.join(here, 'dist', 'index.html');

function newest(p) {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((n) => newest(path.join(p, n))));
}

const sources = ['index.html', 'vite.config.ts', 'src', 'public'].map((n) => path.join(here, n)).filter(existsSync);
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built && built >= Math.max(...sources.map(newest))) process.exit(0);

console.log(built ? 'staff console: sources changed, rebuilding…' : 'staff console: no build yet, building…');
const r = spawnSync('npm', ['run', 'build:console', '--workspace', 'server'], { cwd: path.resolve(here, '../..'), stdio: 'inherit' });
process.exit(r.status ?? 1);
