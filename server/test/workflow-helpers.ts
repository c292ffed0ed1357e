/** What the workflow, withdrawal and review tests do as a member's phone or the staff console would. */
import assert from 'node:assert/strict';
import { DEMO_BUSINESS_PASSWORD, DEMO_LOGIN_PASSWORD } from '../src/identity/index.js';
import { DEMO_STAFF_PASSWORD } from '../src/review/demo.js';
import type { CoreKind, TestServer } from './helpers/server.js';
import { jpegWithComment, pngPicture } from './helpers/images.js';

/** The demo members by the phone they log in with (README: Demo identities). */
export const PHONES = {
  luQingyi: '13999991111',
  duanDemei: '13908881234',
  liGuoqiang: '13908885678',
  gaoZhenhua: '13888123456',
  luTianpeng: '13577001234',
  zhangRuixia: '15808881234',
  zhangJian: '13708881234',
  heLihua: '13988881234',
  muWenjun: '18788881234',
} as const;
type Person = keyof typeof PHONES;

/** A real JPEG as a phone camera writes it, a different file on each call (a comment segment numbers it). */
let counter = 0;
export const jpeg = (): Buffer => jpegWithComment(`photo ${++counter} ${Math.random()}`);
/** A real PNG, a different file on each call. */
export const png = (): Buffer => pngPicture([200, 120, 40], 16, 12, `png ${++counter} ${Math.random()}`);

export async function login(server: TestServer, who: Person): Promise<string> {
  const r = await server.json<{ token: string }>('/api/auth/login', { method: 'POST', json: { account: PHONES[who], password: DEMO_LOGIN_PASSWORD } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export async function staffLogin(server: TestServer, username: string): Promise<string> {
  const r = await server.json<{ token: string }>('/api/staff/login', { method: 'POST', json: { username, password: DEMO_STAFF_PASSWORD } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

/** A9: the business password confirms this application's submit. */
export async function confirm(server: TestServer, token: string, app: { confirmation: { purpose: string; reference: string } }): Promise<string> {
  const r = await server.json<{ confirmationToken: string }>('/api/me/security/confirmations', {
    method: 'POST',
    headers: auth(token),
    json: { ...app.confirmation, businessPassword: DEMO_BUSINESS_PASSWORD },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.confirmationToken;
}

/** wx.uploadFile: multipart/form-data with the file in `file` and the category as a form field. */
export async function upload(server: TestServer, token: string, serialNo: string, category: string, bytes: Buffer = jpeg(), type = 'image/jpeg') {
  const form = new FormData();
  form.append('category', category);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'photo.jpg');
  const res = await fetch(`${server.url}/api/me/applications/${serialNo}/photos`, { method: 'POST', headers: auth(token), body: form });
  return { status: res.status, body: (await res.json()) as any };
}

export async function bindCard(server: TestServer, token: string, holderName: string, cardNo = '6222020200112233445', bankCode = 'ICBC') {
  const r = await server.json('/api/me/bank-cards', { method: 'POST', headers: auth(token), json: { bankCode, cardNo, holderName } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { id: number };
}

/** Draft → every required photo → A9 → submit, as the mini-program's 提取 pages do. Returns the submit's answer. */
export async function apply(
  server: TestServer,
  token: string,
  kind: string,
  form: Record<string, unknown> = {},
  opts: { key?: string; channel?: string } = {},
) {
  const created = await server.json('/api/me/applications', {
    method: 'POST',
    headers: { ...auth(token), ...(opts.key ? { 'idempotency-key': opts.key } : {}) },
    json: { kind, form, channel: opts.channel ?? 'mini-program' },
  });
  assert.equal(created.status, 200, `${kind}: ${JSON.stringify(created.body)}`);
  const app = created.body;
  for (const c of app.photoCategories.filter((x: { required: boolean }) => x.required)) {
    const up = await upload(server, token, app.serialNo, c.key);
    assert.equal(up.status, 200, JSON.stringify(up.body));
  }
  const confirmationToken = await confirm(server, token, app);
  return server.json(`/api/me/applications/${app.serialNo}/submit`, { method: 'POST', headers: auth(token), json: { confirmationToken } });
}

/** A reviewer's decision as the console makes it: claim (decisions need the claim; a refused claim leaves the refusal to the decision), then decide. */
export async function decide(server: TestServer, staffToken: string, serialNo: string, action: 'approve' | 'return' | 'reject', opinion?: string) {
  await server.json(`/api/staff/applications/${serialNo}/claim`, { method: 'POST', headers: auth(staffToken) });
  return server.json(`/api/staff/applications/${serialNo}/${action}`, { method: 'POST', headers: auth(staffToken), json: opinion ? { opinion } : {} });
}

/** B2 账户余额 as the member sees it. */
export async function balance(server: TestServer, token: string): Promise<number> {
  const r = await server.json<{ balanceFen: number }>('/api/me/account', { headers: auth(token) });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.balanceFen;
}

/** A card number with its Luhn check digit appended. */
export function withLuhn(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const no = body + d;
    let sum = 0;
    for (let i = no.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let x = Number(no[i]);
      if (dbl) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return no;
  }
  throw new Error('unreachable');
}

export async function memberIdOf(server: TestServer, name: string): Promise<number> {
  const [row] = await server.database.query<{ id: number }>('SELECT id FROM members WHERE name = $1', [name]);
  return Number(row!.id);
}

/** Ledger rows of this application (its serial number is their reference), in the core's database. */
export async function postingsOf(server: TestServer, serialNo: string) {
  return server.coreDatabase.query<{
    business_type: string;
    summary: string;
    amount_fen: number;
    interest_fen: number;
    balance_after_fen: number;
    withdrawal_reason: string | null;
  }>(
    'SELECT business_type, summary, amount_fen::int, interest_fen::int, balance_after_fen::int, withdrawal_reason FROM ledger_entries WHERE reference = $1 ORDER BY id',
    [serialNo],
  );
}

/** 卢天鹏's D4 贷款申请 (unmarried, his first home): 100,000.00 over 240 months, equal instalments. */
export const LOAN_FORM = {
  houseAddress: '丽江市古城区金山街道玉缘路18号3栋2单元502',
  housePriceFen: 52_000_000,
  houseAreaSqm: 89.5,
  secondHome: false,
  amountFen: 10_000_000,
  months: 240,
  method: 'equal-installment',
  monthlyIncomeFen: 800_000,
  spouseCoBorrower: false,
};

/** Approves at every node in turn, one reviewer a node (the four-eyes rule), as the console would. */
export async function approveAll(server: TestServer, serialNo: string, reviewers: string[]) {
  let last: any;
  for (const r of reviewers) {
    const token = await staffLogin(server, r);
    const res = await decide(server, token, serialNo, 'approve');
    assert.equal(res.status, 200, `${r}: ${JSON.stringify(res.body)}`);
    last = res.body;
  }
  return last;
}

/** The n of a `SELECT count(*)::int AS n …`. */
export async function countOf(server: TestServer, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await server.database.query<{ n: number }>(sql, params);
  return Number(row?.n ?? 0);
}

/** Sets a member's fund balance through a ledger row (the trigger moves the balance), as a test's starting point. */
export async function setBalance(server: TestServer, memberId: number, fen: number): Promise<void> {
  const [a] = await server.database.query<{ id: number; balance_fen: string }>('SELECT id, balance_fen FROM fund_accounts WHERE member_id = $1', [memberId]);
  const delta = fen - Number(a!.balance_fen);
  if (delta === 0) return;
  await server.database.query(
    "INSERT INTO ledger_entries (account_id, posted_on, business_type, summary, amount_fen, balance_after_fen) VALUES ($1, '2026-11-30', $2, '测试调整', $3, 0)",
    [a!.id, delta > 0 ? 'back_deposit' : 'partial_withdrawal', delta],
  );
}

/**
 * The application after the last approval, once paid: at once on the built-in core; on an external one it is first
 * 审批通过 · 入账中, and paid when the submitter has the core's answer.
 */
export async function paidAfterApproval(server: TestServer, core: CoreKind, token: string, approved: any): Promise<any> {
  if (core === 'builtin') return approved;
  assert.equal(approved.status, 'approved', JSON.stringify(approved));
  assert.match(approved.feedback, /^入账中/);
  const end = Date.now() + 20_000;
  for (;;) {
    const a = (await server.json(`/api/me/applications/${approved.serialNo}`, { headers: auth(token) })).body;
    if (a.status !== 'approved') return a;
    if (Date.now() > end)
      throw new Error(
        `${approved.serialNo} still 入账中 after 20 s: ${server.logLines
          .filter((l) => l.includes('core'))
          .slice(-3)
          .join('\n')}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What `fn` answers once it answers something (polled every 200 ms): the external core's events and answers arrive on their own. */
export const until = async <T>(what: string, fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};
