/**
 * Fault test (issue 14 point 6): one process per embedded data folder. A second `npm start` and
 * `npm run seed -- --reset` on a folder a server holds are refused with a message naming the server's pid, and the
 * data stays intact; after a kill -9 the next start takes the stale lock over. Run with `npm run test:faults`.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { start } from '../src/main.js';
import { freshDatabase, type TestDatabase } from './helpers/database.js';
import { runEntry, startServerProcess } from './helpers/faults.js';
import { DEMO_LOGIN_PASSWORD } from '../src/identity/index.js';
import { PHONES } from './workflow-helpers.js';

let db: TestDatabase;
before(async () => {
  db = await freshDatabase('pglite', { seeded: true });
});
after(async () => db?.cleanup());

const loginStatus = async (url: string) =>
  (
    await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: PHONES.luQingyi, password: DEMO_LOGIN_PASSWORD }),
    })
  ).status;

test('a second server and seed --reset on a folder in use are refused naming the server; after kill -9 the next start takes over', async () => {
  const env = { DATA_DIR: db.env.DATA_DIR!, SEED_DEMO: 'never' };
  const first = await startServerProcess(env);
  try {
    const lock = JSON.parse(readFileSync(path.join(db.env.DATA_DIR!, 'pglite.lock'), 'utf8'));
    assert.equal(lock.pid, first.child.pid, 'the lock names the server');
    assert.equal(await loginStatus(first.url), 200);

    // Both at once (each loads the whole server, which takes seconds on a busy machine).
    const second = runEntry('server/src/main.ts', { ...env, PORT: '0', HOST: '127.0.0.1' });
    const seed = runEntry('scripts/seed.ts', env, ['--reset']);
    assert.equal(await second.exited, 3, second.output());
    assert.match(second.output(), new RegExp(`in use by the server \\(pid ${first.child.pid}[,)]`));
    assert.doesNotMatch(second.output(), /health:/, 'the second server never served');
    assert.equal(await seed.exited, 3, seed.output());
    assert.match(seed.output(), new RegExp(`Nothing was changed: .*pid ${first.child.pid}`));

    // The running server was not disturbed: its data is whole and it still answers.
    assert.equal(await loginStatus(first.url), 200);
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
  } finally {
    first.child.kill('SIGKILL');
    await first.exited;
  }
  assert.ok(existsSync(path.join(db.env.DATA_DIR!, 'pglite.lock')), 'kill -9 leaves the lock behind');

  const next = await start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }, { log: new Writable({ write: (_c, _e, cb) => cb() }) });
  try {
    assert.equal(JSON.parse(readFileSync(path.join(db.env.DATA_DIR!, 'pglite.lock'), 'utf8')).pid, process.pid, 'the stale lock was taken over');
    assert.equal(await loginStatus(next.url), 200, 'the data survived');
    const [m] = await next.database.query<{ n: number }>('SELECT count(*)::int AS n FROM members');
    assert.ok(m!.n >= 40);
    // The same folder twice in one process is refused as well.
    await assert.rejects(start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }), /in use by the server/);
  } finally {
    await next.stop();
  }
  assert.ok(!existsSync(path.join(db.env.DATA_DIR!, 'pglite.lock')), 'a stop gives the folder back');
});
