/**
 * 缴存明细 and 提取明细 apart (002 三/四): 上期余额 / 本期发生 / 本期余额 / 合计余额 per row and the range's totals, read
 * over HTTP with 000 (二)'s and 004 3.2's printed rows.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { coreTitle, cores, startTestServer, type TestServer } from './helpers/server.js';
import { auth, login } from './workflow-helpers.js';
import { interestYearStart } from '../src/account/statement.js';

test('the interest year starts on 07-01', () => {
  assert.deepEqual(['2018-09-08', '2018-07-01', '2018-06-30', '2017-01-13'].map(interestYearStart), ['2018-07-01', '2018-07-01', '2017-07-01', '2016-07-01']);
});

for (const target of targets())
  for (const core of cores(target)) {
    describe(`缴存明细 / 提取明细 on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      const tokens: Record<string, string> = {};
      const get = (who: string, path: string) => server.json(path, { headers: auth(tokens[who]!) });
      before(async () => {
        server = await startTestServer(target, { core });
        for (const who of ['luQingyi', 'zhangRuixia'] as const) tokens[who] = await login(server, who);
      });
      after(() => server.close());

      test('卢青怡’s deposits of the 2016/17 interest year (000 (二)): carried 24,014.49, the year’s part growing, the totals', async () => {
        const r = await get('luQingyi', '/api/me/ledger/deposits?from=2016-07-01&to=2017-06-30&pageSize=100');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.kind, 'deposits');
        assert.deepEqual(r.body.totals, { count: 13, amountFen: 1_566_000 + 46_704 });
        const july = r.body.items.find((e: any) => e.summary === '汇缴201607');
        assert.deepEqual([july.amountFen, july.previousBalanceFen, july.periodBalanceFen, july.balanceAfterFen], [111_000, 2_401_449, 111_000, 2_512_449]);
        const june = r.body.items.find((e: any) => e.summary === '汇缴201706');
        assert.deepEqual([june.previousBalanceFen, june.periodBalanceFen, june.balanceAfterFen], [2_401_449, 1_566_000, 3_967_449]);
        assert.ok(r.body.items.every((e: any) => e.amountFen > 0 && e.previousBalanceFen + e.periodBalanceFen === e.balanceAfterFen));
        assert.deepEqual(
          r.body.items.map((e: any) => e.postedOn),
          [...r.body.items.map((e: any) => e.postedOn)].sort().reverse(),
          'newest first',
        );
        const paged = await get('luQingyi', '/api/me/ledger/deposits?from=2016-07-01&to=2017-06-30&pageSize=5&page=3');
        assert.deepEqual([paged.body.items.length, paged.body.total], [3, 13]);
        const none = await get('luQingyi', '/api/me/ledger/withdrawals?from=2016-07-01&to=2017-06-30');
        assert.deepEqual([none.body.items, none.body.totals], [[], { count: 0, amountFen: 0 }]);
      });

      test('张瑞霞’s withdrawals of 2017-01-01 … 2017-03-15 (004 3.2) and the range refusals', async () => {
        const r = await get('zhangRuixia', '/api/me/ledger/withdrawals?from=2017-01-01&to=2017-03-15');
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.totals, { count: 6, amountFen: 85_11 });
        assert.deepEqual(
          r.body.items.map((e: any) => e.withdrawalReason),
          ['偿还购房贷款本息', '偿还购房贷款本息', '物业管理费', '偿还购房贷款本息', '偿还购房贷款本息', '偿还购房贷款本息'],
        );
        const last = r.body.items[0];
        assert.equal(last.previousBalanceFen + last.periodBalanceFen, last.balanceAfterFen);
        const bad = await get('zhangRuixia', '/api/me/ledger/withdrawals?from=2017-03-15&to=2017-01-01');
        assert.equal(bad.status, 400);
        assert.match(bad.body.message, /开始日期不能晚于结束日期/);
        const lastYear = await get('zhangRuixia', '/api/me/ledger/deposits');
        assert.equal(lastYear.status, 200);
        assert.ok(lastYear.body.from < lastYear.body.to && lastYear.body.items.length > 0, 'without a range: the last twelve months');
      });
    });
  }
