/** Field encryption (SM4-CBC + SM3-HMAC, encrypt-then-MAC) and blind indexes. */
import { createCipheriv, createHmac, randomBytes } from 'crypto';
import { poolRandomBytes } from '../../domain/security/random';
import { blindIndex, decryptField, encryptField, FieldCipher, generateKeys } from '../../domain/security/crypto';

describe('field cipher', () => {
  const keys = generateKeys();
  const cipher = new FieldCipher(keys);
  const id = '11010519491231002X';

  it('round-trips values, with a random IV so equal values encrypt differently', () => {
    const a = cipher.encrypt(id);
    const b = cipher.encrypt(id);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe(id);
    expect(cipher.decrypt(cipher.encrypt('张测试 13812345678'))).toBe('张测试 13812345678');
    expect(a).not.toContain(id);
  });

  it('refuses a tampered ciphertext, IV or tag, and values from another key', () => {
    const [v, iv, ct, tag] = cipher.encrypt(id).split(':');
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, 'base64');
      buf[0] ^= 1;
      return buf.toString('base64');
    };
    expect(() => cipher.decrypt([v, iv, flip(ct), tag].join(':'))).toThrow('integrity');
    expect(() => cipher.decrypt([v, flip(iv), ct, tag].join(':'))).toThrow('integrity');
    expect(() => cipher.decrypt([v, iv, ct, flip(tag)].join(':'))).toThrow('integrity');
    expect(() => cipher.decrypt(`v2:${iv}:${ct}:${tag}`)).toThrow('format');
    expect(() => new FieldCipher(generateKeys()).decrypt(cipher.encrypt(id))).toThrow('integrity');
  });

  it('computes deterministic blind indexes, separate per kind and per key', () => {
    expect(cipher.blindIndex('id', id)).toBe(cipher.blindIndex('id', id));
    expect(cipher.blindIndex('id', id)).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex('phone', id)).not.toBe(cipher.blindIndex('id', id));
    expect(new FieldCipher({ ...keys, indexKey: generateKeys().indexKey }).blindIndex('id', id)).not.toBe(
      cipher.blindIndex('id', id),
    );
    // The index key is separate: changing only the data key keeps indexes stable.
    expect(new FieldCipher({ ...keys, dataKey: generateKeys().dataKey }).blindIndex('id', id)).toBe(
      cipher.blindIndex('id', id),
    );
  });

  it('keeps the stored format: blind indexes and tags are SM3-HMAC as Node computes them (data stored before stays readable)', () => {
    const hmac = (key: Buffer, ...parts: Array<string | Buffer>) => {
      const h = createHmac('sm3', key);
      for (const p of parts) h.update(p);
      return h.digest();
    };
    const derived = (hex: string, label: string) => hmac(Buffer.from(hex, 'hex'), label);
    for (const value of [id, '', '张测试', 'x'.repeat(200)]) {
      const expected = hmac(derived(keys.indexKey, 'union/v1/index'), 'id', '\u0000', value).toString('hex');
      expect(cipher.blindIndex('id', value)).toBe(expected);
    }
    // A value encrypted the way it was before (createHmac tag) still decrypts, and a new one carries that tag.
    const encKey = derived(keys.dataKey, 'union/v1/sm4').subarray(0, 16);
    const macKey = derived(keys.dataKey, 'union/v1/mac');
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-cbc', encKey, iv);
    const ct = Buffer.concat([c.update(id, 'utf8'), c.final()]);
    const old = ['v1', iv.toString('base64'), ct.toString('base64'), hmac(macKey, 'v1', iv, ct).toString('base64')];
    expect(cipher.decrypt(old.join(':'))).toBe(id);
    const [, iv2, ct2, tag2] = cipher.encrypt(id).split(':');
    const b = (t: string) => Buffer.from(t, 'base64');
    expect(tag2).toBe(hmac(macKey, 'v1', b(iv2), b(ct2)).toString('base64'));
  });

  it('never hands out the same random IV twice, also across refills of the pool', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 1000; i += 1) ivs.add(cipher.encrypt(id).split(':')[1]);
    expect(ivs.size).toBe(1000);
    const draws = new Set<string>();
    for (let i = 0; i < 600; i += 1) draws.add(poolRandomBytes(12).toString('hex'));
    expect(draws.size).toBe(600);
    expect(() => poolRandomBytes(0)).toThrow(RangeError);
    expect(() => poolRandomBytes(5000)).toThrow(RangeError);
  });

  it('reads keys from UNION_DATA_KEY / UNION_INDEX_KEY and refuses missing or malformed keys', () => {
    const saved = { data: process.env.UNION_DATA_KEY, index: process.env.UNION_INDEX_KEY };
    try {
      delete process.env.UNION_DATA_KEY;
      delete process.env.UNION_INDEX_KEY;
      expect(() => encryptField(id)).toThrow('UNION_DATA_KEY is not configured');
      process.env.UNION_DATA_KEY = 'abcd';
      process.env.UNION_INDEX_KEY = keys.indexKey;
      expect(() => encryptField(id)).toThrow('16 or 32 bytes');
      process.env.UNION_DATA_KEY = keys.dataKey;
      expect(decryptField(cipher.encrypt(id))).toBe(id);
      expect(blindIndex('id', id)).toBe(cipher.blindIndex('id', id));
      expect(() =>
        new FieldCipher({ dataKey: keys.dataKey.slice(0, 32), indexKey: keys.indexKey.slice(0, 32) }).encrypt(id),
      ).not.toThrow();
    } finally {
      if (saved.data === undefined) delete process.env.UNION_DATA_KEY;
      else process.env.UNION_DATA_KEY = saved.data;
      if (saved.index === undefined) delete process.env.UNION_INDEX_KEY;
      else process.env.UNION_INDEX_KEY = saved.index;
    }
  });
});
