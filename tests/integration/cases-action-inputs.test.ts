/**
 * What an action needs is declared and enforced: approvals, escalations and transfers take an opinion that the
 * timeline shows; the village's approval of aid needs a home visit on record; an input the action does not declare
 * is refused. And staff whose node handled a case before it moved on still see it, read-only, with where it is now.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import { DEMO_APPLICANTS as D, hardshipForm, hardshipRoundConfig, importSamples } from '../support/aid';
import { uploadAs } from '../support/uploads';

jest.setTimeout(180_000);

const MIGRANT = 'demo-migrant-1';
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';

describe('declared action inputs', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `inputs-${Date.now()}-${(seq += 1)}-req`;
  const cases = (openid: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
    callAs(cloud, openid, 'cases', action, input, requestId);
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await cases(openid, 'get', { caseId });
    expect(current.ok).toBe(true);
    return cases(openid, 'act', { caseId, action, version: current.data.version, ...extra });
  };

  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it('asks an escalation for its opinion, refuses undeclared inputs, and shows the opinion in the timeline', async () => {
    const submitted = await cases(
      MIGRANT,
      'submit',
      {
        type: 'appeal',
        form: {
          category: 'wage_arrears',
          facts: '在深圳某工地务工，老板拖欠两个月工资，多次讨要未果。',
          employer: '深圳示例建筑有限公司',
          workCity: '深圳',
          contactPreference: 'phone',
        },
      },
      rid(),
    );
    const id = submitted.data._id as string;
    expect((await act(COLLECTOR, id, 'accept')).ok).toBe(true);
    const offered = (await cases(COLLECTOR, 'get', { caseId: id })).data.availableActions;
    expect(offered.find((a: { action: string }) => a.action === 'escalate').inputs).toEqual([
      { name: 'opinion', label: '上报意见', kind: 'text', required: true, minLength: 2, maxLength: 500 },
    ]);
    expect(await act(COLLECTOR, id, 'escalate')).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'inputs.opinion',
    });
    expect(await act(COLLECTOR, id, 'escalate', { inputs: { opinion: '好' } })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'inputs.opinion',
    });
    expect(await act(COLLECTOR, id, 'escalate', { inputs: { opinion: '需乡镇协调', grade: 'A' } })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'inputs.grade',
    });
    expect(await act(COLLECTOR, id, 'accept', { inputs: { opinion: '受理' } })).toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    const escalated = await act(COLLECTOR, id, 'escalate', { inputs: { opinion: '涉及外省企业，需乡镇协调' } });
    expect(escalated.data).toMatchObject({ nodeId: 't15', level: 'town' });
    const mine = (await cases(MIGRANT, 'get', { caseId: id })).data;
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'escalate', details: ['上报意见：涉及外省企业，需乡镇协调'] });
    // The opinion is the step's, not a thread message.
    expect(mine.messages).toEqual([]);

    // The collector's village held it: she sees it read-only, with where it is now, and cannot act on it.
    const readonly = await cases(COLLECTOR, 'get', { caseId: id });
    expect(readonly.data).toMatchObject({ access: 'readonly', nodeName: expect.any(String), availableActions: [] });
    expect(readonly.data.nodeId).toBe('t15');
    expect(await act(COLLECTOR, id, 'comment', { comment: '请乡镇跟进' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    // Another village's collector never saw it.
    expect((await cases('demo-collector-t15-v02', 'get', { caseId: id })).code).toBe('NOT_FOUND');
  });

  it('approves aid at the village only after a home visit is on record, with the approver’s opinion', async () => {
    await importSamples(cloud);
    const round = await callAs(cloud, ADMIN, 'aid', 'saveRound', { status: 'open', config: hardshipRoundConfig() });
    expect((await callAs(cloud, ADMIN, 'aid', 'setPovertyLine', { year: 2026, monthlyFen: 75_000 })).ok).toBe(true);
    const filed = await callAs(
      cloud,
      D.hardship.openid,
      'aid',
      'submit',
      hardshipForm(round.data.roundId, D.hardship),
      rid(),
    );
    expect(filed.ok).toBe(true);
    const id = filed.data.caseId as string;
    const opinion = { inputs: { opinion: '入户核实属实，同意上报' } };
    const early = await act(COLLECTOR, id, 'approve', opinion);
    expect(early).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(early.message).toContain('入户核实');

    const visit = (photoFileIds: string[]) => ({
      inputs: { visit: { visitedOn: '2026-11-20', findings: '入户核实：家中一人长期患病，收入微薄。', photoFileIds } },
    });
    expect((await act(TOWN, id, 'record_visit', visit([]))).code).toBe('FORBIDDEN');
    const foreign = await act(COLLECTOR, id, 'record_visit', visit([await uploadAs(cloud, TOWN)]));
    expect(foreign).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'inputs.visit.photoFileIds.0' });
    const recorded = await act(COLLECTOR, id, 'record_visit', visit([await uploadAs(cloud, COLLECTOR)]));
    expect(recorded).toMatchObject({ ok: true, data: { status: 'village_review' } });
    // The aid application shows the visit (the aid declaration's hook copies it).
    const app = await callAs(cloud, COLLECTOR, 'aid', 'application', { caseId: id });
    expect(app.data.homeVisits).toHaveLength(1);

    expect((await act(COLLECTOR, id, 'approve')).field).toBe('inputs.opinion');
    const approved = await act(COLLECTOR, id, 'approve', opinion);
    expect(approved.data).toMatchObject({ status: 'town_review' });
    // Staff see the visit's findings; the applicant sees that a visit was made, and the opinion.
    const staffView = (await cases(TOWN, 'get', { caseId: id })).data.timeline;
    expect(staffView.find((e: { action: string }) => e.action === 'record_visit').details[0]).toContain('收入微薄');
    const own = (await cases(D.hardship.openid, 'get', { caseId: id })).data.timeline;
    expect(own.find((e: { action: string }) => e.action === 'record_visit')).not.toHaveProperty('details');
    expect(own.find((e: { action: string }) => e.action === 'approve').details).toEqual([
      '审核意见：入户核实属实，同意上报',
    ]);
  });
});
