import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Koa from 'koa';
import {
  DEFAULT_APPS,
  WebhookPushError,
  buildEvent,
  buildTextMessage,
  pushToWebhook,
  startWeChatEmulator,
  type WeChatEmulator,
} from '../src/emulators/wechat/index.js';
import { createWeChatApi, isWeChatApiError, memoryTokenStore, msgIdToString } from '../src/integrations/wechat-api.js';
import {
  openPush,
  readBodyCapped,
  replyAddress,
  sealReply,
  textReply,
  type PushQuery,
  type WebhookSecrets,
  type WeChatPush,
} from '../src/wechat/protocol/index.js';

const [[OA, OA_SECRET], [MP, MP_SECRET]] = Object.entries(DEFAULT_APPS) as [[string, string], [string, string]];
const TEMPLATE = 'tpl_withdrawal_progress';
const SUBSCRIBE_TEMPLATE = 'sub_loan_review';

// A tiny webhook that checks WeChat's signatures with our protocol module and echoes the text back.
interface TestWebhook {
  url: string;
  received: Array<{ push: WeChatPush; query: PushQuery }>;
  close(): Promise<void>;
}
async function startTestWebhook(secrets: WebhookSecrets, answer: (push: WeChatPush, n: number) => Promise<string> | string): Promise<TestWebhook> {
  const received: TestWebhook['received'] = [];
  const app = new Koa();
  app.use(async (ctx) => {
    const query = ctx.query as PushQuery;
    try {
      const opened = openPush({ query, body: await readBodyCapped(ctx.req), secrets });
      received.push({ push: opened.push, query });
      ctx.type = 'text/xml';
      ctx.body = sealReply({ replyXml: await answer(opened.push, received.length), mode: opened.mode, secrets });
    } catch (err) {
      ctx.status = (err as { status?: number }).status ?? 500;
      ctx.body = (err as Error).message;
    }
  });
  const server: Server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const echo = (push: WeChatPush) => (push.MsgType === 'text' ? textReply(replyAddress(push), `收到：${push.Content}`) : 'success');

let emu: WeChatEmulator;
before(async () => {
  emu = await startWeChatEmulator({ templateIds: [TEMPLATE], subscribeTemplateIds: [SUBSCRIBE_TEMPLATE], push: { timeoutMs: 300, retryDelaysMs: [0] } });
});
after(() => emu.close());

const oaApi = (opts: { tokenMode?: 'stable' | 'classic' } = {}) =>
  createWeChatApi({ appId: OA, appSecret: OA_SECRET, apiBase: emu.url, tokenStore: memoryTokenStore(), ...opts });
const errcodeOf = async (p: Promise<unknown>): Promise<number | undefined> =>
  p.then(
    () => 0,
    (err: unknown) => (isWeChatApiError(err) ? err.code : Promise.reject(err)),
  );

describe('access tokens', () => {
  test('stable_token hands every instance the same token', async () => {
    const [a, b] = [oaApi(), oaApi()];
    assert.equal((await a.ensureAccessToken()).accessToken, (await b.ensureAccessToken()).accessToken);
  });

  test('a fresh cgi-bin/token knocks out the previous one after the overlap: 40001, then co-wechat-api refetches', async () => {
    emu.control.addFollower({ openid: 'oTokenA' });
    const [a, b] = [oaApi({ tokenMode: 'classic' }), oaApi({ tokenMode: 'classic' })];
    await a.getUser('oTokenA');
    await b.getUser('oTokenA'); // B's fetch supersedes A's token…
    emu.control.advanceClock(301); // …which keeps working for the documented five minutes only
    const before40001 = emu.control.calls({ path: '/cgi-bin/user/info', errcode: 40001 }).length;
    assert.equal((await a.getUser('oTokenA')).subscribe, 1);
    assert.equal(emu.control.calls({ path: '/cgi-bin/user/info', errcode: 40001 }).length, before40001 + 1);
  });

  test('expired tokens answer 42001; revoked ones 40001; garbage 40014', async () => {
    const api = oaApi();
    const { accessToken } = await api.ensureAccessToken();
    const info = (token: string) =>
      fetch(`${emu.url}/cgi-bin/user/info?access_token=${token}&openid=oTokenA`).then((r) => r.json() as Promise<{ errcode?: number }>);
    emu.control.expireTokens(OA);
    assert.equal((await info(accessToken)).errcode, 42001);
    const fresh = await oaApi().ensureAccessToken(); // stable_token renews an expired token
    emu.control.invalidateTokens(OA);
    assert.equal((await info(fresh.accessToken)).errcode, 40001);
    assert.equal((await info('garbage')).errcode, 40014);
    assert.equal((await fetch(`${emu.url}/cgi-bin/user/info?openid=x`).then((r) => r.json() as Promise<{ errcode: number }>)).errcode, 41001);
  });

  test('wrong secret is 40125; force_refresh is rate limited with 45009', async () => {
    const wrong = createWeChatApi({ appId: OA, appSecret: 'nope', apiBase: emu.url });
    assert.equal(await errcodeOf(wrong.ensureAccessToken()), 40125);
    const force = () =>
      fetch(`${emu.url}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: MP, secret: MP_SECRET, force_refresh: true }),
      }).then((r) => r.json() as Promise<{ errcode?: number; access_token?: string }>);
    assert.ok((await force()).access_token);
    assert.equal((await force()).errcode, 45009); // within 30 s of the last force refresh
  });
});

describe('menu', () => {
  test('create, get and get_current_selfmenu_info', async () => {
    const api = oaApi();
    const menu = {
      button: [
        { type: 'click', name: '余额查询', key: 'BALANCE' },
        { name: '业务办理', sub_button: [{ type: 'miniprogram', name: '提取', url: 'https://example.org', appid: MP, pagepath: 'pages/withdraw/index' }] },
      ],
    };
    await api.createMenu(menu);
    assert.deepEqual((await api.getMenu()).menu.button, menu.button);
    const self = await api.getMenuConfig();
    assert.equal(self.is_menu_open, 1);
    assert.deepEqual((self.selfmenu_info?.button[1] as { sub_button: { list: unknown[] } }).sub_button.list.length, 1);
    assert.equal(await errcodeOf(api.createMenu({ button: [1, 2, 3, 4].map((i) => ({ type: 'click', name: `b${i}`, key: `K${i}` })) })), 40016);
    assert.equal(await errcodeOf(api.createMenu({ button: [{ type: 'click', name: '公积金余额查询服务', key: 'K' }] })), 40018); // 27 bytes > 16
  });
});

describe('template and subscribe messages', () => {
  const data = { thing1: { value: '提取申请已受理' }, time2: { value: '2024-06-01 10:00' } };
  before(() => emu.control.addFollower({ openid: 'oBorrower', unionid: 'uBorrower' }));

  test('a follower receives it: msgid matches the record, and TEMPLATESENDJOBFINISH reaches the webhook', async () => {
    const secrets = { token: 'emuToken', appId: OA, encodingAESKey: 'E'.repeat(43) };
    const hook = await startTestWebhook(secrets, () => 'success');
    emu.control.setWebhook(OA, { webhookUrl: hook.url, token: secrets.token, encodingAESKey: secrets.encodingAESKey, mode: 'safe' });
    try {
      emu.control.addFollower({ openid: 'oBlocker', blocksTemplates: true });
      const api = oaApi();
      const sent = await api.sendTemplate('oBorrower', TEMPLATE, 'https://example.org/p', undefined, data);
      const msgid = msgIdToString(sent.msgid);
      assert.match(msgid, /^\d{19}$/);
      assert.equal(emu.control.sentMessages({ touser: 'oBorrower' })[0]?.msgid, msgid);
      await api.sendTemplate('oBlocker', TEMPLATE, undefined, undefined, data);
      await emu.control.settle();
      const finished = hook.received.map((r) => r.push).filter((p) => p.MsgType === 'event' && p.Event === 'TEMPLATESENDJOBFINISH');
      assert.deepEqual(
        finished.map((p) => p.MsgType === 'event' && p.Event === 'TEMPLATESENDJOBFINISH' && [p.FromUserName, p.Status]),
        [
          ['oBorrower', 'success'],
          ['oBlocker', 'failed:user block'],
        ],
      );
      assert.equal(finished[0]?.MsgType === 'event' && finished[0].Event === 'TEMPLATESENDJOBFINISH' && finished[0].MsgID, msgid);
    } finally {
      emu.control.setWebhook(OA, null);
      await hook.close();
    }
  });

  test('43004 for a spouse who never followed, 40037 for an unknown template, 40003 for an unknown openid, 47003 for bad data', async () => {
    emu.control.addFollower({ openid: 'oSpouse', follows: false });
    const api = oaApi();
    assert.equal(await errcodeOf(api.sendTemplate('oSpouse', TEMPLATE, undefined, undefined, data)), 43004);
    assert.equal(await errcodeOf(api.sendTemplate('oBorrower', 'tpl_unknown', undefined, undefined, data)), 40037);
    assert.equal(await errcodeOf(api.sendTemplate('oStranger', TEMPLATE, undefined, undefined, data)), 40003);
    assert.equal(await errcodeOf(api.sendTemplate('oBorrower', TEMPLATE, undefined, undefined, { thing1: 'bare' } as never)), 47003);
  });

  test('injected 45009 answers the next call only; a fail rate of 1 answers every call', async () => {
    const api = oaApi();
    await api.ensureAccessToken();
    emu.control.failNext({ path: '/cgi-bin/message/template/send', errcode: 45009 });
    assert.equal(await errcodeOf(api.sendTemplate('oBorrower', TEMPLATE, undefined, undefined, data)), 45009);
    assert.equal(await errcodeOf(api.sendTemplate('oBorrower', TEMPLATE, undefined, undefined, data)), 0);
    emu.control.setFailRate(1, [-1]);
    try {
      assert.equal(await errcodeOf(api.getUser('oBorrower')), -1);
    } finally {
      emu.control.setFailRate(0);
    }
  });

  test('subscribe messages need one accept per message (43101 otherwise)', async () => {
    const api = createWeChatApi({ appId: MP, appSecret: MP_SECRET, apiBase: emu.url });
    emu.control.issueJsCode({ appid: MP, openid: 'oMini' });
    assert.equal(await errcodeOf(api.sendSubscribeMessage('oMini', SUBSCRIBE_TEMPLATE, 'pages/loan/index', data)), 43101);
    emu.control.grantSubscription({ appid: MP, openid: 'oMini', templateId: SUBSCRIBE_TEMPLATE });
    assert.equal(await errcodeOf(api.sendSubscribeMessage('oMini', SUBSCRIBE_TEMPLATE, 'pages/loan/index', data)), 0);
    assert.equal(await errcodeOf(api.sendSubscribeMessage('oMini', SUBSCRIBE_TEMPLATE, 'pages/loan/index', data)), 43101);
    assert.equal(emu.control.sentMessages({ kind: 'subscribe', touser: 'oMini' }).length, 1);
  });
});

describe('users and content security', () => {
  test('user/info tells followers from non-followers', async () => {
    emu.control.addFollower({ openid: 'oBorrower', unionid: 'uBorrower' });
    emu.control.addFollower({ openid: 'oSpouse', follows: false });
    const api = oaApi();
    const borrower = await api.getUser({ openid: 'oBorrower', lang: 'zh_CN' });
    assert.equal(borrower.subscribe, 1);
    assert.equal(borrower.unionid, 'uBorrower');
    assert.deepEqual(await api.getUser('oSpouse'), { subscribe: 0, openid: 'oSpouse', tagid_list: [] });
  });

  test('jscode2session: codes are single-use, success carries no errcode', async () => {
    const api = createWeChatApi({ appId: MP, appSecret: MP_SECRET, apiBase: emu.url });
    const code = emu.control.issueJsCode({ appid: MP, openid: 'oMini', unionid: 'uBorrower' });
    const session = await api.code2Session(code);
    assert.deepEqual({ ...session, session_key: typeof session.session_key }, { openid: 'oMini', unionid: 'uBorrower', session_key: 'string' });
    assert.equal('errcode' in session, false);
    assert.equal(await errcodeOf(api.code2Session(code)), 40163);
    assert.equal(await errcodeOf(api.code2Session('made-up')), 40029);
  });

  test("sns/oauth2/access_token: the official account's web OAuth codes are single-use and per app; snsapi_base gives the openid only", async () => {
    const exchange = async (appid: string, secret: string, code: string) =>
      (await fetch(`${emu.url}/sns/oauth2/access_token?appid=${appid}&secret=${secret}&code=${code}&grant_type=authorization_code`)).json() as Promise<
        Record<string, unknown>
      >;
    const code = emu.control.issueOAuthCode({ openid: 'oWebPage', unionid: 'uWebPage' });
    const r = await exchange(OA, OA_SECRET, code);
    assert.deepEqual([r['openid'], r['scope'], 'unionid' in r, 'errcode' in r, typeof r['access_token']], ['oWebPage', 'snsapi_base', false, false, 'string']);
    assert.equal((await exchange(OA, OA_SECRET, code))['errcode'], 40163, 'used once');
    assert.equal((await exchange(OA, OA_SECRET, 'made-up'))['errcode'], 40029);
    assert.equal((await exchange(MP, MP_SECRET, emu.control.issueOAuthCode({ openid: 'oWebPage' })))['errcode'], 40029, "another app's code");
    assert.equal((await exchange(OA, 'wrong-secret', emu.control.issueOAuthCode({ openid: 'oWebPage' })))['errcode'], 40125);
    const userinfo = await exchange(OA, OA_SECRET, emu.control.issueOAuthCode({ openid: 'oWebPage', unionid: 'uWebPage', scope: 'snsapi_userinfo' }));
    assert.equal(userinfo['unionid'], 'uWebPage');
    const late = emu.control.issueOAuthCode({ openid: 'oWebPage' });
    emu.control.advanceClock(5 * 60 + 1);
    assert.equal((await exchange(OA, OA_SECRET, late))['errcode'], 40029, 'five minutes at most');
  });

  test('msg_sec_check v2 flags configured words as risky, and wants a recent visitor', async () => {
    emu.control.issueJsCode({ appid: MP, openid: 'oMini' }); // opening the mini-program registers the visit
    const api = createWeChatApi({ appId: MP, appSecret: MP_SECRET, apiBase: emu.url });
    const { accessToken } = await api.ensureAccessToken();
    type Verdict = { errcode: number; result: { suggest: string; label: number } };
    const check = (body: object) =>
      api.request<Verdict>(`${api.wxaPrefix}msg_sec_check?access_token=${accessToken}`, {
        method: 'POST',
        dataType: 'json',
        data: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      });
    assert.deepEqual((await check({ content: '我想咨询贷款', version: 2, scene: 2, openid: 'oMini' })).result, { suggest: 'pass', label: 100 });
    assert.deepEqual((await check({ content: '专业代办提取，包过', version: 2, scene: 2, openid: 'oMini' })).result, { suggest: 'risky', label: 20008 });
    assert.equal(await errcodeOf(check({ content: 'x', version: 2, scene: 9, openid: 'oMini' })), 40129);
    emu.control.advanceClock(2 * 3600 + 1); // last visit now over two hours ago (the token expires too: co-wechat-api renews it)
    assert.equal(await errcodeOf(check({ content: 'x', version: 2, scene: 2, openid: 'oMini' })), 61010);
  });

  test('the control API works over HTTP too', async () => {
    const post = (path: string, body: object) =>
      fetch(`${emu.url}/__control${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post('/followers', { openid: 'oHttp', unionid: 'uHttp' })).status, 200);
    const { code } = (await (await post('/js-codes', { appid: MP, openid: 'oHttpMini' })).json()) as { code: string };
    assert.match(code, /^[0-9a-f]{32}$/);
    assert.equal((await post('/followers', { openid: '' })).status, 400);
    const sentTo = async () =>
      ((await (await fetch(`${emu.url}/__control/messages?kind=template&touser=oHttp`)).json()) as { messages: unknown[] }).messages.length;
    assert.equal(await sentTo(), 0);
    await oaApi().sendTemplate('oHttp', TEMPLATE, undefined, undefined, { thing1: { value: 'x' } });
    assert.equal(await sentTo(), 1);
    const hook = `${emu.url}/__control/webhooks/${OA}`;
    const put = await fetch(hook, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhookUrl: 'http://127.0.0.1:9/wechat', token: 't', mode: 'plain' }),
    });
    assert.equal(put.status, 200);
    assert.equal(emu.control.originalId(OA), 'gh_5e7a1c0d9b3f');
    assert.equal((await fetch(hook, { method: 'DELETE' })).status, 200);
  });
});

describe('push side', () => {
  const plain: WebhookSecrets = { token: 'plainToken', appId: OA };
  const safe: WebhookSecrets = { token: 'safeToken', appId: OA, encodingAESKey: 'S0'.repeat(21) + 'x' };
  const message = () => buildTextMessage({ ToUserName: 'gh_5e7a1c0d9b3f', FromUserName: 'oBorrower', Content: '余额' });

  for (const [mode, secrets] of [
    ['plain', plain],
    ['safe', safe],
  ] as const) {
    test(`${mode} mode: signed as WeChat signs, the reply comes back parsed`, async () => {
      const hook = await startTestWebhook(secrets, echo);
      try {
        const result = await pushToWebhook({ webhookUrl: hook.url, ...secrets, mode, message: message() });
        assert.equal(result.attempts, 1);
        assert.equal(result.reply !== '' && result.reply !== 'success' && result.reply.MsgType === 'text' && result.reply.Content, '收到：余额');
        const { query } = hook.received[0]!;
        assert.equal(query.openid, 'oBorrower');
        assert.equal(query.encrypt_type, mode === 'safe' ? 'aes' : undefined);
      } finally {
        await hook.close();
      }
    });
  }

  test('a handler slower than the timeout gets the same message again, and the retry answers', async () => {
    const hook = await startTestWebhook(safe, async (push, n) => {
      if (n === 1) await sleep(400); // WeChat has hung up by now
      return echo(push);
    });
    try {
      const result = await pushToWebhook({ webhookUrl: hook.url, ...safe, mode: 'safe', message: message(), timeoutMs: 200 });
      assert.equal(result.attempts, 2);
      const [first, second] = hook.received.map((r) => r.push);
      assert.deepEqual(first, second); // same MsgId and CreateTime: the webhook must de-duplicate
    } finally {
      await hook.close();
    }
  });

  test('no answer at all: four attempts (one plus three retries), then the member sees the error', async () => {
    const hook = await startTestWebhook(plain, async () => {
      await sleep(300);
      return 'success';
    });
    try {
      await assert.rejects(
        pushToWebhook({ webhookUrl: hook.url, ...plain, mode: 'plain', message: message(), timeoutMs: 100 }),
        (err: unknown) => err instanceof WebhookPushError && err.attempts === 4 && err.memberSees === '该公众号暂时无法提供服务，请稍后再试',
      );
      assert.equal(hook.received.length, 4);
    } finally {
      await hook.close();
    }
  });

  test('a webhook with the wrong token answers 401 and is not retried; a reply in milliseconds is refused', async () => {
    const hook = await startTestWebhook({ ...plain, token: 'otherToken' }, echo);
    const msHook = await startTestWebhook(plain, (p) => textReply(replyAddress(p), 'x').replace(/<CreateTime>\d+/, `<CreateTime>${Date.now()}`));
    try {
      await assert.rejects(
        pushToWebhook({ webhookUrl: hook.url, ...plain, mode: 'plain', message: message() }),
        (e: unknown) => e instanceof WebhookPushError && e.status === 401 && e.attempts === 1,
      );
      await assert.rejects(pushToWebhook({ webhookUrl: msHook.url, ...plain, mode: 'plain', message: message() }), /milliseconds/);
    } finally {
      await Promise.all([hook.close(), msHook.close()]);
    }
  });

  test('the emulator pushes member events through its configured webhook', async () => {
    const hook = await startTestWebhook(safe, () => '');
    emu.control.setWebhook(OA, { webhookUrl: hook.url, token: safe.token, encodingAESKey: safe.encodingAESKey!, mode: 'safe' });
    try {
      const result = await emu.control.push(
        buildEvent({ ToUserName: emu.control.originalId(OA), FromUserName: 'oBorrower', Event: 'CLICK', EventKey: 'BALANCE' }),
      );
      assert.equal(result.reply, '');
      assert.deepEqual(hook.received[0]?.push.MsgType === 'event' && hook.received[0].push.Event, 'CLICK');
    } finally {
      emu.control.setWebhook(OA, null);
      await hook.close();
    }
  });
});
