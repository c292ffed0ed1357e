/**
 * `npm run restore -- <file>`: PGlite: loads a `npm run backup` dump into an empty DATA_DIR (refused while a server
 * or a tool holds the folder). DATABASE_URL: runs a pg_dump file with psql into that database.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../server/src/config.js';
import { restorePglite } from '../server/src/db/backup.js';
import { DataDirInUseError } from '../server/src/db/data-lock.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run restore -- <file>\n');
  process.exit(2);
}
const config = loadConfig();
if (config.DATABASE_URL) {
  const r = spawnSync('psql', ['--quiet', '--set', 'ON_ERROR_STOP=1', '--file', file, config.DATABASE_URL], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  process.stdout.write(`${file} restored into the DATABASE_URL database\n`);
} else {
  try {
    await restorePglite(config.DATA_DIR, readFileSync(file));
  } catch (err) {
    process.stderr.write(`Nothing was changed: ${(err as Error).message}\n`);
    process.exit(err instanceof DataDirInUseError ? 3 : 1);
  }
  process.stdout.write(`${file} restored into ${config.DATA_DIR}\n`);
}
