import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  WXBizMsgCrypt,
  WeChatProtocolError,
  dedupeKey,
  miniProgramLink,
  newsReply,
  openPush,
  parseEncryptedReply,
  parsePush,
  parseReply,
  parseXmlFields,
  readBodyCapped,
  sealReply,
  signEncrypted,
  signPush,
  textReply,
  verifyServerUrl,
  type WeChatProtocolErrorCode,
  type WeChatPush,
} from '../src/wechat/protocol/index.js';
import { serializePush } from '../src/emulators/wechat/messages.js';

const rejects = (code: WeChatProtocolErrorCode) => (err: unknown) => err instanceof WeChatProtocolError && err.code === code;

// Official vectors. Signature: 「消息推送」 docs (Token "AAAAA"). Crypto: the WXBizMsgCrypt sample
// code's tests (Java testAesEncrypt / testVerifyUrl, Python Sample.py) and the third-party-platform
// push example whose EncodingAESKey is 43 × "A".
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

test('plain signature matches the documentation example', () => {
  assert.equal(signPush('AAAAA', '1714036504', '1514711492'), 'f464b24fc39322e44b38aa78f5edd27bd1441696');
  assert.equal(signPush('AAAAA', '1714037059', '486452656'), '899cf89e464efb63f54ddac96b0a0a235f53aa78');
});

test('encryption with a fixed random prefix reproduces the sample ciphertexts', () => {
  const c = new WXBizMsgCrypt({ token: 'pamtest', encodingAESKey: SAMPLE_KEY, appId: 'wxb11529c136998cb6' });
  const random = Buffer.from('aaaabbbbccccdddd');
  assert.equal(c.encrypt('我是中文abcd123', random), 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
  assert.equal(c.decrypt('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=='), '我是中文abcd123');

  const e = new WXBizMsgCrypt({ token: 'AAAAA', encodingAESKey: 'A'.repeat(43), appId: 'wx134c8103faa5a59e' });
  const cipher = e.encrypt('<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>', Buffer.from('999951349e8ee746'));
  assert.equal(cipher, 'hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7');
  assert.equal(signEncrypted('AAAAA', '1713424427', '415670741', cipher), '03e0812039325c2712ef5f0f980fd14c70d6e307');
});

test('a sample push decrypts after its msg_signature checks out', () => {
  const c = new WXBizMsgCrypt({ token: 'spamtest', encodingAESKey: SAMPLE_KEY, appId: 'wx2c2769f8efd9abc2' });
  const encrypt =
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
  const xml = c.decryptPush({ msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa', timestamp: '1409735669', nonce: '1320562132', encrypt });
  assert.deepEqual(parsePush(xml), {
    ToUserName: 'gh_10f6c3c3ac5a',
    FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
    CreateTime: 1409735668,
    MsgType: 'text',
    Content: 'abcdteT',
    MsgId: '6054768590064713728',
  });
  const echo = new WXBizMsgCrypt({ token: 'QDG6eK', encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', appId: 'wx5823bf96d3bd56c7' });
  const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
  assert.equal(
    echo.decryptPush({ msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780', encrypt: echostr }),
    '1616140317555161061',
  );
});

// A live-looking account for the inbound tests.
const secrets = { token: 'hpfToken2024', appId: 'wx5e7a1c0d9b3f2a61', encodingAESKey: 'k'.repeat(20) + 'Q7'.repeat(11) + 'z' };
const crypto = new WXBizMsgCrypt(secrets);
const push: WeChatPush = {
  ToUserName: 'gh_5e7a1c0d9b3f',
  FromUserName: 'oMember001',
  CreateTime: Math.floor(Date.now() / 1000),
  MsgType: 'text',
  Content: '余额 <查询> & ]]> 你好',
  MsgId: '9223372036854775807',
};

function signedQuery(extra: Record<string, string> = {}, timestamp = String(Math.floor(Date.now() / 1000))) {
  const nonce = '1320562132';
  return { signature: signPush(secrets.token, timestamp, nonce), timestamp, nonce, openid: push.FromUserName, ...extra };
}

function safeRequest(xml = serializePush(push), timestamp?: string) {
  const q = signedQuery({ encrypt_type: 'aes' }, timestamp);
  const sealed = crypto.seal(xml, q.timestamp, q.nonce);
  return {
    query: { ...q, msg_signature: sealed.msgSignature },
    body: `<xml><ToUserName><![CDATA[gh_5e7a1c0d9b3f]]></ToUserName><Encrypt><![CDATA[${sealed.encrypt}]]></Encrypt></xml>`,
  };
}

test('a safe-mode push opens to the typed message, with a 19-digit MsgId intact', () => {
  const opened = openPush({ ...safeRequest(), secrets });
  assert.equal(opened.mode, 'safe');
  assert.deepEqual(opened.push, push);
});

test('a plain-mode push opens when the account runs in plain mode, and is refused in safe mode', () => {
  const plain = { query: signedQuery(), body: serializePush(push) };
  assert.deepEqual(openPush({ ...plain, secrets: { token: secrets.token, appId: secrets.appId } }).push, push);
  assert.throws(() => openPush({ ...plain, secrets }), rejects('WECHAT_ENCRYPTION_REQUIRED'));
});

test('bad signatures are refused before anything is parsed', () => {
  const req = safeRequest();
  assert.throws(() => openPush({ ...req, query: { ...req.query, signature: '0'.repeat(40) }, secrets }), rejects('WECHAT_SIGNATURE_INVALID'));
  assert.throws(() => openPush({ ...req, query: { ...req.query, msg_signature: 'f'.repeat(40) }, secrets }), rejects('WECHAT_SIGNATURE_INVALID'));
  assert.throws(() => openPush({ ...req, secrets: { ...secrets, token: 'otherToken' } }), rejects('WECHAT_SIGNATURE_INVALID'));
});

test('timestamps more than five minutes away are refused', () => {
  const now = Math.floor(Date.now() / 1000);
  assert.throws(() => openPush({ ...safeRequest(undefined, String(now - 301)), secrets }), rejects('WECHAT_TIMESTAMP_STALE'));
  assert.throws(() => openPush({ ...safeRequest(undefined, String(now + 301)), secrets }), rejects('WECHAT_TIMESTAMP_STALE'));
  assert.doesNotThrow(() => openPush({ ...safeRequest(undefined, String(now - 240)), secrets }));
});

test('a push encrypted for another appid is refused', () => {
  const other = new WXBizMsgCrypt({ ...secrets, appId: 'wx0000000000000bad' });
  assert.throws(() => crypto.decrypt(other.encrypt(serializePush(push))), rejects('WECHAT_APPID_MISMATCH'));
});

test('tampered or malformed ciphertext throws a typed error', () => {
  const bytes = Buffer.from(crypto.encrypt(serializePush(push)), 'base64');
  bytes[bytes.length - 33] = bytes[bytes.length - 33]! ^ 0xff; // CBC: flips the last plaintext byte, i.e. the padding
  assert.throws(() => crypto.decrypt(bytes.toString('base64')), rejects('WECHAT_CIPHERTEXT_INVALID'));
  assert.throws(() => crypto.decrypt('not base64!'), rejects('WECHAT_CIPHERTEXT_INVALID'));
  assert.throws(() => crypto.decrypt(Buffer.alloc(48).toString('base64')), rejects('WECHAT_CIPHERTEXT_INVALID'));
  // Tampering in transit fails msg_signature first.
  const req = safeRequest();
  const body = req.body.replace(/Encrypt><!\[CDATA\[(.)/, (_m, c: string) => `Encrypt><![CDATA[${c === 'A' ? 'B' : 'A'}`);
  assert.throws(() => openPush({ ...req, body, secrets }), rejects('WECHAT_SIGNATURE_INVALID'));
  assert.throws(() => new WXBizMsgCrypt({ ...secrets, encodingAESKey: 'short' }), rejects('WECHAT_AES_KEY_INVALID'));
});

test('entity-laden XML is refused: billion laughs, external and parameter entities', () => {
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>';
  const external = '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>&xxe;</ToUserName></xml>';
  const parameter = '<!doctype xml [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><xml/>';
  for (const xml of [laughs, external, parameter]) assert.throws(() => parsePush(xml), rejects('WECHAT_XML_REJECTED'));
  // Also inside a safe-mode envelope, and hidden after the declaration of an encrypted payload.
  assert.throws(() => openPush({ ...safeRequest(external), secrets }), rejects('WECHAT_XML_REJECTED'));
  // Without a DTD an entity reference is just text: nothing is resolved.
  assert.equal(parseXmlFields('<xml><Content>&xxe;&amp;</Content></xml>')['Content'], '&xxe;&amp;');
});

test('a member may type "<!DOCTYPE" in a message: markup inside CDATA is content', () => {
  const typed: WeChatPush = { ...push, Content: '<!DOCTYPE html><!ENTITY x "y">' };
  assert.deepEqual(parsePush(serializePush(typed)), typed);
});

test('malformed, oversized and ambiguous XML is refused', () => {
  assert.throws(() => parsePush('<xml><ToUserName>a</ToUserName>'), rejects('WECHAT_XML_INVALID'));
  assert.throws(() => parsePush(`<xml><Content>${'x'.repeat(70_000)}</Content></xml>`), rejects('WECHAT_BODY_TOO_LARGE'));
  assert.throws(() => parsePush('<xml><FromUserName>a</FromUserName><FromUserName>b</FromUserName></xml>'), rejects('WECHAT_XML_INVALID'));
  assert.throws(() => parsePush('<xml><ToUserName>gh</ToUserName><MsgType>text</MsgType></xml>'), rejects('WECHAT_PUSH_INVALID'));
});

test('every message and event type survives serialise → parse unchanged', () => {
  const base = { ToUserName: 'gh_5e7a1c0d9b3f', FromUserName: 'oMember001', CreateTime: 1717466001 };
  const pushes: WeChatPush[] = [
    { ...base, MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x', MediaId: 'media1', MsgId: '7000000000000000001' },
    { ...base, MsgType: 'voice', MediaId: 'm2', Format: 'amr', Recognition: '查询余额', MsgId: '7000000000000000002' },
    { ...base, MsgType: 'location', Location_X: 23.134521, Location_Y: 113.358803, Scale: 20, Label: '广州市', MsgId: '7000000000000000003' },
    { ...base, MsgType: 'link', Title: '公积金', Description: '说明', Url: 'https://example.org/a?b=1&c=2', MsgId: '7000000000000000004' },
    { ...base, MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_123', Ticket: 'TICKET' },
    { ...base, MsgType: 'event', Event: 'subscribe' },
    { ...base, MsgType: 'event', Event: 'unsubscribe' },
    { ...base, MsgType: 'event', Event: 'SCAN', EventKey: '123', Ticket: 'TICKET' },
    { ...base, MsgType: 'event', Event: 'LOCATION', Latitude: 23.137466, Longitude: 113.352425, Precision: 119.38504 },
    { ...base, MsgType: 'event', Event: 'CLICK', EventKey: 'BALANCE' },
    { ...base, MsgType: 'event', Event: 'VIEW', EventKey: 'https://example.org/', MenuId: '208379533' },
    { ...base, MsgType: 'event', Event: 'view_miniprogram', EventKey: 'pages/index/index', MenuId: '1' },
    { ...base, MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '3487542469355618313', Status: 'failed:user block' },
  ];
  for (const p of pushes) assert.deepEqual(parsePush(serializePush(p)), p);
});

test('unknown pushes are kept for the dispatcher instead of refused', () => {
  const p = parsePush(
    '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[video]]></MsgType><MediaId><![CDATA[m]]></MediaId><MsgId>5</MsgId></xml>',
  );
  assert.equal(p.MsgType, 'unknown');
  assert.equal(p.MsgType === 'unknown' && p.OriginalMsgType, 'video');
});

test('replies carry CreateTime in seconds and refuse milliseconds', () => {
  const before = Math.floor(Date.now() / 1000);
  const reply = parseReply(textReply({ toUser: 'oMember001', fromUser: 'gh_1' }, '您好'));
  assert.ok(reply.CreateTime >= before && reply.CreateTime <= before + 2, `CreateTime ${reply.CreateTime} is not now in seconds`);
  assert.throws(() => textReply({ toUser: 'o', fromUser: 'g', createTime: Date.now() }, 'x'), RangeError);
});

test('text replies round-trip awkward content and mini-program links', () => {
  const link = miniProgramLink({
    appId: 'wx9c4d2e8f1a7b3c05',
    path: 'pages/balance/index?from="oa"&x=1',
    text: '查看余额 <明细>',
    fallbackUrl: 'https://example.org/?a=1&b=2',
  });
  assert.equal(
    link,
    '<a data-miniprogram-appid="wx9c4d2e8f1a7b3c05" data-miniprogram-path="pages/balance/index?from=&quot;oa&quot;&amp;x=1" href="https://example.org/?a=1&amp;b=2">查看余额 &lt;明细&gt;</a>',
  );
  const content = `点击 ${link} ]]> 结束`;
  const reply = parseReply(textReply({ toUser: 'o1', fromUser: 'gh_1', createTime: 1717466001 }, content));
  assert.deepEqual(reply, { ToUserName: 'o1', FromUserName: 'gh_1', CreateTime: 1717466001, MsgType: 'text', Content: content });
});

test('news replies list their articles', () => {
  const articles = [1, 2].map((i) => ({ Title: `标题${i}`, Description: 'd', PicUrl: 'https://p/x.png', Url: `https://u/${i}` }));
  const reply = parseReply(newsReply({ toUser: 'o1', fromUser: 'gh_1' }, articles));
  assert.equal(reply.MsgType, 'news');
  assert.deepEqual(reply.MsgType === 'news' && reply.Articles, articles);
  assert.throws(() => newsReply({ toUser: 'o1', fromUser: 'gh_1' }, []), RangeError);
});

test('a safe-mode reply is sealed in the documented envelope and opens again', () => {
  const replyXml = textReply({ toUser: push.FromUserName, fromUser: push.ToUserName }, '收到');
  const sealed = sealReply({ replyXml, mode: 'safe', secrets, timestamp: '1717466001', nonce: '42' });
  assert.match(
    sealed,
    /^<xml><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><MsgSignature><!\[CDATA\[[0-9a-f]{40}\]\]><\/MsgSignature><TimeStamp>1717466001<\/TimeStamp><Nonce><!\[CDATA\[42\]\]><\/Nonce><\/xml>$/,
  );
  const env = parseEncryptedReply(sealed);
  assert.equal(crypto.decryptPush({ msgSignature: env.MsgSignature, timestamp: env.TimeStamp, nonce: env.Nonce, encrypt: env.Encrypt }), replyXml);
  assert.equal(sealReply({ replyXml: 'success', mode: 'safe', secrets }), 'success');
});

test('the openid in the query must match the sender', () => {
  const req = safeRequest();
  assert.throws(() => openPush({ ...req, query: { ...req.query, openid: 'oSomeoneElse' }, secrets }), rejects('WECHAT_PUSH_INVALID'));
});

test('URL verification echoes echostr only when signed', () => {
  const q = signedQuery({ echostr: '4375120948345356249' });
  assert.equal(verifyServerUrl(q, secrets), '4375120948345356249');
  assert.throws(() => verifyServerUrl({ ...q, signature: 'x' }, secrets), rejects('WECHAT_SIGNATURE_INVALID'));
});

test('the raw body reader stops at the cap', async () => {
  assert.equal(await readBodyCapped(Readable.from([Buffer.from('<xml>'), '</xml>'])), '<xml></xml>');
  await assert.rejects(readBodyCapped(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000), rejects('WECHAT_BODY_TOO_LARGE'));
});

test('dedupe keys: messages by MsgId + sender + time, events by sender + time + event', () => {
  assert.equal(dedupeKey(push), `msg:9223372036854775807:oMember001:${push.CreateTime}`);
  assert.equal(dedupeKey({ ToUserName: 'g', FromUserName: 'o', CreateTime: 5, MsgType: 'event', Event: 'CLICK', EventKey: 'K' }), 'evt:o:5:CLICK:K');
});
