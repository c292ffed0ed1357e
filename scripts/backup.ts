/**
 * `npm run backup -- <file>`: a consistent backup while the server runs. PGlite: PGlite's dump of the data folder
 * (gzipped tar), taken by the running server when one holds DATA_DIR, otherwise here. DATABASE_URL: pg_dump (SQL).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../server/src/config.js';
import { backupPglite } from '../server/src/db/backup.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run backup -- <file>\n');
  process.exit(2);
}
const config = loadConfig();
if (config.DATABASE_URL) {
  const r = spawnSync('pg_dump', ['--no-owner', '--no-privileges', '--file', file, config.DATABASE_URL], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  process.stdout.write(`PostgreSQL dumped to ${file} (restore: npm run restore -- ${file}, with DATABASE_URL set)\n`);
} else {
  const { bytes, from } = await backupPglite(config.DATA_DIR);
  writeFileSync(file, bytes);
  process.stdout.write(
    `${config.DATA_DIR} dumped to ${file} (${bytes.length} bytes, ${from === 'server' ? 'by the running server' : 'no server was running'})\n`,
  );
}
