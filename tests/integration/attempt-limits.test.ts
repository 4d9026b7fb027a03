/**
 * Attempt limits hold under parallel calls: every counter with a limit is one conditional update, so forty
 * wrong guesses at once check exactly as many codes as the limit allows, never more.
 */
import { MAX_CLAIM_ATTEMPTS } from '../../domain/people/person';
import { makeIdNumber } from '../../domain/security/validators';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeDemoPeople } from '../support/people';

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

describe('subscribe messages sent by two senders at once', () => {
  let cloud: TestCloud;
  const MIGRANT = 'demo-migrant-1';
  const ADMIN = 'demo-admin';
  beforeAll(async () => {
    cloud = await startSeededCloud({ maxInstancesPerFunction: 8 });
    // Everyone accepted the subscribe dialog (many times over): this test counts the messages itself.
    subscribeDemoPeople(cloud);
    // Warm instances, so the senders below really run side by side.
    await Promise.all([
      ...Array.from({ length: 8 }, () => callAs(cloud, ADMIN, 'cases', 'types', {})),
      ...Array.from({ length: 4 }, () => callAs(cloud, ADMIN, 'scheduler', 'run', { task: 'outbox' })),
    ]);
  });
  afterAll(async () => {
    delete process.env.UNION_TPL_CASE_STATUS;
    await cloud?.close();
  });
  const sentTo = (page: string) =>
    cloud.outbox({ openid: MIGRANT }).filter((m) => String((m as { page?: string }).page) === page).length;

  test('a message left pending by a crash is sent once when the scheduler runs twice at once', async () => {
    const at = new Date(Date.now() - 5 * 60_000);
    const _id = 'stale-pending-0001';
    const page = 'pages/case/index?id=stale-case-1';
    await cloud
      .sdkApp()
      .database()
      .collection('notifications')
      .add({
        _id,
        kind: 'subscribe_message',
        purpose: 'case_status',
        touser: MIGRANT,
        templateId: 'CASE_PROGRESS_TEMPLATE_ID',
        page,
        data: {
          thing1: { value: '诉求·欠薪' },
          phrase2: { value: '办理中' },
          time3: { value: '2026-03-01 10:00' },
          thing4: { value: '请留意办理进度' },
        },
        caseId: null,
        status: 'pending',
        attempts: 0,
        lastError: '',
        createdAt: at,
        updatedAt: at,
        createdKey: `${String(at.getTime()).padStart(15, '0')}|${_id}`,
      });
    await Promise.all([
      callAs(cloud, ADMIN, 'scheduler', 'run', { task: 'outbox' }),
      callAs(cloud, ADMIN, 'scheduler', 'run', { task: 'outbox' }),
      cloud.fireTimer('scheduler', 'overdueScan'),
    ]);
    expect(sentTo(page)).toBe(1);
    const [doc] = (await cloud.db.find('notifications', { limit: 1000 })).filter(
      (d) => (d as { _id: string })._id === _id,
    ) as Array<{ status: string; attempts: number }>;
    expect(doc).toMatchObject({ status: 'sent', attempts: 1 });
  });

  test('two administrators retrying one failed message at once send it once, and the count is right', async () => {
    process.env.UNION_TPL_CASE_STATUS = 'not-a-console-template'; // misconfigured: WeChat answers 40037, an incident
    const submitted = await callAs(
      cloud,
      MIGRANT,
      'cases',
      'submit',
      {
        type: 'appeal',
        form: {
          category: 'labor_contract',
          facts: '用人单位一直不与我签订书面劳动合同，已工作八个月。',
          employer: '示例物流有限公司',
          workCity: '武汉',
          contactPreference: 'wechat',
        },
      },
      `incident-race-${Date.now()}`,
    );
    expect(submitted.ok).toBe(true);
    const incidents = await callAs(cloud, ADMIN, 'cases', 'incidents', {});
    const incident = incidents.data.items.find((i: { caseId: string }) => i.caseId === submitted.data._id);
    expect(incident).toMatchObject({ status: 'failed', attempts: 1 });
    process.env.UNION_TPL_CASE_STATUS = '';
    const page = `pages/case/index?id=${submitted.data._id}`;
    const before = sentTo(page);
    const retries = await Promise.all(
      Array.from({ length: 4 }, () => callAs(cloud, ADMIN, 'cases', 'retryIncident', { incidentId: incident._id })),
    );
    expect(retries.filter((r) => r.ok)).toHaveLength(1);
    expect(retries.filter((r) => !r.ok).map((r) => r.code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/CONFLICT|PRECONDITION_FAILED/)]),
    );
    expect(sentTo(page) - before).toBe(1);
    const after = await callAs(cloud, ADMIN, 'cases', 'incidents', {});
    expect(after.data.items.find((i: { _id: string }) => i._id === incident._id)).toBeUndefined();
    const [doc] = (await cloud.db.find('notifications', { limit: 1000 })).filter(
      (d) => (d as { _id: string })._id === incident._id,
    ) as Array<{ status: string; attempts: number }>;
    expect(doc).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
