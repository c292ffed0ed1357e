/**
 * WXBizMsgCrypt, the safe-mode (安全模式) message encryption of the official samples:
 *   AESKey     = base64decode(EncodingAESKey + "=")        32 bytes
 *   cipher     = AES-256-CBC, IV = AESKey[0..16), PKCS#7 padded to 32-byte blocks (not 16!)
 *   plaintext  = random(16) ‖ uint32BE(len(msg)) ‖ msg ‖ appid
 *   Encrypt    = base64(cipher(plaintext))
 * Decryption is strict: any malformed input throws a typed error instead of returning garbage,
 * because a half-decrypted push is worse than a refused one.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { protocolError } from './errors.js';
import { assertMsgSignature, signEncrypted } from './signature.js';

const BLOCK = 32;
// fatal: true refuses invalid UTF-8 rather than silently inserting U+FFFD.
const decoder = new TextDecoder('utf-8', { fatal: true });
const RANDOM_LENGTH = 16;
const LENGTH_FIELD = 4;

export interface CryptoConfig {
  token: string;
  encodingAESKey: string;
  appId: string;
}

export interface EncryptedEnvelope {
  encrypt: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

export function decodeAESKey(encodingAESKey: string): Buffer {
  // The platform generates 43 characters from [a-zA-Z0-9]; anything else is a configuration error.
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAESKey)) throw protocolError('WECHAT_AES_KEY_INVALID', 'must be 43 alphanumerics');
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw protocolError('WECHAT_AES_KEY_INVALID', 'does not decode to 32 bytes');
  return key;
}

function pkcs7Pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function pkcs7Unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > BLOCK || n > data.length) throw protocolError('WECHAT_CIPHERTEXT_INVALID', 'bad padding length');
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw protocolError('WECHAT_CIPHERTEXT_INVALID', 'bad padding bytes');
  }
  return data.subarray(0, data.length - n);
}

export class WXBizMsgCrypt {
  readonly token: string;
  readonly appId: string;
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor({ token, encodingAESKey, appId }: CryptoConfig) {
    this.token = token;
    this.appId = appId;
    this.key = decodeAESKey(encodingAESKey);
    this.iv = this.key.subarray(0, 16);
  }

  /** `random` is injectable only so tests can reproduce the official sample vectors. */
  encrypt(message: string, random: Buffer = randomBytes(RANDOM_LENGTH)): string {
    if (random.length !== RANDOM_LENGTH) throw new RangeError('random prefix must be 16 bytes');
    const msg = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(LENGTH_FIELD);
    length.writeUInt32BE(msg.length, 0);
    const plain = pkcs7Pad(Buffer.concat([random, length, msg, Buffer.from(this.appId, 'utf8')]));
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false); // WeChat pads to 32 bytes, OpenSSL would pad to 16
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  /** Decrypts and checks the appid; returns the inner XML. */
  decrypt(encrypt: string): string {
    const { message, appId } = this.decryptRaw(encrypt);
    if (appId !== this.appId) throw protocolError('WECHAT_APPID_MISMATCH', `got ${appId}`);
    return message;
  }

  /** Decryption without the appid check, for callers that route by appid themselves. */
  decryptRaw(encrypt: string): { message: string; appId: string } {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt) || encrypt.length % 4 !== 0) {
      throw protocolError('WECHAT_CIPHERTEXT_INVALID', 'not base64');
    }
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % BLOCK !== 0) throw protocolError('WECHAT_CIPHERTEXT_INVALID', 'bad length');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch (err) {
      throw protocolError('WECHAT_CIPHERTEXT_INVALID', (err as Error).message);
    }
    const content = pkcs7Unpad(plain);
    if (content.length < RANDOM_LENGTH + LENGTH_FIELD) throw protocolError('WECHAT_CIPHERTEXT_INVALID', 'too short');
    const msgLength = content.readUInt32BE(RANDOM_LENGTH);
    const msgStart = RANDOM_LENGTH + LENGTH_FIELD;
    if (msgStart + msgLength > content.length) throw protocolError('WECHAT_CIPHERTEXT_INVALID', 'length field overruns');
    const msg = content.subarray(msgStart, msgStart + msgLength);
    const appId = content.subarray(msgStart + msgLength);
    try {
      return { message: decoder.decode(msg), appId: decoder.decode(appId) };
    } catch {
      throw protocolError('WECHAT_CIPHERTEXT_INVALID', 'not UTF-8');
    }
  }

  /** Verifies msg_signature over the Encrypt field, then decrypts. */
  decryptPush(q: { msgSignature: string | undefined; timestamp: string | undefined; nonce: string | undefined; encrypt: string }): string {
    assertMsgSignature({ token: this.token, timestamp: q.timestamp, nonce: q.nonce, encrypt: q.encrypt, msgSignature: q.msgSignature });
    return this.decrypt(q.encrypt);
  }

  /** Encrypts and signs a message; used for replies (webhook) and for pushes (emulator). */
  seal(message: string, timestamp: string, nonce: string): EncryptedEnvelope {
    const encrypt = this.encrypt(message);
    return { encrypt, msgSignature: signEncrypted(this.token, timestamp, nonce, encrypt), timestamp, nonce };
  }

  /** The encrypted passive reply: <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>. */
  encryptReply(replyXml: string, timestamp = String(Math.floor(Date.now() / 1000)), nonce = randomNonce()): string {
    const e = this.seal(replyXml, timestamp, nonce);
    return (
      `<xml><Encrypt><![CDATA[${e.encrypt}]]></Encrypt>` +
      `<MsgSignature><![CDATA[${e.msgSignature}]]></MsgSignature>` +
      `<TimeStamp>${e.timestamp}</TimeStamp>` +
      `<Nonce><![CDATA[${e.nonce}]]></Nonce></xml>`
    );
  }
}

/** WeChat uses decimal nonces (e.g. "1320562132"); any string works, digits keep logs familiar. */
export function randomNonce(): string {
  return String(randomBytes(4).readUInt32BE(0));
}
