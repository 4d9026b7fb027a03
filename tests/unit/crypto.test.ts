/** Field encryption (SM4-CBC + SM3-HMAC, encrypt-then-MAC) and blind indexes. */
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
