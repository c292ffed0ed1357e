/** I4: a broadcast interrupted half-way (the server stopped, a chunk failed) carries on where it stopped, notifying nobody twice. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../src/main.js';
import { freshDatabase, targets } from './helpers/database.js';
import { waitFor } from './helpers/wechat.js';
import { Writable } from 'node:stream';
import { DEMO_STAFF_PASSWORD } from '../src/review/demo.js';

const quiet = () => new Writable({ write: (_c, _e, cb) => cb() });

for (const target of targets()) {
  describe(`broadcast fan-out (${target})`, () => {
    test('a fan-out that failed in the middle resumes after a restart, each member notified once', async () => {
      const fresh = await freshDatabase(target, { seeded: true });
      const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'fatal', BROADCAST_CHUNK_SIZE: '3', ...fresh.env };
      try {
        let running = await start(env, { log: quiet() });
        const db = running.database;
        const [cut] = await db.query<{ id: number }>(`SELECT id FROM members WHERE status <> 'closed' ORDER BY id OFFSET 10 LIMIT 1`);
        // The 11th member's chunk fails as a crash would leave it: rolled back, the cursor before it.
        await db.query(`CREATE FUNCTION fail_broadcast() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.broadcast_id IS NOT NULL AND NEW.member_id = ${Number(cut!.id)} THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$`);
        await db.query('CREATE TRIGGER fail_broadcast BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION fail_broadcast()');
        const login = await fetch(`${running.url}/api/staff/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'bianji', password: DEMO_STAFF_PASSWORD }),
        });
        const { token } = (await login.json()) as { token: string };
        const res = await fetch(`${running.url}/api/staff/broadcasts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ title: '缴存基数调整', content: '2027年度缴存基数调整已开始。', audience: { kind: 'all' } }),
        });
        const created = (await res.json()) as { id: number; total: number };
        assert.equal(res.status, 201);
        const progress = async () =>
          (
            await db.query<{ cursor: number; notified: number; status: string; fanned_out_at: Date | null }>(
              'SELECT cursor, notified, status, fanned_out_at FROM broadcasts WHERE id = $1',
              [created.id],
            )
          )[0]!;
        await waitFor(async () => (await progress()).notified === 9, 10_000, 'three chunks done');
        await new Promise((r) => setTimeout(r, 200));
        const stuck = await progress();
        assert.deepEqual([stuck.notified, stuck.status, stuck.fanned_out_at], [9, 'sending', null], 'stopped before the failing chunk');
        await db.query('DROP TRIGGER fail_broadcast ON notifications');
        await running.stop();

        running = await start(env, { log: quiet() }); // start() runs the job: the fan-out carries on from the cursor
        await waitFor(
          async () => {
            const [b] = await running.database.query<{ fanned_out_at: Date | null }>('SELECT fanned_out_at FROM broadcasts WHERE id = $1', [created.id]);
            return b!.fanned_out_at !== null;
          },
          15_000,
          'fan-out finished',
        );
        const [counts] = await running.database.query<{ rows: number; members: number }>(
          'SELECT count(*)::int AS rows, count(DISTINCT member_id)::int AS members FROM notifications WHERE broadcast_id = $1',
          [created.id],
        );
        assert.deepEqual([counts!.rows, counts!.members], [created.total, created.total]);
        await running.stop();
      } finally {
        await fresh.cleanup();
      }
    });
  });
}
