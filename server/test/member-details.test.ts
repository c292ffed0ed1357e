/**
 * Issue 18 points 5 and 6: the repayment detail as 003 4.2 (4) and 004 3.5 show it (还款年月, the 贷款发放 row, running
 * 已还本金 / 已还利息), the fields the manuals show that the API left out, and E1 业务进度 behind the menu (point 8),
 * read through HTTP as the mini-program does.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { coreTitle, cores, startTestServer, type TestServer } from './helpers/server.js';
import { apply, auth, bindCard, confirm, login, withLuhn } from './workflow-helpers.js';
import { officialAccountMenu } from '../src/wechat/menu.js';

for (const target of targets())
  for (const core of cores(target)) {
    describe(`issue 18: repayment detail and the manuals' fields on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      const tokens: Record<string, string> = {};
      const get = (who: string, path: string) => server.json(path, { headers: auth(tokens[who]!) });

      before(async () => {
        server = await startTestServer(target, { core });
        for (const who of ['zhangJian', 'luQingyi', 'duanDemei'] as const) tokens[who] = await login(server, who);
      });
      after(() => server.close());

      test('张健’s repayments from 2015-04-01 to 2015-06-30 open with 贷款发放 300,000.00 on 2015-04-24 (004 我的贷款, 3.5)', async () => {
        const r = await get('zhangJian', '/api/me/loans/201505000000/repayments?from=2015-04-01&to=2015-06-30');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.deepEqual([r.body.year, r.body.from, r.body.to], [null, '2015-04-01', '2015-06-30']);
        const rows = [...r.body.items].reverse();
        assert.deepEqual(
          rows.map((x: any) => [x.paidOn, x.yearMonth, x.kind, x.amountFen, x.loanAmountFen]),
          [
            ['2015-04-24', null, '贷款发放', 0, 300_000_00],
            ['2015-05-20', '201505', '正常还款', 3312_29, 0],
            // 004 prints 2015-06-23; the demo debits a weekend due day (Saturday 06-20) on the Monday.
            ['2015-06-22', '201506', '正常还款', 3312_29, 0],
          ],
        );
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

      test('E1: 业务进度 lists a submitted application with 000 (九)’s columns; the menu’s 业务进度 opens its page', async () => {
        await bindCard(server, tokens.luQingyi!, '卢青怡', withLuhn('622848040000001234'), 'ABC');
        const submitted = await apply(server, tokens.luQingyi!, 'subsistence', { subsistenceCertificateNo: 'DB-018', amountFen: 10_000 });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        const r = await get('luQingyi', '/api/me/progress');
        assert.equal(r.status, 200);
        const row = r.body.items.find((x: any) => x.serialNo === submitted.body.serialNo);
        assert.deepEqual([row.business, row.status, row.channelLabel], ['享受低保', '审核中', '小程序']);
        assert.match(row.date, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(row.info, '卢青怡申请提取，条件：享受低保提取金额：100元');
        const menu = officialAccountMenu({ mpAppId: 'wxmp', publicBaseUrl: 'https://hpf.example.cn' });
        const item = menu.flatMap((b: any) => b.sub_button ?? []).find((b: any) => b.name === '业务进度');
        assert.equal(item.pagepath, 'pages/mine/business/progress/index');
      });

      test('the manuals’ fields: 启缴年月 and 单位账号 (003 4.2 (2)), 贷款编号 (000 (三)), 贷款类型 and 是否对冲 (003 4.2 (3))', async () => {
        const account = (await get('luQingyi', '/api/me/account')).body;
        assert.equal(account.firstPaidMonth, account.openedOn.slice(0, 7).replace('-', ''));
        assert.equal(account.employerAccountNo, '150101329');
        const [lu] = (await get('luQingyi', '/api/me/loans')).body;
        assert.deepEqual(
          [lu.contractNo, lu.loanNo, lu.loanTypeLabel, lu.offsetSigned],
          ['2014年委农字17609号', '丽公积金贷字2014第0165号', '公积金贷款', false],
        );
        const [zhang] = (await get('zhangJian', '/api/me/loans')).body;
        assert.equal(zhang.loanNo, '201505000000', '004 我的贷款: 贷款编号 201505000000');
        // 是否对冲 follows the 按月抵扣 signing (D2), made at the core when the core is external.
        const contractNo = '2022年委信字05318号';
        const before = (await get('duanDemei', '/api/me/loans')).body.find((l: any) => l.contractNo === contractNo);
        assert.equal(before.offsetSigned, false);
        const token = await confirm(server, tokens.duanDemei!, { confirmation: { purpose: 'loan.monthly-offset', reference: before.loanAccountNo } });
        const signed = await server.json('/api/me/loan-business/offset/sign', {
          method: 'POST',
          headers: auth(tokens.duanDemei!),
          json: { contractNo, payers: ['borrower'], confirmationToken: token },
        });
        assert.equal(signed.status, 200, JSON.stringify(signed.body));
        assert.equal((await get('duanDemei', '/api/me/loans')).body.find((l: any) => l.contractNo === contractNo).offsetSigned, true);
      });

      test('a withdrawal page shows 账户余额, 冻结金额 and 上次提取日期 (002, 003 5.2.1.4); an application under way is frozen', async () => {
        const before = (await get('luQingyi', '/api/me/withdrawals/propertyFee')).body;
        assert.equal(before.account.balanceFen, (await get('luQingyi', '/api/me/account')).body.balanceFen);
        assert.equal(before.account.lastWithdrawalOn, (await get('luQingyi', '/api/me/account')).body.lastWithdrawalOn);
        const open = (await get('luQingyi', '/api/me/progress')).body.items.filter((x: any) =>
          ['submitted', 'in_review', 'returned', 'approved', 'awaiting_spouse'].includes(x.statusCode),
        );
        // The E1 test above left her 低保 application of 100.00 in review.
        assert.equal(open.length, 1);
        assert.equal(before.account.frozenFen, 10_000);
      });
    });
  }
