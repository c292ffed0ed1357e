/**
 * D5 还款银行账户变更 (001 二): the borrower moves the instalments' deduction to a bound card of their own name after
 * A9; a co-borrower, a settled loan, someone else's card, the same card or a used confirmation are refused in Chinese.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { cores, coreTitle, startTestServer, type TestServer } from './helpers/server.js';
import { auth, bindCard, confirm, login, withLuhn } from './workflow-helpers.js';
import { maskBankAccount } from '../src/shared/mask.js';

const CONTRACT = '2022年委信字05318号';
const path = (contractNo = CONTRACT) => `/api/me/loans/${encodeURIComponent(contractNo)}/repayment-account`;

for (const target of targets()) {
  for (const core of cores(target)) {
    describe(`D5 还款银行账户变更 on ${target}${coreTitle(core)}`, () => {
      let server: TestServer;
      let duan: string;
      before(async () => {
        server = await startTestServer(target, { core });
        duan = await login(server, 'duanDemei');
      });
      after(() => server.close());

      const view = async (token: string, contractNo?: string) => server.json(path(contractNo), { headers: auth(token) });
      const change = (token: string, body: Record<string, unknown>, contractNo?: string) =>
        server.json(path(contractNo), { method: 'POST', headers: auth(token), json: body });

      test('the borrower changes the card to a bound card of her own name after A9; the loan, the message and the record show it', async () => {
        const before = await view(duan);
        assert.equal(before.status, 200, JSON.stringify(before.body));
        assert.equal(before.body.repaymentBank, '云南省农村信用社联社');
        assert.equal(before.body.repaymentAccountNoMasked, '************0548');
        assert.equal(before.body.canChange, true);
        assert.deepEqual(before.body.cards, []);
        assert.deepEqual(before.body.confirmation, { purpose: 'loan.repayment-account', reference: '5307020021577101' });

        const cardNo = withLuhn('621700287005556667');
        const card = await bindCard(server, duan, '段德梅', cardNo, 'CCB');
        const listed = (await view(duan)).body.cards;
        assert.deepEqual(
          listed.map((c: any) => [c.id, c.bankName, c.holderName, c.current]),
          [[card.id, '中国建设银行', '段德梅', false]],
        );

        const noToken = await change(duan, { cardId: card.id, confirmationToken: 'forged' });
        assert.equal(noToken.status, 403, JSON.stringify(noToken.body));
        assert.match(noToken.body.message, /[\u4e00-\u9fa5]/);
        assert.equal((await view(duan)).body.repaymentBank, '云南省农村信用社联社', 'nothing changed without A9');

        const token = await confirm(server, duan, before.body);
        const done = await change(duan, { cardId: card.id, confirmationToken: token });
        assert.equal(done.status, 200, JSON.stringify(done.body));
        assert.equal(done.body.repaymentBank, '中国建设银行');
        assert.equal(done.body.repaymentAccountNoMasked, maskBankAccount(cardNo));
        assert.equal(done.body.cards[0].current, true);
        assert.equal(done.body.history.length, 1);
        assert.match(done.body.history[0].from, /云南省农村信用社联社 \*+0548/);
        assert.ok(![cardNo, '6223691095740548'].some((n) => JSON.stringify(done.body).includes(n)), 'card numbers only masked');

        const [loan] = (await server.json('/api/me/loans', { headers: auth(duan) })).body;
        assert.equal(loan.repaymentBank, '中国建设银行');
        assert.equal(loan.repaymentAccountNoMasked, done.body.repaymentAccountNoMasked);
        const notes = JSON.stringify((await server.json('/api/me/notifications', { headers: auth(duan) })).body);
        assert.ok(notes.includes('还款银行账户变更') && notes.includes('中国建设银行'), notes.slice(0, 300));
        const outbox = await server.database.query<{ notice: string }>(`SELECT notice FROM wechat_outbox WHERE reference = $1`, [`loan:${CONTRACT}`]);
        assert.ok(outbox.length > 0 && outbox.every((o) => o.notice === 'loan'));

        const reused = await change(duan, { cardId: card.id, confirmationToken: token });
        assert.equal(reused.status, 409, 'the same card again is refused before the used token is looked at');
        assert.equal(reused.body.code, 'REPAYMENT_ACCOUNT_UNCHANGED');
        assert.equal(reused.body.message, '该银行卡已是本笔贷款的还款账户');
        const other = await bindCard(server, duan, '段德梅', withLuhn('622202250500777888'), 'ICBC');
        const replay = await change(duan, { cardId: other.id, confirmationToken: token });
        assert.equal(replay.status, 403, 'a confirmation is used once');
        assert.equal((await view(duan)).body.repaymentBank, '中国建设银行');
      });

      test('a co-borrower sees the account but may not change it; a settled loan needs no change; another member’s card is not found', async () => {
        const li = await login(server, 'liGuoqiang');
        const seen = await view(li);
        assert.equal(seen.status, 200);
        assert.equal(seen.body.canChange, false);
        assert.equal(seen.body.reason, '还款银行账户变更须由借款人本人办理');
        const liCard = await bindCard(server, li, '李国强', withLuhn('621700287009990001'), 'CCB');
        const refused = await change(li, { cardId: liCard.id, confirmationToken: 'x' });
        assert.deepEqual([refused.status, refused.body.code], [403, 'NOT_BORROWER']);

        const foreign = await change(duan, { cardId: liCard.id, confirmationToken: 'x' });
        assert.deepEqual([foreign.status, foreign.body.code], [404, 'BANK_CARD_NOT_FOUND']);

        const jian = await login(server, 'zhangJian');
        const settled = await view(jian, '201505000000');
        assert.deepEqual([settled.body.canChange, settled.body.reason], [false, '该笔贷款已结清，无需变更还款账户']);
        const jianCard = await bindCard(server, jian, '张健', withLuhn('622202250500444999'), 'ICBC');
        const no = await change(jian, { cardId: jianCard.id, confirmationToken: 'x' }, '201505000000');
        assert.deepEqual([no.status, no.body.code], [409, 'LOAN_SETTLED']);

        assert.equal((await view(duan, '201505000000')).status, 404, 'someone else’s contract is not found');
        assert.equal((await server.json(path())).status, 401);
      });

      test('the OpenAPI document describes both routes with their response', async () => {
        const doc = (await server.json('/api/openapi.json')).body;
        const p = doc.paths['/api/me/loans/{contractNo}/repayment-account'];
        assert.ok(p?.get?.responses?.['200'] && p?.post?.requestBody && p?.post?.responses?.['200']);
      });
    });
  }
}
