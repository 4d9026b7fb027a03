/**
 * Authorisation matrix: every `people` and `staff` action × every role × inside/outside scope,
 * through the real SDK. Identity comes only from the injected OPENID; anything written into the
 * request (openid, role, grid node, staff id) is refused or ignored, never trusted.
 */
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import type { TestCloud } from '../support/cloud';
import { makeIdNumber } from '../../domain/security/validators';
import { fakeIdNumber } from '../../scripts/seed/people';
import { peopleContract, staffContract } from '../../typings/people';
import { newUploadPath } from '../../domain/cases/uploads';
import { uploadAs } from '../support/uploads';

const ROLES = {
  anonymous: '',
  newcomer: 'demo-newcomer',
  worker: 'demo-worker-1',
  collectorIn: 'demo-collector-t15-v01',
  collectorOut: 'demo-collector-t14-v01',
  townIn: 'demo-town-t15',
  townOut: 'demo-town-t14',
  admin: 'demo-admin',
} as const;
type Role = keyof typeof ROLES;
const ROLE_NAMES = Object.keys(ROLES) as Role[];

type Expect = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'PROFILE_REQUIRED' | 'CONFLICT';
interface Row {
  fn: 'people' | 'staff';
  action: string;
  label: string;
  input: (role: Role, n: number) => unknown;
  expect: Record<Role, Expect>;
  check?: (role: Role, result: CallResult) => void;
}

/** Unused valid ID numbers (birth dates in 1975). */
const idFor = (n: number) => makeIdNumber('421087', `1975${String(1 + (n % 12)).padStart(2, '0')}20`, 600 + n);
const all = (value: Expect, over: Partial<Record<Role, Expect>> = {}): Record<Role, Expect> =>
  ({ ...Object.fromEntries(ROLE_NAMES.map((r) => [r, value])), anonymous: 'UNAUTHENTICATED', ...over }) as Record<
    Role,
    Expect
  >;
const staffOnly = (inScope: Expect, outScope: Expect, over: Partial<Record<Role, Expect>> = {}) =>
  all('FORBIDDEN', {
    collectorIn: inScope,
    townIn: inScope,
    admin: inScope,
    collectorOut: outScope,
    townOut: outScope,
    ...over,
  });

/** Photos each staff role really uploaded (filled in `beforeAll`): consent forms must exist in storage. */
const formPhotos: Partial<Record<Role, string>> = {};

const TARGET = 'p-demo-migrant-2'; // home village t15-v01

const ROWS: Row[] = [
  { fn: 'people', action: 'me', label: 'me', input: () => ({}), expect: all('ok') },
  { fn: 'people', action: 'viewMyData', label: 'viewMyData', input: () => ({}), expect: all('ok') },
  {
    fn: 'people',
    action: 'correctMyData',
    label: 'correctMyData',
    input: () => ({ changes: { workCity: '武汉' } }),
    expect: all('PROFILE_REQUIRED', { worker: 'ok' }),
  },
  { fn: 'people', action: 'requestDeletion', label: 'requestDeletion', input: () => ({}), expect: all('ok') },
  {
    fn: 'people',
    action: 'recordConsent',
    label: 'recordConsent',
    input: () => ({ kind: 'sensitive_data', version: '2026-01', granted: true }),
    expect: all('ok'),
  },
  {
    fn: 'people',
    action: 'claimProfile',
    label: 'claimProfile with a guessed code',
    input: () => ({ name: '张测试', idNumber: fakeIdNumber(86), claimCode: 'ABCDEFGH' }),
    expect: all('NOT_FOUND', { worker: 'CONFLICT' }),
  },
  {
    fn: 'people',
    action: 'searchPeople',
    label: 'searchPeople in t15-v01',
    input: () => ({ nodeId: 't15-v01' }),
    expect: staffOnly('ok', 'FORBIDDEN'),
    check: (_role, r) => {
      expect(r.data.people.length).toBeGreaterThan(0);
      expect(
        r.data.people.every(
          (p: { homeVillageId: string; masked: boolean }) => p.homeVillageId === 't15-v01' && p.masked,
        ),
      ).toBe(true);
    },
  },
  {
    fn: 'people',
    action: 'viewPerson',
    label: 'viewPerson (masked)',
    input: () => ({ personId: TARGET }),
    expect: staffOnly('ok', 'NOT_FOUND'),
    check: (_role, r) =>
      expect(r.data).toMatchObject({
        personId: TARGET,
        masked: true,
        idNumber: expect.stringMatching(/^4210\*{10}\d{3}[\dX]$/),
      }),
  },
  {
    fn: 'people',
    action: 'viewPerson',
    label: 'viewPerson (unmasked)',
    input: () => ({ personId: TARGET, unmask: true }),
    expect: staffOnly('ok', 'NOT_FOUND', { collectorIn: 'FORBIDDEN' }),
    check: (_role, r) => expect(r.data).toMatchObject({ personId: TARGET, masked: false, idNumber: fakeIdNumber(1) }),
  },
  {
    fn: 'people',
    action: 'createOnBehalf',
    label: 'createOnBehalf in t15-v01',
    input: (_role, n) => ({ name: '韩测试', idNumber: idFor(n), homeVillageId: 't15-v01', categories: ['migrant'] }),
    expect: staffOnly('ok', 'FORBIDDEN'),
    check: (_role, r) => expect(r.data.person).toMatchObject({ homeVillageId: 't15-v01', enteredOnBehalf: true }),
  },
  {
    fn: 'people',
    action: 'reissueClaimCode',
    label: 'reissueClaimCode for an unclaimed person in t15-v01',
    input: () => ({ personId: 'p-000087' }),
    expect: staffOnly('ok', 'NOT_FOUND'),
  },
  {
    fn: 'people',
    action: 'recordConsentOnBehalf',
    label: 'recordConsentOnBehalf for an unclaimed person in t15-v01',
    // A photo under the caller's own upload prefix (as `cases.uploadPath` hands out).
    input: (role) => ({
      personId: 'p-000087',
      kind: 'sensitive_data',
      version: '2026-01',
      granted: true,
      formPhotoFileId:
        formPhotos[role] ??
        `cloud://local-dev.bucket/${newUploadPath(ROLES[role] || 'none', 'jpg', new Date()).cloudPath}`,
    }),
    expect: staffOnly('ok', 'NOT_FOUND'),
    check: (_role, r) => expect(r.data).toMatchObject({ onBehalf: true, granted: true }),
  },
  {
    fn: 'people',
    action: 'listConsents',
    label: 'listConsents of a person in t15-v01',
    input: () => ({ personId: 'p-000087' }),
    expect: staffOnly('ok', 'NOT_FOUND'),
  },
  {
    fn: 'people',
    action: 'saveProfile',
    label: 'saveProfile',
    input: (_role, n) => ({
      name: '杨测试',
      idNumber: idFor(100 + n),
      homeVillageId: 't15-v02',
      categories: ['worker'],
    }),
    expect: all('ok'),
  },
  {
    fn: 'people',
    action: 'listDataRequests',
    label: 'listDataRequests',
    input: () => ({}),
    expect: all('FORBIDDEN', { admin: 'ok' }),
  },
  {
    fn: 'people',
    action: 'resolveDataRequest',
    label: 'resolveDataRequest of a guessed id',
    input: () => ({ requestId: 'guessed-request', outcome: 'done', note: '矩阵测试' }),
    expect: all('FORBIDDEN', { admin: 'NOT_FOUND' }),
  },
  { fn: 'staff', action: 'myRoles', label: 'myRoles', input: () => ({}), expect: all('ok') },
  {
    fn: 'staff',
    action: 'issueInvitation',
    label: 'issueInvitation collector for t15-v08',
    input: () => ({ role: 'village_collector', gridNodeId: 't15-v08', inviteeName: '秦测试' }),
    expect: all('FORBIDDEN', { townIn: 'ok', admin: 'ok' }),
  },
  {
    fn: 'staff',
    action: 'issueInvitation',
    label: 'issueInvitation town staff for t15',
    input: () => ({ role: 'town_staff', gridNodeId: 't15', inviteeName: '秦测试' }),
    expect: all('FORBIDDEN', { admin: 'ok' }),
  },
  {
    fn: 'staff',
    action: 'redeemInvitation',
    label: 'redeemInvitation with a guessed code',
    input: () => ({ code: 'ABCDEFGHJK', name: '秦测试' }),
    expect: all('CONFLICT', { newcomer: 'NOT_FOUND', worker: 'NOT_FOUND' }),
  },
  {
    fn: 'staff',
    action: 'revokeRole',
    label: 'revokeRole of a t15 collector',
    input: (role) => ({
      staffId: role === 'townIn' ? 'staff-t15-v09' : role === 'admin' ? 'staff-t15-v10' : 'staff-t15-v11',
      reason: '矩阵测试',
    }),
    expect: staffOnly('ok', 'NOT_FOUND', { collectorIn: 'NOT_FOUND' }),
  },
  {
    fn: 'staff',
    action: 'listStaff',
    label: 'listStaff of t15-v01',
    input: () => ({ nodeId: 't15-v01' }),
    expect: staffOnly('ok', 'FORBIDDEN'),
    check: (_role, r) =>
      expect(r.data.staff.every((s: { gridPath: string[] }) => s.gridPath.includes('t15-v01'))).toBe(true),
  },
  {
    fn: 'staff',
    action: 'listInvitations',
    label: 'listInvitations',
    input: () => ({}),
    expect: staffOnly('ok', 'ok'),
  },
];

describe('authorisation matrix', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startSeededCloud();
    for (const role of ['collectorIn', 'townIn', 'admin'] as const)
      formPhotos[role] = await uploadAs(cloud, ROLES[role]);
  });
  afterAll(async () => cloud?.close());

  it('covers every action of both functions', () => {
    const covered = new Set(ROWS.map((r) => `${r.fn}.${r.action}`));
    for (const a of Object.keys(peopleContract)) expect(covered).toContain(`people.${a}`);
    for (const a of Object.keys(staffContract)) expect(covered).toContain(`staff.${a}`);
  });

  let n = 0;
  describe.each(ROWS.map((row) => [`${row.fn}.${row.label}`, row] as const))('%s', (_title, row) => {
    it.each(ROLE_NAMES)('as %s', async (role) => {
      n += 1;
      const result = await callAs(cloud, ROLES[role], row.fn, row.action, row.input(role, n));
      const expected = row.expect[role];
      if (expected === 'ok') {
        expect({ role, ok: result.ok, code: result.code }).toEqual({ role, ok: true, code: undefined });
        row.check?.(role, result);
      } else {
        expect({ role, code: result.code }).toEqual({ role, code: expected });
        expect(result).not.toHaveProperty('data');
      }
    });
  });
});

describe('forged identity and guessed ids', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it.each([
    ['people', 'me', {}],
    ['people', 'searchPeople', {}],
    ['people', 'viewPerson', { personId: TARGET }],
    [
      'people',
      'saveProfile',
      { name: '杨测试', idNumber: idFor(300), homeVillageId: 't15-v02', categories: ['worker'] },
    ],
    ['staff', 'myRoles', {}],
    ['staff', 'listStaff', {}],
    ['staff', 'issueInvitation', { role: 'village_collector', gridNodeId: 't15-v08', inviteeName: '秦测试' }],
  ])('%s.%s refuses an openid, role, grid node or staff id in the body', async (fn, action, input) => {
    for (const forged of [
      { openid: 'demo-admin' },
      { role: 'city_admin' },
      { gridNodeId: 'city' },
      { staffId: 'staff-admin' },
      { _openid: 'demo-admin' },
    ]) {
      // Keys that are real inputs of the action (a filter or the invitation's target) are not forgeries there.
      if (Object.keys(forged).some((k) => k in input || (action === 'listStaff' && k === 'role'))) continue;
      const result = await callAs(cloud, 'demo-worker-1', fn, action, { ...input, ...forged });
      expect({ forged, code: result.code }).toEqual({ forged, code: 'INVALID_INPUT' });
    }
  });

  it('ignores an openid or userInfo placed beside the action', async () => {
    const res = await cloud.callFunction(
      'people',
      { action: 'me', openid: 'demo-admin', userInfo: { openId: 'demo-admin' } },
      { openid: 'demo-worker-1' },
    );
    expect((res.result as CallResult).data.personId).toBe('p-demo-worker-1');
    const roles = await cloud.callFunction(
      'staff',
      { action: 'myRoles', input: {}, OPENID: 'demo-admin' },
      { openid: 'demo-worker-1' },
    );
    expect((roles.result as CallResult).data.staff).toBeNull();
  });

  it('answers a guessed id outside the scope exactly like an id that does not exist', async () => {
    const outside = await callAs(cloud, 'demo-town-t14', 'people', 'viewPerson', { personId: TARGET });
    const missing = await callAs(cloud, 'demo-town-t14', 'people', 'viewPerson', { personId: 'p-does-not-exist' });
    expect(outside).toEqual(missing);
    expect(outside).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const worker = await callAs(cloud, 'demo-worker-1', 'people', 'viewPerson', { personId: 'p-demo-worker-2' });
    expect(worker).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(JSON.stringify(worker)).not.toContain('p-demo-worker-2');
  });

  it('keeps every search result inside the caller’s own scope when no node is given', async () => {
    const town = await callAs(cloud, 'demo-town-t15', 'people', 'searchPeople', { limit: 100 });
    expect(town.data.total).toBeGreaterThan(0);
    expect(town.data.people.every((p: { homeVillageId: string }) => p.homeVillageId.startsWith('t15-'))).toBe(true);
    const collector = await callAs(cloud, 'demo-collector-t15-v01', 'people', 'searchPeople', { limit: 100 });
    expect(collector.data.people.every((p: { homeVillageId: string }) => p.homeVillageId === 't15-v01')).toBe(true);
    const byId = await callAs(cloud, 'demo-town-t14', 'people', 'searchPeople', { idNumber: fakeIdNumber(1) });
    expect(byId.data).toEqual({ people: [], total: 0 });
    const admin = await callAs(cloud, 'demo-admin', 'people', 'searchPeople', { idNumber: fakeIdNumber(1) });
    expect(admin.data.people.map((p: { personId: string }) => p.personId)).toEqual([TARGET]);
  });

  it('audits every unmasked view with the actor, role and client IP', async () => {
    await callAs(cloud, 'demo-town-t15', 'people', 'viewPerson', { personId: TARGET, unmask: true });
    const audit = (await cloud.db.find('audit_log', { limit: 1000 })) as Array<Record<string, unknown>>;
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'person.viewUnmasked',
        targetId: TARGET,
        openid: 'demo-town-t15',
        staffId: 'staff-t15',
        role: 'town_staff',
        clientIp: '127.0.0.1',
      }),
    );
  });
});
