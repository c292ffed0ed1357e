/**
 * What members read in the official account (H3, H4, H6): keyword answers for bound members, FAQ matches,
 * events (follow, unfollow, menu clicks, QR scenes, locations), all sent through the WeChat emulator's push side.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import type { WeChatEmulatorControl } from '../src/emulators/wechat/index.js';
import { formatYuan } from '../src/shared/money.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { bindOpenid, coreOf, memberOf, PEOPLE, shown, waitFor } from './helpers/wechat.js';

const MP = SANDBOX_DEFAULTS.WECHAT_MP_APP_ID;
const mpLink = (path: string) =>
  new RegExp(`<a data-miniprogram-appid="${MP}" data-miniprogram-path="${path.replace(/[?]/g, '\\?')}" href="[^"]+/wechat/open\\?page=[^"]+">`);

describe('the official account’s bot', () => {
  let server: TestServer;
  let control: WeChatEmulatorControl;
  const lu = () => memberOf(control, 'oLuQingyi');

  before(async () => {
    server = await startTestServer('pglite');
    control = server.emulators.wechat!.control;
    await bindOpenid(server.database, 'oLuQingyi', PEOPLE.luQingyi);
    await bindOpenid(server.database, 'oLiGuoqiang', PEOPLE.liGuoqiang);
  });
  after(() => server.close());

  test('余额 / 公积金 / the 余额速查 menu item: the bound member’s account, from the core', async () => {
    const memberId = (await coreOf(server.database).findMemberByIdNumber(PEOPLE.luQingyi))!.id;
    const account = (await coreOf(server.database).getFundAccount(memberId))!;
    for (const result of [
      await lu().text('余额'),
      await lu().text(' 公积金 '),
      await lu().text('查询余额'),
      await lu().event({ Event: 'CLICK', EventKey: 'BALANCE' }),
    ]) {
      const text = shown(result);
      assert.match(text, new RegExp(`账户余额：${formatYuan(account.balanceFen, { grouping: true }).replace('.', '\\.')} 元`));
      assert.match(text, /账户状态：正常/);
      assert.match(text, new RegExp(`个人账号：\\*+${account.accountNo.slice(-4)}\\n`), 'the account number by its last four digits');
      assert.match(text, mpLink('pages/mine/account/ledger/index'), 'issue 18: 缴存明细 opens the statement');
    }
  });

  test('贷款: contract, balance and this month’s payment; a co-borrower sees the loan as such', async () => {
    const core = coreOf(server.database);
    const [loan] = await core.listLoans((await core.findMemberByIdNumber(PEOPLE.luQingyi))!.id);
    const text = shown(await lu().text('贷款'));
    assert.match(text, new RegExp(`合同号：${loan!.contractNo}\\n`));
    assert.match(text, /还款方式：等额本金/);
    assert.match(text, new RegExp(`贷款余额：${formatYuan(loan!.balanceFen, { grouping: true }).replace('.', '\\.')} 元`));
    assert.match(shown(await memberOf(control, 'oLiGuoqiang').text('我的贷款')), /（共同借款人）/);
  });

  test('someone not bound is asked to bind first, with a link to the mini-program’s registration', async () => {
    for (const word of ['余额', '贷款']) {
      const text = shown(await memberOf(control, 'oStranger').text(word));
      assert.match(text, /先绑定/);
      assert.match(text, mpLink('pages/mine/auth/register/index'));
    }
  });

  test('网点: the outlets, nearest first once the member sent a location', async () => {
    const before = shown(await lu().text('网点'));
    assert.match(before, /【服务网点】/);
    assert.match(before, /发送您的位置/);
    // A member in 华坪县 shares a location: 华坪县管理部 comes first.
    const located = shown(
      await lu().push({ MsgType: 'location', Location_X: 26.63, Location_Y: 101.27, Scale: 15, Label: '华坪县', MsgId: String(Date.now()) }),
    );
    assert.match(located, /【离您最近的服务网点】\n\n1\. 华坪县管理部（约 0\.\d 公里）/);
    assert.match(shown(await lu().text('网点')), /1\. 华坪县管理部/);
    // The account's 上报地理位置 event moves it without an answer.
    const moved = await lu().event({ Event: 'LOCATION', Latitude: 27.2817, Longitude: 100.8524, Precision: 30 });
    assert.equal(shown(moved), '');
    assert.match(shown(await lu().event({ Event: 'CLICK', EventKey: 'OUTLETS' })), /1\. 宁蒗县管理部/);
  });

  test('计算: a link to the calculator page, and a web fallback for clients without mini-programs', async () => {
    const text = shown(await memberOf(control, 'oStranger').text('计算'));
    assert.match(text, mpLink('pages/interaction/tools/calculator/index'));
    const href = /href="([^"]+)"/.exec(text)![1]!.replace(/^http:\/\/localhost:\d+/, server.url);
    const page = await fetch(href);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /请在微信中打开住房公积金小程序/);
  });

  test('other text: the best FAQ matches; nothing found points to the community and the hotline', async () => {
    await server.database.query(
      `INSERT INTO faqs (category, question, answer, keywords, sort) VALUES ('测试', '公众号消息收不到怎么办？', '请确认已关注本公众号并开启“接收消息”。', '{收不到,消息}', 0)`,
    );
    const found = shown(await lu().text('为什么公众号消息收不到'));
    assert.match(found, /^【公众号消息收不到怎么办？】\n请确认已关注本公众号/);
    const none = shown(await lu().text('量子纠缠与弦论'));
    assert.match(none, /没有找到/);
    assert.match(none, /12329/);
  });

  test('follow: a welcome that says how to bind; unfollow is recorded; a bound member is welcomed back', async () => {
    const newcomer = memberOf(control, 'oNewcomer');
    const welcome = shown(await newcomer.event({ Event: 'subscribe' }));
    assert.match(welcome, /欢迎关注/);
    assert.match(welcome, /身份证号码/);
    assert.match(welcome, mpLink('pages/mine/auth/register/index'));
    const followed = await server.database.query<{ subscribed: boolean }>(`SELECT subscribed FROM wechat_users WHERE oa_openid = 'oNewcomer'`);
    assert.equal(followed[0]!.subscribed, true);

    assert.equal(shown(await lu().event({ Event: 'unsubscribe' })), '');
    const [left] = await server.database.query<{ subscribed: boolean; unsubscribed_at: Date | null; member_id: number | null }>(
      `SELECT subscribed, unsubscribed_at, member_id FROM wechat_users WHERE oa_openid = 'oLuQingyi'`,
    );
    assert.equal(left!.subscribed, false);
    assert.ok(left!.unsubscribed_at);
    assert.ok(left!.member_id, 'the binding stays');
    assert.match(shown(await lu().event({ Event: 'subscribe' })), /欢迎回来/);
  });

  test('QR scenes: following by a scene code answers the scene too; a hall’s code shows that hall', async () => {
    const viaCode = shown(await memberOf(control, 'oScanner').event({ Event: 'subscribe', EventKey: 'qrscene_calculator', Ticket: 't1' }));
    assert.match(viaCode, /欢迎关注[\s\S]*公积金贷款计算器/);
    const [outlet] = await coreOf(server.database).listOutlets();
    const hall = shown(await lu().event({ Event: 'SCAN', EventKey: `outlet-${outlet!.id}`, Ticket: 't2' }));
    assert.match(hall, new RegExp(`^【${outlet!.name.replace(/[()（）]/g, '.')}】`));
  });

  test('menu clicks and views; images and voice', async () => {
    assert.match(shown(await lu().event({ Event: 'CLICK', EventKey: 'HOTLINE' })), /12329/);
    assert.equal(shown(await lu().event({ Event: 'VIEW', EventKey: 'https://example.org/' })), '');
    assert.match(shown(await lu().push({ MsgType: 'image', PicUrl: 'http://x/1.jpg', MediaId: 'm1', MsgId: String(Date.now()) })), /文字消息/);
    assert.match(shown(await lu().push({ MsgType: 'voice', MediaId: 'm2', Format: 'amr', Recognition: '余额。', MsgId: String(Date.now() + 1) })), /账户余额/);
  });

  test('H6: a follower whose unionid the mini-program already bound is the same person and member', async () => {
    const memberId = await bindOpenid(server.database, 'oTmpDuan', PEOPLE.duanDemei);
    await server.database.query(`UPDATE wechat_users SET oa_openid = NULL, mp_openid = 'mpDuan', unionid = 'uDuan' WHERE oa_openid = 'oTmpDuan'`);
    control.addFollower({ openid: 'oDuan', unionid: 'uDuan' });
    const duan = memberOf(control, 'oDuan');
    assert.match(shown(await duan.event({ Event: 'subscribe' })), /欢迎关注/, 'not known as bound yet');
    await waitFor(
      async () => (await server.database.query(`SELECT 1 FROM wechat_users WHERE oa_openid = 'oDuan' AND unionid = 'uDuan'`)).length === 1,
      10_000,
      'the unionid job',
    );
    const rows = await server.database.query<{ member_id: number; mp_openid: string; subscribed: boolean }>(
      `SELECT member_id, mp_openid, subscribed FROM wechat_users WHERE unionid = 'uDuan' OR oa_openid = 'oDuan'`,
    );
    assert.deepEqual(rows, [{ member_id: memberId, mp_openid: 'mpDuan', subscribed: true }]);
    assert.match(shown(await duan.text('余额')), /账户余额/);
  });
});
