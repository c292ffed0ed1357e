/**
 * `npm run seed`: loads the demo center into the configured database (PGlite in DATA_DIR, or DATABASE_URL).
 * Refuses a database that already holds members unless `--reset` is given, which in sandbox mode wipes it first.
 */
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/client.js';
import { DataDirInUseError } from '../server/src/db/data-lock.js';
import { migrate } from '../server/src/db/migrate.js';
import { isDatabaseEmpty, seedDemoCenter } from '../server/src/demo.js';
import { PiiCipher } from '../server/src/shared/pii-crypto.js';
import { ServerClock } from '../server/src/shared/clock.js';

const config = loadConfig();
const reset = process.argv.includes('--reset');
// On PGlite this takes the data folder: refused (nothing changed) while a server or another tool has it open.
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, owner: 'npm run seed' }).catch((err: unknown) => {
  if (!(err instanceof DataDirInUseError)) throw err;
  process.stderr.write(`Nothing was changed: ${err.message}\n`);
  process.exit(3);
});
try {
  if (reset) {
    if (config.APP_MODE !== 'sandbox') throw new Error('--reset is refused outside sandbox mode');
    await database.withSession((s) => s.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'));
  }
  await migrate(database);
  if (!(await isDatabaseEmpty(database))) {
    process.stderr.write(
      'The database already holds members; nothing was changed. Run `npm run seed -- --reset` to start the demo center afresh (sandbox only).\n',
    );
    process.exitCode = 1;
  } else {
    const summary = await seedDemoCenter(database, new PiiCipher(config.dataKey), { today: ServerClock.startingAt(config.CLOCK_AT).today() });
    process.stdout.write(`Demo center seeded: ${JSON.stringify(summary)}\n`);
  }
} finally {
  await database.close();
}
