/**
 * The Tencent Cloud emulator against the REAL tencentcloud-sdk-nodejs clients, pointed at it by configuration only
 * (httpProfile from tencentCloudHttpProfile), plus raw requests for what an SDK never sends (tampered body, stale
 * timestamp), and the product adapter (integrations/tencentcloud.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { faceid } from 'tencentcloud-sdk-nodejs/tencentcloud/services/faceid/index.js';
import { sms } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sms/index.js';
import { startTencentCloudEmulator, type TencentCloudEmulator } from '../src/emulators/tencentcloud/server.js';
import { signRequest } from '../src/emulators/tencentcloud/signature.js';
import { TencentCloudError, createTencentCloud, tencentCloudHttpProfile } from '../src/integrations/tencentcloud.js';

const SECRET_ID = 'AKIDtest0000000000000000000000000001';
const SECRET_KEY = 'test-secret-key-0001';
const RULE_ID = '7';
const APP_ID = '1400123456';
const SIGN = '某市公积金';
const TEMPLATE = '2000001';
const ID_CARD = '11010519491231002X';
const NAME = '韦小宝';

let emu: TencentCloudEmulator;

before(async () => {
  emu = await startTencentCloudEmulator({
    secrets: { [SECRET_ID]: SECRET_KEY },
    faceIdRuleIds: [RULE_ID],
    smsAppId: APP_ID,
    smsSignNames: [SIGN],
    templates: { [TEMPLATE]: '您的验证码为{1}，{2}分钟内有效。', '2000002': '业务办理完成。' },
  });
});
after(() => emu.close());

const credential = (secretKey = SECRET_KEY, secretId = SECRET_ID) => ({ secretId, secretKey });
const faceClient = (secretKey?: string, secretId?: string, url = emu.url) =>
  new faceid.v20180301.Client({
    credential: credential(secretKey, secretId),
    region: 'ap-guangzhou',
    profile: { httpProfile: tencentCloudHttpProfile('faceid', url) },
  });
const smsClient = (url = emu.url) =>
  new sms.v20210111.Client({ credential: credential(), region: 'ap-guangzhou', profile: { httpProfile: tencentCloudHttpProfile('sms', url) } });
const sendSms = (phone: string, params = ['123456', '5'], over: Record<string, unknown> = {}) =>
  smsClient().SendSms({ PhoneNumberSet: [phone], SmsSdkAppId: APP_ID, SignName: SIGN, TemplateId: TEMPLATE, TemplateParamSet: params, ...over });

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (err: { code?: string; requestId?: string }) => {
    assert.equal(err.code, code);
    return true;
  });
}

/** A raw HTTP call, so tests control the Host header, the body bytes and the signature independently. */
function raw(headers: Record<string, string>, body: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: emu.port, method: 'POST', path: '/', headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const signedFaceHeaders = (payload: string, extra: Partial<Parameters<typeof signRequest>[0]> = {}) =>
  signRequest({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    service: 'faceid',
    host: `faceid.localhost:${emu.port}`,
    action: 'DetectAuth',
    version: '2018-03-01',
    payload,
    ...extra,
  });

async function newBizToken(extra = 'order-1') {
  const res = await faceClient().DetectAuth({ RuleId: RULE_ID, IdCard: ID_CARD, Name: NAME, RedirectUrl: 'https://hpf.example/face/done', Extra: extra });
  assert.match(res.BizToken!, /^[0-9A-F-]{36}$/);
  assert.ok(res.Url?.includes(res.BizToken!));
  assert.ok(res.RequestId);
  return res.BizToken!;
}
const detectText = async (bizToken: string) => (await faceClient().GetDetectInfoEnhanced({ BizToken: bizToken, RuleId: RULE_ID, InfoType: '1' })).Text!;

test('GetDetectInfoEnhanced answers "not finished" (ErrCode 17) until the user has verified', async () => {
  const token = await newBizToken();
  const text = await detectText(token);
  assert.equal(text.ErrCode, 17);
  assert.equal(text.ErrMsg, '本次流程未完成');
  assert.equal(text.Extra, 'order-1');
});

test('a passed verification reports ErrCode 0, the verified identity, Sim ≥ 70 and the Extra given to DetectAuth', async () => {
  const token = await newBizToken('order-pass');
  emu.control.setFaceResult(token, 'pass');
  const text = await detectText(token);
  assert.equal(text.ErrCode, 0);
  assert.equal(text.LiveStatus, 0);
  assert.equal(text.Comparestatus, 0);
  assert.equal(text.IdCard, ID_CARD);
  assert.equal(text.Name, NAME);
  assert.equal(typeof text.Sim, 'string');
  assert.ok(Number(text.Sim) >= 70);
  assert.equal(text.Extra, 'order-pass');
});

test('a failed liveness check reports ErrCode 1002 and no comparison', async () => {
  const token = await newBizToken();
  emu.control.setFaceResult(token, 'fail');
  const text = await detectText(token);
  assert.equal(text.ErrCode, 1002);
  assert.equal(text.LiveStatus, 1002);
  assert.equal(text.Sim, null);
});

test('another person reports ErrCode 2016 with Sim below 70, and may carry a different IdCard', async () => {
  const token = await newBizToken();
  emu.control.setFaceResult(token, 'other-person', { idCard: '110105194912310038' });
  const text = await detectText(token);
  assert.equal(text.ErrCode, 2016);
  assert.equal(text.LiveStatus, 0);
  assert.equal(text.Comparestatus, 2016);
  assert.ok(Number(text.Sim) < 70);
  assert.equal(text.IdCard, '110105194912310038');
});

test('an expired BizToken reports ErrCode 15; an unfinished one does too once its 7,200 s have passed', async () => {
  const token = await newBizToken();
  emu.control.setFaceResult(token, 'expired');
  assert.equal((await detectText(token)).ErrCode, 15);

  const idle = await newBizToken();
  emu.control.advanceTime(7201);
  try {
    assert.equal((await detectText(idle)).ErrCode, 15);
  } finally {
    emu.control.advanceTime(-7201);
  }
});

test('the outcome can be driven over HTTP: POST /__control/faceid/:bizToken', async () => {
  const token = await newBizToken();
  const res = await fetch(`${emu.url}/__control/faceid/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ result: 'pass' }),
  });
  assert.equal(res.status, 200);
  assert.equal((await detectText(token)).ErrCode, 0);
  const bad = await fetch(`${emu.url}/__control/faceid/${token}`, { method: 'POST', body: JSON.stringify({ result: 'maybe' }) });
  assert.equal(bad.status, 400);
});

test('unknown, malformed and 3-day-old BizTokens are refused as documented', async () => {
  await rejectsWith(detectText('4237FAC9-1AE4-4954-B495-FB07D91141CA'), 'InvalidParameter');
  await rejectsWith(detectText('not-a-token'), 'InvalidParameterValue.BizTokenIllegal');
  const token = await newBizToken();
  emu.control.setFaceResult(token, 'pass');
  emu.control.advanceTime(3 * 24 * 3600 + 1);
  try {
    await rejectsWith(detectText(token), 'InvalidParameterValue.BizTokenExpired');
  } finally {
    emu.control.advanceTime(-(3 * 24 * 3600 + 1));
  }
});

test('DetectAuth refuses an unknown RuleId, a missing RuleId, a lowercase x in IdCard and undocumented parameters', async () => {
  await rejectsWith(faceClient().DetectAuth({ RuleId: '999' }), 'InvalidParameterValue.RuleIdNotExist');
  await rejectsWith(faceClient().DetectAuth({} as never), 'MissingParameter');
  await rejectsWith(faceClient().DetectAuth({ RuleId: RULE_ID, IdCard: '11010519491231002x' }), 'InvalidParameterValue');
  await rejectsWith(faceClient().DetectAuth({ RuleId: RULE_ID, Foo: 1 } as never), 'UnknownParameter');
});

test('SendSms delivers, and the control API shows the message with its template parameters, newest first', async () => {
  const res = await sendSms('+8613912345601', ['482913', '5']);
  assert.equal(res.SendStatusSet!.length, 1);
  const s = res.SendStatusSet![0]!;
  assert.deepEqual(
    { Code: s.Code, Message: s.Message, IsoCode: s.IsoCode, PhoneNumber: s.PhoneNumber, Fee: s.Fee, SessionContext: s.SessionContext },
    { Code: 'Ok', Message: 'send success', IsoCode: 'CN', PhoneNumber: '+8613912345601', Fee: 1, SessionContext: '' },
  );
  assert.match(s.SerialNo!, /^\d+:\d+$/);
  assert.ok(res.RequestId);

  emu.control.advanceTime(31);
  try {
    await sendSms('13912345601', ['771204', '5']);
  } finally {
    emu.control.advanceTime(-31);
  }
  const viaHttp = await (await fetch(`${emu.url}/__control/sms?phone=13912345601`)).json();
  assert.deepEqual(
    viaHttp.messages.map((m: { params: string[] }) => m.params[0]),
    ['771204', '482913'],
  );
  assert.equal(viaHttp.messages[1].serialNo, s.SerialNo);
  assert.equal(viaHttp.messages[1].content, `【${SIGN}】您的验证码为482913，5分钟内有效。`);
  assert.equal(emu.control.sms('+8613912345601')[0]?.params[0], '771204');
});

test('SendSms refuses an unknown SdkAppId, sign name or template, and a wrong number of parameters', async () => {
  await rejectsWith(sendSms('13912345602', undefined, { SmsSdkAppId: '1400999999' }), 'InvalidParameterValue.SdkAppIdNotExist');
  await rejectsWith(sendSms('13912345602', undefined, { SignName: '别的签名' }), 'FailedOperation.SignatureIncorrectOrUnapproved');
  await rejectsWith(sendSms('13912345602', undefined, { TemplateId: '9999' }), 'FailedOperation.TemplateIncorrectOrUnapproved');
  await rejectsWith(sendSms('13912345602', ['1']), 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate');
  await rejectsWith(sendSms('13912345602', undefined, { PhoneNumberSet: [] }), 'MissingParameter.EmptyPhoneNumberSet');
  const bad = await sendSms('+86123');
  assert.equal(bad.SendStatusSet![0]!.Code, 'InvalidParameterValue.IncorrectPhoneNumber');
  assert.deepEqual(emu.control.sms('13912345602'), []);
});

test('per-phone frequency limits come back per number: 30 seconds, one hour, natural day (Beijing)', async () => {
  emu.control.setTime(Date.parse('2025-03-03T08:00:00+08:00'));
  try {
    const phone = '+8613912345603';
    const code = async () => (await sendSms(phone)).SendStatusSet![0]!.Code;
    assert.equal(await code(), 'Ok');
    assert.equal(await code(), 'LimitExceeded.PhoneNumberThirtySecondLimit');
    for (let i = 0; i < 4; i++) {
      emu.control.advanceTime(31);
      assert.equal(await code(), 'Ok');
    }
    emu.control.advanceTime(31);
    assert.equal(await code(), 'LimitExceeded.PhoneNumberOneHourLimit');
    emu.control.advanceTime(3600);
    for (let i = 0; i < 5; i++) {
      assert.equal(await code(), 'Ok');
      emu.control.advanceTime(31);
    }
    emu.control.advanceTime(3600);
    assert.equal(await code(), 'LimitExceeded.PhoneNumberDailyLimit');
    emu.control.setTime(Date.parse('2025-03-04T00:00:01+08:00'));
    assert.equal(await code(), 'Ok');
    // Two numbers in one request: each gets its own status.
    emu.control.advanceTime(1);
    const both = await sendSms(phone, undefined, { PhoneNumberSet: [phone, '+8613912345604'] });
    assert.deepEqual(
      both.SendStatusSet!.map((s) => s.Code),
      ['LimitExceeded.PhoneNumberThirtySecondLimit', 'Ok'],
    );
  } finally {
    emu.control.setTime(Date.now());
  }
});

test('a wrong SecretKey is AuthFailure.SignatureFailure; an unknown SecretId is AuthFailure.SecretIdNotFound', async () => {
  await rejectsWith(faceClient('not-the-key').DetectAuth({ RuleId: RULE_ID }), 'AuthFailure.SignatureFailure');
  await rejectsWith(faceClient(SECRET_KEY, 'AKIDunknown').DetectAuth({ RuleId: RULE_ID }), 'AuthFailure.SecretIdNotFound');
});

test('a body other than the one signed is AuthFailure.SignatureFailure', async () => {
  const signedFor = JSON.stringify({ RuleId: RULE_ID });
  const ok = await raw(signedFaceHeaders(signedFor), signedFor);
  assert.ok(ok.json.Response.BizToken);
  const tampered = await raw(signedFaceHeaders(signedFor), JSON.stringify({ RuleId: RULE_ID, Extra: 'x' }));
  assert.equal(tampered.status, 200);
  assert.equal(tampered.json.Response.Error.Code, 'AuthFailure.SignatureFailure');
  assert.ok(tampered.json.Response.RequestId);
});

test('a timestamp more than 5 minutes off is AuthFailure.SignatureExpire', async () => {
  const payload = JSON.stringify({ RuleId: RULE_ID });
  const stale = await raw(signedFaceHeaders(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }), payload);
  assert.equal(stale.json.Response.Error.Code, 'AuthFailure.SignatureExpire');
  const fine = await raw(signedFaceHeaders(payload, { timestamp: Math.floor(Date.now() / 1000) - 200 }), payload);
  assert.ok(fine.json.Response.BizToken);
});

test('malformed requests get Tencent Cloud error shapes', async () => {
  const payload = JSON.stringify({ RuleId: RULE_ID });
  const headers = signedFaceHeaders(payload);
  const { Authorization: _a, ...unsigned } = headers;
  assert.equal((await raw(unsigned, payload)).json.Response.Error.Code, 'MissingParameter');
  assert.equal((await raw({ ...headers, Authorization: 'HMAC foo' }, payload)).json.Response.Error.Code, 'AuthFailure.InvalidAuthorization');
  // Signed for sms but sent to faceid.
  const crossed = signRequest({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    service: 'sms',
    host: `faceid.localhost:${emu.port}`,
    action: 'DetectAuth',
    version: '2018-03-01',
    payload,
  });
  assert.equal((await raw(crossed, payload)).json.Response.Error.Code, 'AuthFailure.SignatureFailure');
  const unknownAction = signedFaceHeaders(payload, { action: 'DescribeNothing' });
  assert.equal((await raw(unknownAction, payload)).json.Response.Error.Code, 'InvalidAction');
  const oldVersion = signedFaceHeaders(payload, { version: '2017-01-01' });
  assert.equal((await raw(oldVersion, payload)).json.Response.Error.Code, 'NoSuchVersion');
  // The SDK pointed at 127.0.0.1:<port> signs for a service called "127": it must use <service>.localhost.
  const byIp = new faceid.v20180301.Client({ credential: credential(), profile: { httpProfile: { endpoint: `127.0.0.1:${emu.port}`, protocol: 'http://' } } });
  await rejectsWith(byIp.DetectAuth({ RuleId: RULE_ID }), 'NoSuchProduct');
});

test('per-action request limits answer RequestLimitExceeded', async () => {
  const limited = await startTencentCloudEmulator({ secrets: { [SECRET_ID]: SECRET_KEY }, faceIdRuleIds: [RULE_ID], requestLimits: { DetectAuth: 2 } });
  try {
    const client = faceClient(SECRET_KEY, SECRET_ID, limited.url);
    await client.DetectAuth({ RuleId: RULE_ID });
    await client.DetectAuth({ RuleId: RULE_ID });
    await rejectsWith(client.DetectAuth({ RuleId: RULE_ID }), 'RequestLimitExceeded');
  } finally {
    await limited.close();
  }
});

test('injected failures: the next N calls of an action, over HTTP, and a fail rate', async () => {
  emu.control.failNext({ action: 'SendSms', count: 2, code: 'InternalError' });
  await faceClient().DetectAuth({ RuleId: RULE_ID }); // other actions are not affected
  await rejectsWith(sendSms('13912345605'), 'InternalError');
  await rejectsWith(sendSms('13912345605'), 'InternalError');
  assert.equal((await sendSms('13912345605')).SendStatusSet![0]!.Code, 'Ok');

  await fetch(`${emu.url}/__control/fail`, { method: 'POST', body: JSON.stringify({ count: 1, code: 'RequestLimitExceeded' }) });
  await rejectsWith(faceClient().DetectAuth({ RuleId: RULE_ID }), 'RequestLimitExceeded');

  const flaky = await startTencentCloudEmulator({ secrets: { [SECRET_ID]: SECRET_KEY }, faceIdRuleIds: [RULE_ID], failRate: 1 });
  try {
    await rejectsWith(faceClient(SECRET_KEY, SECRET_ID, flaky.url).DetectAuth({ RuleId: RULE_ID }), 'InternalError');
  } finally {
    await flaky.close();
  }
});

test('the product adapter verifies a face, sends an SMS and throws TencentCloudError on API errors', async () => {
  const config = {
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    region: 'ap-guangzhou',
    faceIdRuleId: RULE_ID,
    smsSdkAppId: APP_ID,
    smsSignName: SIGN,
    smsTemplateId: TEMPLATE,
    endpointBase: emu.url,
  };
  const tc = createTencentCloud(config);

  const { url, bizToken } = await tc.detectAuth({ name: NAME, idCard: ID_CARD, redirectUrl: 'https://hpf.example/face', extra: 'member-42' });
  assert.ok(url.includes(bizToken));
  assert.deepEqual(await tc.getDetectInfo(bizToken), {
    passed: false,
    pending: true,
    errCode: 17,
    errMsg: '本次流程未完成',
    idCard: '',
    name: '',
    sim: null,
    extra: 'member-42',
  });
  emu.control.setFaceResult(bizToken, 'pass', { sim: '88.20' });
  const info = await tc.getDetectInfo(bizToken);
  assert.deepEqual(info, { passed: true, pending: false, errCode: 0, errMsg: '成功', idCard: ID_CARD, name: NAME, sim: 88.2, extra: 'member-42' });

  const other = await tc.detectAuth({ name: NAME, idCard: ID_CARD });
  emu.control.setFaceResult(other.bizToken, 'other-person');
  assert.equal((await tc.getDetectInfo(other.bizToken)).passed, false);

  const { serialNo } = await tc.sendSms('13912345606', ['902211', '5']);
  assert.equal(emu.control.sms('13912345606')[0]?.serialNo, serialNo);
  assert.deepEqual(emu.control.sms('13912345606')[0]?.params, ['902211', '5']);
  await assert.rejects(tc.sendSms('13912345606', ['902212', '5']), (err: unknown) => {
    assert.ok(err instanceof TencentCloudError);
    assert.equal(err.code, 'LimitExceeded.PhoneNumberThirtySecondLimit');
    assert.ok(err.requestId);
    assert.ok(!err.message.includes('13912345606'));
    return true;
  });

  await assert.rejects(createTencentCloud({ ...config, secretKey: 'wrong' }).detectAuth({}), (err: unknown) => {
    assert.ok(err instanceof TencentCloudError);
    assert.equal(err.code, 'AuthFailure.SignatureFailure');
    assert.ok(err.requestId);
    return true;
  });
  await assert.rejects(
    tc.getDetectInfo('4237FAC9-1AE4-4954-B495-FB07D91141CA'),
    (err: unknown) => err instanceof TencentCloudError && err.code === 'InvalidParameter',
  );
});
