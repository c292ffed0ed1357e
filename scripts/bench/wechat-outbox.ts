/**
 * The notice outbox under load (H5): 10,000 queued template messages sent to the WeChat emulator while it answers
 * one call in ten with a system error (-1) or a rate limit (45009), with the worker restarted gracefully at one
 * third and killed (its sends in flight abandoned, their leases left to run out) at two thirds. Counts what the
 * emulator received: every notice once, none lost; and the TEMPLATESENDJOBFINISH reports that came back.
 * The emulator runs in its own process (WeChat's servers are not on the server's machine) and is driven over
 * its HTTP control API.
 */
import { SANDBOX_DEFAULTS } from '../../server/src/config.js';
import type { CallRecord, SentMessage } from '../../server/src/emulators/wechat/index.js';
import type { Notice } from '../../server/src/wechat/outbox/notices.js';
import { benchDatabase, control, emulatorInSecondProcess, fmt, startBenchServer, type BenchSection } from './section.js';

const N = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 10_000);
const CHUNK = 500;

const waitUntil = async (check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
};

export const outboxSection: BenchSection = {
  name: 'outbox',
  title: `Notice outbox: ${N.toLocaleString('en-US')} template messages to the WeChat emulator, 10 % failing calls, a restart and a crash midway`,
  async run(out) {
    const emulator = await emulatorInSecondProcess({
      apps: {
        [SANDBOX_DEFAULTS.WECHAT_APP_ID]: SANDBOX_DEFAULTS.WECHAT_APP_SECRET,
        [SANDBOX_DEFAULTS.WECHAT_MP_APP_ID]: SANDBOX_DEFAULTS.WECHAT_MP_APP_SECRET,
      },
      templateIds: [SANDBOX_DEFAULTS.WECHAT_TEMPLATE_PROGRESS],
      failRate: 0.1,
      failRateErrcodes: [-1, 45009],
    });
    const db = await benchDatabase();
    const lease = 2;
    const server = await startBenchServer(db, {
      WECHAT_API_BASE: emulator.url,
      WECHAT_OUTBOX_LEASE_SECONDS: String(lease),
      ...(process.env.BENCH_OUTBOX_CONCURRENCY ? { WECHAT_OUTBOX_CONCURRENCY: process.env.BENCH_OUTBOX_CONCURRENCY } : {}),
    });
    try {
      await control(emulator.url, 'PUT', `/webhooks/${SANDBOX_DEFAULTS.WECHAT_APP_ID}`, {
        webhookUrl: `${server.url}/wechat`,
        token: server.config.WECHAT_TOKEN,
        encodingAESKey: server.config.WECHAT_ENCODING_AES_KEY,
        mode: 'safe',
      });
      const worker = server.wechat.outbox.worker;
      await worker.stop(); // queue everything first, then time the sending
      for (let from = 0; from < N; from += 100) {
        await Promise.all(
          Array.from({ length: Math.min(100, N - from) }, (_, k) => control(emulator.url, 'POST', '/followers', { openid: `oBulk${from + k}` })),
        );
      }
      const queuedAt = Date.now();
      for (let from = 0; from < N; from += CHUNK) {
        await server.database.db.transaction(async (tx) => {
          for (let i = from; i < Math.min(N, from + CHUNK); i++) {
            const notice: Notice = { kind: 'progress', serialNo: `BENCH-${i}`, business: '租房提取', status: '审核通过', at: new Date() };
            await server.wechat.enqueueNotice(tx, { openid: `oBulk${i}` }, notice);
          }
        });
      }
      out.note(`database: ${db.label}; worker concurrency ${server.config.WECHAT_OUTBOX_CONCURRENCY}, lease ${lease} s; emulator in a second process`);
      out.figure('notices queued (enqueueNotice, 500 per transaction)', fmt.s(Date.now() - queuedAt));

      const count = async (where: string) => (await server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM wechat_outbox WHERE ${where}`))[0]!.n;
      const done = () => count(`status NOT IN ('pending', 'sending')`);
      const started = Date.now();
      worker.start();
      await waitUntil(async () => (await done()) >= N / 3, 120_000);
      await worker.stop(); // graceful restart: drains what is in flight
      worker.start();
      const restartedAt = await done();
      await waitUntil(async () => (await done()) >= (2 * N) / 3, 120_000);
      await worker.stop(0); // a crash: what is in flight is not recorded; leases run out
      worker.start();
      const crashedAt = await done();
      const finished = await waitUntil(async () => (await done()) === N, 180_000);
      const elapsed = Date.now() - started;

      const { messages } = await control<{ messages: SentMessage[] }>(emulator.url, 'GET', '/messages?kind=template');
      const perNotice = new Map<string, number>();
      for (const m of messages) perNotice.set(m.data['character_string1']!.value, (perNotice.get(m.data['character_string1']!.value) ?? 0) + 1);
      const twice = [...perNotice.values()].filter((c) => c > 1).length;
      const lost = N - perNotice.size;
      const { calls } = await control<{ calls: CallRecord[] }>(emulator.url, 'GET', '/calls');
      const reported = await waitUntil(async () => (await count(`status = 'delivered'`)) >= N, 30_000);

      out.figure('all notices at WeChat', finished ? fmt.s(elapsed) : `not within ${fmt.s(elapsed)}`, '< 20 s');
      out.figure('throughput', fmt.rate((N * 1000) / elapsed));
      out.figure('sent twice', fmt.n(twice), '0');
      out.figure('lost', fmt.n(lost), '0');
      out.figure('calls answered with an injected error (-1 / 45009)', fmt.n(calls.filter((c) => c.injected).length));
      out.figure('retries scheduled by the worker', fmt.n(worker.stats.retried));
      out.figure('graceful restart / crash after (notices done)', `${fmt.n(restartedAt)} / ${fmt.n(crashedAt)}`);
      const { pushes } = await control<{ pushes: { result?: { attempts: number }; error?: unknown }[] }>(emulator.url, 'GET', '/push-log');
      out.figure(
        'delivery reports WeChat had to push again (no answer in 5 s)',
        fmt.n(pushes.filter((p) => (p.result?.attempts ?? 1) > 1 || p.error).length),
        '0',
      );
      out.figure(
        'delivery reports (TEMPLATESENDJOBFINISH) recorded',
        `${fmt.n(await count(`status = 'delivered'`))}${reported ? '' : ' (incomplete after 30 s)'}`,
      );
    } finally {
      await server.stop();
      await emulator.close();
      await db.drop();
    }
  },
};
