/** Tiles with their live eligibility and reasons, the refusals, and the same-name bank cards (C1–C14). */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BuiltinCore } from '../src/core/builtin/gateway.js';
import { addMonths } from '../src/shared/dates.js';
import { createBusiness } from '../src/business.js';
import { testCipher } from './helpers/database.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { apply, auth, bindCard, login, memberIdOf, withLuhn } from './workflow-helpers.js';

describe('withdrawal tiles and bank cards', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('pglite');
  });
  after(async () => server.close());

  const tiles = async (token: string) => {
    const r = await server.json('/api/me/withdrawals', { headers: auth(token) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return Object.fromEntries(r.body.tiles.map((t: any) => [t.code, t])) as Record<string, any>;
  };

  test('段德梅’s tiles: every kind in 002’s order, the amounts allowed now, greyed ones with the reason in the member’s words and what to do next', async () => {
    const token = await login(server, 'duanDemei');
    const r = await server.json('/api/me/withdrawals', { headers: auth(token) });
    assert.deepEqual(
      r.body.tiles.map((t: any) => t.code),
      ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11', 'C12', 'C13'],
    );
    assert.equal(r.body.bankCardBound, false);
    const t = await tiles(token);
    assert.deepEqual([t.C1.state, t.C1.amountFen], ['available', 150_000]);
    assert.equal(t.C8.amountFen, 2_450_000);
    assert.deepEqual([t.C10.amountFen, t.C9.amountFen], [3_092_143, 3_092_143], '下岗失业: up to the whole balance');
    assert.deepEqual(
      [t.C2.state, t.C2.reasonCode, t.C2.reason],
      ['unavailable', 'NOT_RETIRED', '中心还没有您的离退休登记。请您所在单位到中心为您办理离退休登记，登记后即可在线提取'],
    );
    assert.equal(t.C3.reason, '中心还没有您终止劳动关系的登记。请原单位到中心为您办理停缴登记，停缴满6个月后即可在线提取');
    assert.equal(t.C4.reason, '第一次提取须本人带齐材料到中心柜台办理，中心登记您的租房信息后，以后即可在线提取');
    assert.equal(t.C13.reasonCode, 'HAS_LOAN');
    assert.ok(t.C1.bankCardRequired, '001 二: the card must be bound first');
    assert.equal(t.C1.amountFen !== null && t.C2.amountFen === null, true, 'greyed tiles show no amount');
  });

  test('the people of the manuals get the tiles their situation calls for', async () => {
    const he = await tiles(await login(server, 'heLihua'));
    assert.equal(he.C2.state, 'available');
    assert.equal(he.C1.reasonCode, 'ACCOUNT_NOT_NORMAL', 'a retired, suspended account takes no property fee');
    assert.equal(he.C3.reasonCode, 'NOT_EMPLOYMENT_ENDED');
    const mu = await tiles(await login(server, 'muWenjun'));
    assert.deepEqual([mu.C3.state, mu.C2.reasonCode], ['available', 'NOT_RETIRED']);
    const lu = await tiles(await login(server, 'luTianpeng'));
    assert.deepEqual([lu.C5.amountFen, lu.C7.reasonCode, lu.C13.state], [690_000, 'NOT_REGISTERED', 'available']);
    const gao = await tiles(await login(server, 'gaoZhenhua'));
    assert.equal(gao.C7.amountFen, 2_380_000);
    const jian = await tiles(await login(server, 'zhangJian'));
    assert.equal(jian.C8.reasonCode, 'NO_REPAYMENT_LAST_YEAR', '张健’s loan was settled in 2024');
  });

  test('终止劳动关系 waits 6 months after the 停缴; the tile says from when', async () => {
    const id = await memberIdOf(server, '木文军');
    const since = addMonths(server.clock.today(), -2);
    await server.database.query('UPDATE members SET status_since = $1 WHERE id = $2', [since, id]);
    try {
      const t = await tiles(await login(server, 'muWenjun'));
      assert.equal(t.C3.reasonCode, 'SUSPENDED_UNDER_6_MONTHS');
      assert.equal(t.C3.reason, `账户停缴满6个月后才能提取，您可于${addMonths(since, 6)}起在线申请`);
    } finally {
      await server.database.query('UPDATE members SET status_since = $1 WHERE id = $2', [addMonths(server.clock.today(), -7, 5), id]);
    }
  });

  test('杨秀英’s closed account offers nothing (she cannot even register)', async () => {
    const business = createBusiness({
      config: { DATA_DIR: server.config.DATA_DIR },
      database: server.database,
      core: new BuiltinCore(server.database, testCipher()),
      cipher: testCipher(),
      clock: server.clock,
    });
    const t = await business.withdrawals.tiles(await memberIdOf(server, '杨秀英'));
    assert.ok(t.tiles.every((x) => x.state === 'unavailable' && x.reason === '您的公积金账户已销户，不能办理提取业务'));
  });

  test('each rule of a kind is reported with the figures behind it for the reviewers; the member sees the same verdict and no rule list', async () => {
    const business = createBusiness({
      config: { DATA_DIR: server.config.DATA_DIR },
      database: server.database,
      core: new BuiltinCore(server.database, testCipher()),
      cipher: testCipher(),
      clock: server.clock,
    });
    const today = server.clock.today();
    const rules = async (kind: string, name: string) => await business.kinds.get(kind)!.eligibility({ memberId: await memberIdOf(server, name), today });
    const row = (c: { rule: string; pass: boolean; figures: string }) => `${c.rule} | ${c.pass ? '✓' : '✗'} | ${c.figures}`;
    const duan = await rules('propertyFee', '段德梅');
    assert.deepEqual(duan.checks?.map(row), [
      '账户未销户 | ✓ | 账户状态 正常，人员状态 正常',
      '账户余额 > 0 | ✓ | 账户余额 30,921.43 元',
      '人员及账户状态正常 | ✓ | 人员状态 正常，账户状态 正常',
      '账户余额 > 物业费限额 | ✓ | 30,921.43 元 > 1,500.00 元',
      `物业费每年提取一次 | ✓ | ${today.slice(0, 4)} 年未提取`,
    ]);
    const gao = await rules('commercialLoanRepay', '高振华');
    assert.equal(gao.amountFen, 2_380_000);
    assert.match(
      row(gao.checks!.at(-1)!),
      /^可提取金额 ≥ 100 元（取整百） \| ✓ \| 账户余额 23,856\.20 元、.*贷款余额 54,140\.55 元 中最小者取整百：23,800\.00 元$/,
    );
    const mu = await rules('retirement', '木文军');
    assert.equal(mu.code, 'NOT_RETIRED', 'the first rule that fails is the refusal, as before');
    assert.deepEqual(
      mu.checks?.filter((c) => !c.pass).map((c) => c.rule),
      ['有离退休登记'],
    );
    const yang = await rules('propertyFee', '杨秀英');
    assert.deepEqual(yang.checks?.map(row), ['账户未销户 | ✗ | 账户状态 销户，人员状态 销户']);
    const tile = (await server.json('/api/me/withdrawals/C1', { headers: auth(await login(server, 'duanDemei')) })).body;
    assert.equal(JSON.stringify(tile).includes('checks'), false, 'members get the verdict, not the reviewers’ list');
  });

  test('a kind that is not allowed cannot be started, and an amount above what is allowed is refused', async () => {
    const token = await login(server, 'duanDemei');
    const refused = await server.json('/api/me/applications', { method: 'POST', headers: auth(token), json: { kind: 'retirement' } });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'NOT_ELIGIBLE');
    assert.match(refused.body.message, /离退休登记/);
    const unknown = await server.json('/api/me/applications', { method: 'POST', headers: auth(token), json: { kind: 'lottery' } });
    assert.equal(unknown.status, 404);
    await bindCard(server, token, '段德梅', '6223691095740548', 'YNRCC');
    const tooMuch = await apply(server, token, 'propertyFee', { amountFen: 150_001 });
    assert.equal(tooMuch.status, 409);
    assert.equal(tooMuch.body.code, 'AMOUNT_EXCEEDS_ALLOWED');
    assert.equal(tooMuch.body.message, '提取金额不能超过可提取金额1500元');
    const t = await tiles(token);
    assert.equal(t.C1.state, 'in-progress', 'the draft is open');
    assert.match(t.C1.reason, /^您有一笔物业费提取申请正在办理中（流水号\d{14}，未提交）$/);
    const second = await server.json('/api/me/applications', { method: 'POST', headers: auth(token), json: { kind: 'propertyFee' } });
    assert.equal(second.status, 409);
    assert.equal(second.body.code, 'APPLICATION_ALREADY_OPEN');
    await server.json(`/api/me/applications/${t.C1.openApplication.serialNo}/end`, { method: 'POST', headers: auth(token), json: {} });
  });

  test('a withdrawal needs a bound same-name card', async () => {
    const token = await login(server, 'gaoZhenhua');
    const r = await apply(server, token, 'commercialLoanRepay');
    assert.equal(r.status, 409);
    assert.equal(r.body.code, 'BANK_CARD_REQUIRED');
    assert.equal(r.body.message, '请先绑定本人的银行卡（提取人与银行持卡人必须一致）');
  });

  test('C14: the banks of 001 2.6; holder must be the member; Luhn where the bank uses it, not for 农信社 or 金穗 numbers', async () => {
    const token = await login(server, 'zhangRuixia');
    const list = (await server.json('/api/me/bank-cards', { headers: auth(token) })).body;
    assert.deepEqual(
      list.banks.map((b: any) => b.name),
      ['中国农业银行', '中国工商银行', '中国建设银行', '中国银行', '云南省农村信用社'],
    );
    const bind = (json: object) => server.json('/api/me/bank-cards', { method: 'POST', headers: auth(token), json });
    const good = withLuhn('622202020099887766');
    const broken = good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10);
    assert.equal((await bind({ bankCode: 'ICBC', cardNo: broken, holderName: '张瑞霞' })).body.code, 'BANK_CARD_NUMBER_INVALID');
    const abc = withLuhn('622848001122334455');
    assert.equal(
      (await bind({ bankCode: 'ABC', cardNo: abc.slice(0, -1) + ((Number(abc.at(-1)) + 1) % 10), holderName: '张瑞霞' })).body.code,
      'BANK_CARD_NUMBER_INVALID',
      '农业银行 UnionPay cards carry one',
    );
    assert.equal((await bind({ bankCode: 'CCB', cardNo: '62170028A0012345', holderName: '张瑞霞' })).body.code, 'BANK_CARD_NUMBER_INVALID');
    const holder = await bind({ bankCode: 'ICBC', cardNo: good, holderName: '张瑞' });
    assert.deepEqual([holder.status, holder.body.code], [409, 'BANK_CARD_HOLDER_MISMATCH']);
    const ok = await bind({ bankCode: 'ICBC', cardNo: good.replace(/(\d{4})/g, '$1 ').trim(), holderName: '张瑞霞' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.cardNoMasked, `************${good.slice(-4)}`);
    assert.equal(ok.body.bankName, '中国工商银行');
    assert.equal((await bind({ bankCode: 'ICBC', cardNo: good, holderName: '张瑞霞' })).body.code, 'BANK_CARD_ALREADY_BOUND');
    // 云南省农村信用社 and 农业银行's old 95599 numbers carry no Luhn digit: accepted as they are.
    const rural = '6223691095740549';
    assert.equal((await bind({ bankCode: 'YNRCC', cardNo: rural, holderName: '张瑞霞' })).status, 200);
    assert.equal((await bind({ bankCode: 'ABC', cardNo: '9559980012345678901', holderName: '张瑞霞' })).status, 200);
    const cards = (await server.json('/api/me/bank-cards', { headers: auth(token) })).body.cards;
    assert.equal(cards.length, 3);
    assert.ok(JSON.stringify(cards).indexOf(good) === -1, 'no full card number in a response');
    const gone = await server.json(`/api/me/bank-cards/${ok.body.id}`, { method: 'DELETE', headers: auth(token) });
    assert.equal(gone.body.message, '已解除绑定');
    assert.equal((await server.json('/api/me/bank-cards', { headers: auth(token) })).body.cards.length, 2);
  });

  test('a card that an application in review pays to cannot be unbound', async () => {
    const token = await login(server, 'liGuoqiang');
    const card = await bindCard(server, token, '李国强', withLuhn('621700287001112223'), 'CCB');
    const r = await apply(server, token, 'subsistence', { subsistenceCertificateNo: 'DB-9', amountFen: 5_000 });
    assert.equal(r.body.status, 'in_review');
    const refused = await server.json(`/api/me/bank-cards/${card.id}`, { method: 'DELETE', headers: auth(token) });
    assert.deepEqual([refused.status, refused.body.code], [409, 'BANK_CARD_IN_USE']);
  });

  test('one tile opens to its rules, form, photo categories and nodes', async () => {
    const token = await login(server, 'heLihua');
    const r = (await server.json('/api/me/withdrawals/retirement', { headers: auth(token) })).body;
    assert.equal(r.processName, '缴存人离休、退休提取');
    assert.deepEqual(r.nodes, ['初审']);
    assert.equal(r.autoApprove, true);
    assert.deepEqual(
      r.photoCategories.filter((c: any) => c.required).map((c: any) => c.label),
      ['现场照片', '身份证（正面）', '身份证（背面）'],
    );
    assert.deepEqual(Object.keys(r.form.properties), ['retirementEmployer', 'retirementCertificateNo', 'approvedOn']);
    assert.equal(r.confirmationPurpose, 'withdrawal.retirement');
    assert.equal(r.details.depositRatePercent, 1.5);
  });
});
