/**
 * Issue 17's member cache in front of an external core (core/external/cache.ts): 首页's overview (B1) is one core call
 * that the product remembers, and it never shows a figure older than the last event the product applied — the
 * borrower's, the co-borrower's who shares the loan, a deposit's. Nothing but an event (or CORE_CACHE_SECONDS)
 * makes it ask the core again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers/server.js';
import { fen } from '../src/shared/money.js';
import { auth, login, memberIdOf } from './workflow-helpers.js';

const CONTRACT = '2022年委信字05318号'; // 段德梅 borrows, 李国强 co-borrows

interface Overview {
  balanceFen: number;
  loans: { count: number; repayingCount: number; balanceFen: number; nextDue: { contractNo: string; dueOn: string; paymentFen: number } | null };
}

describe('the overview remembered in front of an external core', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite', { core: 'external', env: { CORE_CACHE_SECONDS: '600' } });
  });
  after(async () => server.close());

  const overview = async (token: string) => {
    const r = await server.json<Overview>('/api/me/overview', { headers: auth(token) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  /** Waits until the product applied the core's event (its transaction committed, the cache told). */
  const applied = async (eventId: string) => {
    const end = Date.now() + 20_000;
    while ((await server.database.query('SELECT 1 FROM core_events_applied WHERE event_id = $1', [eventId])).length === 0) {
      if (Date.now() > end) throw new Error(`event ${eventId} not applied in 20 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  test('an instalment deducted at the core shows in the next overview of the borrower and of the co-borrower, and not before its event', async () => {
    const duan = await login(server, 'duanDemei');
    const li = await login(server, 'liGuoqiang');
    const duanId = await memberIdOf(server, '段德梅');
    const [duanBefore, liBefore] = [await overview(duan), await overview(li)];
    assert.equal(liBefore.loans.balanceFen, duanBefore.loans.balanceFen, 'the same loan');

    // The core deducts the next instalment: its loan's balance falls by the period's principal.
    const [loan] = await server.coreDatabase.query<{ id: number; periods_paid: number; balance_fen: number }>(
      'SELECT id, periods_paid, balance_fen FROM loan_contracts WHERE contract_no = $1',
      [CONTRACT],
    );
    const [period] = await server.coreDatabase.query<{ principal_fen: number; interest_fen: number; payment_fen: number }>(
      'SELECT principal_fen, interest_fen, payment_fen FROM loan_plan_periods WHERE loan_id = $1 AND period = $2',
      [loan!.id, loan!.periods_paid + 1],
    );
    await server.coreDatabase.query(
      `INSERT INTO loan_repayments (loan_id, period, paid_on, kind, principal_fen, interest_fen, balance_after_fen, reference)
       VALUES ($1, $2, $3, 'regular', $4, $5, 0, 'T-CACHE-DEDUCT')`,
      [loan!.id, loan!.periods_paid + 1, server.clock.today(), period!.principal_fen, period!.interest_fen],
    );
    const balanceAfter = Number(loan!.balance_fen) - Number(period!.principal_fen);

    // Remembered: until the core tells, both see the loan as it was (the core was not asked again).
    assert.deepEqual(await overview(duan), duanBefore);
    assert.deepEqual(await overview(li), liBefore);

    const event = await server.coreEmulator!.control.addEvent({
      type: 'instalment_deducted',
      memberId: duanId,
      channel: 'counter',
      data: { contractNo: CONTRACT, period: loan!.periods_paid + 1, amountFen: fen(Number(period!.payment_fen)), balanceAfterFen: fen(balanceAfter) },
    });
    await applied(event.eventId);
    const moved = duanBefore.loans.balanceFen - Number(period!.principal_fen);
    assert.equal((await overview(duan)).loans.balanceFen, moved, 'the borrower’s next overview');
    assert.equal((await overview(li)).loans.balanceFen, moved, 'the co-borrower’s, though the event named the borrower');
  });

  test('a deposit at the core shows in the next overview once its event is applied', async () => {
    const duan = await login(server, 'duanDemei');
    const duanId = await memberIdOf(server, '段德梅');
    const before = await overview(duan);
    assert.deepEqual(await overview(duan), before, 'remembered');
    const event = await server.coreEmulator!.control.deposit(duanId, { month: '202612', amountFen: 123_456 });
    await applied(event.eventId);
    const now = await overview(duan);
    assert.equal(now.balanceFen, before.balanceFen + 123_456);
    assert.deepEqual(now.loans, before.loans);
  });
});
