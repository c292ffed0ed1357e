/**
 * Every withdrawal kind through eligibility, apply (draft, photos, A9, submit), review and posting, over HTTP as the
 * mini-program and the staff console call the server; the ledger is checked after each payment. On PGlite the walk also
 * runs against the external core (issue 17): the same kinds, figures and ledger rows, booked by the core emulator.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SEED_AS_OF, targets } from './helpers/database.js';
import { coreTitle, cores, startTestServer, type TestServer } from './helpers/server.js';
import {
  apply,
  approveAll,
  auth,
  balance,
  bindCard,
  confirm,
  login,
  memberIdOf,
  postingsOf,
  staffLogin,
  upload,
  withLuhn,
  decide,
  paidAfterApproval,
} from './workflow-helpers.js';

const YEAR = SEED_AS_OF.slice(0, 4); // the server's clock starts on the seed's day (helpers/database.ts)

for (const target of targets()) {
  for (const core of cores(target)) {
    describe(`withdrawals, kind by kind, on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      before(async () => {
        server = await startTestServer(target, { core });
      });
      after(async () => server.close());

      /** The history's last step: the product's own payment, or the booking the external core reported. */
      const PAYMENT = core === 'builtin' ? ['银行付款', '系统'] : ['中心入账', '核心业务系统'];
      /**
       * The application once paid: on the built-in core the answer of the last step already is; on an external one it
       * is 审批通过 · 入账中 until the core has booked it (the member reads it again).
       */
      const paidOf = async (token: string, res: { status: number; body: any }) => {
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return paidAfterApproval(server, core, token, res.body);
      };
      const approved = async (token: string, serialNo: string, reviewers: string[]) =>
        paidOf(token, { status: 200, body: await approveAll(server, serialNo, reviewers) });

      /** Submits a draft the member corrected (A9 confirmed again), as the form's 提交 does. */
      const submitAgain = async (token: string, serialNo: string) => {
        const app = (await server.json(`/api/me/applications/${serialNo}`, { headers: auth(token) })).body;
        return server.json(`/api/me/applications/${serialNo}/submit`, {
          method: 'POST',
          headers: auth(token),
          json: { confirmationToken: await confirm(server, token, app) },
        });
      };
      const eligibility = async (token: string, kind: string) => (await server.json(`/api/me/withdrawals/${kind}`, { headers: auth(token) })).body;

      test('C1 物业费 and C8 提取上年还贷额 for 段德梅: 002’s 1,500.00 and 24,500.00, approved by the system and posted', async () => {
        const token = await login(server, 'duanDemei');
        await bindCard(server, token, '段德梅', '6223691095740548', 'YNRCC'); // 002 七(一): her 农村信用社 account
        const before = await balance(server, token);
        assert.equal(before, 3_092_143, '002: 账户余额 30,921.43');

        const c1 = await eligibility(token, 'propertyFee');
        assert.equal(c1.allowed, true);
        assert.equal(c1.amountFen, 150_000, '002 七(七): 您本次可以提取的金额为 1500.00');
        const paid = { body: await paidOf(token, await apply(server, token, 'propertyFee')) };
        assert.equal(paid.body.status, 'paid');
        assert.equal(paid.body.feedback, '银行付款成功，中心入账成功!');
        assert.equal(paid.body.info, '段德梅申请提取，条件：物业费提取金额：1500元');
        assert.deepEqual(
          paid.body.history.map((h: any) => [h.node, h.handler]),
          [['任务发起人', '段德梅'], ['初审', '系统自动审核'], PAYMENT],
        );
        const rows = await postingsOf(server, paid.body.serialNo);
        assert.deepEqual(
          rows.map((r) => [r.business_type, r.summary, r.amount_fen, r.withdrawal_reason]),
          [['partial_withdrawal', '部分提取（物业费）', -150_000, '10']],
          '004 3.2: 物业管理费, not 其他',
        );
        assert.equal(await balance(server, token), before - 150_000);
        const again = await eligibility(token, 'C1');
        assert.equal(again.state, 'unavailable');
        assert.equal(again.reasonCode, 'ALREADY_THIS_YEAR');
        assert.match(again.reason, new RegExp(`每年可提取一次，您本年度已于${YEAR}-`));

        const c8 = await eligibility(token, 'fundLoanRepay');
        assert.equal(c8.allowed, true, JSON.stringify(c8));
        if (YEAR === '2026') {
          assert.equal(c8.details.repaidLastYearFen, 2_454_023, '2025 instalments 24,540.23');
          assert.equal(c8.amountFen, 2_450_000, '002 七(二): 您本次可以提取的金额为 24500.00');
        }
        assert.equal(c8.amountFen, Math.floor(Number(c8.details.repaidLastYearFen) / 10_000) * 10_000);
        const repay = { body: await paidOf(token, await apply(server, token, 'fundLoanRepay')) };
        assert.equal(repay.body.status, 'paid', JSON.stringify(repay.body));
        assert.equal(repay.body.feedback, '提取还贷成功，中心入账成功!', '000 (九)');
        assert.equal(repay.body.info, `段德梅申请提取，条件：提取还贷，金额：${c8.amountFen / 100}元`);
        const [posting] = await postingsOf(server, repay.body.serialNo);
        assert.equal(posting!.business_type, 'withdrawal_repay');
        assert.equal(posting!.summary, '公积金提取还款');
        assert.equal(posting!.amount_fen, -c8.amountFen);
        assert.equal(await balance(server, token), before - 150_000 - c8.amountFen);

        // 李国强 shares the loan: that year's repayments are withdrawn once, by either of them.
        const husband = await login(server, 'liGuoqiang');
        const his = await eligibility(husband, 'C8');
        assert.equal(his.allowed, false);
      });

      test('C10 下岗失业: the whole balance, 初审 → 复审 → 终审 by three people, then paid', async () => {
        const token = await login(server, 'duanDemei');
        const e = await eligibility(token, 'unemployment');
        const whole = await balance(server, token);
        assert.equal(e.amountFen, whole, 'up to the whole balance');
        const submitted = await apply(server, token, 'unemployment', { unemploymentCertificateNo: 'SY5307020001' });
        assert.equal(submitted.body.status, 'in_review');
        assert.equal(submitted.body.currentNodeLabel, '初审');
        const done = await approved(token, submitted.body.serialNo, ['chushen', 'fushen', 'zhongshen']);
        assert.equal(done.status, 'paid');
        assert.deepEqual(done.history.map((h: any) => `${h.node}:${h.handler}:${h.opinion}`).slice(1, 4), [
          '初审:和晓梅:同意',
          '复审:杨志明:同意',
          '终审:李春华:同意',
        ]);
        assert.equal(await balance(server, token), 0);
      });

      test('C7 偿还商业贷款 for 高振华: 002’s 23,800.00', async () => {
        const token = await login(server, 'gaoZhenhua');
        await bindCard(server, token, '高振华', withLuhn('622202020011223344'), 'ICBC');
        const e = await eligibility(token, 'commercialLoanRepay');
        assert.equal(e.amountFen, 2_380_000, '002 七(三): 23,856.20 → 23800.00');
        assert.equal(e.details.registeredBalanceFen, 5_414_055);
        const paid = { body: await paidOf(token, await apply(server, token, 'commercialLoanRepay')) };
        assert.equal(paid.body.status, 'paid');
        assert.equal(paid.body.info, '高振华申请提取，条件：提取商业还贷，金额：23800元');
        assert.equal(await balance(server, token), 2_385_620 - 2_380_000);
      });

      test('C5 购房后续提取 for 卢天鹏 (6,900.00, the registered contract only), then C13 异地转移接续 closes his account', async () => {
        const token = await login(server, 'luTianpeng');
        await bindCard(server, token, '卢天鹏', '6223691095732628', 'YNRCC');
        const e = await eligibility(token, 'purchase');
        assert.equal(e.amountFen, 690_000, '002 七(四): 6,914.66 → 6900.00');
        const wrong = await apply(server, token, 'purchase', { purchaseContractNo: 'LJ-GF-2024-999999' });
        assert.equal(wrong.status, 409);
        assert.equal(wrong.body.code, 'CONTRACT_MISMATCH');
        const serial = (await server.json('/api/me/progress?pageSize=50', { headers: auth(token) })).body.items;
        assert.equal(serial.length, 0, 'the refused submit left nothing in progress');
        const open = (await eligibility(token, 'purchase')).openApplication;
        await server.json(`/api/me/applications/${open.serialNo}`, {
          method: 'PATCH',
          headers: auth(token),
          json: { form: { purchaseContractNo: 'LJ-GF-2024-003817' } },
        });
        const paid = { body: await paidOf(token, await submitAgain(token, open.serialNo)) };
        assert.equal(paid.body.status, 'paid', JSON.stringify(paid.body));
        assert.equal(await balance(server, token), 691_466 - 690_000);

        const c13 = await eligibility(token, 'transferOut');
        assert.equal(c13.allowed, true, JSON.stringify(c13));
        const submitted = await apply(server, token, 'transferOut', { targetCenter: '昆明住房公积金管理中心', newEmployer: '昆明市第一中学' });
        assert.equal(submitted.body.status, 'in_review');
        const done = await approved(token, submitted.body.serialNo, ['chushen', 'zhongshen']);
        assert.equal(done.status, 'paid');
        assert.equal(done.amountFen, c13.amountFen);
        const rows = await postingsOf(server, submitted.body.serialNo);
        const interest = Number(c13.details.closingInterestFen);
        assert.deepEqual(
          rows.map((r) => [r.business_type, r.amount_fen]),
          [...(interest > 0 ? [['interest', interest]] : []), ['transfer_out', -(1_466 + interest)]],
        );
        assert.equal(rows.at(-1)!.balance_after_fen, 0);
        const account = (await server.json('/api/me/account', { headers: auth(token) })).body;
        assert.equal(account.balanceFen, 0);
        const tiles = (await server.json('/api/me/withdrawals', { headers: auth(token) })).body;
        assert.ok(
          tiles.tiles.every((t: any) => t.state === 'unavailable' && t.reasonCode === 'ACCOUNT_CLOSED'),
          'a closed account offers nothing',
        );
      });

      test('C2 离退休 for 和丽华: balance + 销户利息, approved at once, the account closed', async () => {
        const token = await login(server, 'heLihua');
        await bindCard(server, token, '和丽华', withLuhn('621661250000123456'), 'BOC');
        const e = await eligibility(token, 'retirement');
        assert.equal(e.allowed, true, JSON.stringify(e));
        assert.equal(e.fixedAmount, true);
        assert.equal(e.details.balanceFen, 8_642_017);
        assert.ok(Number(e.details.closingInterestFen) > 0, '销户利息 since the last 结息');
        assert.equal(e.amountFen, 8_642_017 + Number(e.details.closingInterestFen), '提取金额合计 = 余额 + 销户利息 (003 5.2.1.1)');
        const paid = {
          body: await paidOf(
            token,
            await apply(server, token, 'retirement', {
              retirementEmployer: '丽江市人民医院',
              retirementCertificateNo: 'LX2026-0815',
              approvedOn: '2026-08-01',
            }),
          ),
        };
        assert.equal(paid.body.status, 'paid', JSON.stringify(paid.body));
        assert.match(paid.body.info, /^和丽华申请提取，条件：离退休提取金额：\d+(\.\d\d)?元$/);
        const rows = await postingsOf(server, paid.body.serialNo);
        assert.deepEqual(
          rows.map((r) => r.business_type),
          ['interest', 'closing_withdrawal'],
        );
        assert.equal(rows[1]!.interest_fen, e.details.closingInterestFen);
        assert.equal(rows[1]!.withdrawal_reason, '03');
        const [acc] = await server.coreDatabase.query<{ status: string; balance_fen: number }>(
          'SELECT f.status, f.balance_fen::int FROM fund_accounts f JOIN members m ON m.id = f.member_id WHERE m.name = $1',
          ['和丽华'],
        );
        assert.deepEqual(acc, { status: 'closed', balance_fen: 0 });
      });

      test('C3 终止劳动关系 for 木文军 (employment ended 7 months ago): 初审 → 终审, closes the account', async () => {
        const token = await login(server, 'muWenjun');
        await bindCard(server, token, '木文军', withLuhn('622848000000123456'), 'ABC');
        const e = await eligibility(token, 'employmentEnded');
        assert.equal(e.allowed, true, JSON.stringify(e));
        const submitted = await apply(server, token, 'employmentEnded');
        assert.equal(submitted.body.status, 'in_review');
        const done = await approved(token, submitted.body.serialNo, ['chushen', 'zhongshen']);
        assert.equal(done.status, 'paid');
        assert.equal(await balance(server, token), 0);
        assert.equal((await postingsOf(server, submitted.body.serialNo)).at(-1)!.summary, '销户提取（终止劳动关系）');
      });

      test('C4 租房 and C6 建房 follow-ups once the counter registered them', async () => {
        const ruixia = await memberIdOf(server, '张瑞霞');
        const jian = await memberIdOf(server, '张健');
        const token = await login(server, 'zhangRuixia');
        assert.equal((await eligibility(token, 'rent')).reasonCode, 'NOT_REGISTERED');
        // The counter's first rent withdrawal registers the lease (000 4.3); the next is allowed after 3 months.
        await server.coreDatabase.query(
          `INSERT INTO counter_registrations (member_id, kind, registered_on, contract_no, limit_fen, interval_months, last_withdrawal_on)
        VALUES ($1, 'rent', '2026-01-10', 'ZL-2026-0110', 600000, 3, '2026-01-10'), ($2, 'build', '2025-05-01', 'JF-2025-0501', NULL, 12, NULL)`,
          [ruixia, jian],
        );
        await bindCard(server, token, '张瑞霞', withLuhn('621700287001234567'), 'CCB');
        const e = await eligibility(token, 'rent');
        assert.equal(e.amountFen, 600_000, 'the registered limit');
        const bad = await apply(server, token, 'rent', {
          rentType: '普通住房',
          leaseContractNo: 'ZL-2026-0110',
          rentTotalFen: 2_400_000,
          leaseStart: '2026-02-01',
          leaseEnd: '2026-01-01',
        });
        assert.equal(bad.body.code, 'VALIDATION_FAILED');
        const open = (await eligibility(token, 'rent')).openApplication;
        await server.json(`/api/me/applications/${open.serialNo}`, {
          method: 'PATCH',
          headers: auth(token),
          json: { form: { leaseEnd: '2027-01-31', amountFen: 300_000 } },
        });
        const paid = { body: await paidOf(token, await submitAgain(token, open.serialNo)) };
        assert.equal(paid.body.status, 'paid', JSON.stringify(paid.body));
        assert.equal((await postingsOf(server, open.serialNo))[0]!.amount_fen, -300_000);
        const next = await eligibility(token, 'rent');
        assert.equal(next.reasonCode, 'INTERVAL_NOT_REACHED');

        const jianToken = await login(server, 'zhangJian');
        await bindCard(server, jianToken, '张健', withLuhn('622202250500444555'), 'ICBC');
        const built = { body: await paidOf(jianToken, await apply(server, jianToken, 'build', { buildContractNo: 'JF-2025-0501', amountFen: 100_000 })) };
        assert.equal(built.body.status, 'paid', JSON.stringify(built.body));
        assert.equal((await postingsOf(server, built.body.serialNo))[0]!.summary, '部分提取（建房）');
      });

      test('C9 低保 for 卢青怡: returned at 初审, modified and re-submitted, then approved at 初审 and 终审', async () => {
        const token = await login(server, 'luQingyi');
        await bindCard(server, token, '卢青怡', withLuhn('622848040000001234'), 'ABC');
        const submitted = await apply(server, token, 'subsistence', { subsistenceCertificateNo: 'DB-001', amountFen: 10_000 });
        assert.equal(submitted.body.status, 'in_review');
        const serialNo = submitted.body.serialNo;
        const first = await staffLogin(server, 'chushen');
        const returned = await decide(server, first, serialNo, 'return', '低保证照片不清晰，请重新拍摄');
        assert.equal(returned.body.status, 'returned');
        const todo = (await server.json('/api/me/business/todo', { headers: auth(token) })).body;
        assert.equal(todo.items[0].serialNo, serialNo);
        assert.equal(todo.items[0].returnReason, '低保证照片不清晰，请重新拍摄');
        assert.equal(todo.items[0].progress, '初审退回');
        assert.equal(todo.items[0].processName, '缴存人享受城镇最低生活保障提取');

        await server.json(`/api/me/applications/${serialNo}`, {
          method: 'PATCH',
          headers: auth(token),
          json: { form: { subsistenceCertificateNo: 'DB-001-2026' } },
        });
        assert.equal((await upload(server, token, serialNo, 'subsistenceCertificate')).status, 200);
        const again = await submitAgain(token, serialNo);
        assert.equal(again.body.status, 'in_review');
        assert.equal(again.body.form.subsistenceCertificateNo, 'DB-001-2026');
        const done = await approved(token, serialNo, ['chushen', 'zhongshen']);
        assert.equal(done.status, 'paid');
        assert.deepEqual(
          done.history.map((h: any) => h.node),
          ['任务发起人', '初审', '任务发起人', '初审', '终审', PAYMENT[0]],
        );
        assert.equal(done.history[1].opinion, '低保证照片不清晰，请重新拍摄');
        assert.equal(done.history[2].opinion, '修改后重新提交');
        const progress = (await server.json('/api/me/progress', { headers: auth(token) })).body.items;
        assert.deepEqual(progress[0], {
          serialNo,
          business: '享受低保',
          date: server.clock.today(),
          info: '卢青怡申请提取，条件：享受低保提取金额：100元',
          status: '成功',
          statusCode: 'paid',
          feedback: '银行付款成功，中心入账成功!',
          channel: 'mini-program',
          channelLabel: '小程序',
          fromCore: false,
        });
        const initiated = (await server.json('/api/me/business/initiated', { headers: auth(token) })).body.items[0];
        assert.equal(initiated.finishedLabel, '是');
        assert.match(initiated.elapsed, /^(\d+小时)?(\d+分)?\d+秒$/);
      });

      test('C11 贷款首付 for 李国强: rejected at 终审 with the reason; he may apply again afterwards', async () => {
        const token = await login(server, 'liGuoqiang');
        await bindCard(server, token, '李国强', withLuhn('621700287001234500'), 'CCB');
        const submitted = await apply(server, token, 'downPayment', {
          purchaseContractNo: 'LJ-GF-2026-000123',
          downPaymentFen: 20_000_000,
          amountFen: 1_000_000,
        });
        assert.equal(submitted.body.status, 'in_review', JSON.stringify(submitted.body));
        const serialNo = submitted.body.serialNo;
        await approveAll(server, serialNo, ['chushen']);
        const rejected = await decide(server, await staffLogin(server, 'zhongshen'), serialNo, 'reject', '购房合同与贷款不对应');
        assert.equal(rejected.body.status, 'rejected');
        assert.equal(rejected.body.feedback, '审核未通过：购房合同与贷款不对应');
        assert.equal((await postingsOf(server, serialNo)).length, 0, 'nothing posted');
        const again = await server.json('/api/me/applications', { method: 'POST', headers: auth(token), json: { kind: 'downPayment' } });
        assert.equal(again.status, 200, 'a rejected application is closed: a new one may start');
        const ended = await server.json(`/api/me/applications/${again.body.serialNo}/end`, { method: 'POST', headers: auth(token), json: {} });
        assert.equal(ended.body.status, 'ended');
      });
    });
  }
}
