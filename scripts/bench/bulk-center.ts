/**
 * Bulk data for the benchmark: N members with an account and R ledger rows each (100,000 × 100 = 10 million on
 * PostgreSQL). Rows are generated inside the database with generate_series; the per-row ledger trigger is
 * bypassed for speed (session_replication_role = replica) and the balances are then set from the rows, so the
 * invariant balance = sum of postings still holds.
 */
import type { Database } from '../../server/src/db/client.js';
import { makeIdNumber } from '../../server/src/shared/id-number.js';
import type { PiiCipher } from '../../server/src/shared/pii-crypto.js';

interface BulkOptions {
  members: number;
  rowsPerMember: number;
  batch?: number;
  /** members already seeded by earlier calls */ offset?: number;
}

export async function bulkSeed(database: Database, cipher: PiiCipher, opts: BulkOptions): Promise<{ memberIds: number[]; seconds: number }> {
  const started = Date.now();
  const batch = opts.batch ?? 2_000;
  const [emp] = await database.query<{ id: number }>(`SELECT id FROM employers ORDER BY id LIMIT 1`);
  const memberIds: number[] = [];
  const end = (opts.offset ?? 0) + opts.members;
  for (let from = opts.offset ?? 0; from < end; from += batch) {
    const n = Math.min(batch, end - from);
    const ids: string[] = [],
      encs: string[] = [],
      hashes: string[] = [],
      phones: string[] = [],
      phoneHashes: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = from + i;
      // Unique by construction: one birth day per thousand members, the sequence number within it.
      const birth = new Date(Date.UTC(1970, 0, 1 + Math.floor(k / 1000))).toISOString().slice(0, 10).replaceAll('-', '');
      const full = makeIdNumber('530799', birth, k % 1000);
      const phone = `150${String(k).padStart(8, '0')}`;
      ids.push(full);
      encs.push(cipher.encrypt(full));
      hashes.push(cipher.lookupHash('id', full));
      phones.push(cipher.encrypt(phone));
      phoneHashes.push(cipher.lookupHash('phone', phone));
    }
    const rows = await database.query<{ id: number }>(
      `INSERT INTO members (name, id_number_enc, id_number_hash, id_number_masked, phone_enc, phone_hash, phone_masked, gender, birth_date, employer_id)
       SELECT '压测' || (${from} + o), e, h, left(i, 6) || '********' || right(i, 4), pe, ph, '150****' || lpad(((${from} + o) % 10000)::text, 4, '0'),
              'male', to_date(substr(i, 7, 8), 'YYYYMMDD'), $6
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(i, e, h, pe, ph, o)
       ON CONFLICT (id_number_hash) DO NOTHING RETURNING id`,
      [ids, encs, hashes, phones, phoneHashes, emp!.id],
    );
    memberIds.push(...rows.map((r) => r.id));
  }
  await database.withSession(async (s) => {
    await s.exec(`SET session_replication_role = replica`);
    try {
      await s.query(
        `INSERT INTO fund_accounts (member_id, account_no, balance_fen, deposit_base_fen, unit_ratio_bp, personal_ratio_bp, unit_monthly_fen, personal_monthly_fen, paid_up_to, opened_on, bank_name, bank_account_no)
         SELECT m.id, 'B' || lpad(m.id::text, 12, '0'), 0, 500000, 1200, 1200, 60000, 60000, to_char(now(), 'YYYYMM'), '2010-01-01', '中国农业银行', '6228' || lpad(m.id::text, 15, '0')
         FROM members m WHERE m.name LIKE '压测%' AND NOT EXISTS (SELECT 1 FROM fund_accounts a WHERE a.member_id = m.id)`,
      );
      // R monthly deposits per account, newest month = this month, running balances computed in SQL.
      await s.query(
        `INSERT INTO ledger_entries (account_id, posted_on, business_type, summary, amount_fen, interest_fen, balance_after_fen)
         SELECT a.id, d, 'regular_deposit', '汇缴' || to_char(d, 'YYYYMM'), 120000, 0, 120000 * k
         FROM fund_accounts a
         CROSS JOIN LATERAL generate_series(1, $1::int) AS k
         CROSS JOIN LATERAL (SELECT (date_trunc('month', now()) - make_interval(months => $1::int - k) + interval '9 days')::date AS d) x
         WHERE a.account_no LIKE 'B%' AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.account_id = a.id)`,
        [opts.rowsPerMember],
      );
      await s.query(`UPDATE fund_accounts SET balance_fen = 120000 * $1::bigint WHERE account_no LIKE 'B%'`, [opts.rowsPerMember]);
    } finally {
      await s.exec(`SET session_replication_role = origin`);
    }
    await s.exec(`ANALYZE members; ANALYZE fund_accounts; ANALYZE ledger_entries;`);
  });
  return { memberIds, seconds: (Date.now() - started) / 1000 };
}

/**
 * A loan for every tenth bench member, with a 120-period plan, so that the plan query is timed against loan tables
 * that grow with the members (10,000 loans and 1.2 million plan rows at 100,000 members). Idempotent: members
 * who already have their loan are skipped, so a kept database gets its loans on the next run.
 */
export async function bulkLoans(database: Database): Promise<{ loans: number; seconds: number }> {
  const started = Date.now();
  let loans = 0;
  await database.withSession(async (s) => {
    await s.exec(`SET session_replication_role = replica`);
    try {
      const rows = await s.query<{ id: number }>(
        `INSERT INTO loan_contracts (contract_no, loan_account_no, borrower_member_id, principal_fen, annual_rate_percent, months, method,
           issued_on, maturity_on, repayment_day, repayment_bank, repayment_account_no, balance_fen)
         SELECT 'BL' || lpad(m.id::text, 12, '0'), 'BLA' || lpad(m.id::text, 12, '0'), m.id, 30000000, 3.1, 120, 'equal-principal',
                '2017-01-10', '2027-01-10', 10, '中国农业银行', '6228' || lpad(m.id::text, 15, '0'), 30000000
         FROM members m WHERE m.name LIKE '压测%' AND m.id % 10 = 0
           AND NOT EXISTS (SELECT 1 FROM loan_contracts l WHERE l.borrower_member_id = m.id)
         RETURNING id`,
      );
      loans = rows.length;
      if (loans) {
        await s.query(
          `INSERT INTO loan_plan_periods (loan_id, period, due_on, principal_fen, interest_fen, payment_fen, balance_after_fen)
           SELECT l, k, ('2017-02-10'::date + make_interval(months => k - 1))::date, 250000, 77500 - 646 * (k - 1), 327500 - 646 * (k - 1), 30000000 - 250000 * k
           FROM unnest($1::bigint[]) AS l CROSS JOIN generate_series(1, 120) AS k`,
          [rows.map((r) => r.id)],
        );
      }
    } finally {
      await s.exec(`SET session_replication_role = origin`);
    }
    if (loans) await s.exec(`ANALYZE loan_contracts; ANALYZE loan_plan_periods;`);
  });
  return { loans, seconds: (Date.now() - started) / 1000 };
}
