/**
 * The core emulator (issue 17) as a channel sees it: signed operations over HTTP answered from the demo center, signed
 * answers, and the faults it injects on command.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign, verify, NonceStore, type SignedHeaders } from '../src/core/external/signing.js';
import type { CoreFundAccount, CoreLoan, CoreMember, LedgerEntry, LoanRepayment } from '../src/core/gateway.js';
import { OPERATION_ARGS } from '../src/emulators/core/args.js';
import { fromWire, toWire, unmappedAnswerKeys, wireDictionary } from '../src/core/external/wire-codec.js';
import { withWireNames } from '../src/core/external/wire-doc.js';
import { OPERATION_RESULTS, WIRE_NAME_PATTERN, WIRE_RECORDS } from '../src/core/external/wire-names.js';
import {
  CORE_OPERATIONS,
  type CoreOperation,
  type BusinessResult,
  type CoreEvent,
  type EventPage,
  type LoanDisbursementRequest,
  type LoanRepaymentRequest,
  type WithdrawalRequest,
} from '../src/core/protocol.js';
import type { Fen } from '../src/shared/money.js';
import { CORE_EMULATOR_DEFAULTS, startCoreEmulator, type CoreEmulator, type NewCoreEvent } from '../src/emulators/core/server.js';
import { namedMembers } from '../src/core/builtin/seed/people.js';
import { freshDatabase, SEED_AS_OF, targets, testCipher, type TestDatabase } from './helpers/database.js';
import type { Database } from '../src/db/client.js';
import { dataDirOwner } from '../src/db/data-lock.js';

const APP_ID = 'hpf-test-channel';
const SECRET = 'test-core-secret-0001';
const LU = namedMembers(SEED_AS_OF).find((m) => m.name === '卢青怡')!;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
};
interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    {
      post?: {
        requestBody: { content: { 'application/json': { schema: JsonSchema } } };
        responses: Record<string, { $ref?: string; content?: { 'application/json': { schema: JsonSchema } } }>;
      };
    }
  >;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    parameters: Record<string, unknown>;
    headers: Record<string, unknown>;
  };
}
const OPENAPI = JSON.parse(readFileSync(path.join(ROOT, 'server/src/core/external/core-api.openapi.json'), 'utf8')) as OpenApi;

/** What in `value` the document's schema does not allow (the subset of JSON Schema the document uses). */
function problems(schema: JsonSchema, value: unknown, at = '$'): string[] {
  if (schema.$ref) return problems(OPENAPI.components.schemas[schema.$ref.replace('#/components/schemas/', '')]!, value, at);
  if (schema.oneOf) {
    const fits = schema.oneOf.filter((s) => problems(s, value, at).length === 0).length;
    return fits === 1 ? [] : [`${at}: fits ${fits} of oneOf`];
  }
  if ('const' in schema && value !== schema.const) return [`${at}: not ${String(schema.const)}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${String(value)} not in enum`];
  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type);
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length && !types.includes(kind) && !(kind === 'integer' && types.includes('number'))) return [`${at}: ${kind} is not ${types.join('|')}`];
  if (kind === 'array' && schema.items) return (value as unknown[]).flatMap((v, i) => problems(schema.items!, v, `${at}[${i}]`));
  if (kind === 'object' && schema.properties) {
    const o = value as Record<string, unknown>;
    return [
      ...(schema.required ?? []).filter((k) => !(k in o)).map((k) => `${at}.${k}: missing`),
      ...Object.keys(o)
        .filter((k) => !(k in schema.properties!) && schema.additionalProperties === false)
        .map((k) => `${at}.${k}: not in the document`),
      ...Object.entries(o).flatMap(([k, v]) => (schema.properties![k] ? problems(schema.properties![k], v, `${at}.${k}`) : [])),
    ];
  }
  return [];
}

/** The answer of an operation checked against the document's 200 schema, as it came over the wire. */
function conforms(op: string, r: { status: number; wire: unknown }): void {
  assert.equal(r.status, 200, op);
  const schema = OPENAPI.paths[`/v1/ops/${op}`]!.post!.responses['200']!.content!['application/json'].schema;
  assert.deepEqual(problems(schema, r.wire), [], op);
}

interface Reply {
  status: number;
  /** The answer with the product's names (decoded with the dictionary, as the external client reads it). */
  body: { result?: unknown; code?: string; message?: string };
  /** The answer as sent, with the wire's JGJ/T 320 names. */
  wire: { result?: unknown; code?: string; message?: string };
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
  const body = JSON.stringify(toWire(args, 'Arguments'));
  const headers = opts.headers ?? sign(opts.appId ?? APP_ID, opts.secret ?? SECRET, 'POST', path, body, opts.nowSeconds);
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const raw = await res.text();
  const wire = JSON.parse(raw) as Reply['wire'];
  const record = Object.hasOwn(OPERATION_RESULTS, op) ? OPERATION_RESULTS[op as CoreOperation] : null;
  const decoded = 'result' in wire ? { ...wire, result: fromWire(wire.result, record) } : wire;
  return { status: res.status, body: decoded, wire, headers: res.headers, raw };
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

      const headers = sign(APP_ID, SECRET, 'POST', '/v1/ops/getMember', JSON.stringify(toWire(args, 'Arguments')));
      assert.equal((await call(emu.url, 'getMember', args, { headers })).status, 200);
      const replayed = await call(emu.url, 'getMember', args, { headers });
      assert.equal(replayed.status, 401);
      assert.equal(replayed.body.code, 'NONCE_REPLAYED');

      const tampered = await call(emu.url, 'getMember', { memberId: 2 }, { headers: sign(APP_ID, SECRET, 'POST', '/v1/ops/getMember', '{"X_GRBS":1}') });
      assert.equal(tampered.status, 401);
    });

    test('answers 404 for an operation the protocol does not have', async () => {
      const r = await call(emu.url, 'dropAllTables', {});
      assert.equal(r.status, 404);
      assert.equal(r.body.code, 'OPERATION_UNKNOWN');
      assert.ok(answerVerifies(r, 'dropAllTables'));
    });

    test('refuses malformed arguments as the caller’s error', async () => {
      for (const [op, args] of [
        ['getMember', { memberId: 'one' }],
        ['getMember', {}],
        ['listLedger', { memberId: 1, range: { from: '2026/01/01' }, page: { limit: 10, offset: 0 } }],
        ['updatePhone', { memberId: 1, phone: '12345' }],
        ['listEvents', { after: -1, limit: 10 }],
      ] as const) {
        const r = await call(emu.url, op, args);
        assert.equal(r.status, 400, `${op} ${JSON.stringify(args)}`);
        assert.equal(r.body.code, 'INVALID_ARGUMENT');
        assert.match(r.body.message!, /^请求参数有误/);
      }
      const notJson = await fetch(`${emu.url}/v1/ops/getMember`, {
        method: 'POST',
        headers: { ...sign(APP_ID, SECRET, 'POST', '/v1/ops/getMember', '[1]') },
        body: '[1]',
      });
      assert.equal(notJson.status, 400);
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

    const lu = async () => (await call(emu.url, 'findMemberByIdNumber', { idNumber: LU.idNumber })).body.result as CoreMember;
    const account = async (memberId: number) => (await call(emu.url, 'getFundAccount', { memberId })).body.result as CoreFundAccount;
    const eventsAfter = async (after: number) => {
      const r = await call(emu.url, 'listEvents', { after, limit: 100 });
      assert.equal(r.status, 200);
      assert.ok(answerVerifies(r, 'listEvents'));
      return r.body.result as EventPage;
    };
    const cursor = async () => {
      let page = await eventsAfter(0);
      while (page.events.length) page = await eventsAfter(page.next);
      return page.next;
    };
    const withdrawal = (memberId: number, serial: string, amountFen: number, more: Partial<WithdrawalRequest> = {}): WithdrawalRequest => ({
      serial,
      type: 'withdrawal',
      memberId,
      business: '租房提取',
      channel: 'mini-program',
      postings: [
        {
          memberId,
          postedOn: SEED_AS_OF,
          businessType: 'partial_withdrawal',
          summary: '租房提取',
          amountFen: -amountFen,
          withdrawalReason: '07',
          withdrawalMethod: '转账',
          reference: serial,
        },
      ],
      ...more,
    });
    const postingsOf = async (memberId: number, serial: string) => {
      const r = await call(emu.url, 'listLedger', { memberId, range: {}, page: { limit: 1000, offset: 0 }, order: 'desc' });
      return (r.body.result as { entries: LedgerEntry[] }).entries.filter((e) => e.reference === serial);
    };

    test('executes a withdrawal once per serial number, however often and however simultaneously it is submitted', async () => {
      const member = await lu();
      const before = (await account(member.id)).balanceFen;
      const since = await cursor();

      const first = await call(emu.url, 'submitBusiness', { request: withdrawal(member.id, 'T-WD-0001', 12_345) });
      assert.equal(first.status, 200);
      assert.ok(answerVerifies(first, 'submitBusiness'));
      const result = first.body.result as BusinessResult;
      assert.equal(result.status, 'done');
      assert.equal(result.serial, 'T-WD-0001');
      assert.match(result.doneAt!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      assert.equal(result.entries!.length, 1);
      assert.equal(result.entries![0]!.amountFen, -12_345);
      assert.equal(result.entries![0]!.balanceAfterFen, before - 12_345);

      const again = await call(emu.url, 'submitBusiness', { request: withdrawal(member.id, 'T-WD-0001', 12_345) });
      assert.deepEqual(again.body.result, result);
      assert.deepEqual((await call(emu.url, 'businessStatus', { serial: 'T-WD-0001' })).body.result, result);

      const together = await Promise.all([1, 2, 3].map(() => call(emu.url, 'submitBusiness', { request: withdrawal(member.id, 'T-WD-0002', 10_000) })));
      assert.deepEqual(
        together.map((r) => r.status),
        [200, 200, 200],
      );
      assert.deepEqual(together[1]!.body.result, together[0]!.body.result);
      assert.deepEqual(together[2]!.body.result, together[0]!.body.result);
      assert.equal((together[0]!.body.result as BusinessResult).status, 'done');

      assert.equal((await postingsOf(member.id, 'T-WD-0001')).length, 1);
      assert.equal((await postingsOf(member.id, 'T-WD-0002')).length, 1);
      assert.equal((await account(member.id)).balanceFen, before - 12_345 - 10_000);

      const progress = (await eventsAfter(since)).events.filter((e) => e.type === 'business_progress');
      assert.deepEqual(
        progress.map((e) => [e.memberId, e.channel, e.data.serial, e.data.step, e.data.done]),
        [
          [member.id, 'mini-program', 'T-WD-0001', '办结', true],
          [member.id, 'mini-program', 'T-WD-0002', '办结', true],
        ],
      );
      assert.deepEqual((await call(emu.url, 'businessStatus', { serial: 'T-NEVER-SENT' })).body, { result: null });
    });

    test('refuses a withdrawal larger than the balance with its code and a Chinese reason, and books nothing', async () => {
      const member = await lu();
      const before = (await account(member.id)).balanceFen;
      const r = await call(emu.url, 'submitBusiness', { request: withdrawal(member.id, 'T-WD-0003', before + 1) });
      assert.equal(r.status, 200);
      const result = r.body.result as BusinessResult;
      assert.equal(result.status, 'refused');
      assert.equal(result.code, 'INSUFFICIENT_BALANCE');
      assert.match(result.reason!, /余额不足/);
      assert.equal(result.entries, undefined);
      assert.equal((await account(member.id)).balanceFen, before);
      assert.deepEqual((await call(emu.url, 'submitBusiness', { request: withdrawal(member.id, 'T-WD-0003', 1) })).body.result, result);
      assert.deepEqual((await call(emu.url, 'businessStatus', { serial: 'T-WD-0003' })).body.result, result);
      assert.deepEqual(await postingsOf(member.id, 'T-WD-0003'), []);

      const malformed = await call(emu.url, 'submitBusiness', { request: { serial: 'T-WD-0004', type: 'withdrawal' } });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.code, 'INVALID_BUSINESS_REQUEST');
    });

    test('a 销户提取 empties and closes the account in one transaction, or does neither', async () => {
      const member = (await call(emu.url, 'findMemberByIdNumber', { idNumber: namedMembers(SEED_AS_OF).find((m) => m.name === '李国强')!.idNumber })).body
        .result as CoreMember;
      const balance = (await account(member.id)).balanceFen;
      const close = (serial: string, amountFen: number) =>
        withdrawal(member.id, serial, amountFen, {
          business: '离职提取',
          postings: [{ ...withdrawal(member.id, serial, amountFen).postings[0]!, businessType: 'closing_withdrawal', summary: '销户提取' }],
          closeAccountOn: SEED_AS_OF,
        });
      const notEmpty = (await call(emu.url, 'submitBusiness', { request: close('T-CL-0001', balance - 1) })).body.result as BusinessResult;
      assert.equal(notEmpty.status, 'refused');
      assert.equal(notEmpty.code, 'ACCOUNT_NOT_EMPTY');
      assert.equal((await account(member.id)).balanceFen, balance, 'the posting was undone with the refused 销户');

      const closed = (await call(emu.url, 'submitBusiness', { request: close('T-CL-0002', balance) })).body.result as BusinessResult;
      assert.equal(closed.status, 'done');
      const after = await account(member.id);
      assert.equal(after.balanceFen, 0);
      assert.equal(after.status, 'closed');
      assert.equal(after.closedOn, SEED_AS_OF);
    });

    test('a loan repayment (D1, D3, C12) is checked against the loan the trial saw, booked once, and refused as a whole', async () => {
      const member = (await call(emu.url, 'findMemberByIdNumber', { idNumber: namedMembers(SEED_AS_OF).find((m) => m.name === '段德梅')!.idNumber })).body
        .result as CoreMember;
      const loanOf = async () => ((await call(emu.url, 'listLoans', { memberId: member.id })).body.result as CoreLoan[]).find((l) => l.role === 'borrower')!;
      const repaymentsOf = async (loanId: number, serial: string) =>
        ((await call(emu.url, 'listRepayments', { loanId, range: {} })).body.result as LoanRepayment[]).filter((r) => r.reference?.startsWith(serial));
      const loan = await loanOf();
      const fund = (await account(member.id)).balanceFen;
      const request = (serial: string, principalFen: number, more: Partial<LoanRepaymentRequest> = {}): LoanRepaymentRequest => ({
        serial,
        type: 'loan_repayment',
        memberId: member.id,
        business: '提前结清',
        channel: 'app',
        loanId: loan.id,
        expected: { balanceFen: loan.balanceFen, periodsPaid: loan.periodsPaid },
        postings: [
          {
            memberId: member.id,
            postedOn: SEED_AS_OF,
            businessType: 'withdrawal_repay',
            summary: '公积金提取还款（提前结清）',
            amountFen: -10_000,
            withdrawalReason: '06',
            withdrawalMethod: '冲还贷',
            reference: serial,
          },
        ],
        repayments: [{ paidOn: SEED_AS_OF, kind: 'prepayment', period: null, principalFen, interestFen: 0, reference: serial }],
        ...more,
      });
      assert.deepEqual(
        problems({ $ref: '#/components/schemas/BusinessRequest' }, toWire(request('T-LR-0000', 1), 'BusinessRequest')),
        [],
        'the request is as documented',
      );

      const changed = await call(emu.url, 'submitBusiness', {
        request: request('T-LR-0001', 10_000, { expected: { balanceFen: loan.balanceFen + 1, periodsPaid: loan.periodsPaid } }),
      });
      conforms('submitBusiness', changed);
      assert.ok(answerVerifies(changed, 'submitBusiness'));
      assert.deepEqual(
        [(changed.body.result as BusinessResult).status, (changed.body.result as BusinessResult).code, (changed.body.result as BusinessResult).reason],
        ['refused', 'LOAN_CHANGED', '贷款余额已发生变化，请重新试算后申请'],
      );

      const done = await call(emu.url, 'submitBusiness', { request: request('T-LR-0002', 10_000) });
      conforms('submitBusiness', done);
      const result = done.body.result as BusinessResult;
      assert.equal(result.status, 'done', JSON.stringify(result));
      assert.equal(result.type, 'loan_repayment');
      assert.deepEqual(
        result.entries!.map((e) => [e.amountFen, e.reference]),
        [[-10_000, 'T-LR-0002']],
      );
      assert.deepEqual((await call(emu.url, 'submitBusiness', { request: request('T-LR-0002', 10_000) })).body.result, result, 'a repeat books nothing');
      assert.deepEqual(
        (await repaymentsOf(loan.id, 'T-LR-0002')).map((r) => [r.kind, r.principalFen, r.balanceAfterFen]),
        [['prepayment', 10_000, loan.balanceFen - 10_000]],
      );
      assert.equal((await loanOf()).balanceFen, loan.balanceFen - 10_000);
      assert.equal((await account(member.id)).balanceFen, fund - 10_000);

      // More than the balance (and a settlement that does not settle): refused, the withdrawal undone with it.
      const after = { balanceFen: loan.balanceFen - 10_000, periodsPaid: loan.periodsPaid };
      const overpaid = (await call(emu.url, 'submitBusiness', { request: request('T-LR-0003', after.balanceFen + 1, { expected: after }) })).body
        .result as BusinessResult;
      assert.equal(overpaid.code, 'LOAN_OVERPAID');
      const short = (await call(emu.url, 'submitBusiness', { request: request('T-LR-0004', 1, { expected: after, settles: true }) })).body
        .result as BusinessResult;
      assert.equal(short.code, 'LOAN_NOT_SETTLED');
      assert.deepEqual(await repaymentsOf(loan.id, 'T-LR-0003'), []);
      assert.deepEqual(await repaymentsOf(loan.id, 'T-LR-0004'), []);
      assert.equal((await account(member.id)).balanceFen, fund - 10_000);
      assert.equal((await loanOf()).balanceFen, after.balanceFen);
    });

    test('a deposit made at the core raises the balance and shows once in the event feed', async () => {
      const member = await lu();
      const before = await account(member.id);
      const since = await cursor();
      const res = await fetch(`${emu.url}/emulator/deposit`, {
        method: 'POST',
        body: JSON.stringify({ memberId: member.id, month: '202612', amountFen: 222_000 }),
      });
      assert.equal(res.status, 200);
      const { event } = (await res.json()) as { event: CoreEvent };
      const after = await account(member.id);
      assert.equal(after.balanceFen, before.balanceFen + 222_000);
      assert.equal(after.paidUpTo, '202612');

      const page = await eventsAfter(since);
      assert.deepEqual(page.events, [event]);
      assert.equal(page.next, event.id);
      assert.equal(event.type, 'deposit');
      assert.deepEqual(event.data, { month: '202612', amountFen: 222_000, balanceAfterFen: after.balanceFen });
      assert.match(event.occurredAt, /\+08:00$/);
      assert.deepEqual((await eventsAfter(page.next)).events, []);

      const ledger = await call(emu.url, 'listLedger', { memberId: member.id, range: { from: SEED_AS_OF }, page: { limit: 5, offset: 0 }, order: 'desc' });
      assert.ok((ledger.body.result as { entries: LedgerEntry[] }).entries.some((e) => e.summary === '汇缴202612' && e.businessType === 'regular_deposit'));

      const bad = await fetch(`${emu.url}/emulator/deposit`, { method: 'POST', body: JSON.stringify({ memberId: member.id, month: '2026-12', amountFen: 1 }) });
      assert.equal(bad.status, 400);
    });

    test('records any event of the feed given to it, each eventId once', async () => {
      const member = await lu();
      const since = await cursor();
      const counter = {
        type: 'business_progress',
        eventId: 'counter-2026-0001-accepted',
        memberId: member.id,
        channel: 'counter',
        occurredAt: '2026-11-20T09:30:00+08:00',
        data: { serial: 'GT20261120001', business: '购房提取', step: '受理', stepNo: 1, done: false },
      };
      const add = (e: unknown) => fetch(`${emu.url}/emulator/events`, { method: 'POST', body: JSON.stringify(e) });
      const first = (await (await add(counter)).json()) as { event: CoreEvent };
      const repeat = (await (await add(counter)).json()) as { event: CoreEvent };
      assert.deepEqual(repeat, first);
      assert.equal(first.event.occurredAt, '2026-11-20T09:30:00+08:00');
      const overdue = await emu.control.addEvent({
        type: 'overdue',
        memberId: member.id,
        data: { contractNo: 'X-1', period: 3, amountFen: 100 as Fen, overdueDays: 5 },
      });
      assert.equal(overdue.channel, 'counter');
      assert.equal((await eventsAfter(since)).events.length, 2);
      assert.equal((await add({ ...counter, type: 'earthquake' })).status, 400);
      assert.equal((await add({ ...counter, eventId: 'x-2', memberId: 999_999 })).status, 404);
    });

    test('delivers events twice and out of order on command, the cursor unchanged', async () => {
      const member = await lu();
      const since = await cursor();
      const made: CoreEvent[] = [];
      for (const month of ['202701', '202702', '202703']) made.push(await emu.control.deposit(member.id, { month, amountFen: 1000 }));
      try {
        emu.control.faults({ duplicateEvents: true });
        const twice = await eventsAfter(since);
        assert.deepEqual(
          twice.events.map((e) => e.eventId),
          made.flatMap((e) => [e.eventId, e.eventId]),
        );
        assert.equal(twice.next, made[2]!.id);

        emu.control.faults({ duplicateEvents: false, reorderEvents: true });
        const reversed = await eventsAfter(since);
        assert.deepEqual(reversed.events, [...made].reverse());
        assert.equal(reversed.next, made[2]!.id);
      } finally {
        emu.control.reset();
      }
      assert.deepEqual((await eventsAfter(since)).events, made);
    });

    /** D4 放款 of a small loan: one period. */
    const disbursement = (memberId: number, serial: string): LoanDisbursementRequest => ({
      serial,
      type: 'loan_disbursement',
      memberId,
      business: '个人住房公积金贷款发放',
      channel: 'mini-program',
      loan: {
        borrowerMemberId: memberId,
        coBorrowerMemberId: null,
        principalFen: 100_000,
        annualRatePercent: 2.85,
        months: 1,
        method: 'equal-installment',
        issuedOn: SEED_AS_OF,
        repaymentDay: 26,
        repaymentBank: '中国建设银行',
        repaymentAccountNo: '6217002870055566671',
        houseAddress: '丽江市古城区金山街道玉缘路18号',
        applicationNo: serial,
        plan: [
          { period: 1, dueOn: '2027-01-26', principalFen: 100_000 as Fen, interestFen: 237 as Fen, paymentFen: 100_237 as Fen, balanceAfterFen: 0 as Fen },
        ],
      },
    });

    test('books a loan (放款) once per serial with its plan, answers the contract it made, and records loan_disbursed', async () => {
      const member = await lu();
      const since = await cursor();
      const [first, again] = await Promise.all([1, 2].map(() => call(emu.url, 'submitBusiness', { request: disbursement(member.id, 'T-LN-0001') })));
      const made = first!.body.result as BusinessResult;
      assert.equal(made.status, 'done', JSON.stringify(made));
      assert.deepEqual(again!.body.result, made);
      assert.deepEqual(made.entries, []);
      assert.match(made.loan!.contractNo, /^\d{4}年网贷字\d{5}号$/);
      const loans = (await call(emu.url, 'listLoans', { memberId: member.id })).body.result as { contractNo: string; archiveNo: string | null }[];
      assert.deepEqual(
        loans.filter((l) => l.archiveNo === 'T-LN-0001').map((l) => l.contractNo),
        [made.loan!.contractNo],
      );
      const events = (await eventsAfter(since)).events;
      assert.deepEqual(
        events.map((e) => e.type),
        ['business_progress', 'loan_disbursed'],
      );
      assert.deepEqual(events[1]!.data, { contractNo: made.loan!.contractNo, amountFen: 100_000, months: 1, serial: 'T-LN-0001' });
    });

    test('answers as the OpenAPI document describes, and every key on the wire is a JGJ/T 320 name of the dictionary', async () => {
      const member = await lu();
      // One event of each kind in the feed read below.
      const since = await cursor();
      await emu.control.deposit(member.id, { month: '202705', amountFen: 1000 });
      const at = { memberId: member.id, channel: 'counter' as const, occurredAt: '2026-11-20T09:30:00+08:00' };
      for (const e of [
        { type: 'back_pay', data: { fromMonth: '202601', toMonth: '202602', amountFen: 100, balanceAfterFen: 200 } },
        {
          type: 'base_change',
          data: { effectiveMonth: '202607', depositBaseFen: 800_000, unitRatioPercent: 12, personalRatioPercent: 12, monthlyTotalFen: 192_000 },
        },
        { type: 'business_progress', data: { serial: 'GT-DOC-1', business: '购房提取', step: '办结', stepNo: 3, done: true, result: '已办结' } },
        { type: 'loan_disbursed', data: { contractNo: 'X-DOC-1', amountFen: 100, months: 12, serial: 'GT-DOC-2' } },
        { type: 'instalment_deducted', data: { contractNo: 'X-DOC-1', period: 1, amountFen: 10, balanceAfterFen: 90 } },
        { type: 'overdue', data: { contractNo: 'X-DOC-1', period: 2, amountFen: 10, overdueDays: 3 } },
      ]) {
        await emu.control.addEvent({ ...at, eventId: `doc-${e.type}`, ...e } as NewCoreEvent);
      }
      const loans = await call(emu.url, 'listLoans', { memberId: member.id });
      conforms('listLoans', loans);
      const loanId = (loans.body.result as { id: number }[])[0]?.id ?? 1;
      const range = { from: '2020-01-01', to: SEED_AS_OF };
      const asked: [string, Record<string, unknown>][] = [
        ['listLoans', { memberId: member.id }],
        ['findMemberByIdNumber', { idNumber: LU.idNumber }],
        ['findMemberByPhone', { phone: LU.phone }],
        ['getMember', { memberId: member.id }],
        ['revealContact', { memberId: member.id }],
        ['getFundAccount', { memberId: member.id }],
        ['getMemberWithAccount', { memberId: member.id }],
        ['getFundAccounts', { memberIds: [member.id, 2] }],
        ['listFundAccounts', { memberId: member.id }],
        ['ledgerPage', { memberId: member.id, range, page: { limit: 5, offset: 0 }, order: 'asc', accountNo: '5307240013928' }],
        ['ledgerPage', { memberId: member.id, range, page: { limit: 5, offset: 0 }, order: 'asc', accountNo: '3100000000' }],
        ['getMemberOverview', { memberId: member.id, on: SEED_AS_OF }],
        ['listLedger', { memberId: member.id, range, page: { limit: 20, offset: 0 } }],
        ['ledgerPage', { memberId: member.id, range, page: { limit: 20, offset: 0 }, order: 'desc' }],
        ['sumLedger', { memberId: member.id, range }],
        ['ledgerYearSpan', { memberId: member.id }],
        ['listUnpaidInstalments', { range: { from: SEED_AS_OF, to: '2027-01-31' } }],
        ['listRepayments', { loanId, range: {} }],
        ['listPlan', { loanId, range: {} }],
        ['listOverdue', { loanId }],
        ['listLoanProgress', { memberId: member.id }],
        ['listCounterRegistrations', { memberId: member.id }],
        ['listOutlets', {}],
        ['listHousingProjects', {}],
        ['listInterestRates', {}],
        ['submitBusiness', { request: withdrawal(member.id, 'T-DOC-0001', 100) }],
        ['submitBusiness', { request: withdrawal(member.id, 'T-DOC-0002', 1_000_000_000) }],
        ['submitBusiness', { request: disbursement(member.id, 'T-DOC-0003') }],
        ['businessStatus', { serial: 'T-DOC-0003' }],
        [
          'submitBusiness',
          {
            request: {
              serial: 'T-DOC-0004',
              type: 'repayment_account_change',
              memberId: member.id,
              business: '还款银行账户变更',
              channel: 'mini-program',
              loanId,
              bank: '中国建设银行',
              accountNo: '6217002870055566671',
            },
          },
        ],
        ['businessStatus', { serial: 'T-DOC-0001' }],
        ['businessStatus', { serial: 'T-DOC-NONE' }],
        ['listEvents', { after: since, limit: 50 }],
        ['updateMemberProfile', { memberId: member.id, patch: { occupation: '教师' } }],
        ['updatePhone', { memberId: member.id, phone: LU.phone }],
      ];
      const missing = Object.keys(CORE_OPERATIONS).filter((op) => !asked.some(([o]) => o === op));
      assert.deepEqual(missing, [], `operations whose answers this test does not look at: add them to \`asked\``);
      const answers: [CoreOperation, Reply][] = [];
      for (const [op, args] of asked) answers.push([op as CoreOperation, await call(emu.url, op, args)]);
      // A field of the protocol's types without its entry in server/src/core/external/wire-names.ts goes on the wire
      // under its product name: this names it and where it stood.
      const unmapped = answers.flatMap(([op, r]) => unmappedAnswerKeys(r.wire, OPERATION_RESULTS[op]).map((p) => `${op}: ${p}`));
      assert.deepEqual(unmapped, [], `keys on the wire that are not JGJ/T 320 wire names:\n${unmapped.join('\n')}`);
      for (const [op, r] of answers) conforms(op, r);
      const kinds = new Set(((await call(emu.url, 'listEvents', { after: since, limit: 50 })).body.result as EventPage).events.map((e) => e.type));
      assert.equal(kinds.size, 7, `every kind of event was on the wire: ${[...kinds].join(', ')}`);

      // The checks themselves find what the document does not allow and what the dictionary does not name.
      assert.deepEqual(problems({ $ref: '#/components/schemas/Member' }, toWire({ ...member, nickname: 'x', gender: 'other' }, 'Member')), [
        '$.nickname: not in the document',
        '$.XINGBIE: other not in enum',
      ]);
      const withNewField = { result: toWire([{ ...(await account(member.id)), newField: 1, employer: { code: 'x' } }], 'FundAccount') };
      assert.deepEqual(unmappedAnswerKeys(withNewField, 'FundAccount'), [
        '$.result[0].newField (FundAccount): not a wire name of server/src/core/external/wire-names.ts — map the field there',
        '$.result[0].employer (FundAccount): not a wire name of server/src/core/external/wire-names.ts — map the field there',
      ]);
    });

    test('D2: offset_signing is as documented and executed once; the monthly run over the control records instalment_deducted as documented', async () => {
      const [duan] = await database.query<{ id: number }>("SELECT id FROM members WHERE name = '段德梅'");
      const memberId = Number(duan!.id);
      const loan = ((await call(emu.url, 'listLoans', { memberId })).body.result as CoreLoan[]).find((l) => l.contractNo === '2022年委信字05318号')!;
      const request = {
        serial: 'T-OFFSET-0001',
        type: 'offset_signing',
        memberId,
        business: '按月抵扣签约',
        channel: 'mini-program',
        action: 'sign',
        loanId: loan.id,
        payers: [{ memberId, role: 'borrower', consent: 'confirmed' }],
      };
      assert.deepEqual(problems({ $ref: '#/components/schemas/BusinessRequest' }, toWire(request, 'BusinessRequest')), [], 'the request is as documented');
      const signed = await call(emu.url, 'submitBusiness', { request });
      conforms('submitBusiness', signed);
      assert.equal((signed.body.result as { status: string }).status, 'done', JSON.stringify(signed.body));
      const again = await call(emu.url, 'submitBusiness', { request });
      assert.deepEqual(again.body.result, signed.body.result, 'a repeat answers what the first stored');
      const [rows] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM core_offset_signings WHERE cancelled_at IS NULL AND loan_id = $1', [
        loan.id,
      ]);
      assert.equal(Number(rows!.n), 1, 'signed once');
      const twice = await call(emu.url, 'submitBusiness', { request: { ...request, serial: 'T-OFFSET-0002' } });
      assert.equal((twice.body.result as { code: string }).code, 'ALREADY_SIGNED');

      const [next] = await database.query<{ due_on: string }>(
        "SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on FROM loan_plan_periods p JOIN loan_contracts l ON l.id = p.loan_id WHERE l.id = $1 AND p.period = l.periods_paid + 1",
        [loan.id],
      );
      const from = await cursor();
      const res = await fetch(`${emu.url}/emulator/monthly-offset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ on: next!.due_on }),
      });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { result: { instalments: number } }).result.instalments, 1);
      const deducted = (await eventsAfter(from)).events.filter((e) => e.type === 'instalment_deducted');
      assert.ok(deducted.length >= 1);
      for (const e of deducted)
        assert.deepEqual(problems({ $ref: '#/components/schemas/InstalmentDeductedEvent' }, toWire(e, 'CoreEvent')), [], 'the event is as documented');
      assert.equal((await fetch(`${emu.url}/emulator/monthly-offset`, { method: 'POST', body: JSON.stringify({ on: 'tomorrow' }) })).status, 400);
      const cancelled = await call(emu.url, 'submitBusiness', { request: { ...request, serial: 'T-OFFSET-0003', action: 'cancel', payers: undefined } });
      assert.equal((cancelled.body.result as { status: string }).status, 'done');
    });

    test('GET /healthz answers without a signature', async () => {
      const r = await fetch(`${emu.url}/healthz`);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { ok: true });
    });
  });
}

test('without a database it seeds its own demo center, answers with the default channel, and removes it on close', async () => {
  // A folder left by an emulator killed with -9 an hour ago goes when the next one starts.
  const abandoned = mkdtempSync(path.join(os.tmpdir(), 'hpf-core-emulator-'));
  writeFileSync(path.join(abandoned, 'pglite.lock'), JSON.stringify({ pid: 2 ** 22 + 7, what: 'core emulator', startedAt: '2026-01-01' }));
  const anHourAgo = new Date(Date.now() - 3600_000);
  utimesSync(abandoned, anHourAgo, anHourAgo);
  const before = new Set(readdirSync(os.tmpdir()).filter((n) => n.startsWith('hpf-core-emulator-')));
  const emu = await startCoreEmulator({ today: SEED_AS_OF });
  assert.equal(existsSync(abandoned), false);
  // Its own folder: new, and locked by this process (emulators of other test files may start meanwhile).
  const own = readdirSync(os.tmpdir()).filter(
    (n) => n.startsWith('hpf-core-emulator-') && !before.has(n) && dataDirOwner(path.join(os.tmpdir(), n))?.pid === process.pid,
  );
  assert.equal(own.length, 1);
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
  assert.equal(existsSync(path.join(os.tmpdir(), own[0]!)), false, 'its folder is removed');
});

test('the OpenAPI document lists every operation of the protocol with its arguments in order, and nothing else', () => {
  assert.equal(OPENAPI.openapi, '3.1.0');
  const ops = Object.keys(OPENAPI.paths)
    .filter((p) => p.startsWith('/v1/ops/'))
    .map((p) => p.slice('/v1/ops/'.length));
  assert.deepEqual(ops.sort(), Object.keys(CORE_OPERATIONS).sort());
  for (const [op, args] of Object.entries(CORE_OPERATIONS)) {
    const body = OPENAPI.paths[`/v1/ops/${op}`]!.post!.requestBody.content['application/json'].schema;
    const wireArgs = args.map((a) => (WIRE_RECORDS.Arguments as Record<string, readonly [string, string, string?]>)[a]?.[0] ?? `${a} (no wire name)`);
    assert.deepEqual(Object.keys(body.properties ?? {}), wireArgs, op);
    assert.deepEqual(Object.keys(OPERATION_ARGS[op as CoreOperation]), [...args], `the emulator checks ${op}'s arguments`);
  }
  // Every reference resolves.
  const text = JSON.stringify(OPENAPI);
  for (const [, kind, name] of text.matchAll(/"#\/components\/(\w+)\/([\w-]+)"/g)) {
    assert.ok((OPENAPI.components as Record<string, Record<string, unknown>>)[kind!]?.[name!], `#/components/${kind}/${name}`);
  }
});

test('npm run core-emulator starts on the port asked, answers, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/core-emulator.ts', '--port', '0', '--today', SEED_AS_OF], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 120_000);
      const look = () => {
        const m = /listening at (http:\/\/\S+) \(app id ([\w-]+)\)/.exec(out);
        if (m) {
          clearTimeout(timer);
          assert.equal(m[2], CORE_EMULATOR_DEFAULTS.appId);
          resolve(m[1]!);
        }
      };
      child.stdout.on('data', look);
      void exited.then(() => reject(new Error(`exited: ${out}`)));
    });
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    const r = await call(
      url,
      'findMemberByIdNumber',
      { idNumber: LU.idNumber },
      { appId: CORE_EMULATOR_DEFAULTS.appId, secret: CORE_EMULATOR_DEFAULTS.secret },
    );
    assert.equal((r.body.result as CoreMember).name, '卢青怡');
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});

test('npm run core-emulator -- --help prints its usage', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/core-emulator.ts', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0);
  assert.match(out, /usage: npm run core-emulator -- \[--port N\]/);
});

test('the OpenAPI document’s property names are the dictionary’s wire names (npm run core-api:doc writes them)', () => {
  const { doc, problems } = withWireNames(OPENAPI);
  assert.deepEqual(problems, []);
  assert.deepStrictEqual(OPENAPI, doc, 'server/src/core/external/core-api.openapi.json is not up to date: run npm run core-api:doc');
  const member = OPENAPI.components.schemas['FundAccount']!.properties!['GRZHYE'] as { title?: string; description?: string };
  assert.equal(member.title, '个人账户余额');
  assert.match(member.description!, /^个人账户余额 — Money in fen/);
});

test('the dictionary: JGJ/T 320 identifiers or X_ extensions, each with its Chinese name, one field per wire name in a record', () => {
  const entries = wireDictionary();
  assert.ok(entries.length > 150);
  for (const e of entries) {
    assert.match(e.wire, WIRE_NAME_PATTERN, `${e.record}.${e.field}`);
    assert.match(e.name, /[\u4e00-\u9fa5]/, `${e.record}.${e.field}`);
  }
  for (const args of Object.values(CORE_OPERATIONS)) for (const a of args) assert.ok(Object.hasOwn(WIRE_RECORDS.Arguments, a), `argument ${a}`);
  const standard = Object.fromEntries(entries.map((e) => [`${e.record}.${e.field}`, e.wire]));
  assert.equal(standard['FundAccount.balanceFen'], 'GRZHYE');
  assert.equal(standard['Loan.balanceFen'], 'DKYE');
  assert.equal(standard['Loan.contractNo'], 'JKHTBH');
  assert.equal(standard['Member.name'], 'XINGMING');
  // Encoding and decoding are each other's inverse, nested records included.
  const request = {
    serial: 'S1',
    type: 'loan_repayment',
    memberId: 1,
    expected: { balanceFen: 5, periodsPaid: 2 },
    plan: [{ period: 1, dueOn: '2027-01-26' }],
  };
  const wire = toWire(request, 'BusinessRequest');
  assert.deepEqual(wire, { YWLSH: 'S1', X_YWLX: 'loan_repayment', X_GRBS: 1, X_YQDK: { DKYE: 5, X_YHQS: 2 }, X_HKJH: [{ DQQC: 1, X_YHRQ: '2027-01-26' }] });
  assert.deepEqual(fromWire(wire, 'BusinessRequest'), request);
});
