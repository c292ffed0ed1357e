/**
 * C12 一次性提取偿还公积金贷款 with the spouse (001 2.3), over HTTP: 段德梅 applies, 李国强 receives the template message
 * in the WeChat emulator and answers in the mini-program; a decline and 48 hours of silence end it; the 43004 fallback
 * reaches him by SMS; both withdrawals and the repayment post together or not at all. On both cores: an external one
 * gets the approved business as a request and refuses it there (the application ends 未通过 with the core's reason) or
 * books it once (paid when the submitter has the answer).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { targets, testCipher } from './helpers/database.js';
import { coreTitle, cores, startTestServer, type TestServer } from './helpers/server.js';
import { waitFor } from './helpers/wechat.js';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { DEMO_BUSINESS_PASSWORD } from '../src/identity/index.js';
import { apply, auth, balance, login, memberIdOf, staffLogin, decide, jpeg, paidAfterApproval } from './workflow-helpers.js';

const SPOUSE_OPENID = 'oDEMO_liguoqiang';
const SPOUSE_PHONE = '13908885678';
// 001 2.3 with 002's figures: loan 187,167.54; 段德梅 30,921.43 → 70 % 21,645.00; 李国强 68,452.31 → 70 % 47,916.61.
const LOAN = 18_716_754;
const BORROWER = 2_164_500;
const SPOUSE = 4_791_661;
const MIN_SELF = LOAN - BORROWER - SPOUSE; // 70 % of the loan (131,017.27) is not reached: 117,605.93 self-funded

for (const target of targets()) {
  for (const core of cores(target)) {
    describe(`C12 with the spouse on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      let duan: string;
      let li: string;
      let liId: number;
      const pendingTemplate = (serialNo: string) =>
        server.emulators
          .wechat!.control.sentMessages({ kind: 'template', touser: SPOUSE_OPENID })
          .find((m) => m.templateId === SANDBOX_DEFAULTS.WECHAT_TEMPLATE_SPOUSE_CONFIRMATION && m.miniprogram?.pagepath?.endsWith(`serialNo=${serialNo}`));
      const spouseCall = (path: string, init: { method?: string; json?: unknown; token?: string } = {}) =>
        server.json(`/api/me/spouse-confirmations${path}`, {
          method: init.method ?? 'GET',
          headers: auth(init.token ?? li),
          ...(init.json !== undefined ? { json: init.json } : {}),
        });
      const spousePhoto = async (serialNo: string, category: string, token = li) => {
        const res = await fetch(`${server.url}/api/me/spouse-confirmations/${serialNo}/photos?category=${category}`, {
          method: 'POST',
          headers: { ...auth(token), 'content-type': 'image/jpeg' },
          body: new Uint8Array(jpeg()),
        });
        return { status: res.status, body: (await res.json()) as any };
      };
      const spouseConfirmToken = async (serialNo: string) => {
        const r = await server.json('/api/me/security/confirmations', {
          method: 'POST',
          headers: auth(li),
          json: { purpose: 'spouse-confirmation', reference: serialNo, businessPassword: DEMO_BUSINESS_PASSWORD },
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.confirmationToken as string;
      };
      const submit = async (form: Record<string, unknown> = {}) => {
        const r = await apply(server, duan, 'lumpSumLoanRepay', form);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.status, 'awaiting_spouse');
        return r.body.serialNo as string;
      };
      /** The spouse confirms with their own identity (their photos taken). */
      const spouseConfirms = async (serialNo: string) => {
        const confirmed = await spouseCall(`/${serialNo}/confirm`, { method: 'POST', json: { confirmationToken: await spouseConfirmToken(serialNo) } });
        assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
        assert.equal(confirmed.body.state, 'confirmed');
        const app = await server.json(`/api/me/applications/${serialNo}`, { headers: auth(duan) });
        assert.equal(app.body.status, 'in_review');
        assert.ok(app.body.history.some((h: any) => h.node === '配偶确认' && h.handler === '李国强'));
      };
      const countAtCore = async (query: string, params: unknown[]) => Number((await server.coreDatabase.query<{ n: number }>(query, params))[0]!.n);
      const loanOf = async (token: string) => {
        const r = await server.json('/api/me/loans', { headers: auth(token) });
        return (r.body.items ?? r.body).find((l: any) => l.contractNo === '2022年委信字05318号');
      };

      before(async () => {
        server = await startTestServer(target, { core });
        [duan, li] = await Promise.all([login(server, 'duanDemei'), login(server, 'liGuoqiang')]);
        liId = await memberIdOf(server, '李国强');
      });
      after(() => server.close());

      test('the application computes the 70 % rules and the minimum self-funded part, which may only be raised', async () => {
        const created = await server.json('/api/me/applications', {
          method: 'POST',
          headers: auth(duan),
          json: { kind: 'lumpSumLoanRepay', form: { selfFundedFen: MIN_SELF - 1 } },
        });
        assert.equal(created.status, 200, JSON.stringify(created.body));
        const serialNo = created.body.serialNo;
        for (const c of created.body.photoCategories.filter((x: any) => x.required)) {
          const form = new FormData();
          form.append('category', c.key);
          form.append('file', new Blob([new Uint8Array(jpeg())], { type: 'image/jpeg' }), 'p.jpg');
          await fetch(`${server.url}/api/me/applications/${serialNo}/photos`, { method: 'POST', headers: auth(duan), body: form });
        }
        const token = (
          await server.json('/api/me/security/confirmations', {
            method: 'POST',
            headers: auth(duan),
            json: { ...created.body.confirmation, businessPassword: DEMO_BUSINESS_PASSWORD },
          })
        ).body.confirmationToken;
        const low = await server.json(`/api/me/applications/${serialNo}/submit`, { method: 'POST', headers: auth(duan), json: { confirmationToken: token } });
        assert.equal(low.status, 409);
        assert.equal(low.body.code, 'SELF_FUNDED_TOO_LOW');
        assert.match(low.body.message, /117605\.93元/);
        const ended = await server.json(`/api/me/applications/${serialNo}/end`, { method: 'POST', headers: auth(duan), json: {} });
        assert.equal(ended.status, 200);
        // The co-borrower is not the borrower: refused.
        const notBorrower = await server.json('/api/me/applications', { method: 'POST', headers: auth(li), json: { kind: 'lumpSumLoanRepay' } });
        assert.equal(notBorrower.status, 409);
        assert.equal(notBorrower.body.details?.reasonCode ?? notBorrower.body.reasonCode ?? 'NOT_BORROWER', 'NOT_BORROWER');
      });

      test('the spouse declines: the application ends and the borrower is told', async () => {
        const serialNo = await submit();
        await waitFor(() => !!pendingTemplate(serialNo), 10_000, 'the template message to the spouse');
        const msg = pendingTemplate(serialNo)!;
        assert.equal(msg.data['thing1']!.value, '段*梅');
        assert.equal(msg.data['amount3']!.value, '47,916.61元');
        const declined = await spouseCall(`/${serialNo}/decline`, { method: 'POST', json: { reason: '暂不同意' } });
        assert.equal(declined.status, 200, JSON.stringify(declined.body));
        assert.equal(declined.body.state, 'declined');
        const app = await server.json(`/api/me/applications/${serialNo}`, { headers: auth(duan) });
        assert.equal(app.body.status, 'ended');
        const notes = await server.json('/api/me/notifications', { headers: auth(duan) });
        assert.ok(JSON.stringify(notes.body).includes('配偶未同意'), 'the borrower is told');
        const again = await spouseCall(`/${serialNo}/confirm`, { method: 'POST', json: { confirmationToken: 'x'.repeat(32) } });
        assert.equal(again.status, 409);
      });

      test('a spouse who does not follow the account gets an SMS (43004) and the borrower sees so; 48 hours of silence expire it', async () => {
        server.emulators.wechat!.control.setFollowing(SPOUSE_OPENID, false);
        const smsBefore = server.emulators.tencentCloud!.control.sms(SPOUSE_PHONE).length;
        const serialNo = await submit();
        await waitFor(() => server.emulators.tencentCloud!.control.sms(SPOUSE_PHONE).length > smsBefore, 15_000, 'the SMS fallback');
        const sms = server.emulators.tencentCloud!.control.sms(SPOUSE_PHONE).at(-1);
        // The link is a mini-program URL Link that opens the spouse's confirmation page of this application.
        const link = /https:\/\/wxaurl\.cn\/[\w-]+/.exec(sms!.content)?.[0];
        assert.ok(link, sms!.content);
        assert.deepEqual(server.emulators.wechat!.control.openUrlLink(link), {
          appid: SANDBOX_DEFAULTS.WECHAT_MP_APP_ID,
          path: 'pages/mine/business/spouse/index',
          query: `serialNo=${serialNo}`,
          expired: false,
        });
        const status = await server.json(`/api/me/spouse-requests/${serialNo}`, { headers: auth(duan) });
        assert.equal(status.status, 200, JSON.stringify(status.body));
        assert.equal(status.body.notifiedVia, 'sms');
        assert.match(status.body.message, /短信/);
        server.emulators.wechat!.control.setFollowing(SPOUSE_OPENID, true);

        const early = await server.loanJobs.runOnce.spouseExpiry(new Date(server.clock.now().getTime() + 47 * 3600_000));
        assert.deepEqual(early, { skipped: false, result: 0 });
        const late = await server.loanJobs.runOnce.spouseExpiry(new Date(server.clock.now().getTime() + 49 * 3600_000));
        assert.deepEqual(late, { skipped: false, result: 1 });
        const app = await server.json(`/api/me/applications/${serialNo}`, { headers: auth(duan) });
        assert.equal(app.body.status, 'expired');
        const view = await spouseCall(`/${serialNo}`);
        assert.equal(view.body.state, 'expired');
        const notes = await server.json('/api/me/notifications', { headers: auth(duan) });
        assert.ok(JSON.stringify(notes.body).includes('已过期'), 'the borrower is told');
      });

      test('only the named spouse answers; both withdrawals and the repayment post together or not at all', async () => {
        const serialNo = await submit();
        await waitFor(() => !!pendingTemplate(serialNo), 10_000, 'the template message to the spouse');
        // Anyone else: not their application.
        const lu = await login(server, 'luQingyi');
        for (const token of [lu, duan]) {
          const view = await spouseCall(`/${serialNo}`, { token });
          assert.equal(view.status, 404);
          assert.equal(view.body.code, 'NOT_YOUR_APPLICATION');
          const c = await spouseCall(`/${serialNo}/decline`, { method: 'POST', json: {}, token });
          assert.equal(c.body.code, 'NOT_YOUR_APPLICATION');
        }
        const list = await spouseCall('');
        assert.equal(list.body.items.length, 1);
        const view = await spouseCall(`/${serialNo}`);
        assert.equal(view.body.state, 'to-confirm');
        assert.equal(view.body.borrowerName, '段*梅');
        assert.equal(view.body.amountFen, SPOUSE);
        assert.equal(view.body.loan.contractNo, '2022年委信字05318号');
        // Photos first, then identity.
        const early = await spouseCall(`/${serialNo}/confirm`, { method: 'POST', json: { confirmationToken: await spouseConfirmToken(serialNo) } });
        assert.equal(early.body.code, 'PHOTOS_REQUIRED');
        for (const c of ['spouseIdFront', 'spouseLivePhoto']) assert.equal((await spousePhoto(serialNo, c)).status, 200);
        const wrongToken = await spouseCall(`/${serialNo}/confirm`, { method: 'POST', json: { confirmationToken: 'y'.repeat(40) } });
        assert.equal(wrongToken.status, 403);
        await spouseConfirms(serialNo);

        // The spouse's balance is drained at the counter between confirmation and approval: nothing posts.
        const atCore = new BuiltinCore(server.coreDatabase, testCipher());
        const liBalance = await balance(server, li);
        await atCore.post([
          {
            memberId: liId,
            postedOn: '2026-11-26',
            businessType: 'partial_withdrawal',
            summary: '柜面提取',
            amountFen: -(liBalance - 100_000),
            reference: 'TEST-DRAIN',
          },
        ]);
        const first = await staffLogin(server, 'chushen');
        assert.equal((await decide(server, first, serialNo, 'approve')).status, 200);
        const final = await staffLogin(server, 'zhongshen');
        const refused = await decide(server, final, serialNo, 'approve');
        if (core === 'builtin') {
          assert.equal(refused.status, 409);
          assert.equal(refused.body.code, 'INSUFFICIENT_BALANCE');
        } else {
          // The core refuses it when it executes the request: the application ends 未通过 with the core's reason.
          assert.equal(refused.status, 200, JSON.stringify(refused.body));
          const ended = await paidAfterApproval(server, core, duan, refused.body);
          assert.equal(ended.status, 'rejected', JSON.stringify(ended));
          assert.equal(ended.feedback, '入账失败：公积金账户余额不足，无法办理');
          const notes = await server.json('/api/me/notifications?pageSize=50', { headers: auth(duan) });
          assert.ok(
            notes.body.items.some((m: any) => m.content.includes(serialNo) && m.content.includes('未能入账，原因：公积金账户余额不足，无法办理')),
            'the borrower is told the core’s reason',
          );
        }
        assert.equal(await countAtCore('SELECT count(*)::int AS n FROM ledger_entries WHERE reference = $1', [serialNo]), 0);
        assert.equal(await countAtCore('SELECT count(*)::int AS n FROM loan_repayments WHERE reference LIKE $1', [`${serialNo}%`]), 0);
        assert.equal((await loanOf(duan)).balanceFen, LOAN);
        assert.equal(await balance(server, duan), 3_092_143);

        // The money comes back: the same approval (on an external core, a new application) posts everything at once
        // and the loan is settled.
        await atCore.post([
          { memberId: liId, postedOn: '2026-11-26', businessType: 'back_deposit', summary: '补缴', amountFen: liBalance - 100_000, reference: 'TEST-REFILL' },
        ]);
        let paidSerial = serialNo;
        let approved = await decide(server, final, serialNo, 'approve');
        if (core === 'external') {
          paidSerial = await submit();
          await waitFor(() => !!pendingTemplate(paidSerial), 10_000, 'the template message to the spouse');
          for (const c of ['spouseIdFront', 'spouseLivePhoto']) assert.equal((await spousePhoto(paidSerial, c)).status, 200);
          await spouseConfirms(paidSerial);
          assert.equal((await decide(server, first, paidSerial, 'approve')).status, 200);
          approved = await decide(server, final, paidSerial, 'approve');
        }
        assert.equal(approved.status, 200, JSON.stringify(approved.body));
        const paid = await paidAfterApproval(server, core, duan, approved.body);
        assert.equal(paid.status, 'paid', JSON.stringify(paid));
        assert.equal(paid.feedback, '提取还贷成功，贷款已结清，中心入账成功!');
        assert.equal(await balance(server, duan), 3_092_143 - BORROWER);
        assert.equal(await balance(server, li), liBalance - SPOUSE);
        const rows = await server.coreDatabase.query<{ kind: string; principal_fen: number; interest_fen: number; balance_after_fen: number }>(
          'SELECT kind, principal_fen::int, interest_fen::int, balance_after_fen::int FROM loan_repayments WHERE reference LIKE $1 ORDER BY id',
          [`${paidSerial}%`],
        );
        // Self-funded first, then the fund (需先用自筹资金偿还后再用公积金冲抵).
        assert.deepEqual(
          rows.map((r) => [r.kind, r.principal_fen, r.balance_after_fen]),
          [
            ['settlement', MIN_SELF, BORROWER + SPOUSE],
            ['withdrawal_repay', BORROWER + SPOUSE, 0],
          ],
        );
        const loan = await loanOf(duan);
        assert.equal(loan.balanceFen, 0);
        assert.equal(loan.status, 'settled');
        const ledger = await server.coreDatabase.query<{ amount_fen: number }>('SELECT amount_fen::int FROM ledger_entries WHERE reference = $1 ORDER BY id', [
          paidSerial,
        ]);
        assert.deepEqual(
          ledger.map((r) => r.amount_fen),
          [-BORROWER, -SPOUSE],
        );
      });
    });
  }
}
