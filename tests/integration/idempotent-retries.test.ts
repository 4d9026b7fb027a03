/**
 * A client request id makes a submission happen once — and only a success is final. A refusal (profile
 * missing, a mistyped code, a form to correct) releases the id: the person corrects and sends again with the
 * same id, and it runs. Later retries get the first success; concurrent duplicates wait for the first call;
 * a claim whose holder died is taken over once its lease runs out.
 */
import { createHash } from 'node:crypto';
import { makeIdNumber } from '../../domain/security/validators';
import { CLAIM_LEASE_MS } from '../../domain/runtime/idempotency';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';

jest.setTimeout(120_000);

const NEWCOMER = 'demo-newcomer';
const TOWN = 'demo-town-t15';

const appeal = (over: Record<string, unknown> = {}) => ({
  type: 'appeal',
  form: {
    category: 'wage_arrears',
    facts: '在深圳某工地务工，老板拖欠三个月工资共一万二千元，多次讨要未果。',
    employer: '深圳示例建筑有限公司',
    workCity: '深圳',
    contactPreference: 'phone',
    amountOwedFen: 1_200_000,
    ...over,
  },
});
const profileOf = (n: number) => ({
  name: '钱重试',
  idNumber: makeIdNumber('421087', `1986${String(1 + (n % 12)).padStart(2, '0')}11`, 700 + n),
  homeVillageId: 't15-v02',
  categories: ['migrant'],
  workCity: '深圳',
});
/** The `requests` document id the wrapper uses for (function.action, caller, request id). */
const claimId = (scope: string, openid: string, requestId: string) =>
  createHash('sha256').update(`${scope}\u0000${openid}\u0000${requestId}`).digest('hex');

describe('idempotent submissions replay successes only', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `retry-${Date.now()}-${(seq += 1)}-abcdef`;
  const db = () => cloud.sdkApp().database();
  const casesOf = async (openid: string) =>
    (await db().collection('cases').where({ applicantOpenid: openid }).count()).total as number;

  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => {
    await cloud?.close();
  });

  test('refused for a missing profile, profile saved, the same request id submits; a retry returns the same case', async () => {
    const requestId = rid();
    const refused = await callAs(cloud, NEWCOMER, 'cases', 'submit', appeal(), requestId);
    expect(refused).toMatchObject({ ok: false, code: 'PROFILE_REQUIRED' });
    // Sent again unchanged while the profile is still missing: refused again (not replayed, run again).
    expect(await callAs(cloud, NEWCOMER, 'cases', 'submit', appeal(), requestId)).toMatchObject({
      code: 'PROFILE_REQUIRED',
    });

    expect((await callAs(cloud, NEWCOMER, 'people', 'saveProfile', profileOf(1), rid())).ok).toBe(true);
    const sent = await callAs(cloud, NEWCOMER, 'cases', 'submit', appeal(), requestId);
    expect(sent.ok).toBe(true);
    const again = await callAs(cloud, NEWCOMER, 'cases', 'submit', appeal(), requestId);
    expect(again.ok).toBe(true);
    expect(again.data._id).toBe(sent.data._id);
    expect(await casesOf(NEWCOMER)).toBe(1);
  });

  test('a mistyped invitation code, then the right one with the same request id, takes the role', async () => {
    const invitee = 'o-retry-invitee';
    expect((await callAs(cloud, invitee, 'people', 'saveProfile', profileOf(2), rid())).ok).toBe(true);
    const issued = await callAs(cloud, TOWN, 'staff', 'issueInvitation', {
      role: 'village_collector',
      gridNodeId: 't15-v03',
      inviteeName: '钱重试',
    });
    expect(issued.ok).toBe(true);
    const code = issued.data.code as string;
    const wrong = code.slice(0, 9) + (code[9] === '2' ? '3' : '2');
    const requestId = rid();
    const first = await callAs(cloud, invitee, 'staff', 'redeemInvitation', { code: wrong, name: '钱重试' }, requestId);
    expect(first).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '邀请码无效' });
    const right = await callAs(cloud, invitee, 'staff', 'redeemInvitation', { code, name: '钱重试' }, requestId);
    expect(right).toMatchObject({ ok: true, data: { role: 'village_collector', gridNodeId: 't15-v03' } });
    const retry = await callAs(cloud, invitee, 'staff', 'redeemInvitation', { code, name: '钱重试' }, requestId);
    expect(retry).toEqual(right);
  });

  test('a corrected form with the same request id is submitted after a field was refused', async () => {
    const worker = 'o-retry-worker';
    expect((await callAs(cloud, worker, 'people', 'saveProfile', profileOf(3), rid())).ok).toBe(true);
    const requestId = rid();
    // The engine refuses a photo that is not the caller's own upload (an AppError naming the field).
    const foreign = `cloud://${cloud.envId}.bucket/uploads/0000000000000000/202601/${'a'.repeat(24)}.jpg`;
    const refused = await callAs(cloud, worker, 'cases', 'submit', appeal({ attachments: [foreign] }), requestId);
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form.attachments.0' });
    const corrected = await callAs(cloud, worker, 'cases', 'submit', appeal({ attachments: [] }), requestId);
    expect(corrected.ok).toBe(true);
    expect(await casesOf(worker)).toBe(1);
  });

  test('concurrent duplicates wait for the first call and share its success', async () => {
    const worker = 'o-retry-parallel';
    expect((await callAs(cloud, worker, 'people', 'saveProfile', profileOf(4), rid())).ok).toBe(true);
    const requestId = rid();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => callAs(cloud, worker, 'cases', 'submit', appeal(), requestId)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => r.data._id)).size).toBe(1);
    expect(await casesOf(worker)).toBe(1);
  });

  test('concurrent duplicates of a refused call are each refused, and nothing is kept for the id', async () => {
    const stranger = 'o-retry-no-profile';
    const requestId = rid();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => callAs(cloud, stranger, 'cases', 'submit', appeal(), requestId)),
    );
    expect(results.map((r) => r.code)).toEqual(Array(6).fill('PROFILE_REQUIRED'));
    const kept = await db()
      .collection('requests')
      .where({ _id: claimId('cases.submit', stranger, requestId) })
      .count();
    expect(kept.total).toBe(0);
  });

  test('a claim left by a crashed call is taken over once its lease has run out', async () => {
    const worker = 'o-retry-crashed';
    expect((await callAs(cloud, worker, 'people', 'saveProfile', profileOf(5), rid())).ok).toBe(true);
    const requestId = rid();
    await db()
      .collection('requests')
      .add({
        _id: claimId('cases.submit', worker, requestId),
        scope: 'cases.submit',
        status: 'pending',
        token: 'crashed-holder',
        leaseUntil: Date.now() - CLAIM_LEASE_MS,
        createdAt: new Date(),
      });
    const sent = await callAs(cloud, worker, 'cases', 'submit', appeal(), requestId);
    expect(sent.ok).toBe(true);
    expect(await casesOf(worker)).toBe(1);
  });

  test('a refusal stored by an older version is not replayed', async () => {
    const requestId = rid();
    const worker = 'o-retry-legacy';
    expect((await callAs(cloud, worker, 'people', 'saveProfile', profileOf(6), rid())).ok).toBe(true);
    await db()
      .collection('requests')
      .add({
        _id: claimId('cases.submit', worker, requestId),
        scope: 'cases.submit',
        status: 'done',
        result: { ok: false, code: 'PROFILE_REQUIRED', message: '请先完善个人信息' },
        createdAt: new Date(),
      });
    const sent = await callAs(cloud, worker, 'cases', 'submit', appeal(), requestId);
    expect(sent.ok).toBe(true);
  });

  test('no refusal is ever kept as the answer to a request id', async () => {
    const { data } = await db().collection('requests').limit(1000).get();
    expect(data.length).toBeGreaterThan(0);
    expect(data.filter((d: { result?: { ok?: boolean } }) => d.result && !d.result.ok)).toEqual([]);
  });
});
