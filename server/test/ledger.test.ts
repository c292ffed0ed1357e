import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import type { Database } from '../src/db/client.js';
import { DomainError } from '../src/shared/errors.js';
import { targets, testCipher, withDatabase } from './helpers/database.js';
import { makeIdNumber } from '../src/shared/id-number.js';

async function oneMember(core: BuiltinCore, db: Database, idNumber: string) {
  const cipher = testCipher();
  const [m] = await db.query<{ id: number }>(
    `INSERT INTO members (name, id_number_enc, id_number_hash, id_number_masked, gender, birth_date) VALUES ('和建华', $1, $2, 'm', 'male', '1985-03-16') RETURNING id`,
    [cipher.encrypt(idNumber), cipher.lookupHash('id', idNumber)],
  );
  await db.query(`INSERT INTO fund_accounts (member_id, account_no, opened_on) VALUES ($1, $2, '2020-01-01')`, [m!.id, `A${m!.id}`]);
  await core.post([{ memberId: m!.id, postedOn: '2026-11-01', businessType: 'opening_balance', summary: '历史余额转入', amountFen: 500_000 }]);
  return m!.id;
}

for (const target of targets()) {
  describe(`the ledger on ${target}`, () => {
    test('50 concurrent postings: balance = sum of postings, never negative, running balance consistent in id order', async () => {
      await withDatabase(target, async (db) => {
        const core = new BuiltinCore(db, testCipher());
        const memberId = await oneMember(core, db, makeIdNumber('530702', '19850316', 1));
        // Withdrawals large enough that some must be refused, deposits that let others through.
        const amounts = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? -(60_000 + i * 1_000) : 30_000 + i * 100));
        const results = await Promise.allSettled(
          amounts.map((amountFen, i) =>
            core.post([
              {
                memberId,
                postedOn: '2026-11-26',
                businessType: amountFen < 0 ? 'partial_withdrawal' : 'back_deposit',
                summary: amountFen < 0 ? '部分提取' : '补缴',
                amountFen,
                reference: `T${i}`,
              },
            ]),
          ),
        );
        let expected = 500_000;
        let refusedCount = 0;
        results.forEach((r, i) => {
          if (r.status === 'fulfilled') expected += amounts[i]!;
          else {
            assert.ok(r.reason instanceof DomainError && r.reason.code === 'INSUFFICIENT_BALANCE', String(r.reason));
            assert.ok(amounts[i]! < 0, 'only withdrawals can be refused');
            refusedCount++;
          }
        });
        assert.ok(refusedCount > 0 && refusedCount < 25, `some but not all withdrawals refused (${refusedCount})`);
        const account = await core.getFundAccount(memberId);
        assert.equal(account!.balanceFen, expected);
        const { entries, total } = await core.listLedger(memberId, {}, { limit: 1000, offset: 0 });
        assert.equal(total, 51 - refusedCount);
        assert.equal(
          entries.reduce((s, e) => s + e.amountFen, 0),
          expected,
        );
        const byId = [...entries].sort((a, b) => a.id - b.id);
        let running = 0;
        for (const e of byId) {
          running += e.amountFen;
          assert.equal(e.balanceAfterFen, running, `row ${e.id}`);
          assert.ok(e.balanceAfterFen >= 0);
        }
      });
    });

    test('several postings go together or not at all; a reference posts once', async () => {
      await withDatabase(target, async (db) => {
        const core = new BuiltinCore(db, testCipher());
        const a = await oneMember(core, db, makeIdNumber('530702', '19850316', 2));
        const b = await oneMember(core, db, makeIdNumber('530702', '19850316', 3));
        // The spouse's part would overdraw: the borrower's part must not stay posted either.
        await assert.rejects(
          core.post([
            { memberId: a, postedOn: '2026-11-26', businessType: 'withdrawal_repay', summary: '公积金提取还款', amountFen: -300_000, reference: 'SQ1' },
            { memberId: b, postedOn: '2026-11-26', businessType: 'withdrawal_repay', summary: '公积金提取还款', amountFen: -600_000, reference: 'SQ1' },
          ]),
          (e: DomainError) => e.code === 'INSUFFICIENT_BALANCE' && /余额不足/.test(e.message),
        );
        assert.equal((await core.getFundAccount(a))!.balanceFen, 500_000);
        await core.post([
          { memberId: a, postedOn: '2026-11-26', businessType: 'partial_withdrawal', summary: '部分提取', amountFen: -1_000, reference: 'SQ2' },
        ]);
        await assert.rejects(
          core.post([{ memberId: a, postedOn: '2026-11-26', businessType: 'partial_withdrawal', summary: '部分提取', amountFen: -1_000, reference: 'SQ2' }]),
          (e: DomainError) => e.code === 'DUPLICATE_POSTING',
        );
        const acc = await core.getFundAccount(a);
        assert.equal(acc!.balanceFen, 499_000);
        assert.equal(acc!.lastWithdrawalOn, '2026-11-26');
      });
    });
  });
}
