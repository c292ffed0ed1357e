/**
 * A10 12329 语音热线、触摸屏密码 (003 7.4.2): set, changed with the old one, reset when forgotten — 6 digits, nothing
 * guessable, each after A9 — with the server's Chinese messages for every refusal; never stored or logged in clear.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { targets } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, confirm, login } from './workflow-helpers.js';

for (const target of targets()) {
  describe(`A10 12329 password on ${target}`, () => {
    let server: TestServer;
    let token: string;
    before(async () => {
      server = await startTestServer(target);
      token = await login(server, 'gaoZhenhua');
    });
    after(() => server.close());

    const state = () => server.json('/api/me/security/hotline-password', { headers: auth(token) });
    const a9 = async () => confirm(server, token, (await state()).body);
    const put = (body: Record<string, unknown>) => server.json('/api/me/security/hotline-password', { method: 'POST', headers: auth(token), json: body });

    test('set the first time after A9; refused: mismatch, not 6 digits, guessable, no or a used confirmation', async () => {
      const s = await state();
      assert.equal(s.status, 200);
      assert.deepEqual([s.body.set, s.body.setAt, s.body.confirmation], [false, null, { purpose: 'security.hotline-password', reference: '12329' }]);

      const refusals: [Record<string, unknown>, number, string, RegExp][] = [
        [{ newPassword: '470825', confirmPassword: '470826' }, 400, 'PASSWORD_MISMATCH', /两次输入的新密码不一致/],
        [{ newPassword: '47082', confirmPassword: '47082' }, 400, 'HOTLINE_PASSWORD_WEAK', /6位数字/],
        [{ newPassword: '123456', confirmPassword: '123456' }, 400, 'HOTLINE_PASSWORD_WEAK', /过于简单/],
        [{ newPassword: '790622', confirmPassword: '790622' }, 400, 'HOTLINE_PASSWORD_WEAK', /出生日期/], // 高振华 born 1979-06-22
      ];
      for (const [body, status, code, message] of refusals) {
        const r = await put({ ...body, confirmationToken: await a9() });
        assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(r.body));
        assert.match(r.body.message, message);
      }
      const forged = await put({ newPassword: '470825', confirmPassword: '470825', confirmationToken: 'forged' });
      assert.deepEqual([forged.status, forged.body.code], [403, 'CONFIRMATION_INVALID']);
      assert.equal((await state()).body.set, false, 'nothing set by any refusal');

      const used = await a9();
      const ok = await put({ newPassword: '470825', confirmPassword: '470825', confirmationToken: used });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.message, '密码设置成功');
      assert.equal(ok.body.set, true);
      assert.match(ok.body.setAt, /^\d{4}-\d{2}-\d{2}T/);
      const again = await put({ newPassword: '581936', confirmPassword: '581936', confirmationToken: used });
      assert.deepEqual([again.status, again.body.code], [403, 'CONFIRMATION_INVALID'], 'a confirmation is used once');

      const [row] = await server.database.query<{ password_hash: string }>(`SELECT password_hash FROM member_hotline_passwords`);
      assert.match(row!.password_hash, /^scrypt\$/);
      assert.ok(!server.logLines.some((l) => l.includes('470825')), 'the password never reaches the logs');
    });

    test('changed with the old password (003 7.4.2’s screen), refused with a wrong one; reset without it when forgotten', async () => {
      const wrong = await put({ oldPassword: '000001', newPassword: '581936', confirmPassword: '581936', confirmationToken: await a9() });
      assert.deepEqual([wrong.status, wrong.body.code], [403, 'OLD_PASSWORD_INCORRECT']);
      assert.match(wrong.body.message, /旧密码错误/);
      const same = await put({ oldPassword: '470825', newPassword: '470825', confirmPassword: '470825', confirmationToken: await a9() });
      assert.deepEqual([same.status, same.body.code], [400, 'PASSWORD_UNCHANGED']);
      const changed = await put({ oldPassword: '470825', newPassword: '581936', confirmPassword: '581936', confirmationToken: await a9() });
      assert.deepEqual([changed.status, changed.body.message], [200, '密码修改成功']);
      const reset = await put({ newPassword: '602847', confirmPassword: '602847', confirmationToken: await a9() });
      assert.deepEqual([reset.status, reset.body.message], [200, '密码已重置']);
      const audit = await server.database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'security.hotline-password' AND result = 'success'`,
      );
      assert.equal(audit[0]!.n, 3);
      assert.equal((await server.json('/api/me/security/hotline-password')).status, 401);
    });
  });
}
