/**
 * J2 loan jobs: the repayment reminder goes out once per loan and period (a message and a template message), and
 * with two server instances on one PostgreSQL database a job never runs twice; an every-second job slower than its
 * second skips the ticks that come while it runs, quietly.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { waitFor } from './helpers/wechat.js';
import { start, type RunningServer } from '../src/main.js';
import { scheduleJob } from '../src/db/exclusive-jobs.js';
import { auth, countOf, login } from './workflow-helpers.js';

const DAY = '2026-12-17'; // 3 days before the 20th, 段德梅's repayment day

for (const target of targets()) {
  describe(`loan jobs on ${target}`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(target);
    });
    after(() => server.close());

    test('an every-second job slower than a second runs one tick at a time, and the skipped ticks print nothing', async () => {
      const printed: unknown[] = [];
      const original = { warn: console.warn, log: console.log, error: console.error };
      console.warn = console.log = console.error = (...args: unknown[]) => void printed.push(args);
      let running = 0;
      let most = 0;
      let runs = 0;
      const job = scheduleJob(server.database, server.logger, 'slow-test-job', '* * * * * *', async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 2_500));
        running--;
        runs++;
      });
      try {
        await new Promise((r) => setTimeout(r, 6_000));
      } finally {
        await job.stop();
        Object.assign(console, original);
      }
      assert.equal(most, 1, 'never two ticks at once');
      assert.ok(runs >= 1 && runs <= 3, `runs: ${runs}`);
      assert.deepEqual(printed, [], 'nothing on the console (the server logs through pino)');
    });

    test('a repayment reminder 3 days before the repayment day, once per period', async () => {
      const first = await server.loanJobs.runOnce.repaymentReminders(DAY);
      assert.equal(first.skipped, false);
      assert.ok(!first.skipped && first.result > 0);
      const again = await server.loanJobs.runOnce.repaymentReminders(DAY);
      assert.deepEqual(again, { skipped: false, result: 0 });
      const duan = await login(server, 'duanDemei');
      const notes = await server.json('/api/me/notifications', { headers: auth(duan) });
      const text = JSON.stringify(notes.body);
      assert.ok(text.includes('2022年委信字05318号') && text.includes('2026-12-20'), text.slice(0, 300));
      await waitFor(
        () =>
          server.emulators
            .wechat!.control.sentMessages({ kind: 'template', touser: 'oDEMO_duandemei' })
            .some((m) => m.data['character_string1']?.value === '2022年委信字05318号'),
        10_000,
        'the reminder template message',
      );
      // The co-borrower is reminded too, once.
      const li = await login(server, 'liGuoqiang');
      const liNotes = JSON.stringify((await server.json('/api/me/notifications', { headers: auth(li) })).body);
      assert.equal(liNotes.split('第48期').length - 1, 1);
    });
  });
}

if (targets().includes('postgres')) {
  describe('two server instances on one PostgreSQL database', () => {
    let a: TestServer;
    let b: RunningServer;
    before(async () => {
      a = await startTestServer('postgres');
      b = await start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...a.db.env, SEED_DEMO: 'never' });
    });
    after(async () => {
      await b.stop();
      await a.close();
    });

    test('the jobs never run twice', async () => {
      const runs = await Promise.all([
        ...Array.from({ length: 4 }, () => a.loanJobs.runOnce.repaymentReminders(DAY)),
        ...Array.from({ length: 4 }, () => b.loanJobs.runOnce.repaymentReminders(DAY)),
      ]);
      const done = runs.filter((r) => !r.skipped);
      assert.ok(done.length >= 1);
      const written = done.reduce((s, r) => s + (r.skipped ? 0 : r.result), 0);
      const due = await countOf(a, 'SELECT count(*)::int AS n FROM loan_repayment_reminders');
      assert.equal(written, due, 'every reminder written by exactly one run');
      const notes = await countOf(a, "SELECT count(*)::int AS n FROM notifications WHERE business = '还款提醒'");
      const people = await countOf(
        a,
        `SELECT (count(*) + count(l.co_borrower_member_id))::int AS n FROM loan_repayment_reminders r JOIN loan_contracts l ON l.id = r.loan_id`,
      );
      assert.equal(notes, people, 'one message a person and period');
      // While one instance holds a job, the other skips it.
      const [x, y] = await Promise.all([a.loanJobs.runOnce.spouseExpiry(), b.loanJobs.runOnce.spouseExpiry()]);
      assert.ok([x, y].filter((r) => !r.skipped).length >= 1);
    });
  });
}
