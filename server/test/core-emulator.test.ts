/**
 * The core emulator (issue 17) as a channel sees it: signed operations over HTTP answered from the demo center, signed
 * answers, and the faults it injects on command.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sign, verify, NonceStore, type SignedHeaders } from '../src/core/external/signing.js';
import type { CoreFundAccount, CoreMember } from '../src/core/gateway.js';
import { CORE_EMULATOR_DEFAULTS, startCoreEmulator, type CoreEmulator } from '../src/emulators/core/server.js';
import { namedMembers } from '../src/core/builtin/seed/people.js';
import { freshDatabase, SEED_AS_OF, targets, testCipher, type TestDatabase } from './helpers/database.js';
import type { Database } from '../src/db/client.js';

const APP_ID = 'hpf-test-channel';
const SECRET = 'test-core-secret-0001';
const LU = namedMembers(SEED_AS_OF).find((m) => m.name === '卢青怡')!;

interface Reply {
  status: number;
  body: { result?: unknown; code?: string; message?: string };
  headers: Headers;
  raw: string;
}

async function call(
  url: string,
  op: string,
  args: Record<string, unknown>,
  opts: { secret?: string; appId?: string; nowSeconds?: number; headers?: SignedHeaders | Record<string, string> } = {},
): Promise<Reply> {
  const path = `/v1/ops/${op}`;
  const body = JSON.stringify(args);
  const headers = opts.headers ?? sign(opts.appId ?? APP_ID, opts.secret ?? SECRET, 'POST', path, body, opts.nowSeconds);
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const raw = await res.text();
  return { status: res.status, body: JSON.parse(raw) as Reply['body'], headers: res.headers, raw };
}

/** The answer's signature, checked as the product would. */
function answerVerifies(r: Reply, op: string, secret = SECRET): boolean {
  const v = verify(r.headers, 'RESPONSE', `/v1/ops/${op}`, r.raw, (id) => (id === APP_ID ? secret : undefined), new NonceStore());
  return v.ok;
}

for (const target of targets()) {
  describe(`core emulator (${target})`, () => {
    let fresh: TestDatabase;
    let database: Database;
    let emu: CoreEmulator;

    before(async () => {
      fresh = await freshDatabase(target, { seeded: true });
      database = await fresh.open();
      emu = await startCoreEmulator({ database, apps: { [APP_ID]: SECRET }, cipher: testCipher(), today: SEED_AS_OF });
    });
    after(async () => {
      await emu.close();
      await database.close();
      await fresh.cleanup();
    });

    test('answers a signed query about a demo member with a signed answer', async () => {
      const found = await call(emu.url, 'findMemberByIdNumber', { idNumber: LU.idNumber });
      assert.equal(found.status, 200);
      const member = found.body.result as CoreMember;
      assert.equal(member.name, '卢青怡');
      assert.ok(!found.raw.includes(LU.idNumber), 'the answer carries the masked ID number only');
      assert.ok(answerVerifies(found, 'findMemberByIdNumber'));

      const got = await call(emu.url, 'getMember', { memberId: member.id });
      assert.equal(got.status, 200);
      assert.deepEqual(got.body.result, member);
      assert.ok(answerVerifies(got, 'getMember'));
      assert.ok(!answerVerifies(got, 'getMember', 'another secret'));

      const account = await call(emu.url, 'getFundAccount', { memberId: member.id });
      assert.equal((account.body.result as CoreFundAccount).memberId, member.id);
      assert.deepEqual((await call(emu.url, 'getMember', { memberId: 999_999 })).body, { result: null });
      assert.equal((await call(emu.url, 'listOutlets', {})).status, 200);
    });

    test('refuses what is not signed by a known channel, and replays', async () => {
      const args = { memberId: 1 };
      const unsigned = await call(emu.url, 'getMember', args, { headers: {} });
      assert.equal(unsigned.status, 401);
      assert.equal(unsigned.body.code, 'SIGNATURE_MISSING');
      assert.ok(unsigned.body.message);

      const wrongSecret = await call(emu.url, 'getMember', args, { secret: 'not-the-secret' });
      assert.equal(wrongSecret.status, 401);
      assert.equal(wrongSecret.body.code, 'SIGNATURE_INVALID');

      const unknownApp = await call(emu.url, 'getMember', args, { appId: 'someone-else' });
      assert.equal(unknownApp.status, 401);
      assert.equal(unknownApp.body.code, 'APP_UNKNOWN');

      const old = await call(emu.url, 'getMember', args, { nowSeconds: Math.floor(Date.now() / 1000) - 600 });
      assert.equal(old.status, 401);
      assert.equal(old.body.code, 'TIMESTAMP_OUT_OF_WINDOW');

      const headers = sign(APP_ID, SECRET, 'POST', '/v1/ops/getMember', JSON.stringify(args));
      assert.equal((await call(emu.url, 'getMember', args, { headers })).status, 200);
      const replayed = await call(emu.url, 'getMember', args, { headers });
      assert.equal(replayed.status, 401);
      assert.equal(replayed.body.code, 'NONCE_REPLAYED');

      const tampered = await call(emu.url, 'getMember', { memberId: 2 }, { headers: sign(APP_ID, SECRET, 'POST', '/v1/ops/getMember', '{"memberId":1}') });
      assert.equal(tampered.status, 401);
    });

    test('answers 404 for an operation the protocol does not have', async () => {
      const r = await call(emu.url, 'dropAllTables', {});
      assert.equal(r.status, 404);
      assert.equal(r.body.code, 'OPERATION_UNKNOWN');
      assert.ok(answerVerifies(r, 'dropAllTables'));
    });

    test('a domain refusal keeps its status, code and Chinese message', async () => {
      const r = await call(emu.url, 'updateMemberProfile', { memberId: 999_999, patch: {} });
      assert.equal(r.status, 404);
      assert.equal(r.body.code, 'MEMBER_NOT_FOUND');
      assert.match(r.body.message!, /[\u4e00-\u9fa5]/);
    });

    test('is down, fails the next calls and delays on command', async () => {
      const member = { memberId: 1 };
      try {
        const set = await fetch(`${emu.url}/emulator/faults`, { method: 'POST', body: JSON.stringify({ down: true }) });
        assert.equal(set.status, 200);
        const down = await call(emu.url, 'getMember', member);
        assert.equal(down.status, 503);
        assert.equal(down.body.code, 'CORE_DOWN');
        assert.ok(answerVerifies(down, 'getMember'));

        emu.control.faults({ down: false, failNext: 2 });
        assert.equal((await call(emu.url, 'getMember', member)).status, 503);
        assert.equal((await call(emu.url, 'getMember', member)).status, 503);
        assert.equal((await call(emu.url, 'getMember', member)).status, 200);

        emu.control.faults({ delayMs: 300 });
        const started = Date.now();
        assert.equal((await call(emu.url, 'getMember', member)).status, 200);
        assert.ok(Date.now() - started >= 290);

        const bad = await fetch(`${emu.url}/emulator/faults`, { method: 'POST', body: JSON.stringify({ down: 'yes' }) });
        assert.equal(bad.status, 400);
      } finally {
        const reset = await fetch(`${emu.url}/emulator/reset`, { method: 'POST' });
        assert.equal(reset.status, 200);
      }
      assert.equal((await call(emu.url, 'getMember', member)).status, 200);
    });

    test('GET /healthz answers without a signature', async () => {
      const r = await fetch(`${emu.url}/healthz`);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { ok: true });
    });
  });
}

test('without a database it seeds its own demo center, answers with the default channel, and removes it on close', async () => {
  const emu = await startCoreEmulator({ today: SEED_AS_OF });
  try {
    const r = await call(
      emu.url,
      'findMemberByIdNumber',
      { idNumber: LU.idNumber },
      { appId: CORE_EMULATOR_DEFAULTS.appId, secret: CORE_EMULATOR_DEFAULTS.secret },
    );
    assert.equal(r.status, 200);
    assert.equal((r.body.result as CoreMember).name, '卢青怡');
  } finally {
    await emu.close();
  }
  await assert.rejects(fetch(`${emu.url}/healthz`));
});
