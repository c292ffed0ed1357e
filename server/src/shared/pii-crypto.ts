import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * ID numbers and phones at rest: AES-256-GCM ciphertext for reading back, and a keyed HMAC-SHA256 for
 * equality lookups (a plain hash of an ID number is reversible by enumeration, a keyed one is not).
 * Format of the ciphertext: "v1:" + base64(iv 12 bytes | tag 16 bytes | ciphertext).
 */
export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private readonly deriveRoot: Buffer;

  constructor(dataKey: Buffer) {
    if (dataKey.length !== 32) throw new RangeError('data key must be 32 bytes');
    // Two sub-keys so that the lookup hash never reuses the encryption key.
    this.encKey = createHmac('sha256', dataKey).update('hpf/pii/encrypt').digest();
    this.macKey = createHmac('sha256', dataKey).update('hpf/pii/lookup').digest();
    this.deriveRoot = createHmac('sha256', dataKey).update('hpf/derive').digest();
  }

  /** A further 32-byte sub-key of the data key for another use (e.g. identity's password pepper), by purpose name. */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.deriveRoot).update(purpose).digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith('v1:')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for unique indexes and lookups; `kind` separates ID numbers from phones. */
  lookupHash(kind: 'id' | 'phone', value: string): string {
    return createHmac('sha256', this.macKey).update(`${kind}:${value}`).digest('base64url');
  }
}
