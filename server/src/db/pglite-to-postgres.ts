/**
 * Moving from the embedded PGlite to PostgreSQL (issue 14): `npm run restore -- <PGlite dump>` with DATABASE_URL
 * set. A PGlite dump is a data folder of PGlite's own build, which no PostgreSQL server loads, so the dump is opened
 * in a scratch folder, both sides get the same schema from our migrations, and the rows are copied table by table in
 * foreign-key order inside one transaction on PostgreSQL (all or nothing), with the tables' own triggers (the ledger
 * postings, the balance guards) off while rows are copied as they are. Each sequence is then set to its value in
 * the dump, so new ids continue where the embedded database left off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from './client.js';
import { migrate } from './migrate.js';
import { restorePglite } from './backup.js';

/** A `npm run backup` dump of PGlite (gzipped tar) rather than a pg_dump SQL file. */
export const isPgliteDump = (bytes: Buffer) => bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

const BATCH = 500;

interface CopyReport {
  tables: number;
  rows: number;
}

export async function restorePgliteIntoPostgres(dump: Buffer, databaseUrl: string): Promise<CopyReport> {
  const target = new pg.Client({ connectionString: databaseUrl, options: '-c timezone=Asia/Shanghai' });
  await target.connect();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'hpf-restore-'));
  let source: Database | undefined;
  try {
    const tables = await target.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1`);
    if (tables.rowCount) throw new Error('the DATABASE_URL database is not empty: restore into a new database (createdb), before any server started on it');
    await restorePglite(scratch, dump);
    source = await openDatabase({ dataDir: scratch, owner: 'npm run restore' });
    await migrate(source); // a dump of an older version gets today's schema, as the target does
    const pgTarget = await openDatabase({ dataDir: scratch, databaseUrl, poolSize: 1 });
    try {
      await migrate(pgTarget);
    } finally {
      await pgTarget.close();
    }
    return await copyRows(source, target);
  } finally {
    await source?.close();
    await target.end();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function copyRows(source: Database, target: pg.Client): Promise<CopyReport> {
  const order = await tablesInForeignKeyOrder(target);
  let rows = 0;
  await target.query('BEGIN');
  try {
    for (const t of order) await target.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
    // What the migrations inserted (the agreements) comes again from the dump.
    await target.query(`TRUNCATE ${order.join(', ')}`);
    for (const t of order) {
      const cols = (
        await target.query<{ name: string }>(
          `SELECT quote_ident(attname) AS name FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
          [t],
        )
      ).rows
        .map((r) => r.name)
        .join(', ');
      const data = await source.query<{ r: string }>(`SELECT row_to_json(x)::text AS r FROM (SELECT ${cols} FROM ${t}) x`);
      for (let i = 0; i < data.length; i += BATCH) {
        const json = `[${data
          .slice(i, i + BATCH)
          .map((d) => d.r)
          .join(',')}]`;
        await target.query(`INSERT INTO ${t} (${cols}) SELECT ${cols} FROM json_populate_recordset(null::${t}, $1::json)`, [json]);
      }
      rows += data.length;
    }
    for (const t of order) await target.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
    const sequences = await source.query<{ name: string; last_value: number | null }>(
      `SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) AS name, last_value FROM pg_sequences WHERE schemaname = 'public'`,
    );
    for (const s of sequences) await target.query('SELECT setval($1::regclass, $2, $3)', [s.name, s.last_value ?? 1, s.last_value !== null]);
    await target.query('COMMIT');
  } catch (err) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return { tables: order.length, rows };
}

/** The public tables (quoted), each after the tables its foreign keys point to; schema_migrations stays as migrated. */
async function tablesInForeignKeyOrder(target: pg.Client): Promise<string[]> {
  const tables = (
    await target.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
    )
  ).rows.map((r) => r.name);
  const edges = (
    await target.query<{ child: string; parent: string }>(
      `SELECT quote_ident(c.relname) AS child, quote_ident(p.relname) AS parent
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND k.conrelid <> k.confrelid`,
    )
  ).rows;
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (t: string, path: string[]) => {
    if (placed.has(t)) return;
    if (path.includes(t)) throw new Error(`foreign keys form a cycle: ${[...path, t].join(' → ')}`);
    for (const e of edges) if (e.child === t) visit(e.parent, [...path, t]);
    placed.add(t);
    order.push(t);
  };
  for (const t of tables) visit(t, []);
  return order;
}
