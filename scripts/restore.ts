/**
 * `npm run restore -- <file>`: PGlite: loads a `npm run backup` dump into an empty DATA_DIR (refused while a server
 * or a tool holds the folder). DATABASE_URL: runs a pg_dump file with psql into that database, or copies a PGlite
 * dump into it (moving from the embedded database to PostgreSQL; the database must be new and empty).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../server/src/config.js';
import { restorePglite } from '../server/src/db/backup.js';
import { DataDirInUseError } from '../server/src/db/data-lock.js';
import { isPgliteDump, restorePgliteIntoPostgres } from '../server/src/db/pglite-to-postgres.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run restore -- <file>\n');
  process.exit(2);
}
const config = loadConfig();
if (config.DATABASE_URL && isPgliteDump(readFileSync(file))) {
  try {
    const { tables, rows } = await restorePgliteIntoPostgres(readFileSync(file), config.DATABASE_URL);
    process.stdout.write(`${file} (PGlite) copied into the DATABASE_URL database: ${rows} rows in ${tables} tables\n`);
  } catch (err) {
    process.stderr.write(`No rows were copied: ${(err as Error).message}\n`);
    process.exit(1);
  }
} else if (config.DATABASE_URL) {
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
