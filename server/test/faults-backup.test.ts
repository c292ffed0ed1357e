/**
 * Fault test (issue 14, backups of the embedded default): `npm run backup` while the server runs on PGlite takes a
 * consistent dump through the server; `npm run restore` of it into another folder gives the same balances and
 * ledger sums; a restore into a folder a server holds is refused and changes nothing. With PostgreSQL, the same dump
 * restored into a new DATABASE_URL database (moving off the embedded database) serves the same figures through the
 * API. Run with `npm run test:faults`.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/client.js';
import { backupPglite, restorePglite } from '../src/db/backup.js';
import { start } from '../src/main.js';
import { jsonAt, startTestServer, type TestServer } from './helpers/server.js';
import { freshDatabase, TEST_CLOCK_AT } from './helpers/database.js';
import { runEntry } from './helpers/faults.js';
import { auth, login, PHONES } from './workflow-helpers.js';
import { DEMO_LOGIN_PASSWORD } from '../src/identity/index.js';

let server: TestServer;
const work = mkdtempSync(path.join(os.tmpdir(), 'hpf-backup-'));
before(async () => {
  server = await startTestServer('pglite');
});
after(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

const figures = async (db: Database) => ({
  balances: await db.query('SELECT member_id, balance_fen FROM fund_accounts ORDER BY member_id'),
  ledger: await db.query('SELECT account_id, count(*)::int AS n, sum(amount_fen)::bigint AS sum FROM ledger_entries GROUP BY account_id ORDER BY account_id'),
  loans: await db.query('SELECT id, balance_fen FROM loan_contracts ORDER BY id'),
});

test('backup while the server runs, restore into another folder: the same balances and ledger sums; a folder in use is refused', async () => {
  const expected = await figures(server.database);
  assert.ok(expected.balances.length >= 40 && expected.ledger.length >= 40);

  // The CLI, as an operator runs it beside the server.
  const file = path.join(work, 'hpf.tar.gz');
  const cli = runEntry('scripts/backup.ts', { DATA_DIR: server.config.DATA_DIR }, [file]);
  assert.equal(await cli.exited, 0, cli.output());
  assert.match(cli.output(), /by the running server/);

  const other = path.join(work, 'restored');
  await restorePglite(other, readFileSync(file));
  const restored = await openDatabase({ dataDir: other });
  try {
    assert.deepEqual(await figures(restored), expected);
  } finally {
    await restored.close();
  }

  // In-process too: the same dump through the server's socket, and a restore over the running server is refused.
  const { bytes, from } = await backupPglite(server.config.DATA_DIR);
  assert.equal(from, 'server');
  await assert.rejects(restorePglite(server.config.DATA_DIR, bytes), /in use by the server/);
  await assert.rejects(restorePglite(other, bytes), /already holds a database/);
  writeFileSync(path.join(work, 'again.tar.gz'), bytes);
  assert.deepEqual(await figures(server.database), expected, 'the running server was not disturbed');
  assert.equal((await server.json('/healthz')).status, 200);
});

test(
  'a PGlite backup restored into a new PostgreSQL database: the same rows, and the API answers the same balances and ledgers',
  {
    skip: !process.env.TEST_DATABASE_URL && 'PostgreSQL only (TEST_DATABASE_URL; npm run test:faults sets it)',
  },
  async () => {
    const expected = await figures(server.database);
    const file = path.join(work, 'to-postgres.tar.gz');
    writeFileSync(file, (await backupPglite(server.config.DATA_DIR)).bytes);
    const target = await freshDatabase('postgres', { migrated: false });
    try {
      const env = { DATABASE_URL: target.env.DATABASE_URL!, DATA_DIR: path.join(work, 'unused') };
      const cli = runEntry('scripts/restore.ts', env, [file]);
      assert.equal(await cli.exited, 0, cli.output());
      assert.match(cli.output(), /copied into the DATABASE_URL database: \d+ rows in \d+ tables/);
      const restored = await target.open();
      try {
        assert.deepEqual(await figures(restored), expected);
      } finally {
        await restored.close();
      }

      // A second restore into the now non-empty database is refused and changes nothing.
      const again = runEntry('scripts/restore.ts', env, [file]);
      assert.equal(await again.exited, 1, again.output());
      assert.match(again.output(), /not empty/);

      const pgServer = await start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', CLOCK_AT: TEST_CLOCK_AT, SEED_DEMO: 'never', ...env });
      try {
        const onPg = { url: pgServer.url, json: jsonAt(pgServer.url) } as unknown as TestServer;
        for (const who of ['luQingyi', 'duanDemei', 'gaoZhenhua'] as const) {
          const [a, b] = [await login(server, who), await login(onPg, who)]; // logging in writes: the sequences go on
          for (const route of ['/api/me/account', '/api/me/ledger']) {
            const [mine, theirs] = [await server.json(route, { headers: auth(a) }), await onPg.json(route, { headers: auth(b) })];
            assert.equal(theirs.status, 200, `${route} ${JSON.stringify(theirs.body)}`);
            assert.deepEqual(theirs.body, mine.body, `${who} ${route}`);
          }
        }
        const wrong = await onPg.json('/api/auth/login', { method: 'POST', json: { account: PHONES.luQingyi, password: DEMO_LOGIN_PASSWORD + 'x' } });
        assert.equal(wrong.status, 401);
      } finally {
        await pgServer.stop();
      }
    } finally {
      await target.cleanup();
    }
  },
);
