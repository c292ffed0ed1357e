/**
 * Fault test (issue 14, backups of the embedded default): `npm run backup` while the server runs on PGlite takes a
 * consistent dump through the server; `npm run restore` of it into another folder gives the same balances and
 * ledger sums; a restore into a folder a server holds is refused and changes nothing. Run with `npm run test:faults`.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../src/db/client.js';
import { backupPglite, restorePglite } from '../src/db/backup.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { runEntry } from './helpers/faults.js';

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
