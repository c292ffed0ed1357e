/**
 * The WeChat API side (H2, H6, K4): one access_token for every instance on one database — fetched once,
 * replaced once when WeChat refuses it, refreshed before expiry by one instance — and `npm run menu`.
 * Two server processes on one PGlite folder are impossible (one connection), so there the second instance's
 * clients share the first one's database in-process, and a restarted instance must reuse the stored token;
 * on PostgreSQL (TEST_DATABASE_URL) two real server instances share it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { startWeChatEmulator, type WeChatEmulator } from '../src/emulators/wechat/index.js';
import { start, type RunningServer } from '../src/main.js';
import { createStandaloneCall, createWeChatApp, createWeChatClients } from '../src/wechat/api/client.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getMenu } from '../src/wechat/api/menu.js';
import { getFollower } from '../src/wechat/api/user.js';
import { generateUrlLink } from '../src/wechat/api/urllink.js';
import { freshDatabase, type TestDatabase } from './helpers/database.js';

const APPS = {
  [SANDBOX_DEFAULTS.WECHAT_APP_ID]: SANDBOX_DEFAULTS.WECHAT_APP_SECRET,
  [SANDBOX_DEFAULTS.WECHAT_MP_APP_ID]: SANDBOX_DEFAULTS.WECHAT_MP_APP_SECRET,
};
const OA = { appId: SANDBOX_DEFAULTS.WECHAT_APP_ID, appSecret: SANDBOX_DEFAULTS.WECHAT_APP_SECRET };
const MP = { appId: SANDBOX_DEFAULTS.WECHAT_MP_APP_ID, appSecret: SANDBOX_DEFAULTS.WECHAT_MP_APP_SECRET };
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let emulator: WeChatEmulator;
before(async () => {
  emulator = await startWeChatEmulator({ apps: APPS });
  for (let i = 0; i < 10; i++) emulator.control.addFollower({ openid: `oToken${i}`, unionid: `uToken${i}` });
});
after(() => emulator.close());

/** stable_token calls of the official account. */
const tokenFetches = () => emulator.control.calls({ path: '/cgi-bin/stable_token' }).filter((c) => c.appid === OA.appId).length;
const quiet = () => new Writable({ write: (_c, _e, cb) => cb() });
const startOn = (db: TestDatabase) => start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...db.env, WECHAT_API_BASE: emulator.url }, { log: quiet() });
/** 20 user-info calls at once through each instance's official-account client. */
const burst = (...instances: RunningServer[]) =>
  Promise.all(instances.flatMap((s) => Array.from({ length: 20 }, (_, i) => getFollower(s.wechat.clients.officialAccount.call, `oToken${i % 10}`))));

describe('one access_token for every instance', () => {
  test('PGlite: two instances’ clients on one database fetch it once, refetch once when refused, and a restart reuses it', async () => {
    const db = await freshDatabase('pglite');
    try {
      let server = await startOn(db);
      const second = createWeChatClients(server.database, emulator.url, OA, MP);
      const before = tokenFetches();
      const users = await Promise.all([burst(server), ...Array.from({ length: 20 }, (_, i) => getFollower(second.officialAccount.call, `oToken${i % 10}`))]);
      assert.equal(users[0]![3]!.unionid, 'uToken3', 'user info carries the unionid (H6)');
      assert.equal(tokenFetches() - before, 1, 'fetched once for both');

      emulator.control.invalidateTokens(SANDBOX_DEFAULTS.WECHAT_APP_ID); // 40001 from now on
      await Promise.all([burst(server), getFollower(second.officialAccount.call, 'oToken1')]);
      assert.equal(tokenFetches() - before, 2, 'the refused token was replaced once');
      emulator.control.expireTokens(SANDBOX_DEFAULTS.WECHAT_APP_ID); // 42001 from now on
      await Promise.all([burst(server), getFollower(second.officialAccount.call, 'oToken1')]);
      assert.equal(tokenFetches() - before, 3, 'the expired token was replaced once');

      await server.stop();
      server = await startOn(db);
      await burst(server);
      assert.equal(tokenFetches() - before, 3, 'the restarted instance used the stored token');
      await server.stop();
    } finally {
      await db.cleanup();
    }
  });

  test(
    'PostgreSQL: two server instances fetch it once, replace a refused one once, and one of them refreshes it before expiry',
    { skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL is not set' },
    async () => {
      const db = await freshDatabase('postgres');
      const [a, b] = await Promise.all([startOn(db), startOn(db)]);
      try {
        const before = tokenFetches();
        await burst(a, b);
        assert.equal(tokenFetches() - before, 1, 'fetched once for both');
        const [{ token }] = (await a.database.query<{ token: string }>('SELECT access_token AS token FROM wechat_access_tokens WHERE app_id = $1', [
          OA.appId,
        ])) as [{ token: string }];

        emulator.control.invalidateTokens(SANDBOX_DEFAULTS.WECHAT_APP_ID);
        await burst(a, b);
        assert.equal(tokenFetches() - before, 2, 'the refused token was replaced once, under the lock');
        const [{ token: replaced }] = (await b.database.query<{ token: string }>('SELECT access_token AS token FROM wechat_access_tokens WHERE app_id = $1', [
          OA.appId,
        ])) as [{ token: string }];
        assert.notEqual(replaced, token);

        // Two minutes left: both instances' scheduled refresh runs, one of them fetches. The job's own minute tick
        // may hold the lock just then, having read the row before the update: then all three are skipped; again.
        await a.database.query(`UPDATE wechat_access_tokens SET expires_at = now() + interval '2 minutes' WHERE app_id = $1`, [OA.appId]);
        for (let tries = 0; ; tries++) {
          const ran = await Promise.all([a.wechat.jobs.token!.runNow(), b.wechat.jobs.token!.runNow(), a.wechat.jobs.token!.runNow()]);
          if (ran.includes(true)) break;
          assert.ok(tries < 20, 'no instance got the job’s lock');
          await new Promise((r) => setTimeout(r, 250));
        }
        const [{ left }] = (await a.database.query<{ left: number }>(
          `SELECT extract(epoch FROM expires_at - now())::int AS left FROM wechat_access_tokens WHERE app_id = $1`,
          [OA.appId],
        )) as [{ left: number }];
        assert.ok(left > 3600, `renewed (${left} s left)`);
        assert.equal(tokenFetches() - before, 3, 'one instance refreshed it, once');
        await burst(a, b);
        assert.equal(tokenFetches() - before, 3, 'and both use it');
      } finally {
        await Promise.all([a.stop(), b.stop()]);
        await db.cleanup();
      }
    },
  );
});

describe('a connection closed under the client', () => {
  test('the token is fetched although WeChat resets the first two connections (pooled ones it closed after a quiet spell)', async () => {
    let tokenAsks = 0;
    const wechat = createServer((req, res) => {
      if (req.url?.startsWith('/cgi-bin/stable_token') && ++tokenAsks <= 2) return void req.socket.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          req.url?.startsWith('/cgi-bin/stable_token') ? { access_token: 'T-RESET', expires_in: 7200 } : { errcode: 0, errmsg: 'ok', menu: { button: [] } },
        ),
      );
    });
    await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
    try {
      const call = createStandaloneCall(`http://127.0.0.1:${(wechat.address() as AddressInfo).port}`, OA);
      const menu = await getMenu(call);
      assert.equal(tokenAsks, 3, 'asked three times');
      assert.ok(menu, 'the call went through with the token of the third answer');
    } finally {
      wechat.closeAllConnections();
      wechat.close();
    }
  });
});

describe('npm run menu', () => {
  test('creates 我的 / 政策业务 / 互动交流, whose items open mini-program pages with a web fallback', async () => {
    const out = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/menu.ts')], {
      cwd: ROOT,
      env: { ...process.env, WECHAT_API_BASE: emulator.url, DATABASE_URL: '', PUBLIC_BASE_URL: 'https://hpf.example.cn' },
    });
    assert.match(out.stdout, /menu created/);
    const db = await freshDatabase('pglite');
    try {
      const server = await startOn(db);
      try {
        const menu = await getMenu(createWeChatApp(server.database, emulator.url, OA).call);
        assert.deepEqual(
          menu.map((b) => b.name),
          ['我的', '政策业务', '互动交流'],
        );
        const subs = menu.flatMap((b) => b.sub_button ?? []);
        const pages = subs.filter((b) => b.type === 'miniprogram');
        assert.ok(pages.length >= 10);
        for (const p of pages) {
          assert.equal(p.appid, SANDBOX_DEFAULTS.WECHAT_MP_APP_ID);
          assert.match(p.pagepath!, /^pages\//);
          assert.match(p.url!, /^https:\/\/hpf\.example\.cn\/wechat\/open\?page=pages%2F/);
        }
        assert.deepEqual(
          subs.filter((b) => b.type === 'click').map((b) => b.key),
          ['BALANCE', 'OUTLETS', 'HOTLINE'],
        );
      } finally {
        await server.stop();
      }
    } finally {
      await db.cleanup();
    }
  });
});

describe('mini-program URL Links (wxa/generate_urllink)', () => {
  test('a link opens the page with its query for at most 30 days; a path with a query or a longer life is refused', async () => {
    const db = await freshDatabase('pglite', { seeded: false });
    const database = await db.open();
    try {
      const mp = createWeChatApp(database, emulator.url, MP);
      const url = await generateUrlLink(mp.call, { path: 'pages/mine/business/spouse/index', query: 'serialNo=WD2026112600001', days: 30 });
      assert.match(url, /^https:\/\/wxaurl\.cn\/[\w-]+$/);
      assert.deepEqual(emulator.control.openUrlLink(url), {
        appid: MP.appId,
        path: 'pages/mine/business/spouse/index',
        query: 'serialNo=WD2026112600001',
        expired: false,
      });
      emulator.control.advanceClock(30 * 86_400 + 1);
      assert.equal(emulator.control.openUrlLink(url)!.expired, true);
      emulator.control.advanceClock(-(30 * 86_400 + 1));
      const errcodeOf = (p: Promise<unknown>) =>
        p.then(
          () => 0,
          (err: { errcode?: number }) => err.errcode,
        );
      assert.equal(
        await errcodeOf(mp.call('generate_urllink', { path: 'pages/mine/index/index?x=1', expire_type: 1, expire_interval: 1 }, { prefix: 'wxa' })),
        40165,
      );
      assert.equal(
        await errcodeOf(mp.call('generate_urllink', { path: 'pages/mine/index/index', expire_type: 1, expire_interval: 31 }, { prefix: 'wxa' })),
        85402,
      );
      assert.equal(
        await errcodeOf(mp.call('generate_urllink', { path: 'pages/mine/index/index', query: 'a=<b>', expire_type: 1, expire_interval: 1 }, { prefix: 'wxa' })),
        40212,
      );
    } finally {
      await database.close();
      await db.cleanup();
    }
  });
});
