/**
 * The webhook under load (H1): safe-mode text "余额" from bound members — signature and msg_signature checked,
 * decrypted, de-duplicated in the database, answered from the member's fund account, encrypted back — against a
 * bare Koa handler that answers "success" to the same requests, measured in the same run, and against the push
 * protocol alone (what the webhook costs before any database work).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { SANDBOX_DEFAULTS } from '../../server/src/config.js';
import { buildTextMessage, pushToWebhook } from '../../server/src/emulators/wechat/index.js';
import type { RunningServer } from '../../server/src/main.js';
import { openPush, readBodyCapped, replyAddress, sealReply, textReply, type PushQuery, type WebhookSecrets } from '../../server/src/wechat/protocol/index.js';
import { benchDatabase, fmt, pushLoadFromSecondProcess, startBenchServer, type BenchSection, type Report } from './section.js';
import type { PushLoadResult, PushLoadSpec } from './wechat-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TO_USER = `gh_${SANDBOX_DEFAULTS.WECHAT_APP_ID.replace(/^wx/, '').slice(0, 12)}`;

/**
 * The baseline: a bare Koa handler answering "success". With a `protocolOnly` secrets object it instead does the
 * push protocol and nothing else (signatures, AES both ways, the two XML parses; a fixed reply, no database):
 * the ceiling any webhook built on this protocol can reach here.
 */
async function startBare(protocolOnly?: WebhookSecrets): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Koa();
  app.use(async (ctx) => {
    if (!protocolOnly) {
      ctx.body = 'success';
      return;
    }
    const opened = openPush({ query: ctx.query as PushQuery, body: await readBodyCapped(ctx.req), secrets: protocolOnly });
    ctx.type = 'application/xml';
    ctx.body = sealReply({ replyXml: textReply(replyAddress(opened.push), '账户余额：215,659.40 元'), mode: opened.mode, secrets: protocolOnly });
  });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Official-account openids bound to `count` members with a fund account (the demo bindings first). */
async function boundOpenids(server: RunningServer, count: number): Promise<string[]> {
  const demo = await server.database.query<{ oa_openid: string }>(
    `SELECT w.oa_openid FROM wechat_users w JOIN fund_accounts a ON a.member_id = w.member_id WHERE w.oa_openid IS NOT NULL ORDER BY w.id LIMIT $1`,
    [count],
  );
  const openids = demo.map((r) => r.oa_openid);
  if (openids.length < count) {
    const free = await server.database.query<{ member_id: number }>(
      `SELECT a.member_id FROM fund_accounts a WHERE NOT EXISTS (SELECT 1 FROM wechat_users w WHERE w.member_id = a.member_id) ORDER BY a.member_id LIMIT $1`,
      [count - openids.length],
    );
    for (const { member_id } of free) {
      const openid = `oBench_${member_id}`;
      await server.database.query(`INSERT INTO wechat_users (oa_openid, subscribed, subscribed_at, member_id, bound_at) VALUES ($1, true, now(), $2, now())`, [
        openid,
        member_id,
      ]);
      openids.push(openid);
    }
  }
  return openids;
}

function print(out: Report, label: string, webhook: PushLoadResult, bare: PushLoadResult): void {
  out.figure(`${label}: replies/s`, fmt.rate(webhook.perSecond), '≥ 1,500/s');
  out.figure(`${label}: p99 latency`, fmt.ms(webhook.p99), '< 50 ms');
  out.figure(`${label}: share of the bare handler's throughput`, fmt.pct(webhook.perSecond / bare.perSecond), '≥ 40 %');
  out.figure(`${label}: encrypted replies / requests`, `${fmt.n(webhook.encryptedReplies)} / ${fmt.n(webhook.requests)}`);
  if (webhook.non2xx || webhook.errors || webhook.timeouts)
    out.figure(`${label}: non-2xx / errors / timeouts`, `${webhook.non2xx} / ${webhook.errors} / ${webhook.timeouts}`);
}

export const webhookSection: BenchSection = {
  name: 'webhook',
  title: 'Official-account webhook: safe-mode "余额" from a bound member, decrypted, answered from the database, encrypted',
  async run(out) {
    const db = await benchDatabase();
    const server = await startBenchServer(db);
    const bare = await startBare();
    try {
      const members = await boundOpenids(server, 40);
      const push = {
        token: server.config.WECHAT_TOKEN,
        appId: server.config.WECHAT_APP_ID,
        encodingAESKey: server.config.WECHAT_ENCODING_AES_KEY,
        toUser: TO_USER,
        content: '余额',
      };
      // One push through the emulator's push side first: the reply is what a member sees.
      const check = await pushToWebhook({
        webhookUrl: `${server.url}/wechat`,
        token: push.token,
        appId: push.appId,
        encodingAESKey: push.encodingAESKey,
        mode: 'safe',
        message: buildTextMessage({ ToUserName: TO_USER, FromUserName: members[0]!, Content: '余额' }),
      });
      const line =
        check.reply !== '' && check.reply !== 'success' && check.reply.MsgType === 'text'
          ? check.reply.Content.split('\n').find((l) => l.startsWith('账户余额'))
          : undefined;
      out.note(`database: ${db.label}; load: autocannon in a second process, ${CONNECTIONS} connections, ${SECONDS} s per run`);
      out.note(`sample reply (${members[0]}): ${line ?? JSON.stringify(check.reply)}`);
      const spec = (url: string, openids: string[], seconds = SECONDS): PushLoadSpec => ({
        url,
        seconds,
        connections: CONNECTIONS,
        push: { ...push, openids },
      });

      await pushLoadFromSecondProcess(spec(`${server.url}/wechat`, members, 3)); // warm-up: JIT, pools, caches
      const bareResult = await pushLoadFromSecondProcess(spec(`${bare.url}/wechat`, members.slice(0, 1)));
      const protocol = await startBare({ token: push.token, appId: push.appId, encodingAESKey: push.encodingAESKey, mode: 'safe' });
      const protocolResult = await pushLoadFromSecondProcess(spec(`${protocol.url}/wechat`, members.slice(0, 1))).finally(() => protocol.close());
      const one = await pushLoadFromSecondProcess(spec(`${server.url}/wechat`, members.slice(0, 1)));
      const many = await pushLoadFromSecondProcess(spec(`${server.url}/wechat`, members));
      out.figure('bare Koa handler answering "success"', fmt.rate(bareResult.perSecond));
      out.figure('bare Koa handler p99 latency', fmt.ms(bareResult.p99));
      out.figure('push protocol alone (no database): replies/s', fmt.rate(protocolResult.perSecond));
      out.figure('push protocol alone: share of the bare handler', fmt.pct(protocolResult.perSecond / bareResult.perSecond));
      print(out, 'one bound member', one, bareResult);
      print(out, `${members.length} bound members`, many, bareResult);
    } finally {
      await bare.close();
      await server.stop();
      await db.drop();
    }
  },
};
