/**
 * Issue 16.3: the withdrawal kinds have one house. Each is a file under withdrawals/kinds/, catalog.ts registers them
 * from one ordered list, and README's “Adding a withdrawal kind” names the same files and keys: a kind file not
 * registered, not documented, without its 须知, or with a key or code another kind has, fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CoreGateway } from '../src/core/gateway.js';
import type { Database } from '../src/db/client.js';
import { registerWithdrawalKinds, WITHDRAWAL_KINDS } from '../src/withdrawals/catalog.js';
import type { RuleDeps } from '../src/withdrawals/rules.js';
import { KindRegistry, NODE_LABELS, type ApplicationKind } from '../src/workflow/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const KINDS_DIR = path.resolve(HERE, '../src/withdrawals/kinds');
const MIGRATIONS = path.resolve(HERE, '../src/db/migrations');
const README = readFileSync(path.resolve(HERE, '../../README.md'), 'utf8');

/** Building a kind touches neither the core nor the database: they are used when a member asks. */
const deps: RuleDeps = { core: {} as CoreGateway, database: {} as Database };

const isKind = (x: unknown): x is ApplicationKind =>
  !!x &&
  typeof x === 'object' &&
  typeof (x as ApplicationKind).key === 'string' &&
  typeof (x as ApplicationKind).code === 'string' &&
  Array.isArray((x as ApplicationKind).nodes);

type Factory = (deps: RuleDeps) => unknown;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every file of kinds/ with the kind factories it exports (an exported function that, given the deps, returns a kind). */
async function kindFiles(): Promise<{ file: string; factories: Factory[] }[]> {
  const files = readdirSync(KINDS_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const found = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(KINDS_DIR, file)).href)) as Record<string, unknown>;
    const factories = Object.values(module).filter((value): value is Factory => {
      if (typeof value !== 'function') return false;
      try {
        const made: unknown = value(deps);
        // A helper that is async (prepareClosing …) fails on the stub deps later: that is not a kind.
        if (made instanceof Promise) made.catch(() => undefined);
        return isKind(made);
      } catch {
        return false;
      }
    });
    found.push({ file, factories });
  }
  return found;
}

/** README's section, up to the next second-level heading. */
function readmeSection(): string {
  const start = README.indexOf('\n## Adding a withdrawal kind\n');
  assert.ok(start >= 0, 'README has a section “Adding a withdrawal kind”');
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

const nodesText = (k: ApplicationKind) => `${k.autoApprove ? '系统' : ''}${k.nodes.map((n) => NODE_LABELS[n]).join(' → ')}`;

test('every file under withdrawals/kinds/ that makes a kind is in catalog.ts’s list, once, and is named after its key', async () => {
  const listed = new Set<Factory>(WITHDRAWAL_KINDS);
  assert.equal(listed.size, WITHDRAWAL_KINDS.length, 'a factory listed twice in WITHDRAWAL_KINDS');
  const files = await kindFiles();
  for (const { file, factories } of files) {
    assert.ok(factories.length <= 1, `${file} makes ${factories.length} kinds: one file a kind`);
    for (const factory of factories) {
      assert.ok(listed.has(factory), `${file}: ${factory.name} is not in WITHDRAWAL_KINDS (withdrawals/catalog.ts)`);
      assert.equal(file, `${kebab((factory(deps) as ApplicationKind).key)}.ts`, `${factory.name}: the file is named after the kind's key`);
    }
  }
  const inFiles = new Set(files.flatMap((f) => f.factories));
  for (const factory of WITHDRAWAL_KINDS) assert.ok(inFiles.has(factory), `${factory.name} is listed but not exported by a file under kinds/`);
});

test('the registered withdrawal kinds have distinct keys and codes, in 002’s order, and the registry refuses a repeated key or code', () => {
  const registry = new KindRegistry();
  registerWithdrawalKinds(registry, deps);
  const kinds = registry.list('withdrawal');
  // 002's list first; a kind added later comes after it.
  assert.deepEqual(
    kinds.slice(0, 12).map((k) => k.code),
    ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'C13'],
  );
  assert.equal(new Set(kinds.map((k) => k.key)).size, kinds.length, 'keys');
  assert.equal(new Set(kinds.map((k) => k.code)).size, kinds.length, 'codes');

  const [first] = kinds;
  assert.throws(() => registry.register(first!), /registered twice/);
  assert.throws(() => registry.register({ ...first!, key: 'anotherKey' }), /same code C1/);
});

test('README’s “Adding a withdrawal kind” lists the kind files, keys, codes and review nodes of the folder, and its shared modules', async () => {
  const section = readmeSection();
  const rows = [...section.matchAll(/^\| (C\d+) \| [^|]+ \| `(\w+)` \| `kinds\/([\w-]+\.ts)` \| ([^|]+) \|$/gm)].map(([, code, key, file, nodes]) => ({
    code,
    key,
    file,
    nodes: nodes!.trim(),
  }));
  const kinds = WITHDRAWAL_KINDS.map((make) => make(deps));
  assert.deepEqual(
    rows,
    kinds.map((k) => ({ code: k.code, key: k.key, file: `${kebab(k.key)}.ts`, nodes: nodesText(k) })),
    'one row a registered kind, in catalog.ts’s order',
  );
  for (const { file, factories } of await kindFiles()) {
    if (factories.length === 0) assert.ok(section.includes(`\`kinds/${file}\``), `README’s section names the shared module kinds/${file}`);
  }
});

test('every registered withdrawal kind has its 须知 row in business_guides, inserted by a migration', () => {
  const sql = readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => readFileSync(path.join(MIGRATIONS, f), 'utf8'))
    .filter((text) => /INSERT INTO business_guides/i.test(text))
    .join('\n');
  const missing = WITHDRAWAL_KINDS.map((make) => make(deps).key).filter((key) => !sql.includes(`('${key}',`));
  assert.deepEqual(missing, [], 'a migration inserts each kind’s 须知 (README: “Adding a withdrawal kind”, step 7)');
});
