/**
 * The server's layout holds (issue 16): the folders of server/src import each other without cycles, every table has
 * one owning folder that alone declares it (in its tables.ts) and writes it, and the files at src/'s top level
 * assemble the server (root.ts builds the capabilities, app.ts mounts them, main.ts starts them) without any folder
 * importing them back.
 *
 * Both allowlists below only shrink: an entry says why it is still there, and a test fails when it is no longer
 * needed. A new cycle or a new write into another folder's table fails here: import the other folder's service
 * (handed over in root.ts) instead, or move the code to the folder it belongs to.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withDatabase } from './helpers/database.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** Import edges `from -> to` between folders left in a cycle, with the reason. Removing them leaves no cycle. */
const CYCLE_ALLOWED: Record<string, string> = {
  'emulators -> wechat':
    'the WeChat emulator signs, encrypts and parses with the official account’s own protocol code ' +
    '(wechat/protocol) so both ends speak the same wire format; the sandbox starts the emulators (integrations/sandbox.ts)',
};

/** The folder that owns (alone writes) each table. */
const OWNER: Record<string, string> = {
  // The built-in core (J1): members, fund accounts, ledgers, loans and the reference data it serves.
  ...Object.fromEntries(
    [
      'employers',
      'members',
      'fund_accounts',
      'ledger_entries',
      'loan_contracts',
      'loan_repayments',
      'loan_plan_periods',
      'loan_overdue_records',
      'loan_application_progress',
      'counter_registrations',
      'outlets',
      'housing_projects',
      'interest_rates',
      // Issue 17: the built-in core's business executor and event feed, as the core emulator serves them.
      'core_business_requests',
      'core_events',
      'core_offset_signings',
    ].map((t) => [t, 'core']),
  ),
  ...Object.fromEntries(['articles', 'faqs', 'forms', 'agreements', 'center_profile'].map((t) => [t, 'content'])),
  ...Object.fromEntries(
    [
      'agreement_acceptances',
      'audit_log',
      'face_verifications',
      'identity_tickets',
      'known_members',
      'member_credentials',
      'member_hotline_passwords',
      'member_sessions',
      'sms_codes',
    ].map((t) => [t, 'identity']),
  ),
  ...Object.fromEntries(
    [
      'wechat_access_tokens',
      'wechat_locations',
      'wechat_outbox',
      'wechat_push_log',
      'wechat_template_events',
      'wechat_url_links',
      'wechat_users',
      'wechat_subscribe_grants',
    ].map((t) => [t, 'wechat']),
  ),
  ...Object.fromEntries(
    ['applications', 'application_events', 'application_photos', 'core_submissions', 'core_reconciliation_differences'].map((t) => [t, 'workflow']),
  ),
  ...Object.fromEntries(['core_feed_cursor', 'core_events_applied', 'channel_business'].map((t) => [t, 'corefeed'])),
  ...Object.fromEntries(
    [
      'loan_offset_signings',
      'loan_repayment_account_changes',
      'loan_repayment_reminders',
      'loan_application_settings',
      'repayment_account_requests',
      'offset_signing_requests',
    ].map((t) => [t, 'loanbusiness']),
  ),
  ...Object.fromEntries(['staff_users', 'staff_sessions', 'staff_audit'].map((t) => [t, 'staff'])),
  ...Object.fromEntries(['login_challenges', 'rate_limit_counters'].map((t) => [t, 'limits'])),
  ...Object.fromEntries(['complaints', 'community_questions'].map((t) => [t, 'interaction'])),
  bank_cards: 'withdrawals',
  broadcasts: 'console',
  business_guides: 'console',
  certificates: 'certificates',
  notifications: 'notifications',
  schema_migrations: 'db',
};

/** `folder writes table` of another owner, with the reason. */
const FOREIGN_WRITES_ALLOWED: Record<string, string> = {};

/** Files that write tables handed to them as values (so the scan below cannot see which): the tables they are given. */
const GENERIC_WRITERS: Record<string, string[]> = {
  'core/builtin/reference.ts': ['housingProjects', 'outlets'],
};

/** Top-level files that assemble the server: no folder imports them. */
const ASSEMBLY = ['app.ts', 'main.ts', 'root.ts', 'business.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const files = sourceFiles(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/'));
const text = new Map(files.map((rel) => [rel, readFileSync(path.join(SRC, rel), 'utf8')]));
/** A file's folder under src/, or null for the top-level files. */
const folderOf = (rel: string) => (rel.includes('/') ? rel.split('/')[0]! : null);

/** Relative imports of a file, resolved to src-relative paths (`x.js` → `x.ts`). */
function importsOf(rel: string): string[] {
  const specs = [
    ...text.get(rel)!.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|(?:^|\n)\s*import\s+'(\.[^']+)'/g),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(rel), s)).replace(/\.js$/, '.ts'));
}

/** folder → folder → the files that make the edge. */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const rel of files) {
    const from = folderOf(rel);
    if (!from) continue;
    for (const target of importsOf(rel)) {
      const to = folderOf(target);
      if (!to || to === from) continue;
      const out = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, out);
      out.set(to, [...(out.get(to) ?? []), rel]);
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

const asSets = (graph: Map<string, Map<string, string[]>>, without: Set<string>) =>
  new Map([...graph].map(([from, out]) => [from, new Set([...out.keys()].filter((to) => !without.has(`${from} -> ${to}`)))]));

function describe(graph: Map<string, Map<string, string[]>>, component: string[]): string {
  return component
    .flatMap((from) =>
      [...(graph.get(from) ?? [])].filter(([to]) => component.includes(to)).map(([to, by]) => `${from} -> ${to} (${[...new Set(by)].join(', ')})`),
    )
    .join('; ');
}

test('no import cycle between the folders of server/src (but the allowed edges, each with its reason)', () => {
  const graph = folderGraph();
  const left = cycles(asSets(graph, new Set(Object.keys(CYCLE_ALLOWED))));
  assert.deepEqual(
    left.map((c) => describe(graph, c)),
    [],
    'a folder imports one that (through others) imports it back',
  );
});

test('every allowed cycle edge is still there and still in a cycle (the allowlist only shrinks)', () => {
  const graph = folderGraph();
  const all = cycles(asSets(graph, new Set()));
  const stale = Object.keys(CYCLE_ALLOWED).filter((edge) => {
    const [from, to] = edge.split(' -> ') as [string, string];
    return !graph.get(from)?.has(to) || !all.some((c) => c.includes(from) && c.includes(to));
  });
  assert.deepEqual(stale, [], 'remove these from CYCLE_ALLOWED');
});

test('no folder imports the files that assemble the server (app.ts, main.ts, root.ts, business.ts)', () => {
  const offenders = files.filter((rel) => folderOf(rel) && importsOf(rel).some((t) => ASSEMBLY.includes(t)));
  assert.deepEqual(offenders, [], 'take what you need as a dependency from root.ts instead');
});

/** drizzle table variables → SQL table names, from every `pgTable('name', …)`. */
function tableVariables(): Map<string, string> {
  const vars = new Map<string, string>();
  for (const [rel, t] of text) {
    if (rel.startsWith('emulators/')) continue;
    for (const m of t.matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g)) vars.set(m[1]!, m[2]!);
  }
  return vars;
}

/** Where each drizzle table is declared: [file, table] for every `pgTable('name', …)` of src/. */
function tableDeclarations(): [string, string][] {
  return [...text].flatMap(([rel, t]) => [...t.matchAll(/\bpgTable\(\s*'(\w+)'/g)].map((m): [string, string] => [rel, m[1]!]));
}

/** Declarations not in their owner's tables.ts, and tables.ts files that import more than their declarations need. */
function misplacedTables(): string[] {
  const misplaced = tableDeclarations()
    .filter(([rel, table]) => rel !== `${OWNER[table] ?? '(no owner)'}/tables.ts`)
    .map(([rel, table]) => `${table} is declared in ${rel}, not in ${OWNER[table] ?? '(no owner)'}/tables.ts`);
  // A tables.ts stays a leaf: drizzle, the shared column shapes and vocabulary, and the tables it refers to.
  const allowed = /^(?:drizzle-orm(?:\/pg-core)?|\.\.\/db\/columns\.js|\.\.\/shared\/[\w-]+\.js|\.\.\/\w+\/tables\.js)$/;
  const imports = [...text]
    .filter(([rel]) => /^\w+\/tables\.ts$/.test(rel))
    .flatMap(([rel, t]) => [...t.matchAll(/\bfrom\s+'([^']+)'/g)].filter((m) => !allowed.test(m[1]!)).map((m) => `${rel} imports ${m[1]}`));
  return [...misplaced, ...imports];
}

test('each table is declared in its owner’s tables.ts, and nowhere else', () => {
  assert.ok(tableDeclarations().length > 40, 'the scan finds the drizzle tables');
  assert.deepEqual(misplacedTables(), [], 'declare a table in src/<owner>/tables.ts (OWNER above), importing only what the declarations need');
});

/** Every table: the migrations' CREATE TABLE (raw SQL may write a table no drizzle definition names). */
function allTables(): Set<string> {
  const dir = path.join(SRC, 'db/migrations');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/CREATE TABLE(?: IF NOT EXISTS)?\s+"?([a-z_]+)"?/gi)].map((m) => m[1]!));
  return new Set([...names, ...tableVariables().values(), 'schema_migrations']);
}

/** Which tables each file writes: drizzle insert/update/delete of a table, SQL INSERT INTO / UPDATE / DELETE FROM. */
function writesOf(rel: string, vars: Map<string, string>): Set<string> {
  const t = text.get(rel)!;
  const tables = allTables();
  const found = new Set<string>();
  for (const m of t.matchAll(/\.(?:insert|update|delete)\(\s*(?:\w+\.)?(\w+)\s*\)/g)) if (vars.has(m[1]!)) found.add(vars.get(m[1]!)!);
  for (const m of t.matchAll(/(?<!DO |FOR )\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z_]+)"?/gi)) if (tables.has(m[1]!)) found.add(m[1]!);
  for (const v of GENERIC_WRITERS[rel] ?? []) if (vars.has(v) && t.includes(v)) found.add(vars.get(v)!);
  if (rel === 'db/migrate.ts') found.add('schema_migrations');
  return found;
}

function foreignWrites(): Map<string, string[]> {
  const vars = tableVariables();
  const foreign = new Map<string, string[]>();
  for (const rel of files) {
    const folder = folderOf(rel);
    if (!folder || folder === 'emulators' || rel.startsWith('db/migrations/')) continue;
    for (const table of writesOf(rel, vars)) {
      const owner = OWNER[table];
      assert.ok(owner, `${rel} writes ${table}, which has no owner in OWNER`);
      if (owner !== folder) {
        const key = `${folder} writes ${table}`;
        foreign.set(key, [...(foreign.get(key) ?? []), rel]);
      }
    }
  }
  return foreign;
}

test('no folder writes another folder’s tables (but the allowed writes, each with its reason)', () => {
  const offenders = [...foreignWrites()].filter(([key]) => !(key in FOREIGN_WRITES_ALLOWED)).map(([key, by]) => `${key} (${by.join(', ')})`);
  assert.deepEqual(offenders, [], 'call the owner’s service or store instead');
});

test('every allowed foreign write still happens (the allowlist only shrinks) and every table has an owner', () => {
  const foreign = foreignWrites();
  assert.deepEqual(
    Object.keys(FOREIGN_WRITES_ALLOWED).filter((key) => !foreign.has(key)),
    [],
    'remove these from FOREIGN_WRITES_ALLOWED',
  );
  const tables = allTables();
  assert.deepEqual(
    [...tables].filter((t) => !OWNER[t]),
    [],
    'give these tables an owner',
  );
  assert.deepEqual(
    Object.keys(OWNER).filter((t) => !tables.has(t)),
    [],
    'OWNER names tables that do not exist',
  );
});

test('the checks find what they look for', () => {
  assert.deepEqual(
    cycles(
      new Map([
        ['a', new Set(['b'])],
        ['b', new Set(['c'])],
        ['c', new Set(['a'])],
        ['d', new Set(['a'])],
      ]),
    ),
    [['a', 'b', 'c']],
  );
  assert.deepEqual(
    cycles(
      new Map([
        ['a', new Set(['b'])],
        ['b', new Set<string>()],
      ]),
    ),
    [],
  );
  const vars = new Map([['staffUsers', 'staff_users']]);
  text.set(
    'x/probe.ts',
    'await tx.update(t.staffUsers).set({});\nawait db.execute(sql`DELETE FROM staff_users WHERE id = 1`);\n// ON CONFLICT DO UPDATE SET x',
  );
  text.set('staff/tables.ts', `${text.get('staff/tables.ts')}\nimport { x } from '../staff/users.js';`);
  text.set('x/probe-tables.ts', "export const t = pgTable('staff_users', {});");
  try {
    assert.deepEqual([...writesOf('x/probe.ts', vars)], ['staff_users']);
    assert.deepEqual(misplacedTables(), ['staff_users is declared in x/probe-tables.ts, not in staff/tables.ts', 'staff/tables.ts imports ../staff/users.js']);
  } finally {
    text.delete('x/probe.ts');
    text.delete('x/probe-tables.ts');
    text.set('staff/tables.ts', readFileSync(path.join(SRC, 'staff/tables.ts'), 'utf8'));
  }
});

test('the core gateway and protocol know no database: a center’s core is reached by their types only (issue 17)', () => {
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
  for (const file of ['core/gateway.ts', 'core/protocol.ts', 'core/external/signing.ts']) {
    const imports = [...readFileSync(path.join(src, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    assert.deepEqual(
      imports.filter((i) => i.includes('/db/')),
      [],
      `${file} imports the database`,
    );
  }
});

test('no table outside the built-in core refers to its tables by a foreign key (an external core leaves them empty)', async () => {
  const refs = await withDatabase(
    'pglite',
    (db) =>
      db.query<{ t: string; r: string }>(
        "SELECT conrelid::regclass::text AS t, confrelid::regclass::text AS r FROM pg_constraint WHERE contype = 'f' ORDER BY 1, 2",
      ),
    { migrated: true },
  );
  const crossing = refs.filter(({ t, r }) => OWNER[r] === 'core' && OWNER[t] !== 'core').map(({ t, r }) => `${t} -> ${r}`);
  assert.ok(refs.length > 0, 'the migrated database has foreign keys');
  assert.deepEqual(crossing, [], 'refer to known_members, or keep the core’s id without a foreign key');
});
