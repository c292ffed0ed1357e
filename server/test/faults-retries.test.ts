/**
 * Fault test (issue 14 points 3–5), PostgreSQL: requests repeated while their first is still running or after its
 * answer was lost. The same Idempotency-Key sent 100 times at once gets the first's answer every time; a D1 partial
 * prepayment decided while the loan is being settled gets a clear 409, not a 500; a reviewer's retried decision
 * answers as the first did. Run with `npm run test:faults`.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { apply, auth, bindCard, confirm, countOf, decide, login, postingsOf, staffLogin, upload } from './workflow-helpers.js';

const skip = !process.env.TEST_DATABASE_URL && 'PostgreSQL only (TEST_DATABASE_URL; npm run test:faults sets it)';

describe('retries and races (postgres)', { skip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('postgres', { env: { DB_POOL_SIZE: '30' } });
  });
  after(async () => server?.close());
  let inReview = ''; // the subsistence application of the first test, at 初审

  test('the same Idempotency-Key 100 times at once: every request gets the first answer, for the draft and for the submit', async () => {
    const token = await login(server, 'gaoZhenhua');
    await bindCard(server, token, '高振华', '6212262505001234566', 'YNRCC');
    const creates = await Promise.all(
      Array.from({ length: 100 }, () =>
        server.json('/api/me/applications', {
          method: 'POST',
          headers: { ...auth(token), 'idempotency-key': 'one-tap-create-0001' },
          json: { kind: 'subsistence', form: { subsistenceCertificateNo: 'DB-100', amountFen: 10_000 } },
        }),
      ),
    );
    assert.deepEqual([...new Set(creates.map((r) => r.status))], [200], JSON.stringify(creates.find((r) => r.status !== 200)?.body));
    const first = creates[0]!.body;
    for (const r of creates) assert.deepEqual(r.body, first);
    assert.equal(
      await countOf(
        server,
        `SELECT count(*)::int AS n FROM applications a JOIN members m ON m.id = a.member_id WHERE m.name = '高振华' AND a.kind = 'subsistence'`,
      ),
      1,
    );

    for (const c of ['subsistenceCertificate', 'idFront', 'idBack']) await upload(server, token, first.serialNo, c);
    const confirmationToken = await confirm(server, token, first);
    const submits = await Promise.all(
      Array.from({ length: 100 }, () =>
        server.json(`/api/me/applications/${first.serialNo}/submit`, {
          method: 'POST',
          headers: { ...auth(token), 'idempotency-key': 'one-tap-submit-0001' },
          json: { confirmationToken },
        }),
      ),
    );
    assert.deepEqual([...new Set(submits.map((r) => r.status))], [200], JSON.stringify(submits.find((r) => r.status !== 200)?.body));
    for (const r of submits) assert.deepEqual(r.body, submits[0]!.body);
    assert.equal(submits[0]!.body.status, 'in_review');
    inReview = first.serialNo;
    assert.equal(
      await countOf(
        server,
        `SELECT count(*)::int AS n FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.serial_no = $1 AND e.action = 'submit'`,
        [first.serialNo],
      ),
      1,
    );
  });

  test('a reviewer who retries a decision that committed gets the first answer; another decision or reviewer is still refused', async () => {
    assert.ok(inReview, 'the first test left an application at 初审');
    const [first, final, other] = await Promise.all(['chushen', 'zhongshen', 'fushen'].map((u) => staffLogin(server, u)));
    // As the console sends it: claimed first (issue 20; a retry's claim is refused at the next node and changes nothing),
    // then the decision with the node the reviewer decided on.
    const decideAt = async (token: string, node: string) => {
      await server.json(`/api/staff/applications/${inReview}/claim`, { method: 'POST', headers: auth(token) });
      return server.json(`/api/staff/applications/${inReview}/approve`, { method: 'POST', headers: auth(token), json: { node } });
    };
    const approved = await decideAt(first!, 'first');
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'in_review', 'on to 终审');
    const retried = await decideAt(first!, 'first');
    assert.deepEqual({ status: retried.status, body: retried.body }, { status: 200, body: approved.body });
    const otherDecision = await decide(server, first!, inReview, 'reject', '材料不全');
    assert.equal(otherDecision.status, 403, 'a different decision is not a retry');

    const paid = await decideAt(final!, 'final');
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.status, 'paid');
    const paidAgain = await decideAt(final!, 'final');
    assert.deepEqual({ status: paidAgain.status, body: paidAgain.body }, { status: 200, body: paid.body });
    const notTheirs = await decide(server, other!, inReview, 'approve');
    assert.equal(notTheirs.status, 409, 'someone who did not decide it is told it is no longer in review');
    assert.equal((await postingsOf(server, inReview)).length, 1, 'paid once');
  });

  test('D1 and D3 of one loan approved at the same moment: one is paid, the other a 409 in Chinese, never a 500', async () => {
    const duan = await login(server, 'duanDemei');
    const d1 = await apply(server, duan, 'partialPrepayment', { prepayFen: 3_000_000, mode: 'keep-term' });
    const d3 = await apply(server, duan, 'earlySettlement', { fundFen: 2_000_000 });
    assert.deepEqual([d1.status, d3.status], [200, 200], JSON.stringify([d1.body, d3.body]));
    const staff = await staffLogin(server, 'chushen');
    const [a, b] = await Promise.all([decide(server, staff, d1.body.serialNo, 'approve'), decide(server, staff, d3.body.serialNo, 'approve')]);
    const answers = [a, b].map((r) => ({ status: r.status, code: r.body.code, status2: r.body.status }));
    assert.equal(answers.filter((x) => x.status === 200).length, 1, JSON.stringify(answers));
    const refused = [a, b].find((r) => r.status !== 200)!;
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.match(refused.body.code, /^(LOAN_SETTLED|LOAN_CHANGED|NOT_BORROWER)$/);
    assert.match(refused.body.message, /[\u4e00-\u9fa5]/);
    // Decided again after the other was paid: still a clear 409 (D1 on a settled loan), or the prepayment goes through.
    const again = await decide(server, staff, (a.status === 200 ? d3 : d1).body.serialNo, 'approve');
    if (a.status !== 200) {
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.match(again.body.code, /^(LOAN_SETTLED|NOT_BORROWER)$/);
    } else {
      assert.ok([200, 409].includes(again.status), JSON.stringify(again.body));
    }
  });
});
