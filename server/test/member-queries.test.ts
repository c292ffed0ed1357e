import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { coreTitle, cores, startTestServer, type TestServer } from './helpers/server.js';
import { SEED_AS_OF, targets } from './helpers/database.js';
import { DEMO, DEMO_LOGIN_PASSWORD } from './helpers/identity.js';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import { testCipher } from './helpers/database.js';

for (const target of targets())
  for (const coreKind of cores(target)) {
    describe(`我的: account and loan queries on ${target}${coreTitle(coreKind)}`, () => {
      let server: TestServer;
      let core: BuiltinCore;
      const tokens: Record<string, string> = {};
      const get = (who: string, path: string) => server.json(path, { headers: { authorization: `Bearer ${tokens[who]}` } });

      before(async () => {
        server = await startTestServer(target, { seeded: true, core: coreKind });
        core = new BuiltinCore(server.database, testCipher());
        for (const [who, p] of Object.entries({ lu: DEMO.luQingyi, duan: DEMO.duanDemei, li: DEMO.liGuoqiang, zhangJian: DEMO.zhangJian })) {
          const r = await server.json('/api/auth/login', { method: 'POST', json: { account: p.idNumber, password: DEMO_LOGIN_PASSWORD } });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          tokens[who] = r.body.token;
        }
        const zr = await server.json('/api/auth/login', { method: 'POST', json: { account: '15808881234', password: DEMO_LOGIN_PASSWORD } });
        assert.equal(zr.status, 200, '张瑞霞 logs in with her phone');
        tokens.zhang = zr.body.token;
      });
      after(() => server.close());

      test('B2: the fund account shows 000 (二)’s fields, the bank account masked', async () => {
        const r = await get('lu', '/api/me/account');
        assert.equal(r.status, 200);
        const m = await core.findMemberByIdNumber(DEMO.luQingyi.idNumber);
        const a = await core.getFundAccount(m!.id);
        assert.equal(r.body.balanceFen, a!.balanceFen);
        assert.deepEqual(
          [
            r.body.accountNo,
            r.body.depositBaseFen,
            r.body.unitRatioPercent,
            r.body.unitMonthlyFen,
            r.body.personalMonthlyFen,
            r.body.monthlyTotalFen,
            r.body.statusLabel,
            r.body.bankName,
          ],
          ['5307240013928', 586600, 12, 70400, 70400, 140800, '正常', '中国农业银行'],
        );
        assert.equal(r.body.bankAccountNoMasked, '************0012');
        assert.doesNotMatch(JSON.stringify(r.body), /1400770000000012/);
      });

      test('B1: the overview sums the repaying loans and names the next instalment', async () => {
        const r = await get('duan', '/api/me/overview');
        assert.equal(r.status, 200);
        assert.equal(r.body.name, '段德梅');
        assert.equal(r.body.balanceFen, 3092143);
        assert.match(r.body.idNumberMasked, /^530702\*{8}\d{3}[\dX]$/);
        assert.equal(r.body.loans.repayingCount, 1);
        assert.equal(r.body.loans.balanceFen, 18716754);
        assert.equal(r.body.loans.nextDue.contractNo, '2022年委信字05318号');
      });

      test('B3: the 2017 statement by year, newest first, with running balances and the year arrows', async () => {
        const r = await get('lu', '/api/me/ledger?year=2017&pageSize=50');
        assert.equal(r.status, 200);
        assert.equal(r.body.year, 2017);
        assert.equal(r.body.previousYear, 2016);
        assert.equal(r.body.nextYear, 2018);
        const jan = r.body.items.find((e: any) => e.postedOn === '2017-06-30');
        assert.deepEqual([jan.summary, jan.amountFen, jan.balanceAfterFen], ['公积金结息', 46704, 4014153]);
        for (let i = 0; i + 1 < r.body.items.length; i++) {
          const cur = r.body.items[i];
          assert.equal(cur.balanceAfterFen - cur.amountFen, r.body.items[i + 1].balanceAfterFen, `row ${cur.postedOn}`);
        }
        const first = await get('lu', '/api/me/ledger?year=2016');
        assert.equal(first.body.previousYear, null, '2016 is the first year with postings');
        const byRange = await get('lu', '/api/me/ledger?from=2016-07-01&to=2016-12-31&pageSize=3&page=2');
        // 201612's deposit was booked on 2017-01-13 (000 (二)), so 2016's second half holds six rows.
        assert.equal(byRange.body.total, 6);
        assert.deepEqual(
          byRange.body.items.map((e: any) => e.postedOn),
          ['2016-08-25', '2016-07-07', '2016-07-01'],
        );
        assert.equal(byRange.body.totals.depositsFen, 111000 + 111000 + 114000 + 131600 + 131600);
      });

      test('B3: without a year the latest year with postings; past the last page the count and sums still come; open-ended ranges', async () => {
        const rows = await server.database.query<{ posted_on: string; amount_fen: number }>(
          `SELECT e.posted_on::text AS posted_on, e.amount_fen FROM ledger_entries e JOIN fund_accounts a ON a.id = e.account_id
         JOIN members m ON m.id = a.member_id WHERE m.name = $1 ORDER BY e.posted_on, e.id`,
          [DEMO.luQingyi.name],
        );
        const lastYear = Number(rows[rows.length - 1]!.posted_on.slice(0, 4));
        const latest = await get('lu', '/api/me/ledger?pageSize=100');
        assert.equal(latest.status, 200);
        assert.equal(latest.body.year, lastYear);
        assert.equal(latest.body.nextYear, null, 'no arrow past the last year');
        assert.equal(latest.body.total, rows.filter((r) => r.posted_on.startsWith(String(lastYear))).length);

        const in2017 = rows.filter((r) => r.posted_on.startsWith('2017'));
        const beyond = await get('lu', '/api/me/ledger?year=2017&pageSize=10&page=99');
        assert.equal(beyond.status, 200);
        assert.deepEqual(beyond.body.items, []);
        assert.equal(beyond.body.total, in2017.length, 'the count is there on an empty page');
        assert.equal(
          beyond.body.totals.depositsFen,
          in2017.filter((r) => r.amount_fen > 0).reduce((s, r) => s + r.amount_fen, 0),
        );
        assert.equal(
          beyond.body.totals.withdrawalsFen,
          in2017.filter((r) => r.amount_fen < 0).reduce((s, r) => s - r.amount_fen, 0),
        );

        const since = await get('lu', `/api/me/ledger?from=${lastYear}-01-01&pageSize=1`);
        assert.equal(since.body.total, latest.body.total, 'a range open at its end reaches the last posting');
        assert.equal(since.body.items[0].postedOn, rows[rows.length - 1]!.posted_on, 'newest first');
        const until = await get('lu', '/api/me/ledger?to=2016-12-31&pageSize=1');
        assert.equal(until.body.total, rows.filter((r) => r.posted_on <= '2016-12-31').length, 'a range open at its start reaches the first posting');
      });

      test('B3: bad ranges and paging are refused with a Chinese message', async () => {
        for (const q of ['pageSize=0', 'pageSize=101', 'page=0', 'year=2017&from=2017-01-01', 'from=2017-02-01&to=2017-01-01', 'from=20170101']) {
          const r = await get('lu', `/api/me/ledger?${q}`);
          assert.equal(r.status, 400, q);
          assert.equal(r.body.code, 'VALIDATION_FAILED');
          assert.match(r.body.message, /[\u4e00-\u9fa5]/);
        }
      });

      test('B4–B5: the loan contract and its 2017 repayments (000 (三)), weekend debits on Monday', async () => {
        const loans = await get('lu', '/api/me/loans');
        assert.equal(loans.status, 200);
        const [loan] = loans.body;
        assert.deepEqual(
          [
            loan.contractNo,
            loan.principalFen,
            loan.annualRatePercent,
            loan.months,
            loan.methodLabel,
            loan.repaymentDay,
            loan.collectionMethod,
            loan.borrowerName,
          ],
          ['2014年委农字17609号', 24000000, 3.25, 240, '等额本金', 13, '委托银行扣收', '卢青怡'],
        );
        const reps = await get('lu', `/api/me/loans/${encodeURIComponent(loan.contractNo)}/repayments?year=2017`);
        assert.equal(reps.status, 200);
        const shown = reps.body.items.map((r: any) => `${r.paidOn.replaceAll('-', '')} ${r.amountFen} ${r.balanceAfterFen}`);
        assert.deepEqual(shown.slice(0, 3), ['20171213 130469 11150000', '20171113 131764 11250000', '20171013 131010 11350000']);
        assert.ok(shown.includes('20170515 132365 11850000'), '000 (三): 20170515 正常还款 1323.65');
      });

      test('B6: 004 3.6’s plan by range, as JSON, as an .xlsx that opens, and as a print view', async () => {
        const [loan] = (await get('zhang', '/api/me/loans')).body;
        const base = `/api/me/loans/${encodeURIComponent(loan.contractNo)}`;
        const plan = await get('zhang', `${base}/plan?from=2017-01-01&to=2017-12-31`);
        assert.equal(plan.body.items.length, 9);
        assert.deepEqual(plan.body.items[0], {
          seq: 1,
          period: 1,
          yearMonth: '201704',
          dueOn: '2017-04-09',
          principalFen: 56771,
          interestFen: 27307,
          paymentFen: 84078,
          balanceAfterFen: 9872876,
        });
        const res = await fetch(`${server.url}${base}/plan.xlsx?from=2017-01-01&to=2017-12-31`, { headers: { authorization: `Bearer ${tokens.zhang}` } });
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-disposition')!, /filename\*=UTF-8''/);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
        const ws = wb.getWorksheet('还款计划')!;
        assert.deepEqual((ws.getRow(2).values as unknown[]).slice(1), ['序号', '应还年月', '应还日期', '应还本金', '应还利息', '应还本息']);
        assert.deepEqual((ws.getRow(3).values as unknown[]).slice(1), [1, '201704', '2017-04-09', 567.71, 273.07, 840.78]);
        assert.equal(ws.rowCount, 11);
        const print = await server.json(`${base}/plan/print?from=2017-01-01&to=2017-12-31`, { headers: { authorization: `Bearer ${tokens.zhang}` } });
        assert.match(print.headers.get('content-type')!, /text\/html/);
        assert.match(print.body, /569\.28/);
        assert.match(print.body, /共9条记录/);
      });

      test('B7–B8: overdue records say so when there are none; application progress has 004’s nodes', async () => {
        const [loan] = (await get('lu', '/api/me/loans')).body;
        const od = await get('lu', `/api/me/loans/${encodeURIComponent(loan.contractNo)}/overdue`);
        assert.deepEqual([od.body.items, od.body.message], [[], '您暂无逾期还款记录']);
        const progress = await get('lu', '/api/me/loan-progress');
        assert.deepEqual(
          progress.body[0].nodes.map((n: any) => n.node),
          ['任务发起人', '贷款受理初审', '贷款受理复审', '贷款受理终审', '贷款发放'],
        );
      });

      test('B4: a couple sees their shared loan, each with their role; a settled loan shows as 结清', async () => {
        const d = (await get('duan', '/api/me/loans')).body[0];
        const l = (await get('li', '/api/me/loans')).body[0];
        assert.equal(d.contractNo, l.contractNo);
        assert.deepEqual([d.role, l.role, l.coBorrowerName], ['borrower', 'co-borrower', '李国强']);
        const j = (await get('zhangJian', '/api/me/loans')).body[0];
        assert.deepEqual([j.statusLabel, j.balanceFen], ['结清', 0]);
      });

      test('B9: personal information: the editable fields change, others cannot', async () => {
        const p = await server.json('/api/me/profile', {
          method: 'PATCH',
          json: { education: '本科', title: '中级', postalCode: '674199' },
          headers: { authorization: `Bearer ${tokens.lu}` },
        });
        assert.equal(p.status, 200);
        assert.deepEqual([p.body.education, p.body.title, p.body.postalCode, p.body.address], ['本科', '中级', '674199', '家湾村55号']);
        const again = await get('lu', '/api/me/profile');
        assert.equal(again.body.education, '本科');
        // wx.request cannot send PATCH: the mini-program posts with X-HTTP-Method-Override.
        const viaPost = await server.json('/api/me/profile', {
          method: 'POST',
          json: { occupation: '教师' },
          headers: { authorization: `Bearer ${tokens.lu}`, 'x-http-method-override': 'PATCH' },
        });
        assert.deepEqual([viaPost.status, viaPost.body.occupation], [200, '教师']);
        const notOverridable = await server.json('/api/me/profile', {
          method: 'GET',
          headers: { authorization: `Bearer ${tokens.lu}`, 'x-http-method-override': 'DELETE' },
        });
        assert.equal(notOverridable.status, 200, 'only POST can be overridden');
        for (const bad of [{ name: '别人' }, { postalCode: '12345' }, { address: 'x' }, {}]) {
          const r = await server.json('/api/me/profile', { method: 'PATCH', json: bad, headers: { authorization: `Bearer ${tokens.lu}` } });
          assert.equal(r.status, 400, JSON.stringify(bad));
        }
        assert.equal((await get('lu', '/api/me/profile')).body.name, '卢青怡');
      });

      test('no member can read another member’s data by changing a path or query', async () => {
        const zhangContract = encodeURIComponent('01201702090019');
        for (const path of [
          `/api/me/loans/${zhangContract}/plan`,
          `/api/me/loans/${zhangContract}/repayments`,
          `/api/me/loans/${zhangContract}/overdue`,
          `/api/me/loans/${zhangContract}/plan.xlsx`,
          `/api/me/loans/${zhangContract}/plan/print`,
        ]) {
          const r = await get('lu', path);
          assert.equal(r.status, 404, path);
          assert.equal(r.body.code, 'LOAN_NOT_FOUND');
        }
        const zhang = await core.findMemberByPhone('15808881234');
        for (const path of ['/api/me/account', '/api/me/overview', '/api/me/profile', '/api/me/ledger', '/api/me/loans', '/api/me/loan-progress']) {
          const r = await get('lu', `${path}?memberId=${zhang!.id}&member_id=${zhang!.id}&id=${zhang!.id}`);
          assert.ok(r.status === 200 || r.status === 400, path);
          assert.doesNotMatch(JSON.stringify(r.body), /张瑞霞|01201702090019|5307020019960/, path);
        }
      });

      test('every /api/me route answers 401 without a session', async () => {
        for (const path of [
          '/api/me/account',
          '/api/me/overview',
          '/api/me/ledger',
          '/api/me/profile',
          '/api/me/loans',
          '/api/me/loan-progress',
          '/api/me/loans/x/plan',
          '/api/me/loans/x/plan.xlsx',
        ]) {
          const r = await server.json(path);
          assert.equal(r.status, 401, path);
          assert.ok(r.body.code && r.body.message, path);
        }
      });

      /** 张健's accounts as 004 1.3 我的公积金 shows them: the 提取销户 one (…0001 here) beside the open one. */
      const CLOSED_NO = '3100000001';
      const MANUAL_ROWS = [
        ['2007-06-30', '补缴', 1106570],
        ['2007-07-02', '汇缴', 66200],
        ['2007-08-01', '汇缴', 66200],
        ['2007-09-01', '汇缴', 66200],
      ];

      test('004 1.3 我的公积金: 张健 sees both his accounts, the open one first, each with its own 流水', async () => {
        const list = await get('zhangJian', '/api/me/accounts');
        assert.equal(list.status, 200, JSON.stringify(list.body));
        assert.deepEqual(
          list.body.items.map((a: any) => [a.accountNo, a.balanceFen, a.statusLabel, a.current, a.closedOn]),
          [
            ['3100000000', 852099, '正常', true, null],
            [CLOSED_NO, 0, '提取销户', false, '2007-09-28'],
          ],
        );
        assert.equal(list.body.items[1].bankAccountNoMasked, '************5556');
        assert.doesNotMatch(JSON.stringify(list.body), /6212262505004445556/);
        // B2 stays on the open account, its figures as before.
        const b2 = await get('zhangJian', '/api/me/account');
        assert.deepEqual([b2.body.accountNo, b2.body.balanceFen, b2.body.statusLabel], ['3100000000', 852099, '正常']);
        assert.equal((await get('zhangJian', '/api/me/overview')).body.balanceFen, 852099);

        // The closed account's 流水: the manual's four rows, then the 销户提取 that left 0.00; its only year 2007.
        const closed = await get('zhangJian', `/api/me/ledger?accountNo=${CLOSED_NO}&pageSize=50`);
        assert.equal(closed.status, 200, JSON.stringify(closed.body));
        assert.deepEqual([closed.body.accountNo, closed.body.year, closed.body.previousYear, closed.body.nextYear], [CLOSED_NO, 2007, null, null]);
        const oldestFirst = [...closed.body.items].reverse();
        assert.deepEqual(
          oldestFirst.slice(0, 4).map((e: any) => [e.postedOn, e.businessType, e.amountFen]),
          MANUAL_ROWS,
        );
        assert.deepEqual(
          oldestFirst.slice(4).map((e: any) => [e.postedOn, e.businessType, e.amountFen, e.balanceAfterFen]),
          [['2007-09-28', '销户提取', -1305170, 0]],
        );
        assert.deepEqual(closed.body.totals, { depositsFen: 1305170, withdrawalsFen: 1305170 });

        // The open account's 流水 holds none of the closed one's rows, by default or by its number.
        for (const q of ['', 'accountNo=3100000000&']) {
          const y2007 = await get('zhangJian', `/api/me/ledger?${q}year=2007`);
          assert.deepEqual([y2007.status, y2007.body.total], [200, 0], q);
          const all = await get('zhangJian', `/api/me/ledger?${q}from=2000-01-01&to=2030-12-31&pageSize=100`);
          assert.equal(all.body.totals.depositsFen - all.body.totals.withdrawalsFen, 852099, `${q}: the open account's postings sum to its balance`);
          assert.ok(
            all.body.items.every((e: any) => e.postedOn > '2007-12-31'),
            q,
          );
        }
        const latest = await get('zhangJian', '/api/me/ledger');
        assert.equal(latest.body.year, Number(SEED_AS_OF.slice(0, 4)));
        assert.ok(latest.body.previousYear > 2007, 'the year arrows do not reach into the closed account');
        assert.equal((await get('zhangJian', `/api/me/ledger?accountNo=${CLOSED_NO}&year=${SEED_AS_OF.slice(0, 4)}`)).body.total, 0);

        // Another member's account number is not his to read.
        const other = await get('zhangJian', '/api/me/ledger?accountNo=5307240013928');
        assert.deepEqual([other.status, other.body.code], [404, 'FUND_ACCOUNT_NOT_FOUND']);
        assert.match(other.body.message, /未找到/);
        // Another member (one account) sees exactly one.
        assert.deepEqual(
          (await get('lu', '/api/me/accounts')).body.items.map((a: any) => [a.accountNo, a.current]),
          [['5307240013928', true]],
        );
      });

      test('every query by member means the open account: never the closed one, never the two merged', async () => {
        // The core the server reads (the emulator's with the external core), asked directly.
        const c = new BuiltinCore(server.coreDatabase, testCipher());
        const id = (await c.findMemberByIdNumber(DEMO.zhangJian.idNumber))!.id;
        assert.deepEqual(
          (await c.listFundAccounts(id)).map((a) => [a.accountNo, a.status, a.balanceFen]),
          [
            ['3100000000', 'normal', 852099],
            [CLOSED_NO, 'closed', 0],
          ],
        );
        assert.equal((await c.getFundAccount(id))!.accountNo, '3100000000');
        assert.equal((await c.getMemberWithAccount(id))!.account!.accountNo, '3100000000');
        const batch = await c.getFundAccounts([id]);
        assert.deepEqual(
          batch.map((a) => a.accountNo),
          ['3100000000'],
          'the bot’s 余额 reads one account per member',
        );
        assert.equal((await c.listLedger(id, { to: '2007-12-31' }, { limit: 10, offset: 0 })).total, 0);
        assert.ok((await c.ledgerYearSpan(id))!.firstYear > 2007);
        const sums = await c.sumLedger(id, {});
        const open = await c.ledgerPage(id, {}, { limit: 0, offset: 0 }, 'asc', '3100000000');
        const shut = await c.ledgerPage(id, {}, { limit: 10, offset: 0 }, 'asc', CLOSED_NO);
        const byDefault = await c.ledgerPage(id, {}, { limit: 0, offset: 0 }, 'asc');
        assert.deepEqual(sums, open!.totals);
        assert.deepEqual(byDefault!.totals, open!.totals);
        assert.equal(byDefault!.total, open!.total);
        assert.equal(sums.depositsFen - sums.withdrawalsFen, 852099);
        assert.deepEqual(
          shut!.entries.slice(0, 4).map((e) => [e.postedOn, e.amountFen]),
          MANUAL_ROWS.map(([on, , fen]) => [on, fen]),
        );
        assert.equal(shut!.total, 5);
        assert.equal(await c.ledgerPage(id, {}, { limit: 1, offset: 0 }, 'asc', '5307240013928'), null, 'another member’s account');
      });

      test('withdrawals use the open account: its balance and last withdrawal; a posting lands on it, not the closed one', async () => {
        const tiles = await get('zhangJian', '/api/me/withdrawals');
        assert.equal(tiles.status, 200);
        const one = await get('zhangJian', `/api/me/withdrawals/${tiles.body.tiles[0].kind}`);
        assert.equal(one.status, 200, JSON.stringify(one.body));
        assert.equal(one.body.account.balanceFen, 852099);
        assert.notEqual(one.body.account.lastWithdrawalOn, '2007-09-28');
        // Last in this file: a posting and its reversal, both on the open account.
        const c = new BuiltinCore(server.coreDatabase, testCipher());
        const id = (await c.findMemberByIdNumber(DEMO.zhangJian.idNumber))!.id;
        const [posted] = await c.post([{ memberId: id, postedOn: SEED_AS_OF, businessType: 'back_deposit', summary: '补缴', amountFen: 100 }]);
        assert.equal(posted!.balanceAfterFen, 852199);
        await c.post([{ memberId: id, postedOn: SEED_AS_OF, businessType: 'partial_withdrawal', summary: '部分提取', amountFen: -100 }]);
        const [open, closed] = await c.listFundAccounts(id);
        assert.deepEqual([open!.balanceFen, closed!.balanceFen], [852099, 0]);
        assert.equal((await c.ledgerPage(id, {}, { limit: 0, offset: 0 }, 'asc', CLOSED_NO))!.total, 5);
      });
    });
  }
