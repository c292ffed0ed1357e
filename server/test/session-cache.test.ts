/**
 * Member sessions remembered between requests (identity/session-cache.ts): a remembered session is never used
 * after the database ended it — whoever ended it, on whichever instance — and a change nobody announced is
 * picked up within SESSION_CACHE_SECONDS. Over HTTP, as the mini-program calls.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { start, type RunningServer } from '../src/main.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';
import { Client, DEMO } from './helpers/identity.js';
import { tokenHash } from '../src/shared/tokens.js';

const status = async (url: string, token: string) => (await fetch(`${url}/api/me/account`, { headers: { authorization: `Bearer ${token}` } })).status;

const revokeByHand = (server: TestServer, token: string) =>
  server.database.query(`UPDATE member_sessions SET revoked_at = now(), revoked_reason = 'by-hand' WHERE token_hash = $1`, [tokenHash(token)]);

for (const target of targets()) {
  describe(`member session cache on ${target}`, () => {
    let server: TestServer;
    let client: Client;
    before(async () => {
      server = await startTestServer(target, { seeded: true, env: { SESSION_CACHE_SECONDS: '2' } });
      client = new Client(server);
    });
    after(() => server.close());

    test('a session ended by hand in the database is refused at once: the change is announced to the server', async () => {
      const token = await client.login(DEMO.luQingyi.phone);
      assert.equal(await status(server.url, token), 200);
      assert.equal(await status(server.url, token), 200); // remembered now
      await revokeByHand(server, token);
      await server.sessionCache.settled();
      assert.equal(await status(server.url, token), 401);
    });

    test('a change nobody announced (notifications off) is still picked up within SESSION_CACHE_SECONDS, and not before: the session was remembered', async () => {
      const token = await client.login(DEMO.luQingyi.phone);
      assert.equal(await status(server.url, token), 200);
      await server.database.query('ALTER TABLE member_sessions DISABLE TRIGGER member_session_changed');
      try {
        await revokeByHand(server, token);
        assert.equal(await status(server.url, token), 200, 'remembered: the database was not asked again');
        const deadline = Date.now() + 2000 + 1500;
        let last = 200;
        while (Date.now() < deadline && (last = await status(server.url, token)) === 200) await new Promise((r) => setTimeout(r, 100));
        assert.equal(last, 401, 'forgotten within SESSION_CACHE_SECONDS');
      } finally {
        await server.database.query('ALTER TABLE member_sessions ENABLE TRIGGER member_session_changed');
      }
    });

    test('a logout takes effect on the next request, for that session only', async () => {
      const token = await client.login(DEMO.luQingyi.phone);
      const other = await client.login(DEMO.luQingyi.phone);
      assert.equal(await status(server.url, token), 200);
      assert.equal(await status(server.url, other), 200);
      assert.equal((await client.post('/api/auth/logout', undefined, token)).status, 200);
      assert.equal(await status(server.url, token), 401);
      assert.equal(await status(server.url, other), 200);
    });
  });
}

if (targets().includes('postgres')) {
  describe('member session cache across two instances on one PostgreSQL database', () => {
    let a: TestServer;
    let b: RunningServer;
    let client: Client;
    before(async () => {
      a = await startTestServer('postgres', { seeded: true });
      b = await start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...a.db.env, SEED_DEMO: 'never' });
      client = new Client(a);
    });
    after(async () => {
      await b.stop();
      await a.close();
    });

    test('a logout on one instance ends the session the other one remembered', async () => {
      const token = await client.login(DEMO.luQingyi.phone);
      assert.equal(await status(b.url, token), 200);
      assert.equal(await status(b.url, token), 200);
      assert.equal((await client.post('/api/auth/logout', undefined, token)).status, 200);
      await b.sessionCache.settled();
      assert.equal(await status(b.url, token), 401);
    });

    test('when the listening connection is lost the instance reconnects, and hears changes again', async () => {
      const token = await client.login(DEMO.luQingyi.phone);
      assert.equal(await status(b.url, token), 200);
      const listeners = () =>
        a.database.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'hpf-listen-member_session_changed'`,
        );
      const before = (await listeners()).map((r) => r.pid);
      assert.equal(before.length, 2, 'one listening connection per instance');
      await a.database.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);
      const deadline = Date.now() + 5000;
      let now: number[] = [];
      while (Date.now() < deadline) {
        now = (await listeners()).map((r) => r.pid);
        if (now.length === 2 && now.every((p) => !before.includes(p))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(now.length, 2, 'both instances listen again');
      await b.sessionCache.settled();
      assert.equal(await status(b.url, token), 200);
      assert.equal(await status(b.url, token), 200);
      await revokeByHand(a, token);
      await b.sessionCache.settled();
      assert.equal(await status(b.url, token), 401);
    });
  });
}
