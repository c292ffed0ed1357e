/**
 * The external core's client (issue 17) against a small core of the test's own on a free port: what it sends (the
 * operation, the named arguments, a signature the core can check) and what it makes of each kind of answer; and the
 * sandbox's wiring of CORE_MODE=external (the core emulator started in-process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ExternalCore } from '../src/core/external/client.js';
import { NonceStore, sign, verify } from '../src/core/external/signing.js';
import { CORE_UNAVAILABLE_MESSAGE } from '../src/core/protocol.js';
import { DomainError } from '../src/shared/errors.js';
import { createLogger } from '../src/shared/logger.js';
import { startTestServer } from './helpers/server.js';
import { DEMO } from './helpers/identity.js';
import { auth, login } from './workflow-helpers.js';

const APP = 'test-app';
const SECRET = 'test-secret';

type Answer = { status: number; body: unknown; signed?: 'ok' | 'none' | 'wrong'; delayMs?: number };

/** `timeoutMs`: the client's wait; short where a test makes the core slow on purpose, long enough elsewhere for a loaded machine. */
async function fakeCore(answer: (op: string, args: Record<string, unknown>) => Answer, timeoutMs = 300) {
  const seen: { op: string; args: Record<string, unknown>; verified: boolean }[] = [];
  const nonces = new NonceStore();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const path = req.url!;
      const verified = verify(req.headers, 'POST', path, raw, (id) => (id === APP ? SECRET : undefined), nonces).ok;
      const op = path.replace('/v1/ops/', '');
      const args = JSON.parse(raw) as Record<string, unknown>;
      seen.push({ op, args, verified });
      const a = answer(op, args);
      const body = JSON.stringify(a.body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (a.signed !== 'none') Object.assign(headers, sign(APP, a.signed === 'wrong' ? 'other-secret' : SECRET, 'RESPONSE', path, body));
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(a.status, headers).end(body);
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lines: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  );
  const core = new ExternalCore({ baseUrl: url, appId: APP, secret: SECRET, timeoutMs, logger });
  return {
    core,
    seen,
    lines,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const unavailable = (err: unknown) =>
  err instanceof DomainError && err.code === 'CORE_UNAVAILABLE' && err.status === 503 && err.message === CORE_UNAVAILABLE_MESSAGE;

test('an operation is a signed POST naming its arguments with JGJ/T 320 names; the signed answer’s result comes back with the product’s', async () => {
  const entry = {
    X_MXBS: 1,
    JZRQ: '2026-01-15',
    GJHTQYWLX: 'regular_deposit',
    ZHAIYAO: '汇缴202601',
    FSE: 200_000,
    FSLXE: 0,
    YUE: 900_000,
    TQYY: null,
    TQFS: null,
    YWLSH: null,
  };
  // A first call under a loaded test run may take longer than the other tests' 300 ms: this one is about the wire, not the wait.
  const f = await fakeCore((op) => ({ status: 200, body: { result: op === 'getMember' ? null : { X_MXLB: [entry], X_ZTS: 1 } } }), 10_000);
  try {
    assert.deepEqual(await f.core.listLedger(7, { from: '2026-01-01' }, { limit: 10, offset: 0 }, 'desc'), {
      entries: [
        {
          id: 1,
          postedOn: '2026-01-15',
          businessType: 'regular_deposit',
          summary: '汇缴202601',
          amountFen: 200_000,
          interestFen: 0,
          balanceAfterFen: 900_000,
          withdrawalReason: null,
          withdrawalMethod: null,
          reference: null,
        },
      ],
      total: 1,
    });
    assert.equal(await f.core.getMember(8), null);
    assert.deepEqual(f.seen, [
      { op: 'listLedger', args: { X_GRBS: 7, X_RQFW: { X_KSRQ: '2026-01-01' }, X_FY: { X_MYTS: 10, X_PYL: 0 }, X_PX: 'desc' }, verified: true },
      { op: 'getMember', args: { X_GRBS: 8 }, verified: true },
    ]);
  } finally {
    await f.close();
  }
});

test('the core’s refusal with a code reaches the caller as it is; 5xx, a timeout, a missing or wrong signature make CORE_UNAVAILABLE', async () => {
  const answers: Record<string, Answer> = {
    '110101199003074258': { status: 409, body: { code: 'MEMBER_CLOSED', message: '账户已销户' } },
    '1': { status: 500, body: { code: 'INTERNAL', message: 'x' } },
    '2': { status: 200, body: { result: {} }, delayMs: 5000 },
    '3': { status: 200, body: { result: {} }, signed: 'none' },
    '4': { status: 200, body: { result: {} }, signed: 'wrong' },
    '5': { status: 401, body: { code: 'SIGNATURE_INVALID', message: 'bad' } },
  };
  // A 1 s wait: the slow answer (5 s) is cut off; the others, immediate, arrive within it even on a loaded machine.
  const f = await fakeCore((_op, args) => answers[String(args['ZJHM'] ?? args['X_GRBS'])]!, 1000);
  try {
    await assert.rejects(
      f.core.findMemberByIdNumber('110101199003074258'),
      (e: unknown) => e instanceof DomainError && e.code === 'MEMBER_CLOSED' && e.status === 409,
    );
    for (const id of [1, 2, 3, 4, 5]) {
      const started = Date.now();
      await assert.rejects(f.core.getFundAccount(id), unavailable, String(id));
      assert.ok(Date.now() - started < 4000, `member ${id}: within the timeout, long before the slow answer`);
    }
    await assert.rejects(f.core.post(), (e: unknown) => e instanceof DomainError && e.code === 'CORE_TRANSACTION_UNSUPPORTED');
    const log = f.lines.join('');
    assert.match(log, /timeout/);
    assert.match(log, /SIGNATURE_MISSING/);
    assert.match(log, /SIGNATURE_INVALID/);
    assert.doesNotMatch(log, /110101199003074258/);
  } finally {
    await f.close();
  }
});

test('a core that does not listen makes CORE_UNAVAILABLE at once', async () => {
  const f = await fakeCore(() => ({ status: 200, body: { result: null } }));
  const url = (f.core as unknown as { base: URL }).base.toString();
  await f.close();
  const core = new ExternalCore({ baseUrl: url, appId: APP, secret: SECRET, timeoutMs: 2000, logger: createLogger('silent') });
  const started = Date.now();
  await assert.rejects(core.listOutlets(), unavailable);
  assert.ok(Date.now() - started < 1000);
});

test('sandbox with CORE_MODE=external and no CORE_BASE_URL: the core emulator starts in-process, the server reads from it, and stops with it', async () => {
  const server = await startTestServer('pglite', { env: { CORE_MODE: 'external', CORE_CACHE_SECONDS: '0' } });
  let coreUrl: string;
  try {
    const emulator = server.emulators.core;
    assert.ok(emulator, 'the core emulator was started');
    coreUrl = emulator.url;
    assert.equal(server.coreBaseUrl, coreUrl);
    const token = await login(server, 'luQingyi');
    const member = await emulator.system.findMemberByIdNumber(DEMO.luQingyi.idNumber);
    const account = await server.json('/api/me/account', { headers: auth(token) });
    assert.equal(account.status, 200, JSON.stringify(account.body));
    assert.equal(account.body.balanceFen, (await emulator.system.getFundAccount(member!.id))!.balanceFen);
    // Every read over the wire answers exactly what the core behind it answers (dates as strings, money as numbers,
    // nothing added or dropped), for people with and without loans.
    const wire = new ExternalCore({
      baseUrl: coreUrl,
      appId: server.config.CORE_APP_ID!,
      secret: server.config.CORE_SECRET!,
      timeoutMs: 5000,
      logger: createLogger('silent'),
    });
    const direct = emulator.system;
    const range = { from: '2020-01-01', to: '2026-11-26' };
    for (const who of [DEMO.luQingyi, DEMO.duanDemei, DEMO.zhangJian]) {
      const m = (await direct.findMemberByIdNumber(who.idNumber))!;
      const same = async (what: string, a: Promise<unknown>, b: Promise<unknown>) => assert.deepStrictEqual(await a, await b, `${who.name}: ${what}`);
      await same('findMemberByIdNumber', wire.findMemberByIdNumber(who.idNumber), direct.findMemberByIdNumber(who.idNumber));
      await same('findMemberByPhone', wire.findMemberByPhone(who.phone), direct.findMemberByPhone(who.phone));
      await same('getMemberWithAccount', wire.getMemberWithAccount(m.id), direct.getMemberWithAccount(m.id));
      await same('getFundAccounts', wire.getFundAccounts([m.id]), direct.getFundAccounts!([m.id]));
      await same('getMemberOverview', wire.getMemberOverview(m.id, '2026-11-26'), direct.getMemberOverview(m.id, '2026-11-26'));
      await same('revealContact', wire.revealContact(m.id), direct.revealContact(m.id));
      await same(
        'ledgerPage',
        wire.ledgerPage(m.id, range, { limit: 50, offset: 0 }, 'desc'),
        direct.ledgerPage(m.id, range, { limit: 50, offset: 0 }, 'desc'),
      );
      await same('listLedger', wire.listLedger(m.id, {}, { limit: 20, offset: 5 }), direct.listLedger(m.id, {}, { limit: 20, offset: 5 }));
      // 004 1.3: every account of the member's (张健 has a closed one), and each one's own ledger by its number.
      const accounts = await direct.listFundAccounts(m.id);
      await same('listFundAccounts', wire.listFundAccounts(m.id), Promise.resolve(accounts));
      assert.equal(accounts.length, who === DEMO.zhangJian ? 2 : 1, who.name);
      for (const a of accounts) {
        await same(
          `ledgerPage of ${a.accountNo}`,
          wire.ledgerPage(m.id, {}, { limit: 10, offset: 0 }, 'asc', a.accountNo),
          direct.ledgerPage(m.id, {}, { limit: 10, offset: 0 }, 'asc', a.accountNo),
        );
      }
      await same('sumLedger', wire.sumLedger(m.id, range), direct.sumLedger(m.id, range));
      await same('ledgerYearSpan', wire.ledgerYearSpan(m.id), direct.ledgerYearSpan(m.id));
      await same('listLoanProgress', wire.listLoanProgress(m.id), direct.listLoanProgress(m.id));
      await same('listCounterRegistrations', wire.listCounterRegistrations(m.id), direct.listCounterRegistrations(m.id));
      const loans = await direct.listLoans(m.id);
      await same('listLoans', wire.listLoans(m.id), Promise.resolve(loans));
      for (const loan of loans) {
        await same('listRepayments', wire.listRepayments(loan.id, {}), direct.listRepayments(loan.id, {}));
        await same('listPlan', wire.listPlan(loan.id, range), direct.listPlan(loan.id, range));
        await same('listOverdue', wire.listOverdue(loan.id), direct.listOverdue(loan.id));
      }
    }
    assert.equal(await wire.getMember(987_654), null);
    assert.equal(await wire.findMemberByIdNumber('110101199003070000'), null);
    assert.deepStrictEqual(await wire.listOutlets(), await direct.listOutlets());
    assert.deepStrictEqual(await wire.listHousingProjects('城'), await direct.listHousingProjects('城'));
    assert.deepStrictEqual(await wire.listInterestRates(), await direct.listInterestRates());
    const month = { from: '2026-11-26' as const, to: '2026-12-31' as const };
    assert.deepStrictEqual(await wire.listUnpaidInstalments(month), await direct.listUnpaidInstalments!(month));

    // Only the queries: the event feed's background reads must not use the failure up.
    emulator.control.faults({ failNext: 1, only: ['getMemberWithAccount', 'getFundAccount', 'getMember'] });
    assert.equal((await server.json('/api/me/account', { headers: auth(token) })).body.code, 'CORE_UNAVAILABLE');
  } finally {
    await server.close();
  }
  await assert.rejects(fetch(`${coreUrl}/healthz`), 'closed with the server');
});
