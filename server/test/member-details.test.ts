/**
 * Issue 18 points 5 and 6: the repayment detail as 003 4.2 (4) and 004 3.5 show it (还款年月, the 贷款发放 row, running
 * 已还本金 / 已还利息), and the fields the manuals show that the API left out, read through HTTP as the mini-program does.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, login } from './workflow-helpers.js';

for (const target of targets()) {
  describe(`issue 18: repayment detail and the manuals' fields on ${target}`, () => {
    let server: TestServer;
    const tokens: Record<string, string> = {};
    const get = (who: string, path: string) => server.json(path, { headers: auth(tokens[who]!) });

    before(async () => {
      server = await startTestServer(target);
      for (const who of ['zhangJian', 'luQingyi'] as const) tokens[who] = await login(server, who);
    });
    after(() => server.close());

    test('张健’s repayments from 2015-04-01 to 2015-06-30 open with 贷款发放 300,000.00 on 2015-04-24 (004 我的贷款, 3.5)', async () => {
      const r = await get('zhangJian', '/api/me/loans/201505000000/repayments?from=2015-04-01&to=2015-06-30');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.year, r.body.from, r.body.to], [null, '2015-04-01', '2015-06-30']);
      const rows = [...r.body.items].reverse();
      assert.deepEqual(rows.map((x: any) => [x.paidOn, x.yearMonth, x.kind, x.amountFen, x.loanAmountFen]), [
        ['2015-04-24', null, '贷款发放', 0, 300_000_00],
        ['2015-05-20', '201505', '正常还款', 3312_29, 0],
        // 004 prints 2015-06-23; the demo debits a weekend due day (Saturday 06-20) on the Monday.
        ['2015-06-22', '201506', '正常还款', 3312_29, 0],
      ]);
      assert.deepEqual([rows[0].repaidPrincipalFen, rows[0].repaidInterestFen, rows[0].balanceAfterFen], [0, 0, 300_000_00]);
      // 已还本金 / 已还利息 run from the issue: each row adds its own principal and interest (004 3.5).
      assert.equal(rows[1].repaidPrincipalFen, rows[1].principalFen);
      assert.equal(rows[2].repaidPrincipalFen, rows[1].principalFen + rows[2].principalFen);
      assert.equal(rows[2].repaidInterestFen, rows[1].interestFen + rows[2].interestFen);
      assert.equal(rows[2].balanceAfterFen, 300_000_00 - rows[2].repaidPrincipalFen);
    });

    test('a range after the issue carries the totals of the years before it; the last row of a settled loan has repaid it all', async () => {
      const all = (await get('zhangJian', '/api/me/loans/201505000000/repayments?from=2015-01-01&to=2030-12-31')).body.items;
      const later = (await get('zhangJian', '/api/me/loans/201505000000/repayments?year=2016')).body.items;
      assert.ok(later.length > 0 && !later.some((x: any) => x.kind === '贷款发放'));
      const same = all.find((x: any) => x.paidOn === later[0].paidOn && x.period === later[0].period);
      assert.deepEqual([later[0].repaidPrincipalFen, later[0].repaidInterestFen], [same.repaidPrincipalFen, same.repaidInterestFen]);
      assert.equal(all[0].repaidPrincipalFen, 300_000_00);
      assert.equal(all[0].balanceAfterFen, 0);
      const interest = all.reduce((s: number, x: any) => s + x.interestFen, 0);
      assert.equal(all[0].repaidInterestFen, interest);
    });
  });
}
