/**
 * Binding from the official account's web page (issue 15 point 2), as a follower's WeChat does it: /wechat/web/bind
 * sends the in-app browser to WeChat's OAuth (the emulator's connect/oauth2/authorize, snsapi_base), which returns
 * with a one-use code; the member logs in on the page and the openid WeChat vouches for is bound — after which the
 * account answers 余额 with their balance. A replayed code, a return without the browser's state and a page opened
 * outside WeChat are refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WeChatEmulatorControl } from '../src/emulators/wechat/index.js';
import { EMULATED_OPENID_HEADER } from '../src/emulators/wechat/routes-user.js';
import { DEMO_LOGIN_PASSWORD } from '../src/identity/index.js';
import { formatYuan } from '../src/shared/money.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { memberOf, PEOPLE, shown } from './helpers/wechat.js';
import { memberIdOf } from './helpers/identity.js';
import { auth, login, PHONES } from './workflow-helpers.js';

let server: TestServer;
let control: WeChatEmulatorControl;
before(async () => {
  server = await startTestServer('pglite');
  control = server.emulators.wechat!.control;
});
after(() => server.close());

const manual = (url: string, init: RequestInit = {}) => fetch(url, { ...init, redirect: 'manual' });
/** The page's address on this test server (PUBLIC_BASE_URL is not set: WeChat would call the public one). */
const onServer = (location: string) => {
  const u = new URL(location);
  return `${server.url}${u.pathname}${u.search}`;
};

/** Opens the bind page in the emulated WeChat of `openid`: the OAuth round trip, then the form. */
async function openInWeChat(openid: string) {
  const start = await manual(`${server.url}/wechat/web/bind`);
  assert.equal(start.status, 302);
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const authorize = new URL(start.headers.get('location')!.replace(/#wechat_redirect$/, ''));
  assert.equal(authorize.origin + authorize.pathname, `${new URL(server.emulators.wechat!.url).origin}/connect/oauth2/authorize`);
  assert.equal(authorize.searchParams.get('scope'), 'snsapi_base');
  assert.equal(authorize.searchParams.get('appid'), server.config.WECHAT_APP_ID);
  const back = await manual(authorize.toString(), { headers: { [EMULATED_OPENID_HEADER]: openid } });
  assert.equal(back.status, 302);
  const returned = new URL(back.headers.get('location')!);
  assert.equal(returned.pathname, '/wechat/web/bind');
  const page = await manual(onServer(returned.toString()), { headers: { cookie } });
  return {
    cookie,
    code: returned.searchParams.get('code')!,
    state: returned.searchParams.get('state')!,
    page: { status: page.status, html: await page.text(), headers: page.headers },
  };
}

const submit = async (cookie: string, fields: Record<string, string>) => {
  const res = await manual(`${server.url}/wechat/web/bind`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text() };
};

test('from the account’s menu to a bound follower: OAuth code, the member’s login, 余额 answered with their balance', async () => {
  const openid = 'oWebBindLu';
  control.addFollower({ openid });
  assert.match(shown(await memberOf(control, openid).text('余额')), /绑定/, 'not bound yet: the account asks to bind');

  const { cookie, code, state, page } = await openInWeChat(openid);
  assert.equal(page.status, 200);
  assert.match(page.html, /绑定公积金账户/);
  assert.match(page.html, /<input name="password" type="password"/, 'the password is a masked field');
  assert.match(page.headers.get('content-security-policy')!, /form-action 'self'/);
  assert.doesNotMatch(page.html, new RegExp(openid), 'the page never carries the openid');

  const wrong = await submit(cookie, { code, state, account: PHONES.luQingyi, password: 'Wrong#Pass1' });
  assert.equal(wrong.status, 401);
  assert.match(wrong.html, /账号或密码错误/);
  assert.match(wrong.html, new RegExp(`value="${code}"`), 'a wrong password keeps the code for the next try');

  const ok = await submit(cookie, { code, state, account: PHONES.luQingyi, password: DEMO_LOGIN_PASSWORD });
  assert.equal(ok.status, 200, ok.html);
  assert.match(ok.html, /绑定成功/);

  const token = await login(server, 'luQingyi');
  const security = await server.json('/api/me/security', { headers: auth(token) });
  assert.equal(security.body.wechat.officialAccount, true);
  const account = await server.json('/api/me/account', { headers: auth(token) });
  const answer = shown(await memberOf(control, openid).text('余额'));
  assert.match(answer, new RegExp(`账户余额：${formatYuan(account.body.balanceFen, { grouping: true }).replace('.', '\\.')} 元`));

  // The code was used: sending the form again (a replay) is refused and binds nothing new.
  const replay = await submit(cookie, { code, state, account: PHONES.duanDemei, password: DEMO_LOGIN_PASSWORD });
  assert.equal(replay.status, 400);
  assert.match(replay.html, /无法绑定/);
  const [row] = await server.database.query<{ member_id: number }>('SELECT member_id FROM wechat_users WHERE oa_openid = $1', [openid]);
  assert.equal(row!.member_id, await memberIdOf(server, PEOPLE.luQingyi));
  assert.match(shown(await memberOf(control, openid).text('余额')), /账户余额/, 'still the first member');
});

test('a return without the browser’s state, a made-up code and a page opened outside WeChat are refused', async () => {
  const { code, state } = await openInWeChat('oWebBindOther');
  const otherBrowser = await submit('hpf_oauth_state=' + 'a'.repeat(32), { code, state, account: PHONES.duanDemei, password: DEMO_LOGIN_PASSWORD });
  assert.equal(otherBrowser.status, 400, 'another browser’s state');
  const fresh = await openInWeChat('oWebBindOther');
  const madeUp = await submit(fresh.cookie, { code: 'c'.repeat(32), state: fresh.state, account: PHONES.duanDemei, password: DEMO_LOGIN_PASSWORD });
  assert.equal(madeUp.status, 400);
  assert.match(madeUp.html, /微信身份验证已失效/);
  const [bound] = await server.database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM wechat_users WHERE oa_openid = 'oWebBindOther' AND member_id IS NOT NULL`,
  );
  assert.equal(bound!.n, 0);

  const start = await manual(`${server.url}/wechat/web/bind`);
  const outside = await manual(start.headers.get('location')!.replace(/#wechat_redirect$/, ''));
  assert.equal(outside.status, 403);
  assert.match(await outside.text(), /请在微信客户端打开/);
});
