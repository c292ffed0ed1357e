/**
 * The load generator of the webhook bench, run as its own process (so that it does not share the server's event
 * loop): autocannon against one URL on 127.0.0.1 for a bounded time with a bounded number of connections. Every
 * request is a new WeChat message (fresh MsgId, timestamp and nonce), signed and AES-encrypted exactly as the
 * WeChat emulator's push side does, prepared before the clock starts (within the 5-minute timestamp window).
 * The figures go back to the parent over IPC.
 */
import autocannon from 'autocannon';
import { cdata } from '../../server/src/wechat/protocol/reply.js';
import { randomNonce, WXBizMsgCrypt } from '../../server/src/wechat/protocol/crypto.js';
import { signPush } from '../../server/src/wechat/protocol/signature.js';
import { buildTextMessage, newPushMsgId } from '../../server/src/emulators/wechat/messages.js';

export interface PushLoadSpec {
  url: string;
  seconds: number;
  connections: number;
  push: { token: string; appId: string; encodingAESKey: string; openids: string[]; toUser: string; content: string };
}

export interface PushLoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Responses that were encrypted passive replies (the bare handler answers "success"). */
  encryptedReplies: number;
}

function pushRequest(spec: PushLoadSpec['push'], crypto: WXBizMsgCrypt, n: number): { query: string; body: string } {
  const openid = spec.openids[n % spec.openids.length]!;
  const xml = buildTextMessage({ ToUserName: spec.toUser, FromUserName: openid, Content: spec.content, MsgId: newPushMsgId() });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomNonce();
  const sealed = crypto.seal(xml, timestamp, nonce);
  const q = new URLSearchParams({
    signature: signPush(spec.token, timestamp, nonce),
    timestamp,
    nonce,
    openid,
    encrypt_type: 'aes',
    msg_signature: sealed.msgSignature,
  });
  return { query: `?${q}`, body: `<xml><ToUserName>${cdata(spec.toUser)}</ToUserName><Encrypt>${cdata(sealed.encrypt)}</Encrypt></xml>` };
}

/** Requests prepared before the clock starts: WeChat encrypts on its own machines, not on the server's. */
const PREPARED_PER_SECOND = 20_000;

async function runPushLoad(spec: PushLoadSpec): Promise<PushLoadResult> {
  const crypto = new WXBizMsgCrypt({ token: spec.push.token, encodingAESKey: spec.push.encodingAESKey, appId: spec.push.appId });
  const pathname = new URL(spec.url).pathname;
  const prepared = Array.from({ length: spec.seconds * PREPARED_PER_SECOND }, (_, i) => pushRequest(spec.push, crypto, i));
  let n = 0;
  let encryptedReplies = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        setupRequest: (req) => {
          const { query, body } = prepared[n] ?? pushRequest(spec.push, crypto, n);
          n++;
          return { ...req, path: `${pathname}${query}`, body };
        },
        onResponse: (status, body) => {
          if (status === 200 && body.startsWith('<xml><Encrypt>')) encryptedReplies++;
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    encryptedReplies,
  };
}

// As a child process: the spec in argv, the figures out over IPC.
if (process.send && process.argv[2]) {
  runPushLoad(JSON.parse(process.argv[2]) as PushLoadSpec).then(
    (r) => process.send!(r, () => process.exit(0)),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
