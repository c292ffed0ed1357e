/** A1 registration, A2 passwords, the SMS code rules and G9, over HTTP against the server and the Tencent Cloud emulator. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';
import {
  auditOf,
  Client,
  DEMO,
  DEMO_BUSINESS_PASSWORD,
  DEMO_LOGIN_PASSWORD,
  memberIdOf,
  NEW_BUSINESS_PASSWORD,
  NEW_LOGIN_PASSWORD,
  travel,
  unregisteredMembers,
  wechatCode,
  type Person,
} from './helpers/identity.js';

const NOT_A_MEMBER = '您不是公积金中心的缴存用户。若您确实缴存公积金，请携带身份证到公积金办理点进行身份确认！';

for (const target of targets()) {
  describe(`A1 registration and SMS codes on ${target}`, () => {
    let server: TestServer;
    let client: Client;
    let people: Person[];
    const secrets: string[] = [DEMO_LOGIN_PASSWORD, DEMO_BUSINESS_PASSWORD, NEW_LOGIN_PASSWORD, NEW_BUSINESS_PASSWORD];
    before(async () => {
      server = await startTestServer(target, { seeded: true });
      client = new Client(server);
      people = await unregisteredMembers(server, 8);
      for (const p of [...people, ...Object.values(DEMO)]) secrets.push(p.idNumber, p.phone);
    });
    after(() => server.close());
    const remember = (code: string) => {
      secrets.push(code);
      return code;
    };

    test('G9: the current user agreement and privacy statement are public', async () => {
      const u = await client.get('/api/public/agreements/user-agreement');
      assert.equal(u.status, 200);
      assert.equal(u.body.kind, 'user-agreement');
      assert.equal(u.body.title, '个人用户协议');
      assert.match(u.body.version, /^\d{4}\.\d+$/);
      assert.match(u.body.body, /您不是公积金中心的缴存用户/);
      const p = await client.get('/api/public/agreements/privacy');
      assert.equal(p.body.title, '隐私声明');
      assert.equal((await client.get('/api/public/agreements/other')).status, 400);
    });

    test('registers by SMS: matching record, agreement ticked, 6-digit code, passwords set, logged in, binding recorded', async () => {
      const p = people[0]!;
      const sent = await client.post('/api/auth/register/sms', p);
      assert.equal(sent.status, 200);
      assert.deepEqual(sent.body, { phoneMasked: `${p.phone.slice(0, 3)}****${p.phone.slice(-4)}`, expiresInSeconds: 600, resendAfterSeconds: 60 });
      const sms = server.emulators.tencentCloud!.control.sms(p.phone)[0]!;
      assert.match(sms.content, /^【公积金中心】您的验证码为\d{6}，10分钟内有效/);
      const code = remember(client.smsCode(p.phone));

      const consent = await client.consent();
      const unticked = await client.post('/api/auth/register/verify', { ...p, smsCode: code, agreement: { ...consent, accepted: false } });
      assert.equal(unticked.status, 400);
      assert.equal(unticked.body.code, 'AGREEMENT_NOT_ACCEPTED');
      const outdated = await client.post('/api/auth/register/verify', { ...p, smsCode: code, agreement: { ...consent, userAgreementVersion: '2019.1' } });
      assert.equal(outdated.body.code, 'AGREEMENT_OUTDATED');

      const wechat = { mpOpenid: 'oMPtest_registration_0001', unionid: 'uTEST_registration_0001' };
      const claimed = await client.post('/api/auth/register/verify', { ...p, smsCode: code, agreement: consent, wechat });
      assert.deepEqual([claimed.status, claimed.body.code], [400, 'VALIDATION_FAILED'], 'an openid from the client is not taken');
      const verified = await client.post('/api/auth/register/verify', {
        ...p,
        smsCode: code,
        agreement: consent,
        wechat: { mpCode: wechatCode(server, { openid: wechat.mpOpenid, unionid: wechat.unionid }) },
      });
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      assert.equal(verified.body.member.name, p.name);
      assert.equal(verified.body.member.idNumberMasked, `${p.idNumber.slice(0, 6)}********${p.idNumber.slice(-4)}`);

      const weak = await client.post('/api/auth/register', {
        registrationToken: verified.body.registrationToken,
        loginPassword: 'abcdefgh',
        businessPassword: NEW_BUSINESS_PASSWORD,
      });
      assert.equal(weak.body.code, 'LOGIN_PASSWORD_WEAK', 'a weak password does not use the ticket up');
      const done = await client.post('/api/auth/register', {
        registrationToken: verified.body.registrationToken,
        loginPassword: NEW_LOGIN_PASSWORD,
        businessPassword: NEW_BUSINESS_PASSWORD,
      });
      assert.equal(done.status, 200);
      assert.deepEqual(Object.keys(done.body).sort(), ['expiresAt', 'token']);
      const again = await client.post('/api/auth/register', {
        registrationToken: verified.body.registrationToken,
        loginPassword: NEW_LOGIN_PASSWORD,
        businessPassword: NEW_BUSINESS_PASSWORD,
      });
      assert.equal(again.body.code, 'REGISTRATION_TICKET_INVALID', 'the ticket is used once');

      const me = await client.get('/api/me/security', done.body.token);
      assert.equal(me.status, 200);
      assert.equal(me.body.name, p.name);
      assert.equal(me.body.registeredBy, 'sms');
      assert.deepEqual(me.body.wechat, { bound: true, boundAt: me.body.wechat.boundAt, officialAccount: false, miniProgram: true });
      assert.deepEqual(me.body.agreements.map((a: { kind: string; version: string }) => [a.kind, a.version]).sort(), [
        ['privacy', consent.privacyVersion],
        ['user-agreement', consent.userAgreementVersion],
      ]);
      assert.ok(server.clock.now().getTime() - Date.parse(me.body.agreements[0].acceptedAt) < 60_000, 'when it was accepted (on the server clock)');

      const memberId = await memberIdOf(server, p.idNumber);
      const [w] = await server.database.query<{ member_id: number; mp_openid: string; unionid: string }>(
        'SELECT member_id, mp_openid, unionid FROM wechat_users WHERE unionid = $1',
        [wechat.unionid],
      );
      assert.deepEqual(w, { member_id: memberId, mp_openid: wechat.mpOpenid, unionid: wechat.unionid });
      assert.ok((await auditOf(server, 'auth.register')).some((a) => a.member_id === memberId && a.result === 'success'));
      assert.ok((await auditOf(server, 'wechat.bind')).some((a) => a.member_id === memberId));
      assert.equal((await client.login(p.phone, NEW_LOGIN_PASSWORD)) !== '', true);
    });

    test('registers by face instead of SMS (001 1.2), with no SMS sent', async () => {
      const p = people[1]!;
      const started = await client.post('/api/auth/register/face', p);
      assert.equal(started.status, 200);
      assert.match(started.body.url, /token=/);
      server.emulators.tencentCloud!.control.setFaceResult(started.body.bizToken, 'pass');
      const verified = await client.post('/api/auth/register/verify', { ...p, bizToken: started.body.bizToken, agreement: await client.consent() });
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      const done = await client.post('/api/auth/register', {
        registrationToken: verified.body.registrationToken,
        loginPassword: NEW_LOGIN_PASSWORD,
        businessPassword: NEW_BUSINESS_PASSWORD,
        autoLogin: true,
      });
      assert.equal(done.status, 200);
      assert.equal(client.smsCount(p.phone), 0);
      const me = await client.get('/api/me/security', done.body.token);
      assert.equal(me.body.registeredBy, 'face');
      assert.equal(me.body.autoLogin, true);
    });

    test('a mismatch gets the manual’s message: wrong phone, someone else’s ID with a right name, unknown ID', async () => {
      const p = people[2]!;
      const other = people[3]!;
      for (const wrong of [
        { ...p, phone: other.phone },
        { ...p, idNumber: other.idNumber },
        { ...p, name: `${p.name}明` },
      ]) {
        const r = await client.post('/api/auth/register/sms', wrong);
        assert.equal(r.status, 400);
        assert.deepEqual(r.body, { code: 'NOT_A_MEMBER', message: NOT_A_MEMBER });
      }
      assert.equal(client.smsCount(p.phone) + client.smsCount(other.phone), 0, 'no code went anywhere');
      const face = await client.post('/api/auth/register/face', { ...p, idNumber: other.idNumber });
      assert.equal(face.body.code, 'NOT_A_MEMBER');
    });

    test('an ID number with a wrong check digit, a wrong length or birth date is refused as such', async () => {
      const p = people[2]!;
      const last = p.idNumber.at(-1)!;
      const wrongCheck = p.idNumber.slice(0, 17) + (last === '1' ? '2' : '1');
      const r = await client.post('/api/auth/register/sms', { ...p, idNumber: wrongCheck });
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, { code: 'ID_NUMBER_INVALID', message: '身份证号码校验位有误，请核对后重新输入' });
      assert.equal((await client.post('/api/auth/register/sms', { ...p, idNumber: p.idNumber.slice(1) })).body.code, 'ID_NUMBER_INVALID');
      assert.equal((await client.post('/api/auth/register/sms', { ...p, phone: '1390000' })).body.code, 'VALIDATION_FAILED');
    });

    test('a closed (销户) account cannot register (004 1.2)', async () => {
      const r = await client.post('/api/auth/register/sms', DEMO.yangXiuying);
      assert.equal(r.status, 403);
      assert.deepEqual(r.body, { code: 'ACCOUNT_CLOSED', message: '您的公积金账户已销户，不能注册' });
    });

    test('weak passwords are refused (001 1.3, 4.2): length, classes, trivial and birthday business passwords', async () => {
      const p = people[4]!;
      await client.post('/api/auth/register/sms', p);
      const verified = await client.post('/api/auth/register/verify', { ...p, smsCode: remember(client.smsCode(p.phone)), agreement: await client.consent() });
      const registrationToken = verified.body.registrationToken;
      const birthday = p.idNumber.slice(8, 14); // YYMMDD
      const cases: [string, string, string][] = [
        ['Ab1!', NEW_BUSINESS_PASSWORD, 'LOGIN_PASSWORD_WEAK'],
        ['abcdefgh12', NEW_BUSINESS_PASSWORD, 'LOGIN_PASSWORD_WEAK'],
        ['Abcdefgh12345678!', NEW_BUSINESS_PASSWORD, 'LOGIN_PASSWORD_WEAK'],
        ['Abc 1234567', NEW_BUSINESS_PASSWORD, 'LOGIN_PASSWORD_WEAK'],
        [NEW_LOGIN_PASSWORD, '123456', 'BUSINESS_PASSWORD_WEAK'],
        [NEW_LOGIN_PASSWORD, '111111', 'BUSINESS_PASSWORD_WEAK'],
        [NEW_LOGIN_PASSWORD, '987654', 'BUSINESS_PASSWORD_WEAK'],
        [NEW_LOGIN_PASSWORD, birthday, 'BUSINESS_PASSWORD_WEAK'],
        [NEW_LOGIN_PASSWORD, '12345', 'BUSINESS_PASSWORD_WEAK'],
        [NEW_LOGIN_PASSWORD, '12a456', 'BUSINESS_PASSWORD_WEAK'],
      ];
      for (const [loginPassword, businessPassword, code] of cases) {
        const r = await client.post('/api/auth/register', { registrationToken, loginPassword, businessPassword });
        assert.equal(r.status, 400, `${loginPassword} / ${businessPassword}`);
        assert.equal(r.body.code, code, `${loginPassword} / ${businessPassword}`);
        assert.match(r.body.message, code === 'LOGIN_PASSWORD_WEAK' ? /8～16位.*任意3种/ : /6位数字|过于简单/);
      }
      const ok = await client.post('/api/auth/register', { registrationToken, loginPassword: 'abc123!@#', businessPassword: '502813' });
      assert.equal(ok.status, 200, 'three classes are enough');
    });

    test('an SMS code is used once', async () => {
      const p = people[5]!;
      await client.post('/api/auth/register/sms', p);
      const code = remember(client.smsCode(p.phone));
      const agreement = await client.consent();
      assert.equal((await client.post('/api/auth/register/verify', { ...p, smsCode: code, agreement })).status, 200);
      const reuse = await client.post('/api/auth/register/verify', { ...p, smsCode: code, agreement });
      assert.equal(reuse.status, 400);
      assert.deepEqual(reuse.body, { code: 'SMS_CODE_USED', message: '验证码已使用，请重新获取' });
    });

    test('a new code only after 60 s; a code expires after 10 minutes', async () => {
      const p = people[6]!;
      assert.equal((await client.post('/api/auth/register/sms', p)).status, 200);
      const soon = await client.post('/api/auth/register/sms', p);
      assert.equal(soon.status, 429);
      assert.equal(soon.body.code, 'SMS_RESEND_TOO_SOON');
      assert.match(soon.body.message, /请\d+秒后再重新获取/);
      await travel(server, 61);
      assert.equal((await client.post('/api/auth/register/sms', p)).status, 200);
      const code = remember(client.smsCode(p.phone));
      await travel(server, 601);
      const late = await client.post('/api/auth/register/verify', { ...p, smsCode: code, agreement: await client.consent() });
      assert.equal(late.status, 400);
      assert.equal(late.body.code, 'SMS_CODE_EXPIRED');
      assert.match(late.body.message, /已过期/);
    });

    test('5 wrong codes void the code: even the right one is refused afterwards', async () => {
      const p = people[7]!;
      await client.post('/api/auth/register/sms', p);
      const code = remember(client.smsCode(p.phone));
      const agreement = await client.consent();
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const messages: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await client.post('/api/auth/register/verify', { ...p, smsCode: wrong, agreement });
        assert.equal(r.status, 400);
        messages.push(r.body.message);
      }
      assert.deepEqual(messages.slice(0, 4), ['验证码错误，还可输入4次', '验证码错误，还可输入3次', '验证码错误，还可输入2次', '验证码错误，还可输入1次']);
      assert.equal(messages[4], '验证码已输错5次，请重新获取');
      const right = await client.post('/api/auth/register/verify', { ...p, smsCode: code, agreement });
      assert.equal(right.body.code, 'SMS_CODE_ATTEMPTS_EXCEEDED');
    });

    test('at most 10 codes a phone a day', async () => {
      const p = people[3]!;
      for (let i = 0; i < 10; i++) {
        const r = await client.post('/api/auth/register/sms', p);
        assert.equal(r.status, 200, `send ${i + 1}: ${JSON.stringify(r.body)}`);
        remember(client.smsCode(p.phone));
        await travel(server, 721); // past the resend wait, and Tencent Cloud's own 5-an-hour policy
      }
      const eleventh = await client.post('/api/auth/register/sms', p);
      assert.equal(eleventh.status, 429);
      assert.equal(eleventh.body.code, 'SMS_DAILY_LIMIT');
      assert.equal(client.smsCount(p.phone), 10);
    });

    test('codes are stored only as keyed hashes', async () => {
      const rows = await server.database.query<{ code_hash: string }>('SELECT code_hash FROM sms_codes');
      assert.ok(rows.length >= 10);
      for (const r of rows) assert.doesNotMatch(r.code_hash, /^\d{6}$/);
      const dump = JSON.stringify(await server.database.query('SELECT * FROM sms_codes'));
      for (const s of secrets.filter((x) => /^\d{6}$/.test(x))) assert.ok(!dump.includes(`"${s}"`));
    });

    test('registering again replaces the registration and ends the old sessions (001 1.2)', async () => {
      const old = await client.login(DEMO.zhangJian.idNumber);
      const token = await client.register(DEMO.zhangJian, { businessPassword: '602817' });
      assert.equal((await client.get('/api/me/security', old)).status, 401);
      assert.equal((await client.get('/api/me/security', token)).status, 200);
      assert.equal((await client.post('/api/auth/login', { account: DEMO.zhangJian.phone, password: DEMO_LOGIN_PASSWORD })).status, 401);
    });

    test('no response or log line holds a whole ID number, phone, password or code', () => {
      client.assertNothingLeaked(secrets);
    });
  });
}
