/**
 * `npm run wx -- <what> … --as <openid>`: a member's message or event, sent the way WeChat sends it — through the
 * WeChat emulator's push side (signed, AES-encrypted in safe mode) — to the server's /wechat, and the reply shown.
 *
 *   npm run wx -- text 余额 --as oDEMO_luqingyi
 *   npm run wx -- click BALANCE --as oDEMO_luqingyi          (menu items: BALANCE, OUTLETS, HOTLINE)
 *   npm run wx -- location 26.63 101.27 --as oDEMO_luqingyi
 *   npm run wx -- subscribe --as oSomeoneNew                 (also: unsubscribe, scan <scene>)
 *
 * Options: --server <url> (default http://127.0.0.1:$PORT), --plain (plain-mode push), --quiet.
 * With no server answering there, one is started in this process on the configured database, asked, and stopped.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { buildEvent, buildTextMessage, pushToWebhook, serializePush, WebhookPushError, type PushResult } from '../server/src/emulators/wechat/index.js';
import { newPushMsgId } from '../server/src/emulators/wechat/messages.js';
import { start } from '../server/src/main.js';

const USAGE =
  'usage: npm run wx -- text <content> | click <KEY> | location <lat> <lon> | subscribe | unsubscribe | scan <scene>  --as <openid> [--server <url>] [--plain]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { as: { type: 'string' }, server: { type: 'string' }, plain: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } },
});
const [what, ...rest] = positionals;
if (!what || !values.as) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const openid = values.as;
const config = loadConfig();
// The account's original id as the emulator derives it; the webhook only answers it back.
const toUser = `gh_${config.WECHAT_APP_ID.replace(/^wx/, '').slice(0, 12)}`;
const now = Math.floor(Date.now() / 1000);

function message(): string {
  const from = { ToUserName: toUser, FromUserName: openid };
  switch (what) {
    case 'text':
      return buildTextMessage({ ...from, Content: rest.join(' ') || '帮助' });
    case 'click':
      return buildEvent({ ...from, Event: 'CLICK', EventKey: rest[0] ?? 'BALANCE' });
    case 'location':
      return serializePush({
        ...from,
        CreateTime: now,
        MsgType: 'location',
        Location_X: Number(rest[0]),
        Location_Y: Number(rest[1]),
        Scale: 15,
        Label: '',
        MsgId: newPushMsgId(),
      });
    case 'subscribe':
      return buildEvent({ ...from, Event: 'subscribe', ...(rest[0] ? { EventKey: `qrscene_${rest[0]}`, Ticket: 'cli' } : {}) });
    case 'unsubscribe':
      return buildEvent({ ...from, Event: 'unsubscribe' });
    case 'scan':
      return buildEvent({ ...from, Event: 'SCAN', EventKey: rest[0] ?? 'bind', Ticket: 'cli' });
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exit(2);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1500) })).ok;
  } catch {
    return false;
  }
}

function show(result: PushResult, where: string, ms: number): void {
  const reply = result.reply;
  const text =
    reply === '' || reply === 'success' ? '(success: nothing shown to the member)' : reply.MsgType === 'text' ? reply.Content : `(${reply.MsgType} reply)`;
  if (!values.quiet) process.stdout.write(`→ ${where}  ${values.plain ? 'plain' : 'safe'} mode, ${result.attempts} attempt(s), ${ms} ms\n\n`);
  process.stdout.write(`${text}\n`);
}

const xml = message();
const server = (values.server ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '');
const mode = values.plain || !config.WECHAT_ENCODING_AES_KEY ? 'plain' : 'safe';
const started = Date.now();
try {
  if (await answers(server)) {
    const result = await pushToWebhook({
      webhookUrl: `${server}/wechat`,
      token: config.WECHAT_TOKEN,
      appId: config.WECHAT_APP_ID,
      encodingAESKey: config.WECHAT_ENCODING_AES_KEY,
      mode,
      message: xml,
    });
    show(result, `${server}/wechat`, Date.now() - started);
  } else {
    if (!values.quiet) process.stdout.write(`no server at ${server}: starting one in this process…\n`);
    const running = await start({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      PUBLIC_BASE_URL: config.publicBaseUrl,
    });
    try {
      const result = await pushToWebhook({
        webhookUrl: `${running.url}/wechat`,
        token: config.WECHAT_TOKEN,
        appId: config.WECHAT_APP_ID,
        encodingAESKey: config.WECHAT_ENCODING_AES_KEY,
        mode,
        message: xml,
      });
      show(result, `in-process server ${running.url}/wechat`, Date.now() - started);
    } finally {
      await running.stop();
    }
  }
} catch (err) {
  if (err instanceof WebhookPushError) {
    process.stderr.write(`the webhook refused or failed the push (${err.message}); WeChat would show the member: ${err.memberSees}\n${err.body ?? ''}\n`);
  } else {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
  }
  process.exitCode = 1;
}
