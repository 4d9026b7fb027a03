/**
 * Attempt limits hold under parallel calls: every counter with a limit is one conditional update, so forty
 * wrong guesses at once check exactly as many codes as the limit allows, never more.
 */
import { MAX_CLAIM_ATTEMPTS } from '../../domain/people/person';
import { makeIdNumber } from '../../domain/security/validators';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';

jest.setTimeout(120_000);

const COLLECTOR = 'demo-collector-t15-v01';

describe('claim-code attempts under parallel guesses', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startSeededCloud({ maxInstancesPerFunction: 8 });
    // Warm instances, so the guesses below really run side by side (as on CloudBase, which scales out).
    await Promise.all(Array.from({ length: 16 }, (_, i) => callAs(cloud, `o-warm-${i}`, 'people', 'me')));
  });
  afterAll(async () => {
    await cloud?.close();
  });

  /** A profile the collector enters for someone without a smartphone; its claim code. */
  async function entered(n: number): Promise<{ personId: string; idNumber: string; code: string }> {
    const idNumber = makeIdNumber('421087', `1972${String(1 + (n % 12)).padStart(2, '0')}08`, 300 + n);
    const r = await callAs(
      cloud,
      COLLECTOR,
      'people',
      'createOnBehalf',
      { name: '冯并发', idNumber, homeVillageId: 't15-v01', categories: ['worker'], phone: '13700137022' },
      `enter-${n}-abcdefgh`,
    );
    expect(r.ok).toBe(true);
    return { personId: r.data.person.personId, idNumber, code: r.data.claimCode };
  }
  const attemptsOf = async (personId: string) =>
    ((await cloud.db.find('people', { limit: 2000 })) as Array<{ _id: string; claimAttempts?: number }>).find(
      (p) => p._id === personId,
    )?.claimAttempts;

  test('forty parallel wrong codes: exactly five are checked, the rest are refused as locked', async () => {
    const { personId, idNumber, code } = await entered(1);
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        callAs(cloud, `o-guesser-${i}`, 'people', 'claimProfile', {
          name: '冯并发',
          idNumber,
          claimCode: `WRONG${String(i).padStart(3, '0')}`,
        }),
      ),
    );
    const codes = guesses.map((g) => g.code);
    expect(codes.filter((c) => c === 'NOT_FOUND')).toHaveLength(MAX_CLAIM_ATTEMPTS);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(40 - MAX_CLAIM_ATTEMPTS);
    expect(await attemptsOf(personId)).toBe(MAX_CLAIM_ATTEMPTS);
    // Locked: even the right code is refused until the collector issues a new one.
    const right = await callAs(cloud, 'o-owner-1', 'people', 'claimProfile', {
      name: '冯并发',
      idNumber,
      claimCode: code,
    });
    expect(right.code).toBe('RATE_LIMITED');
  });

  test('the right code sent from twelve WeChat accounts at once: one claims the profile, and it is theirs', async () => {
    const { personId, idNumber, code } = await entered(2);
    const calls = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        callAs(cloud, `o-racer-${i}`, 'people', 'claimProfile', { name: '冯并发', idNumber, claimCode: code }),
      ),
    );
    const winners = calls.map((c, i) => (c.ok ? `o-racer-${i}` : null)).filter(Boolean);
    expect(winners).toHaveLength(1);
    const stored = ((await cloud.db.find('people', { limit: 2000 })) as Array<{ _id: string; openid?: string }>).find(
      (p) => p._id === personId,
    );
    expect(stored?.openid).toBe(winners[0]);
  });
});
