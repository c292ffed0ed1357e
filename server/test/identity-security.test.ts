/** A4 forgot password, A5 password changes, A6 phone change, A7 unbind, A9 transaction confirmation, and their audit. */
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
  DEMO_WECHAT,
  memberIdOf,
  NEW_BUSINESS_PASSWORD,
  NEW_LOGIN_PASSWORD,
  travel,
  wechatCode,
} from './helpers/identity.js';
import { consumeConfirmation } from '../src/identity/index.js';

const NEW_PHONE = '13577889900';

for (const target of targets()) {
  describe(`安全设置 (A4–A9) on ${target}`, () => {
    let server: TestServer;
    let client: Client;
    const secrets = [
      DEMO_LOGIN_PASSWORD,
      DEMO_BUSINESS_PASSWORD,
      NEW_LOGIN_PASSWORD,
      NEW_BUSINESS_PASSWORD,
      NEW_PHONE,
      ...Object.values(DEMO).flatMap((p) => [p.idNumber, p.phone]),
    ];
    before(async () => {
      server = await startTestServer(target, { seeded: true });
      client = new Client(server);
    });
    after(() => server.close());

    test('A4 forgot password: name + ID → masked phone on record → SMS → new password; old sessions end', async () => {
      const p = DEMO.gaoZhenhua;
      const before = await client.login(p.phone);
      const who = { name: p.name, idNumber: p.idNumber };
      const checked = await client.post('/api/auth/password-reset/verify', who);
      assert.deepEqual(checked, { status: 200, body: { phoneMasked: '138****3456' } });
      const mismatch = await client.post('/api/auth/password-reset/verify', { ...who, name: '高振' });
      assert.equal(mismatch.body.code, 'IDENTITY_MISMATCH');
      const unregistered = await client.post('/api/auth/password-reset/verify', { name: DEMO.yangXiuying.name, idNumber: DEMO.yangXiuying.idNumber });
      assert.equal(unregistered.body.code, 'NOT_REGISTERED');

      const sent = await client.post('/api/auth/password-reset/sms', who);
      assert.equal(sent.body.phoneMasked, '138****3456');
      const wrongCode = await client.post('/api/auth/password-reset/confirm', { ...who, smsCode: client.smsCode(p.phone) === '000000' ? '000001' : '000000' });
      assert.equal(wrongCode.body.code, 'SMS_CODE_INCORRECT');
      const confirmed = await client.post('/api/auth/password-reset/confirm', { ...who, smsCode: client.smsCode(p.phone) });
      assert.equal(confirmed.status, 200);
      const weak = await client.post('/api/auth/password-reset', { resetToken: confirmed.body.resetToken, newLoginPassword: 'password' });
      assert.equal(weak.body.code, 'LOGIN_PASSWORD_WEAK');
      const done = await client.post('/api/auth/password-reset', { resetToken: confirmed.body.resetToken, newLoginPassword: NEW_LOGIN_PASSWORD });
      assert.deepEqual(done, { status: 200, body: { ok: true } });
      assert.equal(
        (await client.post('/api/auth/password-reset', { resetToken: confirmed.body.resetToken, newLoginPassword: NEW_LOGIN_PASSWORD })).body.code,
        'RESET_TICKET_INVALID',
      );

      assert.equal((await client.get('/api/me/security', before)).status, 401, 'the sessions before the reset ended');
      assert.equal((await client.post('/api/auth/login', { account: p.phone, password: DEMO_LOGIN_PASSWORD })).status, 401);
      await client.login(p.phone, NEW_LOGIN_PASSWORD);
      assert.ok((await auditOf(server, 'auth.password-reset')).some((a) => a.result === 'success'));
    });

    test('A4 also ends the challenge after wrong passwords and may set a new business password at the same time', async () => {
      const p = DEMO.heLihua;
      for (let i = 0; i < 5; i++) await client.post('/api/auth/login', { account: p.phone, password: 'Wrong#Pass123' });
      assert.equal((await client.post('/api/auth/login', { account: p.phone, password: DEMO_LOGIN_PASSWORD })).body.code, 'LOGIN_CHALLENGE_REQUIRED');
      const who = { name: p.name, idNumber: p.idNumber };
      await client.post('/api/auth/password-reset/sms', who);
      const confirmed = await client.post('/api/auth/password-reset/confirm', { ...who, smsCode: client.smsCode(p.phone) });
      const done = await client.post('/api/auth/password-reset', {
        resetToken: confirmed.body.resetToken,
        newLoginPassword: NEW_LOGIN_PASSWORD,
        newBusinessPassword: NEW_BUSINESS_PASSWORD,
      });
      assert.equal(done.status, 200);
      const token = await client.login(p.phone, NEW_LOGIN_PASSWORD);
      const confirm = await client.post(
        '/api/me/security/confirmations',
        { purpose: 'withdrawal.retirement', reference: 'TQ2026000001', businessPassword: NEW_BUSINESS_PASSWORD },
        token,
      );
      assert.equal(confirm.status, 200, 'the new business password works');
    });

    test('A5 change the login password with the old one; every session ends and a new one comes back', async () => {
      const p = DEMO.luQingyi;
      const other = await client.login(p.idNumber);
      const token = await client.login(p.phone);
      const wrongOld = await client.post('/api/me/security/login-password', { oldPassword: 'Wrong#Pass123', newPassword: NEW_LOGIN_PASSWORD }, token);
      assert.equal(wrongOld.status, 403);
      assert.equal(wrongOld.body.code, 'OLD_PASSWORD_INCORRECT');
      const weak = await client.post('/api/me/security/login-password', { oldPassword: DEMO_LOGIN_PASSWORD, newPassword: 'Short1!' }, token);
      assert.equal(weak.body.code, 'LOGIN_PASSWORD_WEAK');
      const same = await client.post('/api/me/security/login-password', { oldPassword: DEMO_LOGIN_PASSWORD, newPassword: DEMO_LOGIN_PASSWORD }, token);
      assert.equal(same.body.code, 'PASSWORD_UNCHANGED');

      const changed = await client.post(
        '/api/me/security/login-password',
        { oldPassword: DEMO_LOGIN_PASSWORD, newPassword: NEW_LOGIN_PASSWORD, newBusinessPassword: NEW_BUSINESS_PASSWORD },
        token,
      );
      assert.equal(changed.status, 200);
      assert.equal((await client.get('/api/me/security', token)).status, 401, 'the stolen old token is worthless');
      assert.equal((await client.get('/api/me/security', other)).status, 401);
      assert.equal((await client.get('/api/me/security', changed.body.token)).status, 200);
      await client.login(p.phone, NEW_LOGIN_PASSWORD);
      const byOldBusiness = await client.post(
        '/api/me/security/confirmations',
        { purpose: 'withdrawal.rent', reference: 'TQ1', businessPassword: DEMO_BUSINESS_PASSWORD },
        changed.body.token,
      );
      assert.equal(byOldBusiness.body.code, 'BUSINESS_PASSWORD_INCORRECT', '“重置业务密码” set the business password too');
      const audit = await auditOf(server, 'security.login-password.change');
      assert.deepEqual(
        audit.map((a) => [a.result, a.reason]),
        [
          ['failure', 'OLD_PASSWORD_INCORRECT'],
          ['failure', 'LOGIN_PASSWORD_WEAK'],
          ['failure', 'PASSWORD_UNCHANGED'],
          ['success', null],
        ],
      );
    });

    test('A5 change the business password with the old one, optionally the login password too', async () => {
      const p = DEMO.zhangJian;
      const token = await client.login(p.phone);
      const trivial = await client.post(
        '/api/me/security/business-password',
        { oldBusinessPassword: DEMO_BUSINESS_PASSWORD, newBusinessPassword: '800512' },
        token,
      );
      assert.equal(trivial.body.code, 'BUSINESS_PASSWORD_WEAK', 'his birthday (1980-05-12) as YYMMDD');
      const wrong = await client.post(
        '/api/me/security/business-password',
        { oldBusinessPassword: '000000', newBusinessPassword: NEW_BUSINESS_PASSWORD },
        token,
      );
      assert.equal(wrong.body.code, 'BUSINESS_PASSWORD_INCORRECT');
      const only = await client.post(
        '/api/me/security/business-password',
        { oldBusinessPassword: DEMO_BUSINESS_PASSWORD, newBusinessPassword: NEW_BUSINESS_PASSWORD },
        token,
      );
      assert.deepEqual(only, { status: 200, body: {} });
      assert.equal((await client.get('/api/me/security', token)).status, 200, 'a business password change keeps the session');
      const both = await client.post(
        '/api/me/security/business-password',
        { oldBusinessPassword: NEW_BUSINESS_PASSWORD, newBusinessPassword: '502813', newLoginPassword: NEW_LOGIN_PASSWORD },
        token,
      );
      assert.equal(both.status, 200);
      assert.ok(both.body.token);
      assert.equal((await client.get('/api/me/security', token)).status, 401);
      await client.login(p.phone, NEW_LOGIN_PASSWORD);
    });

    test('A6 change phone: business password + a code sent to the new number; login by the new phone', async () => {
      const p = DEMO.duanDemei;
      const token = await client.login(p.phone);
      const taken = await client.post('/api/me/security/phone/sms', { newPhone: DEMO.liGuoqiang.phone }, token);
      assert.equal(taken.body.code, 'PHONE_IN_USE');
      const sent = await client.post('/api/me/security/phone/sms', { newPhone: NEW_PHONE }, token);
      assert.deepEqual(sent.body, { phoneMasked: '135****9900', expiresInSeconds: 600, resendAfterSeconds: 60 });
      assert.equal(client.smsCount(p.phone), 0, 'the code goes to the new number');
      const code = client.smsCode(NEW_PHONE);
      const wrongPassword = await client.post('/api/me/security/phone', { newPhone: NEW_PHONE, smsCode: code, businessPassword: '000000' }, token);
      assert.equal(wrongPassword.status, 403);
      assert.equal(wrongPassword.body.code, 'BUSINESS_PASSWORD_INCORRECT');
      const changed = await client.post('/api/me/security/phone', { newPhone: NEW_PHONE, smsCode: code, businessPassword: DEMO_BUSINESS_PASSWORD }, token);
      assert.deepEqual(changed, { status: 200, body: { phoneMasked: '135****9900' } });
      assert.equal((await client.get('/api/me/security', token)).body.phoneMasked, '135****9900');
      await client.login(NEW_PHONE);
      assert.equal((await client.post('/api/auth/login', { account: p.phone, password: DEMO_LOGIN_PASSWORD })).status, 401);
      const [a] = (await auditOf(server, 'security.phone.change')).filter((x) => x.result === 'success');
      assert.equal(a?.details.to, '135****9900');
    });

    test('5 wrong business passwords lock it for 15 minutes (A3 rule), with the message', async () => {
      const token = await client.login(DEMO.liGuoqiang.phone);
      const tx = { purpose: 'withdrawal.rent', reference: 'TQ2026000777' };
      for (let i = 0; i < 4; i++) assert.equal((await client.post('/api/me/security/confirmations', { ...tx, businessPassword: '000000' }, token)).status, 403);
      const fifth = await client.post('/api/me/security/confirmations', { ...tx, businessPassword: '000000' }, token);
      assert.equal(fifth.status, 423);
      assert.equal(fifth.body.message, '业务密码已连续输错5次，已锁定15分钟，请15分钟后再试');
      assert.equal((await client.post('/api/me/security/confirmations', { ...tx, businessPassword: DEMO_BUSINESS_PASSWORD }, token)).status, 423);
      await travel(server, 15 * 60 + 1);
      const fresh = await client.login(DEMO.liGuoqiang.phone);
      assert.equal((await client.post('/api/me/security/confirmations', { ...tx, businessPassword: DEMO_BUSINESS_PASSWORD }, fresh)).status, 200);
    });

    test('A9 by business password: a one-use token bound to the member, purpose and reference', async () => {
      const p = DEMO.liGuoqiang;
      const memberId = await memberIdOf(server, p.idNumber);
      const token = await client.login(p.phone);
      const tx = { purpose: 'withdrawal.lump-sum-loan-repay', reference: 'TQ2026001234' };
      const r = await client.post('/api/me/security/confirmations', { ...tx, businessPassword: DEMO_BUSINESS_PASSWORD }, token);
      assert.equal(r.status, 200);
      assert.equal(r.body.method, 'business-password');
      const confirmationToken = r.body.confirmationToken as string;
      const use = (o: Partial<{ memberId: number; purpose: string; reference: string }> = {}) =>
        consumeConfirmation(server.database, { token: confirmationToken, memberId, ...tx, ...o });
      await assert.rejects(use({ reference: 'TQ2026009999' }), { code: 'CONFIRMATION_INVALID' });
      await assert.rejects(use({ purpose: 'withdrawal.rent' }), { code: 'CONFIRMATION_INVALID' });
      await assert.rejects(use({ memberId: memberId + 1 }), { code: 'CONFIRMATION_INVALID' });
      const used = await use();
      assert.equal(used.method, 'business-password');
      await assert.rejects(use(), { code: 'CONFIRMATION_INVALID', status: 403 }, 'used once');

      const stale = await client.post('/api/me/security/confirmations', { ...tx, businessPassword: DEMO_BUSINESS_PASSWORD }, token);
      await travel(server, 11 * 60);
      await assert.rejects(consumeConfirmation(server.database, { token: stale.body.confirmationToken, memberId, ...tx }), { code: 'CONFIRMATION_INVALID' });
      const none = await client.post('/api/me/security/confirmations', tx, await client.login(p.phone));
      assert.equal(none.body.code, 'VERIFICATION_REQUIRED');
    });

    test('A9 by face: a fresh pass of the member for that very transaction', async () => {
      const p = DEMO.luQingyi;
      const memberId = await memberIdOf(server, p.idNumber);
      const tc = server.emulators.tencentCloud!.control;
      const token = await client.login(p.phone, NEW_LOGIN_PASSWORD);
      const transaction = { purpose: 'withdrawal.retirement', reference: 'TQ2026005555' };
      const started = await client.post('/api/me/security/face', { purpose: 'transaction', transaction }, token);
      assert.equal(started.status, 200);
      tc.setFaceResult(started.body.bizToken, 'pass');
      const forOther = await client.post(
        '/api/me/security/confirmations',
        { ...transaction, reference: 'TQ2026006666', bizToken: started.body.bizToken },
        token,
      );
      assert.equal(forOther.body.code, 'FACE_TOKEN_INVALID', 'a pass for one transaction does not confirm another');
      const ok = await client.post('/api/me/security/confirmations', { ...transaction, bizToken: started.body.bizToken }, token);
      assert.equal(ok.status, 200);
      assert.equal(ok.body.method, 'face');
      assert.equal((await consumeConfirmation(server.database, { token: ok.body.confirmationToken, memberId, ...transaction })).method, 'face');
      const replay = await client.post('/api/me/security/confirmations', { ...transaction, bizToken: started.body.bizToken }, token);
      assert.equal(replay.body.code, 'FACE_ALREADY_USED');

      const slow = await client.post('/api/me/security/face', { purpose: 'transaction', transaction }, token);
      tc.setFaceResult(slow.body.bizToken, 'pass');
      await travel(server, 11 * 60);
      const fresh = await client.login(p.phone, NEW_LOGIN_PASSWORD);
      assert.equal(
        (await client.post('/api/me/security/confirmations', { ...transaction, bizToken: slow.body.bizToken }, fresh)).body.code,
        'FACE_EXPIRED',
        'not fresh',
      );

      const someoneElse = await client.post('/api/me/security/face', { purpose: 'transaction', transaction }, fresh);
      tc.setFaceResult(someoneElse.body.bizToken, 'other-person');
      assert.equal(
        (await client.post('/api/me/security/confirmations', { ...transaction, bizToken: someoneElse.body.bizToken }, fresh)).body.code,
        'FACE_NOT_PASSED',
      );
      const confirms = await auditOf(server, 'transaction.confirm');
      assert.ok(confirms.some((a) => a.result === 'success' && a.details.method === 'face'));
    });

    test('A7 unbind: an SMS code to the phone on record ends binding, registration and sessions; then register again', async () => {
      const p = DEMO.liGuoqiang;
      const memberId = await memberIdOf(server, p.idNumber);
      const token = await client.login(p.phone);
      const other = await client.login(p.idNumber);
      const sent = await client.post('/api/me/security/unbind/sms', undefined, token);
      assert.equal(sent.body.phoneMasked, '139****5678');
      const wrong = await client.post('/api/me/security/unbind', { smsCode: client.smsCode(p.phone) === '999999' ? '999998' : '999999' }, token);
      assert.equal(wrong.body.code, 'SMS_CODE_INCORRECT');
      const done = await client.post('/api/me/security/unbind', { smsCode: client.smsCode(p.phone) }, token);
      assert.deepEqual(done, { status: 200, body: { ok: true } });

      assert.equal((await client.get('/api/me/security', token)).status, 401);
      assert.equal((await client.get('/api/me/security', other)).status, 401);
      assert.equal((await client.post('/api/auth/login', { account: p.phone, password: DEMO_LOGIN_PASSWORD })).status, 401, 'no registration any more');
      const bound = await server.database.query('SELECT id FROM wechat_users WHERE member_id = $1', [memberId]);
      assert.equal(bound.length, 0);
      const [u] = await auditOf(server, 'wechat.unbind');
      assert.equal(u?.member_id, memberId);

      await travel(server, 61);
      const again = await client.register(p, { wechat: { oaCode: wechatCode(server, { openid: DEMO_WECHAT.liGuoqiang.oaOpenid }, 'oa') } });
      const me = await client.get('/api/me/security', again);
      assert.equal(me.body.wechat.officialAccount, true, 'bound again');
    });

    test('WeChat binding of a logged-in member takes only what WeChat vouches for (a one-use code), and every binding is audited', async () => {
      const p = DEMO.zhangJian;
      const token = await client.login(p.phone, NEW_LOGIN_PASSWORD);
      // The attack of issue 15: someone else's openid claimed by the client.
      const claimed = await client.post('/api/me/security/wechat', { oaOpenid: DEMO_WECHAT.duanDemei.oaOpenid }, token);
      assert.deepEqual([claimed.status, claimed.body.code], [400, 'VALIDATION_FAILED']);
      const [victim] = await server.database.query<{ member_id: number }>('SELECT member_id FROM wechat_users WHERE oa_openid = $1', [
        DEMO_WECHAT.duanDemei.oaOpenid,
      ]);
      assert.equal(victim?.member_id, await memberIdOf(server, DEMO.duanDemei.idNumber), 'the victim keeps their binding');
      const invented = await client.post('/api/me/security/wechat', { oaCode: 'invented-code-000000000001' }, token);
      assert.deepEqual([invented.status, invented.body.code, invented.body.message], [400, 'WECHAT_CODE_INVALID', '微信身份验证已失效，请重新进入后再试']);
      const mpCodeAsOa = await client.post('/api/me/security/wechat', { oaCode: wechatCode(server, { openid: 'oMP_web_member_0000000001' }) }, token);
      assert.equal(mpCodeAsOa.body.code, 'WECHAT_CODE_INVALID', 'a mini-program code is no official-account code');

      const oaCode = wechatCode(server, { openid: 'oOA_web_member_0000000001', unionid: 'uUNION_web_member_00001' }, 'oa');
      const r = await client.post('/api/me/security/wechat', { oaCode }, token);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const me = await client.get('/api/me/security', token);
      assert.equal(me.body.wechat.officialAccount, true);
      const [row] = await server.database.query<{ member_id: number; unionid: string | null }>(
        'SELECT member_id, unionid FROM wechat_users WHERE oa_openid = $1',
        ['oOA_web_member_0000000001'],
      );
      assert.deepEqual(row, { member_id: await memberIdOf(server, p.idNumber), unionid: null }, 'snsapi_base vouches for the openid only');
      const replay = await client.post('/api/me/security/wechat', { oaCode }, token);
      assert.deepEqual([replay.status, replay.body.code], [400, 'WECHAT_CODE_INVALID'], 'a code is good once');
      const mp = await client.post(
        '/api/me/security/wechat',
        { mpCode: wechatCode(server, { openid: 'oMP_web_member_0000000001', unionid: 'uUNION_web_member_00001' }) },
        token,
      );
      assert.equal(mp.status, 200);
      assert.deepEqual((await client.get('/api/me/security', token)).body.wechat.miniProgram, true);
      assert.equal((await client.post('/api/me/security/wechat', {}, token)).body.code, 'WECHAT_CODE_REQUIRED');
      assert.ok((await auditOf(server, 'wechat.verify')).some((a) => a.result === 'failure' && a.reason === 'WECHAT_CODE_INVALID'));
      const memberId = await memberIdOf(server, p.idNumber);
      const binds = await auditOf(server, 'wechat.bind');
      assert.ok(binds.some((b) => b.member_id === memberId && b.result === 'success' && b.ip && b.user_agent === 'identity-test'));
    });

    test('no response or log line holds a whole ID number, phone, password or code', () => {
      client.assertNothingLeaked(secrets);
    });
  });
}
