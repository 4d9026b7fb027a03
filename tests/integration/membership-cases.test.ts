/**
 * Joining a union and moving the membership, as cases of the engine through the real functions: a worker of a
 * unit with a union joins it (its village's collector approves); a worker of a unit without one joins the town's
 * union as 预备会员 (the town approves); a refusal carries a reason and cannot be turned into an approval; one
 * open case per person however many are sent at once; nobody files for someone else or names another union; staff
 * outside the union's node cannot decide. A transfer is let go by the old union, or by the trusted timer when the
 * old union does not act in time (a fake clock), then registered by the new union; the card follows.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { workerProfiles } from '../support/founding';
import { seedRegistry } from '../../scripts/seed/registry';
import { joinCaseType, transferCaseType } from '../../domain/membership/types';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const OTHER_TOWN = 'demo-town-t01';
const ADMIN = 'demo-admin';
const W = ['join-worker-1', 'join-worker-2', 'join-worker-3', 'join-worker-4', 'join-worker-5'];

let n = 0;
const rid = () => `membership-${process.pid}-${Date.now()}-${(n += 1)}`;

describe('membership cases', () => {
  let cloud: TestCloud;
  let teaUnit: string; // 万家乡示例茶叶专业合作社: has a union at t15-v01
  let woodUnit: string; // 万家乡示例竹木加工厂: no union (the town's union holds its workers)

  const call = (openid: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
    callAs(cloud, openid, 'membership', action, input, requestId ?? rid());
  const get = async (openid: string, caseId: string) => callAs(cloud, openid, 'cases', 'get', { caseId });
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await get(openid, caseId);
    const version = current.ok ? current.data.version : 1;
    return callAs(cloud, openid, 'cases', 'act', { caseId, action, version, ...extra }, rid());
  };
  const mine = async (openid: string) => (await call(openid, 'mine')).data;

  beforeAll(async () => {
    process.env.UNION_CLOCK_OFFSET_MS = '0';
    cloud = await startSeededCloud();
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
    subscribeAll(cloud, [COLLECTOR, TOWN, OTHER_TOWN, ADMIN, ...W], 200);
    await workerProfiles(cloud, W, 700);
    const tea = await call(W[0], 'units', { q: '茶叶专业合作社' });
    const wood = await call(W[0], 'units', { q: '竹木加工厂' });
    teaUnit = tea.data.units[0].unitId;
    woodUnit = wood.data.units[0].unitId;
    expect(tea.data.units[0].unionName).toMatch(/工会/);
    expect(wood.data.units[0].unionName).toBeNull();
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('a worker joins the union of their unit: the collector of its village approves, the worker sees each step', async () => {
    const filed = await call(W[0], 'join', { unitId: teaUnit, note: '希望加入工会' });
    expect(filed.ok).toBe(true);
    const caseId = filed.data.caseId as string;
    const seen = await get(W[0], caseId);
    expect(seen.data).toMatchObject({ type: 'member_join', status: 'review', statusLabel: '待工会审核' });
    expect(seen.data.dueAt).toBeTruthy();
    // The town's staff (another level), another town and the worker cannot decide it.
    expect((await act(TOWN, caseId, 'approve')).code).toBe('FORBIDDEN');
    expect((await act(OTHER_TOWN, caseId, 'approve')).code).toBe('NOT_FOUND');
    expect((await act(W[0], caseId, 'approve')).code).toBe('FORBIDDEN');
    // The collector sees it in the queue as a Chinese summary.
    const queue = await callAs(cloud, COLLECTOR, 'cases', 'queue', {});
    expect(JSON.stringify(queue.data)).toContain('入会申请');
    expect((await act(COLLECTOR, caseId, 'approve')).ok).toBe(true);
    const after = await mine(W[0]);
    expect(after.membership).toMatchObject({ status: 'member', statusLabel: '会员' });
    expect(after.membership.unionName).toMatch(/茶叶专业合作社.*工会/);
    expect(after.cases[0]).toMatchObject({ caseId, title: '入会申请', statusLabel: '已入会' });
    const timeline = (await get(W[0], caseId)).data.timeline as { label?: string; actionLabel?: string }[];
    expect(JSON.stringify(timeline)).toContain('审核通过');
    // A member does not join again.
    expect((await call(W[0], 'join', { unitId: teaUnit })).code).toBe('PRECONDITION_FAILED');
  });

  it('a worker of a unit without a union joins the town union as 预备会员', async () => {
    const filed = await call(W[1], 'join', { unitId: woodUnit });
    expect(filed.ok).toBe(true);
    expect((await act(COLLECTOR, filed.data.caseId, 'approve')).code).toBe('NOT_FOUND');
    expect((await act(TOWN, filed.data.caseId, 'approve')).ok).toBe(true);
    const after = await mine(W[1]);
    expect(after.membership).toMatchObject({
      status: 'pending',
      statusLabel: '预备会员',
      unitName: '万家乡示例竹木加工厂',
    });
    expect(after.membership.note).toContain('单位建会后自动转入');
  });

  it('a refusal names its reason, cannot be replayed as an approval, and the worker may apply again', async () => {
    const filed = await call(W[2], 'join', { unitId: teaUnit });
    const caseId = filed.data.caseId as string;
    const before = await get(COLLECTOR, caseId);
    expect((await act(COLLECTOR, caseId, 'refuse')).code).toBe('INVALID_INPUT');
    expect((await act(COLLECTOR, caseId, 'refuse', { reason: '请先提供劳动合同' })).ok).toBe(true);
    // The approval sent with the version seen before the refusal, and again with the new one.
    const replay = await callAs(
      cloud,
      COLLECTOR,
      'cases',
      'act',
      { caseId, action: 'approve', version: before.data.version },
      rid(),
    );
    expect(replay.code).toBe('CONFLICT');
    expect((await act(COLLECTOR, caseId, 'approve')).code).toBe('PRECONDITION_FAILED');
    expect((await mine(W[2])).membership).toBeNull();
    const seen = await get(W[2], caseId);
    expect(seen.data.statusLabel).toBe('未通过');
    expect(JSON.stringify(seen.data)).toContain('请先提供劳动合同');
    expect((await call(W[2], 'join', { unitId: teaUnit })).ok).toBe(true);
  });

  it('fifty applications at once make one case', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => call(W[3], 'join', { unitId: teaUnit })));
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'CONFLICT')).toBe(true);
    expect((await mine(W[3])).cases).toHaveLength(1);
  });

  it('nobody files for someone else or names a union the registry does not give them', async () => {
    // The join takes no person: a smuggled field is refused by the contract.
    expect((await call(W[4], 'join', { unitId: teaUnit, personId: 'someone-else' })).code).toBe('INVALID_INPUT');
    // Staff cannot file it on someone's behalf (the type declares no 代办).
    const proxy = await callAs(
      cloud,
      COLLECTOR,
      'cases',
      'submit',
      { type: 'member_join', form: {}, onBehalfOf: { personId: 'someone-else', consentFileId: 'x' } },
      rid(),
    );
    expect(proxy.ok).toBe(false);
    // A form sent straight to the engine naming the town's union for a unit that has its own is refused.
    const wood = await call(W[4], 'join', { unitId: woodUnit });
    await act(W[4], wood.data.caseId, 'withdraw');
    const forged = await callAs(
      cloud,
      W[4],
      'cases',
      'submit',
      {
        type: 'member_join',
        form: {
          unionId: 'union-0000',
          unionName: '别的工会',
          unitId: teaUnit,
          unitName: 'x',
          pending: false,
          nodeId: 't01',
        },
      },
      rid(),
    );
    expect(forged.ok).toBe(false);
    expect(forged.field).toBe('form.unionId');
  });

  it('a transfer the old union does not answer in time is let go by the timer, then registered by the new union', async () => {
    const card = await call(W[0], 'card');
    expect(card.ok).toBe(true);
    const filed = await call(W[0], 'transfer', { to: 'unit', unitId: woodUnit, reason: '换了工作' });
    expect(filed.ok).toBe(true);
    const caseId = filed.data.caseId as string;
    const first = await get(W[0], caseId);
    expect(first.data).toMatchObject({ type: 'member_transfer', status: 'out_review' });
    // The new unit has no union: the town's union takes the member, and the case says so (not "新单位工会").
    expect(first.data.categoryLabel).toBe('转入乡镇工会（新单位未建会，预备会员）');
    expect(first.data.title).toMatch(/会员关系转接 · .*工会/);
    // Another open case is refused while this one runs.
    expect((await call(W[0], 'transfer', { to: 'town', townId: 't01', reason: '换了工作' })).code).toBe('CONFLICT');
    // A forged timer event from a phone runs nothing.
    const forged = (
      await cloud.callFunction('scheduler', { Type: 'Timer', TriggerName: 'overdueScan' }, { openid: W[0] })
    ).result as CallResult;
    expect(forged.code).toBe('FORBIDDEN');
    expect((await get(W[0], caseId)).data.status).toBe('out_review');
    // Before the deadline the timer leaves it; past it the timer lets it go.
    await cloud.fireTimer('scheduler', 'overdueScan');
    expect((await get(W[0], caseId)).data.status).toBe('out_review');
    const due = new Date(first.data.dueAt as string).getTime();
    process.env.UNION_CLOCK_OFFSET_MS = String(due + DAY / 24 - Date.now());
    await cloud.fireTimer('scheduler', 'overdueScan');
    const released = await get(W[0], caseId);
    expect(released.data).toMatchObject({ status: 'in_review', statusLabel: '待新工会登记' });
    expect(JSON.stringify(released.data.timeline)).toContain('逾期未处理，自动放行');
    expect((await mine(W[0])).membership.status).toBe('transferring');
    expect((await call(W[0], 'card')).code).toBe('PRECONDITION_FAILED');
    // The old union's collector only sees it now (it moved on); the new (town's) union registers the member.
    expect((await act(COLLECTOR, caseId, 'register')).code).toBe('FORBIDDEN');
    expect((await act(TOWN, caseId, 'register')).ok).toBe(true);
    const after = await mine(W[0]);
    expect(after.membership).toMatchObject({ status: 'pending', unitName: '万家乡示例竹木加工厂' });
    // The card shown before the transfer no longer verifies; a fresh one does.
    process.env.UNION_CLOCK_OFFSET_MS = '0';
    const old = await callAs(cloud, TOWN, 'membership', 'verifyCard', { token: card.data.token });
    expect(old.data).toMatchObject({ valid: false });
    const fresh = await call(W[0], 'card');
    const check = await callAs(cloud, TOWN, 'membership', 'verifyCard', { token: fresh.data.token });
    expect(check.data).toMatchObject({ valid: true, statusLabel: '预备会员' });
  });

  it('an old union lets a member go out of the city', async () => {
    const filed = await call(W[1], 'transfer', { to: 'outside', city: '武汉市', reason: '去武汉工作' });
    expect(filed.ok).toBe(true);
    expect((await act(COLLECTOR, filed.data.caseId, 'release')).code).toBe('NOT_FOUND');
    expect((await act(TOWN, filed.data.caseId, 'release')).ok).toBe(true);
    expect((await get(W[1], filed.data.caseId)).data.status).toBe('left');
    expect((await mine(W[1])).membership).toMatchObject({ status: 'left', statusLabel: '已转出本市' });
  });

  it('staff verify a card: a forged or expired token is refused, and a worker cannot check cards', async () => {
    const card = await call(W[3], 'card');
    expect(card.code).toBe('PRECONDITION_FAILED');
    const shown = await call(W[2], 'card');
    expect(shown.ok).toBe(false);
    const member = await call(W[0], 'card');
    const token = member.data.token as string;
    const forged = token.replace(/\.(\d+)\./, (_m, v: string) => `.${Number(v) + 1}.`);
    expect((await callAs(cloud, TOWN, 'membership', 'verifyCard', { token: forged })).data).toMatchObject({
      valid: false,
      message: expect.stringContaining('伪造'),
    });
    expect((await callAs(cloud, W[1], 'membership', 'verifyCard', { token })).code).toBe('FORBIDDEN');
    process.env.UNION_CLOCK_OFFSET_MS = String(10 * 60_000);
    expect((await callAs(cloud, TOWN, 'membership', 'verifyCard', { token })).data).toMatchObject({
      valid: false,
      message: expect.stringContaining('过期'),
    });
    process.env.UNION_CLOCK_OFFSET_MS = '0';
    const ok = await callAs(cloud, TOWN, 'membership', 'verifyCard', { token });
    expect(ok.data).toMatchObject({ valid: true });
    expect(ok.data.name).toMatch(/\*/);
  });

  it('declares the timer step on the transfer and none on joining', () => {
    expect(transferCaseType.states.out_review.onOverdue).toEqual({ run: 'auto_release' });
    expect(joinCaseType.states.review.onOverdue).toBe('remind');
  });
});
