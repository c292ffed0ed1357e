/**
 * A stand-in for a center's 核心业务系统 (issue 17) that speaks the core protocol for real (core/protocol.ts): every
 * operation is `POST /v1/ops/{name}` with a JSON body naming its arguments, signed by the product with its app id
 * and secret (core/external/signing.ts); every answer is signed back. Bodies and answers carry the JGJ/T 320 names of
 * core/external/wire-names.ts: the arguments are decoded after the signature is checked, the result encoded before
 * the answer is signed. Behind it sits the built-in core over the
 * emulator's own database: without one given, an embedded PGlite in a temporary folder seeded with the demo center,
 * so that the same people and figures answer as with the built-in core.
 *
 *   GET  /healthz              → { ok: true }
 *   POST /v1/ops/{name}        → { result } | { code, message } (401 signature, 404 unknown operation, 503 CORE_DOWN)
 *   POST /emulator/…           the emulator's controls (./control.ts), unsigned
 *
 * Business (submitBusiness, businessStatus) and the event feed (listEvents) are the built-in core's executor
 * (core/builtin/business.ts); the controls deposit a month's 汇缴, record any other event of the feed, and run the
 * core's D2 按月抵扣 for a day (core/builtin/offset.ts: the deduction the built-in product's job uses).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { BuiltinBusiness, type DepositInput } from '../../core/builtin/business.js';
import type { NewCoreEvent } from '../../core/builtin/events.js';
import { BuiltinCore } from '../../core/builtin/gateway.js';
import { NonceStore, sign, verify } from '../../core/external/signing.js';
import { fromWire, toWire } from '../../core/external/wire-codec.js';
import { OPERATION_RESULTS } from '../../core/external/wire-names.js';
import { CORE_OPERATIONS, CORE_UNAVAILABLE_MESSAGE, type CoreEvent, type CoreOperation, type CoreSystem, type DepositEvent } from '../../core/protocol.js';
import { openDatabase, type Database } from '../../db/client.js';
import { dataDirOwner } from '../../db/data-lock.js';
import { migrate } from '../../db/migrate.js';
import { seedDemoCenter } from '../../demo.js';
import { z } from 'zod';
import { todayShanghai, type IsoDate } from '../../shared/dates.js';
import { DomainError } from '../../shared/errors.js';
import { PiiCipher } from '../../shared/pii-crypto.js';
import { BodyTooLargeError, readRawBody } from '../tencentcloud/body.js';
import { argumentsOf } from './args.js';
import { FaultState, coreFaultsSchema, depositSchema, misdeliver, monthlyOffsetSchema, newEventSchema, type CoreFaults } from './control.js';
import type { OffsetRunResult } from '../../core/monthly-offset.js';
import { builtinCoreSystem } from './system.js';

export type { NewCoreEvent } from '../../core/builtin/events.js';

/** The sandbox's channel credentials, shared with the product's sandbox configuration. */
export const CORE_EMULATOR_DEFAULTS = {
  appId: 'hpf-channel-sandbox',
  secret: 'core-emulator-sandbox-secret-0000000000000000',
} as const;

interface CoreEmulatorOptions {
  /** The database the core answers from (not closed by close()); default an embedded one seeded with the demo center. */
  database?: Database;
  /** App id → secret of the channels allowed to call; default CORE_EMULATOR_DEFAULTS. */
  apps?: Record<string, string>;
  port?: number;
  host?: string;
  /** Decrypts ID numbers and phones; default the sandbox data key's (as the product's sandbox). */
  cipher?: PiiCipher;
  /** The day the embedded database is seeded as of; default today in Shanghai. */
  today?: IsoDate;
}

interface CoreEmulatorControl {
  /** Sets the faults named (the others stay); answers those in force. */
  faults(f: CoreFaults): Required<CoreFaults>;
  /** No faults. */
  reset(): void;
  /** 汇缴入账: posts the month's deposit (on `on`, default the emulator's today) and records its event. */
  deposit(memberId: number, d: DepositInput): Promise<DepositEvent>;
  /** Records an event of the feed (back pay, base change, another channel's business, a loan's …) as given. */
  addEvent(e: NewCoreEvent): Promise<CoreEvent>;
  /**
   * D2 按月抵扣 as the core's monthly job: the instalments due up to `on` (default the emulator's today) of the loans
   * signed at the core, taken from the payers' fund accounts, with an `instalment_deducted` event per account debited.
   */
  monthlyOffset(on?: IsoDate): Promise<OffsetRunResult>;
}

export interface CoreEmulator {
  url: string;
  control: CoreEmulatorControl;
  /** What the operations call: a test may use it to look behind the wire. */
  system: CoreSystem;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const OPS_PREFIX = '/v1/ops/';

export async function startCoreEmulator(opts: CoreEmulatorOptions = {}): Promise<CoreEmulator> {
  const cipher = opts.cipher ?? new PiiCipher(loadConfig({}).dataKey);
  const own = opts.database ? undefined : await ownDatabase(cipher, opts.today ?? todayShanghai(new Date()));
  const database = opts.database ?? own!.database;
  try {
    const core = new BuiltinCore(database, cipher);
    const business = new BuiltinBusiness(database, core);
    const faults = new FaultState();
    const system = builtinCoreSystem(core, {
      submitBusiness: (request) => business.submitBusiness(request),
      businessStatus: (serial) => business.businessStatus(serial),
      listEvents: async (after, limit) => {
        const page = await business.listEvents(after, limit);
        return { ...page, events: misdeliver(page.events, faults.current()) };
      },
    });
    const today = () => opts.today ?? todayShanghai(new Date());
    const control: CoreEmulatorControl = {
      faults: (f) => faults.set(coreFaultsSchema.parse(f)),
      reset: () => faults.reset(),
      deposit: (memberId, d) => business.deposit(memberId, { ...d, on: d.on ?? today() }),
      addEvent: (e) => business.addEvent(newEventSchema.parse(e) as NewCoreEvent),
      monthlyOffset: (on) => business.monthlyOffset(on ?? today()),
    };
    const apps = new Map(Object.entries(opts.apps ?? { [CORE_EMULATOR_DEFAULTS.appId]: CORE_EMULATOR_DEFAULTS.secret }));
    const nonces = new NonceStore();

    const server = http.createServer((req, res) => {
      void handle(req, res, { system, control, faults, apps, nonces });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = opts.host ?? '127.0.0.1';
    let closed: Promise<void> | undefined;
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      control,
      system,
      close: () =>
        (closed ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          await own?.close();
        })()),
    };
  } catch (err) {
    await own?.close();
    throw err;
  }
}

/** An embedded PGlite in a temporary folder, migrated and seeded with the demo center; removed on close. */
async function ownDatabase(cipher: PiiCipher, today: IsoDate): Promise<{ database: Database; close(): Promise<void> }> {
  removeAbandoned();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const database = await openDatabase({ dataDir, owner: 'core emulator' });
    try {
      await migrate(database);
      await seedDemoCenter(database, cipher, { today });
    } catch (err) {
      await database.close();
      throw err;
    }
    return {
      database,
      close: async () => {
        try {
          await database.close();
        } finally {
          remove();
        }
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}

const TEMP_PREFIX = 'hpf-core-emulator-';

/**
 * Folders left by emulators that were killed (kill -9, a crash) before they could remove theirs: no live process
 * holds their database, and they are older than an emulator takes to open its own (so never one being made).
 */
function removeAbandoned(): void {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(tmp, name);
    const age = Date.now() - (statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 10 * 60_000 && !dataDirOwner(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

interface Deps {
  system: CoreSystem;
  control: CoreEmulatorControl;
  faults: FaultState;
  apps: ReadonlyMap<string, string>;
  nonces: NonceStore;
}

interface Answer {
  status: number;
  body: unknown;
}

const fail = (status: number, code: string, message: string): Answer => ({ status, body: { code, message } });

async function handle(req: http.IncomingMessage, res: http.ServerResponse, deps: Deps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://core');
  let answer: Answer;
  try {
    const raw = (await readRawBody(req, MAX_BODY_BYTES)).toString('utf8');
    answer = await route(req, url.pathname, raw, deps);
  } catch (err) {
    answer = err instanceof BodyTooLargeError ? fail(413, 'BODY_TOO_LARGE', '请求内容过大') : fail(500, 'CORE_ERROR', '核心业务系统内部错误');
  }
  const body = JSON.stringify(answer.body);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  // Every answer to a known channel is signed, errors included: the product checks it before it reads anything.
  const appId = header(req, 'x-core-app-id');
  const secret = appId === undefined ? undefined : deps.apps.get(appId);
  if (appId !== undefined && secret !== undefined && url.pathname.startsWith(OPS_PREFIX)) {
    Object.assign(headers, sign(appId, secret, 'RESPONSE', url.pathname, body));
  }
  res.writeHead(answer.status, headers);
  res.end(body);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function route(req: http.IncomingMessage, pathname: string, raw: string, deps: Deps): Promise<Answer> {
  if (req.method === 'GET' && pathname === '/healthz') return { status: 200, body: { ok: true } };
  if (pathname.startsWith('/emulator/')) return controlRoute(req, pathname, raw, deps);
  if (!pathname.startsWith(OPS_PREFIX)) return fail(404, 'NOT_FOUND', '没有这个接口');
  if (req.method !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED', '请使用 POST 调用核心业务接口');

  const verdict = verify(req.headers, 'POST', pathname, raw, (appId) => deps.apps.get(appId), deps.nonces);
  if (!verdict.ok) return fail(401, verdict.failure, '请求签名校验未通过');

  const name = decodeURIComponent(pathname.slice(OPS_PREFIX.length));
  if (!Object.hasOwn(CORE_OPERATIONS, name)) return fail(404, 'OPERATION_UNKNOWN', '核心业务系统没有这个操作');
  const op = name as CoreOperation;

  if (deps.faults.appliesTo(op)) {
    if (deps.faults.current().delayMs > 0) await new Promise((r) => setTimeout(r, deps.faults.current().delayMs));
    if (deps.faults.refuses()) return fail(503, 'CORE_DOWN', CORE_UNAVAILABLE_MESSAGE);
  }

  let args: Record<string, unknown>;
  try {
    const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('not an object');
    args = fromWire(parsed, 'Arguments') as Record<string, unknown>;
  } catch {
    return fail(400, 'BAD_REQUEST', '请求内容不是 JSON 对象');
  }
  const given = argumentsOf(op, CORE_OPERATIONS[op], args);
  if (!given.ok) return fail(400, 'INVALID_ARGUMENT', `请求参数有误：${given.problems.join('; ')}`);
  try {
    const fn = deps.system[op] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    if (!fn) return fail(404, 'OPERATION_UNKNOWN', '核心业务系统没有这个操作');
    const result = await fn(...given.args);
    return { status: 200, body: { result: toWire(result ?? null, OPERATION_RESULTS[op]) } };
  } catch (err) {
    if (err instanceof DomainError) return fail(err.status, err.code, err.message);
    return fail(500, 'CORE_ERROR', '核心业务系统内部错误');
  }
}

async function controlRoute(req: http.IncomingMessage, pathname: string, raw: string, deps: Deps): Promise<Answer> {
  if (req.method !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED', '请使用 POST');
  let body: unknown;
  try {
    body = raw === '' ? {} : JSON.parse(raw);
  } catch {
    return fail(400, 'BAD_REQUEST', '请求内容不是 JSON');
  }
  const invalid = (error: z.ZodError) => fail(400, 'BAD_REQUEST', error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  try {
    switch (pathname) {
      case '/emulator/faults': {
        const f = coreFaultsSchema.safeParse(body);
        if (!f.success) return invalid(f.error);
        return { status: 200, body: { faults: deps.control.faults(f.data) } };
      }
      case '/emulator/reset':
        deps.control.reset();
        return { status: 200, body: { faults: deps.faults.current() } };
      case '/emulator/deposit': {
        const d = depositSchema.safeParse(body);
        if (!d.success) return invalid(d.error);
        const { memberId, ...deposit } = d.data;
        return { status: 200, body: { event: await deps.control.deposit(memberId, deposit) } };
      }
      case '/emulator/events': {
        const e = newEventSchema.safeParse(body);
        if (!e.success) return invalid(e.error);
        return { status: 200, body: { event: await deps.control.addEvent(e.data as NewCoreEvent) } };
      }
      case '/emulator/monthly-offset': {
        const m = monthlyOffsetSchema.safeParse(body);
        if (!m.success) return invalid(m.error);
        return { status: 200, body: { result: await deps.control.monthlyOffset(m.data.on) } };
      }
      default:
        return fail(404, 'NOT_FOUND', '没有这个接口');
    }
  } catch (err) {
    if (err instanceof DomainError) return fail(err.status, err.code, err.message);
    throw err;
  }
}
