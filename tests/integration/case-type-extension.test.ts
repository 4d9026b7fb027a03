/**
 * A new case type is one declaration: test-only types that no other file knows (`tests/fixtures/case-types`)
 * are bundled into the functions, and submit, queue, detail and actions work for them through the real SDK —
 * a visit task a town issues to every village (staff-initiated, fanned out, photo proof, accepted or sent back by
 * the issuer), one sent to all 273 villages of the city in resumable runs, and a founding request about a unit
 * whose contacts all act as its applicant.
 */
import path from 'node:path';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { uploadAs } from '../support/uploads';
import { buildFunctionsWith, removeFunctions } from '../support/extension';

jest.setTimeout(300_000);

const TYPES = path.resolve(__dirname, '..', 'fixtures', 'case-types', 'probe-types.ts');
const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';
const ADMIN = 'demo-admin';
const WORKER = 'demo-migrant-1';
const CO_CONTACT = 'demo-migrant-2';

describe('a case type that is only a declaration', () => {
  let cloud: TestCloud;
  let functionsDir = '';
  let seq = 0;
  const rid = () => `ext-${Date.now()}-${(seq += 1)}-req`;
  const cases = (openid: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
    callAs(cloud, openid, 'cases', action, input, requestId);
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await cases(openid, 'get', { caseId });
    expect(current.ok).toBe(true);
    return cases(openid, 'act', { caseId, action, version: current.data.version, ...extra }, rid());
  };
  const task = (townId: string) => ({
    type: 'probe_task',
    form: { title: '汛期困难户走访', instructions: '入户查看房屋安全，拍摄现场照片上报。', townId },
  });
  let taskId = '';

  beforeAll(async () => {
    functionsDir = await buildFunctionsWith([TYPES]);
    cloud = await startSeededCloud({ functionsDir });
    subscribeAll(cloud, [TOWN, COLLECTOR, ADMIN, WORKER, CO_CONTACT]);
  });
  afterAll(async () => {
    delete process.env.UNION_JOB_BUDGET_MS;
    await cloud?.close();
    removeFunctions(functionsDir);
  });

  it('lets staff issue it, and only the roles it declares; its village parts are never submitted directly', async () => {
    expect((await cases(WORKER, 'submit', task('t15'), rid())).code).toBe('FORBIDDEN');
    expect((await cases(COLLECTOR, 'submit', task('t15'), rid())).code).toBe('FORBIDDEN');
    const direct = await cases(TOWN, 'submit', { ...task('t15'), type: 'probe_task_item' }, rid());
    expect(direct).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED', field: 'type' });
    const issued = await cases(TOWN, 'submit', task('t15'), rid());
    expect(issued).toMatchObject({ ok: true, data: { status: 'issued', typeTitle: '走访任务', access: 'staff' } });
    taskId = issued.data._id;
    expect(issued.data.filedBy).toMatch(/万家乡 .*（乡镇工作员）发起/);
    expect(issued.data.children).toMatchObject({ typeTitle: '走访任务（村）', total: 14, created: 14, pending: false });
    expect(issued.data.children.byStage).toContainEqual({ key: 'unsigned', label: '未签收', count: 14 });
    expect(issued.data.submission.map((l: { label: string }) => l.label)).toEqual(['任务名称', '任务要求', '下发范围']);
  });

  it('puts each village’s part in that village’s queue, with the declared actions and labels', async () => {
    const queue = await cases(COLLECTOR, 'queue', { type: 'probe_task_item' });
    expect(queue.data.items.map((c: { _id: string }) => c._id)).toEqual([`${taskId}-t15-v01`]);
    expect(queue.data.items[0]).toMatchObject({ statusLabel: '待签收', typeTitle: '走访任务（村）' });
    const item = await cases(COLLECTOR, 'get', { caseId: `${taskId}-t15-v01` });
    expect(item.data.availableActions).toEqual([{ action: 'sign', label: '签收', needs: [] }]);
    expect((await cases('demo-collector-t15-v02', 'get', { caseId: `${taskId}-t15-v01` })).code).toBe('NOT_FOUND');
  });

  it('takes photo proof, and the issuer (not the city) accepts it or sends it back with a reason', async () => {
    const id = `${taskId}-t15-v01`;
    expect((await act(COLLECTOR, id, 'sign')).data.status).toBe('doing');
    const offered = (await cases(COLLECTOR, 'get', { caseId: id })).data.availableActions;
    expect(offered).toEqual([
      {
        action: 'report',
        label: '上报完成',
        needs: [],
        inputs: [{ name: 'proof', label: '现场照片', kind: 'photos', required: true }],
      },
    ]);
    expect(await act(COLLECTOR, id, 'report')).toMatchObject({ code: 'INVALID_INPUT', field: 'inputs.proof' });
    const proof = { photoFileIds: [await uploadAs(cloud, COLLECTOR)], location: null, note: '房屋安全，已提醒' };
    const reported = await act(COLLECTOR, id, 'report', { inputs: { proof } });
    expect(reported.data.status).toBe('reported');
    expect(reported.data.timeline.at(-1).details).toEqual(['现场照片：照片 1 张，未提供拍摄地点；房屋安全，已提醒']);

    expect((await act(ADMIN, id, 'accept_report', { inputs: { opinion: '同意' } })).code).toBe('FORBIDDEN');
    const town = await cases(TOWN, 'get', { caseId: id });
    expect(town.data.availableActions.map((a: { action: string }) => a.action).sort()).toEqual([
      'accept_report',
      'send_back',
    ]);
    const back = await act(TOWN, id, 'send_back', { reason: '照片看不清，请重拍' });
    expect(back.data.status).toBe('doing');
    await act(COLLECTOR, id, 'report', { inputs: { proof } });
    const done = await act(TOWN, id, 'accept_report', { inputs: { opinion: '走访到位' } });
    expect(done.data.status).toBe('done');
    const parent = await cases(TOWN, 'get', { caseId: taskId });
    expect(parent.data.children.byStage).toEqual(
      expect.arrayContaining([
        { key: 'unsigned', label: '未签收', count: 13 },
        { key: 'done', label: '已完成', count: 1 },
      ]),
    );
  });

  it('sends one task to all 273 villages in bounded runs that resume, creating each village’s part once', async () => {
    process.env.UNION_JOB_BUDGET_MS = '1';
    const issued = await cases(ADMIN, 'submit', task('city'), rid());
    expect(issued.ok).toBe(true);
    expect(issued.data.children).toMatchObject({ total: 273, pending: true });
    expect(issued.data.children.created).toBeLessThan(273);
    delete process.env.UNION_JOB_BUDGET_MS;
    const run = await callAs(cloud, ADMIN, 'scheduler', 'run', { task: 'fanout' });
    expect(run.data.fanout).toMatchObject({ pending: 0 });
    await callAs(cloud, ADMIN, 'scheduler', 'run', { task: 'fanout' });
    const db = cloud.sdkApp().database();
    expect((await db.collection('cases').where({ parentId: issued.data._id }).count()).total).toBe(273);
    const parent = await cases(ADMIN, 'get', { caseId: issued.data._id });
    expect(parent.data.children).toMatchObject({ total: 273, created: 273, pending: false });
    expect(parent.data.children.byStage).toContainEqual({ key: 'unsigned', label: '未签收', count: 273 });
  });

  it('lets every contact of the organisation a case is about act as its applicant', async () => {
    const co = await callAs(cloud, CO_CONTACT, 'people', 'me');
    const filed = await cases(
      WORKER,
      'submit',
      {
        type: 'probe_founding',
        form: { unitName: '松滋示例机械有限公司', employees: 40, coContactPersonId: co.data.personId },
      },
      rid(),
    );
    expect(filed).toMatchObject({ ok: true, data: { applicantName: '松滋示例机械有限公司', access: 'applicant' } });
    const seen = await cases(CO_CONTACT, 'get', { caseId: filed.data._id });
    expect(seen.data).toMatchObject({ access: 'applicant' });
    expect(seen.data.availableActions.map((a: { action: string }) => a.action)).toEqual(['withdraw']);
    expect((await cases('demo-migrant-3', 'get', { caseId: filed.data._id })).code).toBe('NOT_FOUND');
    const approved = await act(TOWN, filed.data._id, 'approve', { inputs: { opinion: '材料齐全，同意筹建' } });
    expect(approved.data.status).toBe('approved');
  });
});
