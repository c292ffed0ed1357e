import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, describeConfig, loadConfig, SANDBOX_DEFAULTS } from '../src/config.js';
import { overdueLimits } from '../src/review/overdue.js';
import { CORE_EMULATOR_DEFAULTS } from '../src/emulators/core/server.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts');

test('defaults give a sandbox server on port 3000 with PGlite in ./data', () => {
  const c = loadConfig({});
  assert.equal(c.APP_MODE, 'sandbox');
  assert.equal(c.PORT, 3000);
  assert.equal(c.DATA_DIR, './data');
  assert.equal(c.DATABASE_URL, undefined);
  assert.equal(c.dataKey.length, 32);
  assert.ok(Object.isFrozen(c));
});

test('each wrong value is reported with the name of its variable', () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ APP_MODE: 'prod' }, 'APP_MODE'],
    [{ DATA_KEY: Buffer.alloc(16).toString('base64') }, 'DATA_KEY'],
    [{ APP_MODE: 'production' }, 'DATA_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES'],
    [{ REVIEW_OVERDUE_HOURS: '0' }, 'REVIEW_OVERDUE_HOURS'],
    [{ REVIEW_OVERDUE_HOURS_BY_NODE: '初审=24' }, 'REVIEW_OVERDUE_HOURS_BY_NODE'],
    [{ REVIEW_OVERDUE_HOURS_BY_NODE: 'final=0' }, 'REVIEW_OVERDUE_HOURS_BY_NODE'],
  ];
  for (const [env, name] of cases) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith(`${name}:`)),
      name,
    );
  }
});

test('production needs every secret named, and then starts with them', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const err = (() => {
    try {
      loadConfig({ APP_MODE: 'production', DATA_KEY: key });
    } catch (e) {
      return e as ConfigError;
    }
  })();
  assert.ok(err instanceof ConfigError);
  for (const name of Object.keys(SANDBOX_DEFAULTS))
    assert.ok(
      err.problems.some((p) => p.startsWith(`${name}:`)),
      name,
    );
  const full = Object.fromEntries(Object.keys(SANDBOX_DEFAULTS).map((k) => [k, k === 'WECHAT_ENCODING_AES_KEY' ? 'k'.repeat(43) : `prod-${k}`]));
  const c = loadConfig({ APP_MODE: 'production', DATA_KEY: key, ...full });
  assert.deepEqual(c.dataKey, Buffer.alloc(32, 7));
  assert.equal(c.WECHAT_APP_SECRET, 'prod-WECHAT_APP_SECRET');
});

test('sandbox fills the WeChat and Tencent Cloud settings with the emulators’ demo values', () => {
  const c = loadConfig({});
  for (const [k, v] of Object.entries(SANDBOX_DEFAULTS)) assert.equal(c[k as keyof typeof SANDBOX_DEFAULTS], v);
  assert.equal(c.WECHAT_ENCODING_AES_KEY.length, 43);
});

test('the review overdue limit is 48 hours at every node unless configured, per node where given', () => {
  // Every node, D4's loan nodes (受理/审批/签约/放款) included.
  const loanNodes = (h: number) => ({ acceptance: h, approval: h, signing: h, disbursement: h });
  assert.deepEqual(overdueLimits(loadConfig({}).REVIEW_OVERDUE_HOURS), { first: 48, second: 48, final: 48, ...loanNodes(48) });
  const c = loadConfig({ REVIEW_OVERDUE_HOURS: '24', REVIEW_OVERDUE_HOURS_BY_NODE: 'final=72, second=36, disbursement=8' });
  assert.deepEqual(overdueLimits(c.REVIEW_OVERDUE_HOURS, c.REVIEW_OVERDUE_HOURS_BY_NODE), {
    first: 24,
    second: 36,
    final: 72,
    ...loanNodes(24),
    disbursement: 8,
  });
});

test('the core is the built-in one unless CORE_MODE=external; production then needs the core’s URL, app id and secret, named', () => {
  const c = loadConfig({});
  assert.equal(c.CORE_MODE, 'builtin');
  assert.equal(c.CORE_TIMEOUT_MS, 3000);
  assert.equal(c.CORE_BASE_URL, undefined);
  // Sandbox: the core emulator's demo app, so that CORE_MODE=external alone runs against the emulator.
  assert.equal(c.CORE_APP_ID, CORE_EMULATOR_DEFAULTS.appId);
  assert.equal(c.CORE_SECRET, CORE_EMULATOR_DEFAULTS.secret);
  assert.equal(loadConfig({ CORE_MODE: 'external' }).CORE_MODE, 'external');
  for (const [env, name] of [
    [{ CORE_MODE: 'remote' }, 'CORE_MODE'],
    [{ CORE_BASE_URL: 'core.internal:8080' }, 'CORE_BASE_URL'],
    [{ CORE_TIMEOUT_MS: '10' }, 'CORE_TIMEOUT_MS'],
  ] as const)
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.startsWith(`${name}:`)),
      name,
    );

  const production = {
    APP_MODE: 'production',
    DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...Object.fromEntries(Object.keys(SANDBOX_DEFAULTS).map((k) => [k, k === 'WECHAT_ENCODING_AES_KEY' ? 'k'.repeat(43) : `prod-${k}`])),
  };
  // Built-in core in production: none of the core's settings is needed (and no demo secret is filled in).
  const builtin = loadConfig(production);
  assert.equal(builtin.CORE_SECRET, undefined);
  const err = (() => {
    try {
      loadConfig({ ...production, CORE_MODE: 'external' });
    } catch (e) {
      return e as ConfigError;
    }
  })();
  assert.ok(err instanceof ConfigError);
  for (const name of ['CORE_BASE_URL', 'CORE_APP_ID', 'CORE_SECRET'])
    assert.ok(
      err.problems.some((p) => p.startsWith(`${name}: is required in production with CORE_MODE=external`)),
      name,
    );
  const external = loadConfig({
    ...production,
    CORE_MODE: 'external',
    CORE_BASE_URL: 'https://core.example.gov.cn',
    CORE_APP_ID: 'hpf',
    CORE_SECRET: 's3cret',
  });
  assert.equal(external.CORE_BASE_URL, 'https://core.example.gov.cn');
  assert.equal(external.CORE_SECRET, 's3cret');
});

test('every variable is described for the README table', () => {
  for (const row of describeConfig()) assert.ok(row.description.length > 10, row.name);
});

test('a wrong value stops the real start with a message naming the variable and exit code 2', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /PORT/);
  assert.doesNotMatch(r.stdout, /running/);
});
