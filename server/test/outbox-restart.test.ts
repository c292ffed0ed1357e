/**
 * The outbox under a failing WeChat and a restarting server (H5, K4): with the emulator answering one call in
 * ten with a system error or 45009, a server stopped midway (its worker drains), and a worker that dies with
 * sends in flight (their leases run out and another worker takes them over), every notice reaches WeChat
 * exactly once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_DEFAULTS } from '../src/config.js';
import { startWeChatEmulator, type WeChatEmulator } from '../src/emulators/wechat/index.js';
import { start, type RunningServer } from '../src/main.js';
import { freshDatabase, type TestDatabase } from './helpers/database.js';
import { waitFor } from './helpers/wechat.js';
import { Writable } from 'node:stream';

const N = 300;
let emulator: WeChatEmulator;
let db: TestDatabase;

before(async () => {
  emulator = await startWeChatEmulator({
    apps: { [SANDBOX_DEFAULTS.WECHAT_APP_ID]: SANDBOX_DEFAULTS.WECHAT_APP_SECRET, [SANDBOX_DEFAULTS.WECHAT_MP_APP_ID]: SANDBOX_DEFAULTS.WECHAT_MP_APP_SECRET },
    templateIds: [SANDBOX_DEFAULTS.WECHAT_TEMPLATE_PROGRESS],
    failRate: 0.1,
    failRateErrcodes: [-1, 45009],
    largeMsgIds: true,
  });
  db = await freshDatabase('pglite', { seeded: true });
});
after(async () => {
  await emulator.close();
  await db.cleanup();
});

/** A server on the shared database and the standalone emulator (a restart keeps WeChat's memory of what was sent). */
async function startServer(): Promise<RunningServer> {
  const running = await start(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ...db.env,
      WECHAT_API_BASE: emulator.url,
      WECHAT_OUTBOX_LEASE_SECONDS: '1',
      WECHAT_OUTBOX_CONCURRENCY: '8',
    },
    { log: new Writable({ write: (_c, _e, cb) => cb() }) },
  );
  emulator.control.setWebhook(SANDBOX_DEFAULTS.WECHAT_APP_ID, {
    webhookUrl: `${running.url}/wechat`,
    token: SANDBOX_DEFAULTS.WECHAT_TOKEN,
    encodingAESKey: SANDBOX_DEFAULTS.WECHAT_ENCODING_AES_KEY,
    mode: 'safe',
  });
  return running;
}

const sentTemplates = () => emulator.control.sentMessages({ kind: 'template' });
const countWhere = async (running: RunningServer, where: string) =>
  (await running.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM wechat_outbox WHERE ${where}`))[0]!.n;

test('10 % failing calls, a restart midway and a worker that dies: every notice sent once', async () => {
  let server = await startServer();
  for (let i = 0; i < N; i++) emulator.control.addFollower({ openid: `oBulk${i}` });
  await server.database.db.transaction(async (tx) => {
    for (let i = 0; i < N; i++) {
      await server.wechat.enqueueNotice(
        tx,
        { openid: `oBulk${i}` },
        { kind: 'progress', serialNo: `TB-${i}`, business: '租房提取', status: '已受理', at: new Date() },
      );
    }
  });

  // A graceful restart once a third is out: the worker drains, the next server carries on.
  await waitFor(() => sentTemplates().length >= N / 3, 30_000, 'a third sent');
  await server.stop();
  server = await startServer();

  // A worker that dies with sends in flight: they reach WeChat but are not recorded; their leases run out.
  await waitFor(() => sentTemplates().length >= (2 * N) / 3, 30_000, 'two thirds sent');
  await server.wechat.outbox.worker.stop(0);
  server.wechat.outbox.worker.start();

  await waitFor(async () => (await countWhere(server, `status IN ('pending', 'sending')`)) === 0, 60_000, 'the queue to empty');
  const sent = sentTemplates();
  const byClientId = new Map<string, number>();
  for (const m of sent) byClientId.set(m.clientMsgId!, (byClientId.get(m.clientMsgId!) ?? 0) + 1);
  assert.equal(byClientId.size, N, 'none lost');
  assert.deepEqual(
    [...byClientId.values()].filter((n) => n > 1),
    [],
    'none twice',
  );
  assert.equal(await countWhere(server, `status = 'failed'`), 0);
  assert.ok(
    emulator.control.calls({ path: '/cgi-bin/message/template/send' }).some((c) => c.injected),
    'failures were injected',
  );
  await server.stop();
});
