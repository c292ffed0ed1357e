/** Identity against Tencent Cloud failures: a wrong signature (AuthFailure) and Tencent Cloud's own SMS frequency limits. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers/server.js';
import { targets } from './helpers/database.js';
import { Client, DEMO, travel, unregisteredMembers } from './helpers/identity.js';
import { EMULATOR_DEFAULTS, startTencentCloudEmulator, type TencentCloudEmulator } from '../src/emulators/tencentcloud/server.js';
import { createTencentCloud, TencentCloudError } from '../src/integrations/tencentcloud.js';

for (const target of targets()) {
  describe(`identity with a wrong Tencent Cloud SecretKey on ${target}`, () => {
    let emulator: TencentCloudEmulator;
    let server: TestServer;
    let client: Client;
    before(async () => {
      emulator = await startTencentCloudEmulator(); // knows only EMULATOR_DEFAULTS.secretKey
      server = await startTestServer(target, {
        seeded: true,
        env: { TENCENTCLOUD_ENDPOINT_BASE: emulator.url, TENCENTCLOUD_SECRET_KEY: 'not-the-emulators-secret-key-000' },
      });
      client = new Client(server);
    });
    after(async () => {
      await server.close();
      await emulator.close();
    });

    test('the SDK sees AuthFailure.SignatureFailure: no SMS goes out, the member is told to retry later', async () => {
      const [p] = await unregisteredMembers(server, 1);
      const r = await client.post('/api/auth/register/sms', p);
      assert.equal(r.status, 502);
      assert.deepEqual(r.body, { code: 'SMS_SEND_FAILED', message: '短信发送失败，请稍后再试' });
      assert.equal(emulator.control.sms(p!.phone).length, 0);
      assert.ok(
        server.logLines.some((l) => l.includes('AuthFailure.SignatureFailure')),
        'the log names the Tencent Cloud error',
      );
      const again = await client.post('/api/auth/register/sms', p);
      assert.equal(again.body.code, 'SMS_SEND_FAILED', 'a failed send does not hold back the next try');
      client.assertNothingLeaked([p!.idNumber, p!.phone]);
    });

    test('FaceID too: starting a face login answers FACEID_UNAVAILABLE', async () => {
      const r = await client.post('/api/auth/login/face/start', { name: DEMO.luQingyi.name, idNumber: DEMO.luQingyi.idNumber });
      assert.equal(r.status, 502);
      assert.equal(r.body.code, 'FACEID_UNAVAILABLE');
      assert.ok(server.logLines.filter((l) => l.includes('AuthFailure.SignatureFailure')).length >= 2);
    });

    test('the adapter itself throws TencentCloudError AuthFailure.SignatureFailure, and works with the right key', async () => {
      const config = {
        secretId: EMULATOR_DEFAULTS.secretId,
        region: 'ap-guangzhou',
        faceIdRuleId: EMULATOR_DEFAULTS.faceIdRuleId,
        smsSdkAppId: EMULATOR_DEFAULTS.smsAppId,
        smsSignName: EMULATOR_DEFAULTS.smsSignName,
        smsTemplateId: '1000001',
        endpointBase: emulator.url,
      };
      await assert.rejects(
        createTencentCloud({ ...config, secretKey: 'wrong' }).sendSms('13912340000', ['123456', '10']),
        (err: unknown) => err instanceof TencentCloudError && err.code === 'AuthFailure.SignatureFailure',
      );
      const ok = await createTencentCloud({ ...config, secretKey: EMULATOR_DEFAULTS.secretKey }).sendSms('13912340000', ['123456', '10']);
      assert.ok(ok.serialNo);
    });
  });

  describe(`identity under Tencent Cloud's SMS frequency policy on ${target}`, () => {
    let server: TestServer;
    let client: Client;
    before(async () => {
      // The server's own hourly limits (per phone and account, 5 each) would refuse first: off here, so that
      // Tencent Cloud's policy is what answers.
      server = await startTestServer(target, { seeded: true, env: { SMS_LIMIT_PER_PHONE_HOUR: '0', SMS_LIMIT_PER_ACCOUNT_HOUR: '0' } });
      client = new Client(server);
    });
    after(() => server.close());

    test('Tencent Cloud’s 5-an-hour limit per number comes back as 429 SMS_RATE_LIMITED', async () => {
      const [p] = await unregisteredMembers(server, 1);
      for (let i = 0; i < 5; i++) {
        assert.equal((await client.post('/api/auth/register/sms', p)).status, 200);
        await travel(server, 61);
      }
      const sixth = await client.post('/api/auth/register/sms', p);
      assert.equal(sixth.status, 429);
      assert.equal(sixth.body.code, 'SMS_RATE_LIMITED');
      assert.ok(server.logLines.some((l) => l.includes('LimitExceeded.PhoneNumberOneHourLimit')));
      client.assertNothingLeaked([p!.idNumber, p!.phone]);
    });
  });
}
