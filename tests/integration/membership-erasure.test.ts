/**
 * A person's deletion request (`people.resolveDataRequest`, carried out) reaches their membership and their role
 * as an enterprise union's contact, and "my data" (`people.viewMyData`) lists both: the membership record is
 * erased (the card stops verifying), a joining case still in review is withdrawn on their behalf, the person is
 * taken off every enterprise's contacts; a transfer already let go by the old union and waiting for the new one
 * holds the deletion back until it is registered.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { workerProfiles } from '../support/founding';
import { seedRegistry } from '../../scripts/seed/registry';
import { makeIdNumber } from '../../domain/security/validators';

jest.setTimeout(300_000);

const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';
const W = ['erase-member-1', 'erase-member-2', 'erase-member-3'];

let n = 0;
const rid = () => `member-erase-${process.pid}-${Date.now()}-${(n += 1)}`;

describe('a deletion request reaches the membership and the union contacts', () => {
  let cloud: TestCloud;
  let teaUnit = '';
  let woodUnit = '';
  const call = (openid: string, fn: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, fn, action, input, rid());
  const act = async (openid: string, caseId: string, action: string) => {
    const current = await call(openid, 'cases', 'get', { caseId });
    return call(openid, 'cases', 'act', { caseId, action, version: current.data.version });
  };
  const all = async (collection: string, where: Record<string, unknown>) =>
    (await cloud.sdkApp().database().collection(collection).where(where).limit(100).get()).data as Array<
      Record<string, unknown>
    >;
  const personOf = async (openid: string) => (await call(openid, 'people', 'me')).data.personId as string;
  const erase = async (openid: string): Promise<CallResult> => {
    const personId = await personOf(openid);
    expect((await call(openid, 'people', 'requestDeletion', {})).ok).toBe(true);
    const request = (await call(ADMIN, 'people', 'listDataRequests')).data.requests.find(
      (r: { personId: string }) => r.personId === personId,
    );
    return call(ADMIN, 'people', 'resolveDataRequest', {
      requestId: request.requestId,
      outcome: 'done',
      note: '按申请删除',
    });
  };

  beforeAll(async () => {
    cloud = await startSeededCloud();
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
    subscribeAll(cloud, [COLLECTOR, TOWN, ADMIN, ...W], 100);
    await workerProfiles(cloud, W, 900);
    teaUnit = (await call(W[0], 'membership', 'units', { q: '茶叶专业合作社' })).data.units[0].unitId;
    woodUnit = (await call(W[0], 'membership', 'units', { q: '竹木加工厂' })).data.units[0].unitId;
    await cloud
      .sdkApp()
      .database()
      .collection('units')
      .add({
        _id: 'unit-erase-contact',
        name: '松滋示例联系人测试有限公司',
        creditCode: '91421087MA0000031X',
        townId: 't15',
        villageId: 't15-v01',
        path: ['city', 't15', 't15-v01'],
        employees: 120,
        type: 'enterprise',
        demo: true,
      });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('lists the membership and the contact role in my data, then erases both when the deletion is carried out', async () => {
    const joined = await call(W[0], 'membership', 'join', { unitId: teaUnit, note: '想入会' });
    expect((await act(COLLECTOR, joined.data.caseId, 'approve')).ok).toBe(true);
    const named = await call(TOWN, 'agreements', 'addContact', {
      unitId: 'unit-erase-contact',
      name: '郑示例',
      idNumber: makeIdNumber('421087', '19880111', 900),
    });
    expect(named.ok).toBe(true);
    const personId = await personOf(W[0]);
    const card = await call(W[0], 'membership', 'card');
    expect(card.ok).toBe(true);

    const mine = await call(W[0], 'people', 'viewMyData');
    const held = JSON.stringify(mine.data.held);
    expect(held).toContain('工会会籍');
    expect(held).toMatch(/茶叶专业合作社.*工会/);
    expect(held).toContain('单位工会联系人');
    expect(held).toContain('松滋示例联系人测试有限公司');
    expect(held).toContain('入会申请');
    expect(held).not.toContain(personId);

    expect(await erase(W[0])).toMatchObject({ ok: true, data: { status: 'done' } });
    expect(await all('members', { personId })).toHaveLength(0);
    const contacts = await all('unit_contacts', { _id: 'unit-erase-contact' });
    expect(contacts[0].personIds).toEqual([]);
    const check = await call(TOWN, 'membership', 'verifyCard', { token: card.data.token });
    expect(check.data).toMatchObject({ valid: false });
    const audits = await all('audit_log', { action: 'membership.erase', targetId: personId });
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain('郑示例');
  });

  it('withdraws a joining case still in review on the person’s behalf', async () => {
    const joined = await call(W[1], 'membership', 'join', { unitId: teaUnit, note: '请审核' });
    expect(joined.ok).toBe(true);
    expect(await erase(W[1])).toMatchObject({ ok: true });
    const c = (await all('cases', { _id: joined.data.caseId }))[0];
    expect(c.status).toBe('withdrawn');
    const steps = await all('case_history', { caseId: joined.data.caseId });
    expect(steps.find((h) => h.action === 'withdraw')?.reason).toContain('删除个人信息');
    expect(JSON.stringify(c.form)).not.toContain('请审核');
  });

  it('holds the deletion back while a transfer waits for the new union, and carries it out once registered', async () => {
    const joined = await call(W[2], 'membership', 'join', { unitId: teaUnit });
    expect((await act(COLLECTOR, joined.data.caseId, 'approve')).ok).toBe(true);
    const moving = await call(W[2], 'membership', 'transfer', { to: 'unit', unitId: woodUnit, reason: '换了工作' });
    expect((await act(COLLECTOR, moving.data.caseId, 'release')).ok).toBe(true);
    const held = await erase(W[2]);
    expect(held).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(held.message).toContain('转接');
    const personId = await personOf(W[2]);
    expect(await all('members', { personId })).toHaveLength(1);
    expect((await act(TOWN, moving.data.caseId, 'register')).ok).toBe(true);
    const request = (await call(ADMIN, 'people', 'listDataRequests')).data.requests.find(
      (r: { personId: string }) => r.personId === personId,
    );
    const done = await call(ADMIN, 'people', 'resolveDataRequest', {
      requestId: request.requestId,
      outcome: 'done',
      note: '按申请删除',
    });
    expect(done.ok).toBe(true);
    expect(await all('members', { personId })).toHaveLength(0);
  });
});
