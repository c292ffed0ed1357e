/** A3 login (password, face), the challenge after wrong passwords, sessions, logout, A8 auto-login and the demo credentials, over HTTP. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';
import {
  answerChallenge,
  auditOf,
  Client,
  DEMO,
  DEMO_BUSINESS_PASSWORD,
  DEMO_LOGIN_PASSWORD,
  DEMO_WECHAT,
  memberIdOf,
  travel,
  wechatCode,
} from './helpers/identity.js';

for (const target of targets()) {
  describe(`A3 login and sessions on ${target}`, () => {
    let server: TestServer;
    let client: Client;
    const secrets = [DEMO_LOGIN_PASSWORD, DEMO_BUSINESS_PASSWORD, 'Wrong#Pass123', ...Object.values(DEMO).flatMap((p) => [p.idNumber, p.phone])];
    before(async () => {
      server = await startTestServer(target, { seeded: true });
      client = new Client(server);
    });
    after(() => server.close());

    test('POST /api/auth/login with the ID number or the phone answers { token, expiresAt }', async () => {
      for (const account of [DEMO.luQingyi.idNumber, DEMO.luQingyi.phone, DEMO.luQingyi.idNumber.toLowerCase()]) {
        const r = await client.post('/api/auth/login', { account, password: DEMO_LOGIN_PASSWORD });
        assert.equal(r.status, 200);
        assert.deepEqual(Object.keys(r.body).sort(), ['expiresAt', 'token']);
        const ttl = Date.parse(r.body.expiresAt) - Date.now();
        assert.ok(ttl > 25 * 60_000 && ttl <= 30 * 60_000, 'an ordinary session is idle after 30 minutes');
        const me = await client.get('/api/me/security', r.body.token);
        assert.equal(me.status, 200);
        assert.equal(me.body.idNumberMasked, '530123********2329');
        assert.equal(me.body.phoneMasked, '139****1111');
      }
    });

    test('wrong credentials are 401 { code, message }, the same for an unknown account; malformed accounts are 400', async () => {
      const wrong = await client.post('/api/auth/login', { account: DEMO.duanDemei.phone, password: 'Wrong#Pass123' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
      assert.match(wrong.body.message, /账号或密码错误/);
      const unknown = await client.post('/api/auth/login', { account: '13000000000', password: 'Wrong#Pass123' });
      assert.deepEqual(unknown.body, wrong.body);
      const unregistered = await client.post('/api/auth/login', { account: DEMO.yangXiuying.idNumber, password: DEMO_LOGIN_PASSWORD });
      assert.deepEqual(unregistered.body, wrong.body);
      assert.equal((await client.post('/api/auth/login', { account: 'abc', password: 'x' })).status, 400);
      const badCheck = await client.post('/api/auth/login', {
        account: `${DEMO.duanDemei.idNumber.slice(0, 17)}${DEMO.duanDemei.idNumber.endsWith('1') ? '2' : '1'}`,
        password: DEMO_LOGIN_PASSWORD,
      });
      assert.equal(badCheck.body.code, 'ID_NUMBER_INVALID');
      const failures = await auditOf(server, 'auth.login');
      assert.ok(failures.some((a) => a.result === 'failure' && a.reason === 'INVALID_CREDENTIALS' && a.member_id !== null && a.user_agent === 'identity-test'));
      assert.ok(failures.some((a) => a.result === 'failure' && a.reason === 'UNKNOWN_ACCOUNT' && a.member_id === null));
    });

    test('after 5 wrong passwords every attempt needs a challenge, for a known and an unknown account alike; nothing locks the owner out', async () => {
      const wrongFive = async (accounts: string[]) => {
        const answers = [];
        for (const account of accounts) answers.push(await client.post('/api/auth/login', { account, password: 'Wrong#Pass123' }));
        return answers;
      };
      // 高振华 by ID number and by phone (one account), and a phone nobody has.
      const g = DEMO.gaoZhenhua;
      const known = await wrongFive([g.idNumber, g.idNumber, g.phone, g.idNumber, g.phone]);
      const unknown = await wrongFive(Array(5).fill('13000000077'));
      const shape = (r: { status: number; body: any }) => ({
        status: r.status,
        code: r.body.code,
        message: r.body.message,
        challenge: !!r.body.details?.challenge,
      });
      assert.deepEqual(known.map(shape), unknown.map(shape), 'the answers tell nothing about who is registered');
      assert.deepEqual(
        known.map((r) => r.status),
        [401, 401, 401, 401, 401],
        'no 423',
      );
      assert.equal(known[3]!.body.message, '账号或密码错误（连续输错5次后需完成安全验证）');
      assert.deepEqual(Object.keys(known[4]!.body.details.challenge).sort(), ['expiresAt', 'id', 'question'], 'the fifth answer brings the challenge');

      for (const account of [DEMO.gaoZhenhua.phone, '13000000077']) {
        const bare = await client.post('/api/auth/login', { account, password: DEMO_LOGIN_PASSWORD });
        assert.deepEqual([bare.status, bare.body.code, bare.body.message], [401, 'LOGIN_CHALLENGE_REQUIRED', '密码错误次数较多，请先完成安全验证再登录']);
        const wrongAnswer = await client.post('/api/auth/login', {
          account,
          password: DEMO_LOGIN_PASSWORD,
          challenge: { id: bare.body.details.challenge.id, answer: '-1' },
        });
        assert.deepEqual([wrongAnswer.status, wrongAnswer.body.code], [401, 'LOGIN_CHALLENGE_FAILED']);
        const reused = await client.post('/api/auth/login', { account, password: DEMO_LOGIN_PASSWORD, challenge: answerChallenge(bare.body) });
        assert.equal(reused.body.code, 'LOGIN_CHALLENGE_FAILED', 'a challenge is used once');
      }
      const again = await client.post('/api/auth/login', { account: DEMO.gaoZhenhua.idNumber, password: DEMO_LOGIN_PASSWORD });
      const owner = await client.post('/api/auth/login', {
        account: DEMO.gaoZhenhua.idNumber,
        password: DEMO_LOGIN_PASSWORD,
        challenge: answerChallenge(again.body),
      });
      assert.equal(owner.status, 200, 'the owner with the password and the answer gets in at once');
      const after = await client.post('/api/auth/login', { account: DEMO.gaoZhenhua.phone, password: 'Wrong#Pass123' });
      assert.deepEqual([after.body.code, after.body.details], ['INVALID_CREDENTIALS', undefined], 'a right password clears the count');
      const stranger = await client.post('/api/auth/login', { account: '13000000077', password: 'Wrong#Pass123' });
      assert.equal(stranger.body.code, 'LOGIN_CHALLENGE_REQUIRED');
      const audits = await auditOf(server, 'auth.login');
      assert.ok(audits.some((a) => a.reason === 'LOGIN_CHALLENGE_REQUIRED' && a.member_id === null));
      assert.ok(audits.some((a) => a.reason === 'LOGIN_CHALLENGE_FAILED' && a.member_id !== null));
    });

    test('a stolen token is worthless after logout; no or a malformed token is 401', async () => {
      const token = await client.login(DEMO.liGuoqiang.phone);
      assert.equal((await client.get('/api/me/security', token)).status, 200);
      const out = await client.post('/api/auth/logout', undefined, token);
      assert.equal(out.status, 200);
      const stolen = await client.get('/api/me/security', token);
      assert.equal(stolen.status, 401);
      assert.equal(stolen.body.code, 'SESSION_EXPIRED');
      assert.match(stolen.body.message, /重新登录/);
      assert.equal((await client.post('/api/auth/logout', undefined, token)).status, 401);
      const none = await client.get('/api/me/security');
      assert.deepEqual(none, { status: 401, body: { code: 'UNAUTHENTICATED', message: '请先登录' } });
      assert.equal((await client.call('GET', '/api/me/security', { token: 'not-a-token' })).status, 401);
      assert.equal((await client.get('/api/me/anything-another-capability-adds')).status, 401, 'all of /api/me is guarded');
      assert.equal((await auditOf(server, 'auth.logout')).length, 1);
      const [session] = await server.database.query<{ token_hash: string }>('SELECT token_hash FROM member_sessions LIMIT 1');
      assert.ok(session && !session.token_hash.includes(token), 'only a hash of the token is stored');
    });

    test('an ordinary session ends after 30 idle minutes and after 12 hours; use keeps it alive until then', async () => {
      const idle = await client.login(DEMO.heLihua.phone);
      await travel(server, 31 * 60);
      assert.equal((await client.get('/api/me/security', idle)).status, 401);

      const used = await client.login(DEMO.heLihua.phone);
      for (let minutes = 29; minutes <= 25 * 29; minutes += 29) {
        await travel(server, 29 * 60);
        const r = await client.get('/api/me/security', used);
        if (minutes < 12 * 60) assert.equal(r.status, 200, `after ${minutes} minutes of use`);
        else assert.equal(r.status, 401, 'the absolute limit holds even in use');
      }
    });

    test('auto-login (001 1.1, A8) is a long-lived device session; the switch turns it on and off', async () => {
      const auto = await client.post('/api/auth/login', { account: DEMO.zhangJian.phone, password: DEMO_LOGIN_PASSWORD, autoLogin: true });
      assert.ok(Date.parse(auto.body.expiresAt) - Date.now() > 29 * 24 * 3600_000);
      const plain = await client.login(DEMO.zhangJian.idNumber);
      await travel(server, 2 * 3600);
      assert.equal((await client.get('/api/me/security', auto.body.token)).status, 200);
      assert.equal((await client.get('/api/me/security', plain)).status, 401);

      const off = await client.call('PUT', '/api/me/security/auto-login', { json: { enabled: false }, token: auto.body.token });
      assert.equal(off.status, 200);
      assert.equal(off.body.autoLogin, false);
      assert.ok(Date.parse(off.body.expiresAt) - Date.now() <= 30 * 60_000);
      assert.equal((await client.get('/api/me/security', auto.body.token)).body.autoLogin, false);

      const on = await client.call('PUT', '/api/me/security/auto-login', {
        json: { enabled: true, loginPassword: DEMO_LOGIN_PASSWORD },
        token: auto.body.token,
      });
      assert.equal(on.body.autoLogin, true);
      const next = await client.post('/api/auth/login', { account: DEMO.zhangJian.phone, password: DEMO_LOGIN_PASSWORD });
      assert.ok(Date.parse(next.body.expiresAt) - Date.now() > 29 * 24 * 3600_000, 'later logins follow the switch');
      assert.equal((await auditOf(server, 'security.auto-login')).length, 2);
    });

    test('turning auto-login on needs the login password or a face check, not only the bearer token', async () => {
      const token = await client.login(DEMO.heLihua.phone);
      const bare = await client.call('PUT', '/api/me/security/auto-login', { json: { enabled: true }, token });
      assert.deepEqual([bare.status, bare.body.code], [400, 'VERIFICATION_REQUIRED']);
      const wrong = await client.call('PUT', '/api/me/security/auto-login', { json: { enabled: true, loginPassword: 'Wrong#Pass123' }, token });
      assert.deepEqual([wrong.status, wrong.body.code], [403, 'LOGIN_PASSWORD_INCORRECT']);
      const forged = await client.call('PUT', '/api/me/security/auto-login', {
        json: { enabled: true, bizToken: '4237FAC9-1AE4-4954-B495-FB07D91141CA' },
        token,
      });
      assert.deepEqual([forged.status, forged.body.code], [400, 'FACE_TOKEN_INVALID']);
      const me = await client.get('/api/me/security', token);
      assert.equal(me.body.autoLogin, false, 'still off');
      const still = Date.parse((await client.post('/api/auth/login', { account: DEMO.heLihua.phone, password: DEMO_LOGIN_PASSWORD })).body.expiresAt);
      assert.ok(still - Date.now() <= 30 * 60_000);

      // A9 style: a face check started for this change, passed in the FaceID emulator.
      const started = await client.post(
        '/api/me/security/face',
        { purpose: 'transaction', transaction: { purpose: 'security.auto-login', reference: 'on' } },
        token,
      );
      assert.equal(started.status, 200, JSON.stringify(started.body));
      server.emulators.tencentCloud!.control.setFaceResult(started.body.bizToken, 'pass');
      const byFace = await client.call('PUT', '/api/me/security/auto-login', { json: { enabled: true, bizToken: started.body.bizToken }, token });
      assert.deepEqual([byFace.status, byFace.body.autoLogin], [200, true]);
      assert.ok(Date.parse(byFace.body.expiresAt) - Date.now() > 29 * 24 * 3600_000);
      const verified = await auditOf(server, 'security.auto-login.verify');
      assert.deepEqual(verified.map((a) => [a.result, a.reason, a.details.method]).slice(-4), [
        ['failure', 'VERIFICATION_REQUIRED', 'face'],
        ['failure', 'LOGIN_PASSWORD_INCORRECT', 'login-password'],
        ['failure', 'FACE_TOKEN_INVALID', 'face'],
        ['success', null, 'face'],
      ]);
      const off = await client.call('PUT', '/api/me/security/auto-login', { json: { enabled: false }, token });
      assert.equal(off.body.autoLogin, false, 'turning it off needs nothing');
    });

    test('face login (001 1.1): a pass of the same person, once, within its validity', async () => {
      const p = DEMO.duanDemei;
      const tc = server.emulators.tencentCloud!.control;
      const start = () => client.post('/api/auth/login/face/start', { name: p.name, idNumber: p.idNumber });

      const good = await start();
      assert.equal(good.status, 200);
      const pending = await client.post('/api/auth/login/face', { bizToken: good.body.bizToken });
      assert.equal(pending.body.code, 'FACE_PENDING');
      tc.setFaceResult(good.body.bizToken, 'pass');
      const ok = await client.post('/api/auth/login/face', { bizToken: good.body.bizToken });
      assert.equal(ok.status, 200);
      assert.equal((await client.get('/api/me/security', ok.body.token)).body.name, p.name);
      const replay = await client.post('/api/auth/login/face', { bizToken: good.body.bizToken });
      assert.equal(replay.status, 409);
      assert.equal(replay.body.code, 'FACE_ALREADY_USED');

      const other = await start();
      tc.setFaceResult(other.body.bizToken, 'other-person');
      const refused = await client.post('/api/auth/login/face', { bizToken: other.body.bizToken });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'FACE_NOT_PASSED');

      const someoneElse = await start();
      tc.setFaceResult(someoneElse.body.bizToken, 'pass', { idCard: DEMO.liGuoqiang.idNumber, name: DEMO.liGuoqiang.name });
      const swapped = await client.post('/api/auth/login/face', { bizToken: someoneElse.body.bizToken });
      assert.equal(swapped.status, 403, 'a pass of another person does not log this member in');
      assert.match(swapped.body.message, /不是本人/);

      const failed = await start();
      tc.setFaceResult(failed.body.bizToken, 'fail');
      assert.equal((await client.post('/api/auth/login/face', { bizToken: failed.body.bizToken })).body.code, 'FACE_NOT_PASSED');

      const late = await start();
      tc.setFaceResult(late.body.bizToken, 'pass');
      await travel(server, 7201);
      assert.equal((await client.post('/api/auth/login/face', { bizToken: late.body.bizToken })).body.code, 'FACE_EXPIRED');

      const expired = await start();
      tc.setFaceResult(expired.body.bizToken, 'expired');
      assert.equal((await client.post('/api/auth/login/face', { bizToken: expired.body.bizToken })).body.code, 'FACE_EXPIRED');

      const forged = await client.post('/api/auth/login/face', { bizToken: '4237FAC9-1AE4-4954-B495-FB07D91141CA' });
      assert.equal(forged.body.code, 'FACE_TOKEN_INVALID', 'a BizToken this server did not start');

      const reg = await client.post('/api/auth/register/face', p);
      tc.setFaceResult(reg.body.bizToken, 'pass');
      assert.equal(
        (await client.post('/api/auth/login/face', { bizToken: reg.body.bizToken })).body.code,
        'FACE_TOKEN_INVALID',
        'a registration pass does not log in',
      );

      const unregistered = await client.post('/api/auth/login/face/start', { name: DEMO.yangXiuying.name, idNumber: DEMO.yangXiuying.idNumber });
      assert.equal(unregistered.body.code, 'NOT_REGISTERED');
      const audits = await auditOf(server, 'auth.login');
      assert.ok(audits.some((a) => a.details.method === 'face' && a.result === 'success'));
      assert.ok(audits.some((a) => a.details.method === 'face' && a.reason === 'FACE_NOT_PASSED'));
    });

    test('the demo members log in with the demo passwords and are bound to their demo WeChat ids', async () => {
      const memberId = await memberIdOf(server, DEMO.luQingyi.idNumber);
      const [w] = await server.database.query<{ member_id: number; oa_openid: string; mp_openid: string; unionid: string }>(
        'SELECT member_id, oa_openid, mp_openid, unionid FROM wechat_users WHERE oa_openid = $1',
        [DEMO_WECHAT.luQingyi.oaOpenid],
      );
      assert.deepEqual(w, { member_id: memberId, oa_openid: 'oDEMO_luqingyi', mp_openid: 'oDEMO_mp_luqingyi', unionid: 'uDEMO_luqingyi' });
      const token = await client.login(DEMO.luQingyi.phone);
      const me = await client.get('/api/me/security', token);
      assert.deepEqual(me.body.wechat, { bound: true, boundAt: me.body.wechat.boundAt, officialAccount: true, miniProgram: true });
      const [{ n }] = (await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM member_credentials')) as [{ n: number }];
      assert.equal(n, 9, 'the named members but the closed one');
    });

    test('logging in from the mini-program binds the WeChat person of its wx.login code; the audit holds no personal data', async () => {
      const wechat = { mpOpenid: 'oMP_login_bind_000000001' };
      const claimed = await client.post('/api/auth/login', { account: DEMO.liGuoqiang.phone, password: DEMO_LOGIN_PASSWORD, wechat });
      assert.deepEqual([claimed.status, claimed.body.code], [400, 'VALIDATION_FAILED'], 'an openid from the client is not taken');
      const made = await client.post('/api/auth/login', {
        account: DEMO.liGuoqiang.phone,
        password: DEMO_LOGIN_PASSWORD,
        wechat: { mpCode: 'made-up-code-0000000001' },
      });
      assert.deepEqual([made.status, made.body.code], [400, 'WECHAT_CODE_INVALID'], 'a code WeChat never gave is refused, and no session is made');
      const mpCode = wechatCode(server, { openid: wechat.mpOpenid });
      await client.login(DEMO.liGuoqiang.phone, DEMO_LOGIN_PASSWORD, { wechat: { mpCode } });
      const replay = await client.post('/api/auth/login', { account: DEMO.liGuoqiang.phone, password: DEMO_LOGIN_PASSWORD, wechat: { mpCode } });
      assert.deepEqual([replay.status, replay.body.code], [400, 'WECHAT_CODE_INVALID'], 'a code is good once');
      const [w] = await server.database.query<{ member_id: number; oa_openid: string | null }>(
        'SELECT member_id, oa_openid FROM wechat_users WHERE mp_openid = $1',
        [wechat.mpOpenid],
      );
      assert.equal(w?.member_id, await memberIdOf(server, DEMO.liGuoqiang.idNumber));
      const [old] = await server.database.query<{ member_id: number | null }>('SELECT member_id FROM wechat_users WHERE oa_openid = $1', [
        DEMO_WECHAT.liGuoqiang.oaOpenid,
      ]);
      assert.equal(old?.member_id, null, 'a member is bound to one WeChat person at a time');
      const audit = JSON.stringify(await server.database.query('SELECT * FROM audit_log'));
      for (const s of secrets) assert.ok(!audit.includes(s), 'the audit trail holds no whole ID number, phone or password');
    });

    test('no response or log line holds a whole ID number, phone, password or code', () => {
      client.assertNothingLeaked(secrets);
    });
  });
}
