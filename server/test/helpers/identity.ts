/**
 * Helpers of the identity tests: the demo people, a client that keeps every response it saw (to assert that none
 * holds a whole ID number, phone, password or code), the SMS code as the member's phone shows it (the emulator's
 * control API), and travel in time (identity's rows move into the past and the Tencent Cloud emulator's clock ahead).
 */
import assert from 'node:assert/strict';
import { makeIdNumber } from '../../src/shared/id-number.js';
import { DEMO_BUSINESS_PASSWORD, DEMO_LOGIN_PASSWORD, DEMO_WECHAT } from '../../src/identity/index.js';
import { testCipher } from './database.js';
import type { TestServer } from './server.js';

export { DEMO_BUSINESS_PASSWORD, DEMO_LOGIN_PASSWORD, DEMO_WECHAT };

export interface Person {
  name: string;
  idNumber: string;
  phone: string;
}

/** README “Demo identities”. */
export const DEMO = {
  luQingyi: { name: '卢青怡', idNumber: '530123199907242329', phone: '13999991111' },
  duanDemei: { name: '段德梅', idNumber: makeIdNumber('530702', '19850316', 24), phone: '13908881234' },
  liGuoqiang: { name: '李国强', idNumber: makeIdNumber('530702', '19830905', 15), phone: '13908885678' },
  gaoZhenhua: { name: '高振华', idNumber: makeIdNumber('530721', '19790622', 37), phone: '13888123456' },
  zhangJian: { name: '张健', idNumber: makeIdNumber('530702', '19800512', 17), phone: '13708881234' },
  heLihua: { name: '和丽华', idNumber: makeIdNumber('530721', '19660214', 28), phone: '13988881234' },
  yangXiuying: { name: '杨秀英', idNumber: makeIdNumber('530722', '19630920', 46), phone: '13759991234' }, // closed
} satisfies Record<string, Person>;

export const NEW_LOGIN_PASSWORD = 'Lijiang#2027';
export const NEW_BUSINESS_PASSWORD = '739164';

interface Call {
  status: number;
  body: any;
}

/** Talks to the server as the mini-program would, and keeps the text of every response. */
export class Client {
  readonly seen: string[] = [];
  /** Every SMS code read, so that the leak check looks for them too. */
  readonly codes: string[] = [];

  constructor(readonly server: TestServer) {}

  async call(method: string, path: string, opts: { json?: unknown; token?: string } = {}): Promise<Call> {
    const headers: Record<string, string> = { 'user-agent': 'identity-test' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const r = await this.server.json(path, { method, headers, ...(opts.json !== undefined ? { json: opts.json } : {}) });
    this.seen.push(JSON.stringify(r.body));
    return { status: r.status, body: r.body };
  }

  post(path: string, json?: unknown, token?: string) {
    return this.call('POST', path, { json: json ?? {}, ...(token ? { token } : {}) });
  }

  get(path: string, token?: string) {
    return this.call('GET', path, token ? { token } : {});
  }

  /** The code in the newest SMS to this phone, as the member reads it. */
  smsCode(phone: string): string {
    const [latest] = this.server.emulators.tencentCloud!.control.sms(phone);
    assert.ok(latest, `an SMS went to ${phone.slice(0, 3)}…`);
    assert.match(latest.params[0]!, /^\d{6}$/);
    this.codes.push(latest.params[0]!);
    return latest.params[0]!;
  }

  smsCount(phone: string): number {
    return this.server.emulators.tencentCloud!.control.sms(phone).length;
  }

  async login(account: string, password = DEMO_LOGIN_PASSWORD, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await this.post('/api/auth/login', { account, password, ...extra });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.token as string;
  }

  /** A1 by SMS from start to end; returns the session token. */
  async register(p: Person, opts: { loginPassword?: string; businessPassword?: string; wechat?: object; autoLogin?: boolean } = {}): Promise<string> {
    const sent = await this.post('/api/auth/register/sms', p);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const verified = await this.post('/api/auth/register/verify', {
      ...p,
      smsCode: this.smsCode(p.phone),
      agreement: await this.consent(),
      ...(opts.wechat ? { wechat: opts.wechat } : {}),
    });
    assert.equal(verified.status, 200, JSON.stringify(verified.body));
    const done = await this.post('/api/auth/register', {
      registrationToken: verified.body.registrationToken,
      loginPassword: opts.loginPassword ?? NEW_LOGIN_PASSWORD,
      businessPassword: opts.businessPassword ?? NEW_BUSINESS_PASSWORD,
      ...(opts.autoLogin !== undefined ? { autoLogin: opts.autoLogin } : {}),
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    return done.body.token as string;
  }

  async consent() {
    const [u, p] = await Promise.all([this.get('/api/public/agreements/user-agreement'), this.get('/api/public/agreements/privacy')]);
    return { accepted: true, userAgreementVersion: u.body.version, privacyVersion: p.body.version };
  }

  /** No response and no log line so far holds any of these whole. */
  assertNothingLeaked(secrets: string[]): void {
    const texts = [...this.seen, ...this.server.logLines];
    for (const secret of [...secrets, ...this.codes]) {
      const hit = texts.find((t) => t.includes(secret));
      assert.equal(hit, undefined, `a response or log line holds a secret (${secret.slice(0, 2)}…): ${hit?.slice(0, 200)}`);
    }
  }
}

/** Members the demo left unregistered (the generated crowd), with their whole ID number and phone. */
export async function unregisteredMembers(server: TestServer, n: number): Promise<Person[]> {
  const cipher = testCipher();
  const rows = await server.database.query<{ name: string; id_number_enc: string; phone_enc: string }>(
    `SELECT m.name, m.id_number_enc, m.phone_enc FROM members m
     WHERE m.status = 'normal' AND m.phone_enc IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM member_credentials c WHERE c.member_id = m.id)
     ORDER BY m.id LIMIT $1`,
    [n],
  );
  assert.equal(rows.length, n);
  return rows.map((r) => ({ name: r.name, idNumber: cipher.decrypt(r.id_number_enc), phone: cipher.decrypt(r.phone_enc) }));
}

const TIMED_TABLES = [
  'sms_codes',
  'face_verifications',
  'member_sessions',
  'identity_tickets',
  'member_credentials',
  'rate_limit_counters',
  'login_challenges',
];

/** Moves identity's clock `seconds` ahead: its stored instants move back, the Tencent Cloud emulator's clock forward. */
export async function travel(server: TestServer, seconds: number): Promise<void> {
  for (const table of TIMED_TABLES) {
    const cols = await server.database.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND data_type = 'timestamp with time zone'`,
      [table],
    );
    const set = cols.map((c) => `${c.column_name} = ${c.column_name} - make_interval(secs => ${Number(seconds)})`).join(', ');
    await server.database.query(`UPDATE ${table} SET ${set}`);
  }
  await server.sessionCache.settled(); // the server has heard that its sessions changed (it forgets what it remembered)
  server.emulators.tencentCloud!.control.advanceTime(seconds);
}

export async function auditOf(
  server: TestServer,
  action: string,
): Promise<{ member_id: number | null; result: string; reason: string | null; details: any; ip: string | null; user_agent: string | null }[]> {
  return server.database.query(`SELECT member_id, result, reason, details, ip, user_agent FROM audit_log WHERE action = $1 ORDER BY id`, [action]);
}

export async function memberIdOf(server: TestServer, idNumber: string): Promise<number> {
  const [row] = await server.database.query<{ id: number }>('SELECT id FROM members WHERE id_number_hash = $1', [testCipher().lookupHash('id', idNumber)]);
  assert.ok(row);
  return row.id;
}

/**
 * What WeChat hands a client for a user, through the emulator's control API: the code of `wx.login()` in the
 * mini-program, or the OAuth code of the official account's web pages. The server exchanges it for the ids.
 */
export function wechatCode(server: TestServer, who: { openid: string; unionid?: string }, app: 'mp' | 'oa' = 'mp'): string {
  const control = server.emulators.wechat!.control;
  if (app === 'mp') return control.issueJsCode({ appid: server.config.WECHAT_MP_APP_ID, ...who });
  return control.issueOAuthCode({ appid: server.config.WECHAT_APP_ID, ...who });
}

/** Answers the challenge (安全验证) a LOGIN_CHALLENGE_REQUIRED / _FAILED or a fifth wrong password brought, as a person would. */
export function answerChallenge(answer: { details?: { challenge?: { id: string; question: string } } }): { id: string; answer: string } {
  const c = answer.details?.challenge;
  assert.ok(c, `a challenge came: ${JSON.stringify(answer)}`);
  const m = /(\d+) \+ (\d+) = \?/.exec(c.question);
  assert.ok(m, c.question);
  return { id: c.id, answer: String(Number(m[1]) + Number(m[2])) };
}
