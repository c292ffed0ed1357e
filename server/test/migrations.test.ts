import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { loadMigrations, migrate } from '../src/db/migrate.js';
import { targets, withDatabase } from './helpers/database.js';
import { openDatabase } from '../src/db/client.js';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** Every drizzle table: each owning folder declares its own in src/<folder>/tables.ts (test/architecture.test.ts). */
async function drizzleTables(): Promise<PgTable[]> {
  const files = readdirSync(SRC, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(SRC, e.name, 'tables.ts')))
    .map((e) => path.join(SRC, e.name, 'tables.ts'));
  const modules = await Promise.all(files.map((f) => import(pathToFileURL(f).href) as Promise<Record<string, unknown>>));
  return modules.flatMap((m) => Object.values(m)).filter((v): v is PgTable => is(v, PgTable));
}

for (const target of targets()) {
  describe(`database rules on ${target}`, () => {
    test('migrations apply from empty, once, and record their versions', async () => {
      if (target === 'pglite') {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'hpf-mig-'));
        const db = await openDatabase({ dataDir: dir });
        try {
          assert.deepEqual(
            await migrate(db),
            loadMigrations().map((m) => m.version),
          );
          assert.deepEqual(await migrate(db), []);
        } finally {
          await db.close();
          rmSync(dir, { recursive: true, force: true });
        }
        return;
      }
      await withDatabase(
        target,
        async (db) => {
          assert.deepEqual(
            await migrate(db),
            loadMigrations().map((m) => m.version),
          );
          // Two instances starting together: the advisory lock makes the second wait and apply nothing.
          const [a, b] = await Promise.all([migrate(db), migrate(db)]);
          assert.deepEqual([a, b], [[], []]);
        },
        { migrated: false },
      );
    });

    test('every drizzle column exists in the migrated database with a matching type', async () => {
      await withDatabase(target, async (db) => {
        const cols = await db.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
          `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
        );
        const byKey = new Map(cols.map((c) => [`${c.table_name}.${c.column_name}`, c]));
        const typeOf: Record<string, string> = {
          PgBigSerial53: 'bigint',
          PgBigInt53: 'bigint',
          PgText: 'text',
          PgInteger: 'integer',
          PgDateString: 'date',
          PgTimestamp: 'timestamp with time zone',
          PgBoolean: 'boolean',
          PgNumeric: 'numeric',
          PgJsonb: 'jsonb',
          PgDoublePrecision: 'double precision',
          PgArray: 'ARRAY',
        };
        const tables = await drizzleTables();
        assert.ok(tables.length > 40, `only ${tables.length} drizzle tables found`);
        for (const table of tables) {
          const cfg = getTableConfig(table);
          for (const col of cfg.columns) {
            const db = byKey.get(`${cfg.name}.${col.name}`);
            assert.ok(db, `${cfg.name}.${col.name} is missing from the migrations`);
            assert.equal(db.data_type, typeOf[col.columnType] ?? col.columnType, `${cfg.name}.${col.name} type`);
            if (col.notNull) assert.equal(db.is_nullable, 'NO', `${cfg.name}.${col.name} must be NOT NULL`);
          }
        }
      });
    });

    test('balances move only through postings; ledgers are append-only; no balance goes negative', async () => {
      await withDatabase(target, async (db) => {
        const refused = async (sql: string, pattern: RegExp) => {
          await assert.rejects(db.query(sql), (e: Error) => pattern.test(e.message), sql);
        };
        await db.query(
          `INSERT INTO members (name, id_number_enc, id_number_hash, id_number_masked, gender, birth_date) VALUES ('测试', 'x', 'h1', 'm', 'male', '1990-01-01')`,
        );
        await refused(`INSERT INTO fund_accounts (member_id, account_no, opened_on, balance_fen) VALUES (1, 'A1', '2020-01-01', 500)`, /zero balance/);
        await db.query(`INSERT INTO fund_accounts (member_id, account_no, opened_on) VALUES (1, 'A1', '2020-01-01')`);
        await db.query(
          `INSERT INTO ledger_entries (account_id, posted_on, business_type, summary, amount_fen, balance_after_fen) VALUES ((SELECT id FROM fund_accounts), '2020-01-05', 'regular_deposit', '汇缴202001', 139200, 0)`,
        );
        const [row] = await db.query<{ balance_after_fen: number }>(`SELECT balance_after_fen FROM ledger_entries`);
        assert.equal(row!.balance_after_fen, 139200, 'the database computes the balance after');
        await refused(`UPDATE fund_accounts SET balance_fen = 999999`, /only through ledger postings/);
        await refused(`UPDATE ledger_entries SET amount_fen = 1`, /append-only/);
        await refused(`DELETE FROM ledger_entries`, /append-only/);
        await refused(
          `INSERT INTO ledger_entries (account_id, posted_on, business_type, summary, amount_fen, balance_after_fen) VALUES ((SELECT id FROM fund_accounts WHERE account_no = 'A1'), '2020-01-06', 'partial_withdrawal', '部分提取', -139201, 0)`,
          /balance_fen_check/,
        );
        const [acc] = await db.query<{ balance_fen: number }>(`SELECT balance_fen FROM fund_accounts`);
        assert.equal(acc!.balance_fen, 139200, 'the refused withdrawal left the balance as it was');
        // 0064: a member may hold several accounts (004 1.3), closed ones beside at most one that is not closed.
        await refused(`INSERT INTO fund_accounts (member_id, account_no, opened_on) VALUES (1, 'A2', '2021-01-01')`, /fund_accounts_one_open_idx/);
        await db.query(
          `INSERT INTO fund_accounts (member_id, account_no, opened_on, status, closed_on) VALUES (1, 'A0', '2010-01-01', 'closed', '2012-01-01')`,
        );
        await db.query(
          `INSERT INTO fund_accounts (member_id, account_no, opened_on, status, closed_on) VALUES (1, 'A00', '2008-01-01', 'closed', '2009-01-01')`,
        );
        await refused(`INSERT INTO fund_accounts (member_id, account_no, opened_on, status) VALUES (1, 'A1', '2022-01-01', 'closed')`, /account_no/);

        await db.query(`INSERT INTO loan_contracts (contract_no, loan_account_no, borrower_member_id, principal_fen, annual_rate_percent, months, method, issued_on, maturity_on, repayment_day, repayment_bank, repayment_account_no, balance_fen)
          VALUES ('C1', 'L1', 1, 24000000, 3.25, 240, 'equal-principal', '2014-11-13', '2034-11-13', 13, '中国农业银行', '1400', 24000000)`);
        await refused(`UPDATE loan_contracts SET balance_fen = 1`, /only through repayments/);
        await db.query(
          `INSERT INTO loan_repayments (loan_id, period, paid_on, kind, principal_fen, interest_fen, balance_after_fen) VALUES (1, 1, '2014-12-13', 'regular', 100000, 65000, 0)`,
        );
        const [loan] = await db.query<{ balance_fen: number; periods_paid: number }>(`SELECT balance_fen, periods_paid FROM loan_contracts`);
        assert.deepEqual(loan, { balance_fen: 23900000, periods_paid: 1 });
        await refused(
          `INSERT INTO loan_repayments (loan_id, paid_on, kind, principal_fen, interest_fen, balance_after_fen) VALUES (1, '2015-01-01', 'prepayment', 24000000, 0, 0)`,
          /balance_fen_check/,
        );
      });
    });
  });
}
