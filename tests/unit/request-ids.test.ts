/** The mini-program's request ids: kept for a retry of the same input, new once the input changed. */
import { inputKey, requestIdFor } from '../../miniprogram/utils/request-id';

describe('requestIdFor', () => {
  const form = { category: 'wage_arrears', facts: '老板拖欠三个月工资', amountOwedFen: 1_200_000 };

  it('should make a new id for a first send, fit for the server (8–80 characters)', () => {
    const id = requestIdFor('', form);
    expect(id.length).toBeGreaterThanOrEqual(8);
    expect(id.length).toBeLessThanOrEqual(80);
    expect(requestIdFor(undefined, form)).not.toBe(id);
  });

  it('should keep the id while the input is the same, whatever the key order', () => {
    const id = requestIdFor('', form);
    expect(requestIdFor(id, { ...form })).toBe(id);
    expect(requestIdFor(id, { amountOwedFen: 1_200_000, facts: '老板拖欠三个月工资', category: 'wage_arrears' })).toBe(
      id,
    );
  });

  it('should make a new id once anything in the input changed', () => {
    const id = requestIdFor('', form);
    expect(requestIdFor(id, { ...form, facts: '老板拖欠四个月工资' })).not.toBe(id);
    expect(requestIdFor(id, { ...form, amountOwedFen: 1_200_001 })).not.toBe(id);
    expect(requestIdFor(id, { ...form, attachments: ['cloud://x'] })).not.toBe(id);
  });

  it('should not keep an id from before fingerprints (an old draft)', () => {
    expect(requestIdFor('lq3k2-0123456789abcdef', form)).not.toBe('lq3k2-0123456789abcdef');
  });

  it('should fingerprint nested values, arrays in order, and ignore undefined fields', () => {
    expect(inputKey({ a: [1, 2], b: { c: '张' } })).toBe(inputKey({ b: { c: '张' }, a: [1, 2], d: undefined }));
    expect(inputKey({ a: [1, 2] })).not.toBe(inputKey({ a: [2, 1] }));
    expect(inputKey({ a: '1' })).not.toBe(inputKey({ a: 1 }));
  });
});
