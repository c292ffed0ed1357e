/**
 * Concurrency on PostgreSQL (TEST_DATABASE_URL): many connections at once, as several server instances would see it.
 * 100 parallel creates and submits of one kind make one application; 20 parallel approvals drawing on one balance
 * never take it below zero and the ledger adds up.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import { createBusiness, type Business } from '../src/business.js';
import { testCipher } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, bindCard, confirm, decide, jpeg, login, memberIdOf, staffLogin, upload, countOf } from './workflow-helpers.js';

const skip = !process.env.TEST_DATABASE_URL && 'PostgreSQL only (TEST_DATABASE_URL)';

describe('concurrency on postgres', { skip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('postgres', { env: { DB_POOL_SIZE: '40' } });
  });
  after(async () => server?.close());

  test('100 parallel creates and then 100 parallel submits of one kind: one application, submitted once', async () => {
    const token = await login(server, 'gaoZhenhua');
    await bindCard(server, token, '高振华', '6212262505001234566', 'YNRCC');
    // Half repeat one Idempotency-Key (a double tap and its retries), half come with keys of their own (other devices).
    const creates = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        server.json('/api/me/applications', {
          method: 'POST',
          headers: { ...auth(token), 'idempotency-key': i % 2 ? 'same-device-key-1' : `other-device-${i}-key` },
          json: { kind: 'subsistence', form: { subsistenceCertificateNo: 'DB-100', amountFen: 10_000 } },
        }),
      ),
    );
    const ok = creates.filter((r) => r.status === 200);
    assert.ok(ok.length >= 1);
    assert.equal(new Set(ok.map((r) => r.body.serialNo)).size, 1, 'every success names the same application');
    assert.ok(
      creates.every((r) => r.status === 200 || r.body.code === 'APPLICATION_ALREADY_OPEN'),
      JSON.stringify(creates.find((r) => r.status !== 200 && r.body.code !== 'APPLICATION_ALREADY_OPEN')?.body),
    );
    const rows = await countOf(
      server,
      `SELECT count(*)::int AS n FROM applications a JOIN members m ON m.id = a.member_id WHERE m.name = '高振华' AND a.kind = 'subsistence'`,
    );
    assert.equal(rows, 1);

    const app = ok[0]!.body;
    for (const c of ['subsistenceCertificate', 'idFront', 'idBack']) await upload(server, token, app.serialNo, c);
    const confirmationToken = await confirm(server, token, app);
    const submits = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        server.json(`/api/me/applications/${app.serialNo}/submit`, {
          method: 'POST',
          headers: { ...auth(token), 'idempotency-key': i % 2 ? 'submit-same-key' : `submit-other-${i}` },
          json: { confirmationToken },
        }),
      ),
    );
    const accepted = submits.filter((r) => r.status === 200);
    assert.ok(accepted.length >= 1 && accepted.every((r) => r.body.serialNo === app.serialNo && r.body.status === 'in_review'));
    assert.ok(
      submits.every((r) => r.status === 200 || ['ALREADY_SUBMITTED', 'CONFIRMATION_INVALID'].includes(r.body.code)),
      JSON.stringify(submits.map((r) => r.body.code)),
    );
    const events = await countOf(
      server,
      `SELECT count(*)::int AS n FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.serial_no = $1 AND e.action = 'submit'`,
      [app.serialNo],
    );
    assert.equal(events, 1, 'one submit on record');
    const notices = await countOf(
      server,
      `SELECT count(*)::int AS n FROM notifications n JOIN applications a ON a.id = n.application_id WHERE a.serial_no = $1`,
      [app.serialNo],
    );
    assert.equal(notices, 1, 'one notification for it');
  });

  test('20 parallel approvals drawing on one balance: never below zero, each paid application posted once, the ledger adds up', async () => {
    const token = await login(server, 'duanDemei');
    const memberId = await memberIdOf(server, '段德梅');
    await bindCard(server, token, '段德梅', '6223691095740548', 'YNRCC');
    await server.database.query(
      `INSERT INTO counter_registrations (member_id, kind, registered_on, contract_no, balance_fen) VALUES
      ($1, 'rent', '2025-01-01', 'ZL-1', NULL), ($1, 'purchase', '2025-01-01', 'GF-1', NULL), ($1, 'build', '2025-01-01', 'JF-1', NULL),
      ($1, 'commercial_loan', '2025-01-01', 'SD-1', 5000000)`,
      [memberId],
    );
    // Submitted through a workflow that sends everything to a person (the center switched the automatic 初审 off).
    const business: Business = createBusiness({
      config: { DATA_DIR: server.config.DATA_DIR },
      database: server.database,
      core: new BuiltinCore(server.database, testCipher()),
      cipher: testCipher(),
      wechat: server.wechat,
      autoApprove: false,
      clock: server.clock,
    });
    const plan: [kind: string, form: Record<string, unknown>][] = [
      ['propertyFee', {}],
      [
        'rent',
        { rentType: '普通住房', leaseContractNo: 'ZL-1', rentTotalFen: 3_000_000, leaseStart: '2025-01-01', leaseEnd: '2027-12-31', amountFen: 1_000_000 },
      ],
      ['purchase', { purchaseContractNo: 'GF-1', amountFen: 800_000 }],
      ['build', { buildContractNo: 'JF-1', amountFen: 700_000 }],
      ['commercialLoanRepay', { amountFen: 600_000 }],
      ['fundLoanRepay', {}],
      ['subsistence', { subsistenceCertificateNo: 'DB-1', amountFen: 500_000 }],
      ['unemployment', { unemploymentCertificateNo: 'SY-1', amountFen: 400_000 }],
      ['downPayment', { purchaseContractNo: 'GF-2', downPaymentFen: 9_000_000, amountFen: 300_000 }],
    ];
    const apps: { serialNo: string; amountFen: number; nodes: number }[] = [];
    for (const [kind, form] of plan) {
      const draft = await business.workflow.create(memberId, { kind, channel: 'app', form }, null);
      for (const c of draft.photoCategories.filter((x) => x.required)) await business.workflow.addPhoto(memberId, draft.serialNo, c.key, jpeg());
      const submitted = await business.workflow.submit(memberId, draft.serialNo, await confirm(server, token, draft), null);
      assert.equal(submitted.status, 'in_review', kind);
      apps.push({ serialNo: submitted.serialNo, amountFen: submitted.amountFen!, nodes: business.kinds.get(kind)!.nodes.length });
    }
    const initial = 3_092_143;
    assert.ok(apps.reduce((s, a) => s + a.amountFen, 0) > initial, 'together they ask for more than the balance');
    // Earlier nodes first, so that every application waits at its last node.
    const [first, second, final] = await Promise.all(['chushen', 'fushen', 'zhongshen'].map((u) => staffLogin(server, u)));
    for (const a of apps.filter((x) => x.nodes > 1)) {
      assert.equal((await decide(server, first!, a.serialNo, 'approve')).status, 200);
      if (a.nodes === 3) assert.equal((await decide(server, second!, a.serialNo, 'approve')).status, 200);
    }
    const approverOf = (a: (typeof apps)[number]) => (a.nodes > 1 ? final! : first!);
    // 20 approvals at once: each application once, and 11 of them a second time (a double click).
    const calls = [...apps, ...apps.slice(0, 9), ...apps.slice(0, 2)].map((a) => decide(server, approverOf(a), a.serialNo, 'approve').then((r) => ({ a, r })));
    assert.equal(calls.length, 20);
    const results = await Promise.all(calls);
    for (const { r } of results) {
      assert.ok(r.status === 200 || ['INSUFFICIENT_BALANCE', 'NOT_IN_REVIEW', 'STATE_CHANGED'].includes(r.body.code), JSON.stringify(r.body));
    }
    assert.ok(
      results.some(({ r }) => r.body.code === 'INSUFFICIENT_BALANCE'),
      'some did not fit and were refused',
    );

    const states = await server.database.query<{ serial_no: string; status: string; amount_fen: number }>(
      `SELECT serial_no, status, amount_fen::int FROM applications WHERE serial_no = ANY($1)`,
      [apps.map((a) => a.serialNo)],
    );
    const paid = states.filter((s) => s.status === 'paid');
    assert.ok(paid.length >= 1);
    assert.ok(
      states.every((s) => s.status === 'paid' || s.status === 'in_review'),
      'a refused approval leaves the application in review',
    );
    const postings = await server.database.query<{ reference: string; amount_fen: number }>(
      `SELECT reference, amount_fen::int FROM ledger_entries WHERE reference = ANY($1)`,
      [apps.map((a) => a.serialNo)],
    );
    assert.equal(postings.length, paid.length, 'one posting per paid application, none for the others');
    for (const p of paid) assert.equal(postings.find((x) => x.reference === p.serial_no)!.amount_fen, -p.amount_fen);
    const [account] = await server.database.query<{ balance_fen: number; sum: number }>(
      `SELECT f.balance_fen::int, (SELECT sum(amount_fen)::int FROM ledger_entries e WHERE e.account_id = f.id) AS sum FROM fund_accounts f WHERE f.member_id = $1`,
      [memberId],
    );
    assert.ok(account!.balance_fen >= 0);
    assert.equal(account!.balance_fen, initial - paid.reduce((s, p) => s + p.amount_fen, 0));
    assert.equal(account!.sum, account!.balance_fen, 'the balance is the sum of the ledger');
    const running = await server.database.query<{ amount_fen: number; balance_after_fen: number }>(
      `SELECT amount_fen::int, balance_after_fen::int FROM ledger_entries e JOIN fund_accounts f ON f.id = e.account_id WHERE f.member_id = $1 ORDER BY e.id`,
      [memberId],
    );
    let sum = 0;
    for (const row of running) {
      sum += row.amount_fen;
      assert.equal(row.balance_after_fen, sum);
    }
  });
});
