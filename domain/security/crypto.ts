/**
 * Field-level encryption of ID, phone and bank-card numbers with Node's built-in Chinese national
 * algorithms: SM4-CBC (random IV) for confidentiality, then an SM3-HMAC tag over `v1‖iv‖ciphertext`
 * (encrypt-then-MAC) for integrity, and a keyed SM3-HMAC blind index (separate key) to find and
 * de-duplicate people without decrypting.
 *
 * Keys come from configuration, never the repo: `UNION_DATA_KEY` and `UNION_INDEX_KEY`, hex, 16 or
 * 32 bytes each. In production they are the function's environment variables (set at deploy time);
 * locally the local cloud generates `<dataDir>/dev-keys.json` once and injects them into every
 * function instance; tests and the seed get the same keys from the running local cloud (`devKeys`).
 * Sub-keys are derived with SM3-HMAC so the encryption key and the MAC key differ.
 *
 * Stored format: `v1:<iv base64>:<ciphertext base64>:<tag base64>`.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import { poolRandomBytes } from './random';

/** Raw key material as hex strings (what the environment holds). */
export interface FieldKeys {
  dataKey: string;
  indexKey: string;
}

/** What a blind index is computed over; each kind is a separate keyed space. */
export type BlindIndexKind = 'id' | 'phone' | 'card' | 'claim' | 'invite' | (string & {});

const VERSION = 'v1';

function parseKey(name: string, hex: string | undefined): Buffer {
  if (!hex) throw new Error(`${name} is not configured`);
  if (!/^[0-9a-fA-F]+$/.test(hex) || (hex.length !== 32 && hex.length !== 64)) {
    throw new Error(`${name} must be 16 or 32 bytes of hex`);
  }
  return Buffer.from(hex, 'hex');
}

const derive = (key: Buffer, label: string) => createHmac('sm3', key).update(label).digest();

/** Encrypts, decrypts and indexes fields with one set of keys. */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(keys: FieldKeys) {
    const data = parseKey('UNION_DATA_KEY', keys.dataKey);
    this.encKey = derive(data, 'union/v1/sm4').subarray(0, 16);
    this.macKey = derive(data, 'union/v1/mac');
    this.indexKey = derive(parseKey('UNION_INDEX_KEY', keys.indexKey), 'union/v1/index');
  }

  private tag(iv: Buffer, ct: Buffer): Buffer {
    return createHmac('sm3', this.macKey).update(VERSION).update(iv).update(ct).digest();
  }

  /** Encrypt a plain value into `v1:<iv>:<ct>:<tag>`. */
  encrypt(plain: string): string {
    const iv = poolRandomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), ct.toString('base64'), this.tag(iv, ct).toString('base64')].join(':');
  }

  /** Verify the tag, then decrypt. Throws on a tampered or foreign value. */
  decrypt(enc: string): string {
    const parts = enc.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('encrypted field: unknown format');
    const [, ivText, ctText, tagText] = parts;
    const iv = Buffer.from(ivText, 'base64');
    const ct = Buffer.from(ctText, 'base64');
    const tag = Buffer.from(tagText, 'base64');
    const expected = this.tag(iv, ct);
    if (iv.length !== 16 || tag.length !== expected.length || !timingSafeEqual(tag, expected)) {
      throw new Error('encrypted field: integrity check failed');
    }
    const decipher = createDecipheriv('sm4-cbc', this.encKey, iv);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  }

  /** Keyed SM3-HMAC of a normalised value (hex), for equality look-up and unique indexes. */
  blindIndex(kind: BlindIndexKind, normalisedValue: string): string {
    return createHmac('sm3', this.indexKey).update(kind).update('\u0000').update(normalisedValue).digest('hex');
  }
}

let cached: { dataKey: string; indexKey: string; cipher: FieldCipher } | undefined;

/** The cipher for the keys in `process.env` (re-created when they change). */
export function envCipher(): FieldCipher {
  const dataKey = process.env.UNION_DATA_KEY ?? '';
  const indexKey = process.env.UNION_INDEX_KEY ?? '';
  if (!cached || cached.dataKey !== dataKey || cached.indexKey !== indexKey) {
    cached = { dataKey, indexKey, cipher: new FieldCipher({ dataKey, indexKey }) };
  }
  return cached.cipher;
}

/** Encrypt with the configured keys. */
export const encryptField = (plain: string): string => envCipher().encrypt(plain);
/** Verify and decrypt with the configured keys. */
export const decryptField = (enc: string): string => envCipher().decrypt(enc);
/** Blind index with the configured index key. */
export const blindIndex = (kind: BlindIndexKind, normalisedValue: string): string =>
  envCipher().blindIndex(kind, normalisedValue);

/** Fresh random development keys (hex, 32 bytes each). */
export function generateKeys(): FieldKeys {
  return { dataKey: randomBytes(32).toString('hex'), indexKey: randomBytes(32).toString('hex') };
}
