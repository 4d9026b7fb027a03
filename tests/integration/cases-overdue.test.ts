/**
 * Time limits with a fake clock (`UNION_CLOCK_OFFSET_MS`, read by the functions at every call):
 * overdue cases are flagged, escalated one level up and their staff reminded by the scheduler's
 * timer; failed subscribe messages become incidents an administrator retries.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeDemoPeople, type CallResult } from '../support/people';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const MIGRANT = 'demo-migrant-1';
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';

const appeal = {
  category: 'labor_contract',
  facts: '用人单位一直不与我签订书面劳动合同，已工作八个月。',
  employer: '示例物流有限公司',
  workCity: '武汉',
  contactPreference: 'wechat',
};

describe('overdue escalation and incidents', () => {
  let cloud: TestCloud;
  let n = 0;
  const call = (openid: string, fn: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, fn, action, input, action === 'submit' ? `overdue-${Date.now()}-${(n += 1)}` : undefined);
  const setClock = (days: number) => {
    process.env.UNION_CLOCK_OFFSET_MS = String(days * DAY);
  };
  const scan = async () => (await cloud.fireTimer('scheduler', 'overdueScan')) as CallResult;

  beforeAll(async () => {
    cloud = await startSeededCloud();
    // Everyone accepted the subscribe dialog: these tests read the messages themselves.
    subscribeDemoPeople(cloud);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    delete process.env.UNION_TPL_CASE_STATUS;
    await cloud?.close();
  });

  it('escalates an unaccepted appeal village → town → city as days pass, reminding the staff each time', async () => {
    setClock(0);
    const submitted = await call(MIGRANT, 'cases', 'submit', { type: 'appeal', form: appeal });
    const id = submitted.data._id;
    expect(submitted.data).toMatchObject({ nodeId: 't15-v01', overdue: false });

    setClock(5);
    const overdueQueue = await call(COLLECTOR, 'cases', 'queue', { overdue: true });
    expect(overdueQueue.data.items.map((c: { _id: string }) => c._id)).toContain(id);
    expect(overdueQueue.data.items.find((c: { _id: string }) => c._id === id).overdue).toBe(true);

    const first = await scan();
    expect(first.data.overdue.escalated).toBeGreaterThanOrEqual(1);
    const atTown = (await call(MIGRANT, 'cases', 'get', { caseId: id })).data;
    expect(atTown).toMatchObject({
      nodeId: 't15',
      level: 'town',
      status: 'submitted',
      overdueCount: 1,
      overdue: false,
    });
    expect(atTown.timeline.at(-1)).toMatchObject({ action: 'escalate', role: 'system', actorName: '系统' });
    expect(cloud.outbox({ openid: TOWN }).some((m) => String((m as { page?: string }).page).includes(id))).toBe(true);

    // Scanning again the same day changes nothing.
    expect((await scan()).data.overdue.escalated).toBe(0);

    setClock(12);
    await scan();
    const atCity = (await call(MIGRANT, 'cases', 'get', { caseId: id })).data;
    expect(atCity).toMatchObject({ nodeId: 'city', level: 'city', overdueCount: 2 });
    expect(cloud.outbox({ openid: ADMIN }).some((m) => String((m as { page?: string }).page).includes(id))).toBe(true);

    // At the city there is no level above: the case stays flagged and the admin is reminded once a day.
    setClock(20);
    const aboutCase = () =>
      cloud.outbox({ openid: ADMIN }).filter((m) => String((m as { page?: string }).page).includes(id)).length;
    const before = aboutCase();
    await scan();
    await scan();
    expect(aboutCase()).toBe(before + 1);
    expect((await call(MIGRANT, 'cases', 'get', { caseId: id })).data).toMatchObject({
      nodeId: 'city',
      overdueCount: 2,
      overdue: true,
    });
    const flagged = await call(ADMIN, 'cases', 'queue', { overdue: true, limit: 100 });
    expect(flagged.data.items.map((c: { _id: string }) => c._id)).toContain(id);
    // The applicant's history replays to where the case is.
    const history = (await cloud.sdkApp().database().collection('case_history').where({ caseId: id }).get()).data;
    expect(history.map((h: { toNodeId: string }) => h.toNodeId)).toEqual(['t15-v01', 't15', 'city']);
  });

  it('reminds the staff of the node half a working day before a deadline, once per step', async () => {
    setClock(0);
    const submitted = await call(MIGRANT, 'cases', 'submit', { type: 'appeal', form: appeal });
    const id = submitted.data._id;
    const clockAt = (ms: number) => {
      process.env.UNION_CLOCK_OFFSET_MS = String(ms - Date.now());
    };
    const dueSoon = (openid: string) =>
      cloud
        .outbox({ openid })
        .filter((m) => String((m as { page?: string }).page).includes(id))
        .filter((m) => JSON.stringify((m as { data?: unknown }).data).includes('即将到期'));
    const HOUR = 3_600_000;
    const due = Date.parse(submitted.data.dueAt);

    // Thirteen hours before the deadline (before noon of the last day): too early.
    clockAt(due - 13 * HOUR);
    expect((await scan()).data.overdue.dueSoon).toBe(0);
    expect(dueSoon(COLLECTOR)).toHaveLength(0);

    // Eleven hours before: the collector of the case's node is reminded, once however often the scan runs.
    clockAt(due - 11 * HOUR);
    const reminded = await scan();
    expect(reminded.data.overdue.dueSoon).toBeGreaterThanOrEqual(1);
    await scan();
    expect(dueSoon(COLLECTOR)).toHaveLength(1);
    expect(dueSoon(COLLECTOR)[0]).toMatchObject({ templateId: expect.any(String) });
    expect(dueSoon(TOWN)).toHaveLength(0);
    expect(dueSoon(MIGRANT)).toHaveLength(0);
    // A reminder is not an escalation: the case stays where it is, not overdue.
    expect((await call(MIGRANT, 'cases', 'get', { caseId: id })).data).toMatchObject({
      nodeId: 't15-v01',
      overdue: false,
      overdueCount: 0,
      version: 1,
    });

    // The next step has its own deadline and its own reminder.
    const accepted = await callAs(cloud, COLLECTOR, 'cases', 'act', { caseId: id, action: 'accept', version: 1 });
    expect(accepted.data.status).toBe('handling');
    const nextDue = Date.parse(accepted.data.dueAt);
    expect(nextDue).toBeGreaterThan(due);
    clockAt(nextDue - 11 * HOUR);
    await scan();
    await scan();
    expect(dueSoon(COLLECTOR)).toHaveLength(2);
    setClock(0);
  });

  it('runs the scan only for the timer or the city administrator', async () => {
    const forged = (
      await cloud.callFunction('scheduler', { Type: 'Timer', TriggerName: 'overdueScan' }, { openid: MIGRANT })
    ).result as CallResult;
    expect(forged.code).toBe('FORBIDDEN');
    expect((await call(TOWN, 'scheduler', 'run', {})).code).toBe('FORBIDDEN');
    expect((await call(ADMIN, 'scheduler', 'run', { task: 'outbox' })).ok).toBe(true);
  });

  it('skips holidays the city administrator configures when computing deadlines', async () => {
    setClock(0);
    const cst = (offsetDays: number) =>
      new Date(Date.now() + 8 * 3600_000 + offsetDays * DAY).toISOString().slice(0, 10);
    expect((await call(TOWN, 'cases', 'setHoliday', { date: cst(1), kind: 'holiday', name: '测试假期' })).code).toBe(
      'FORBIDDEN',
    );
    for (let d = 1; d <= 10; d += 1) {
      expect((await call(ADMIN, 'cases', 'setHoliday', { date: cst(d), kind: 'holiday', name: '测试假期' })).ok).toBe(
        true,
      );
    }
    const asked = await call(MIGRANT, 'cases', 'submit', {
      type: 'consultation',
      form: { category: 'policy', question: '假期期间的咨询什么时候答复？' },
    });
    expect(new Date(asked.data.dueAt).getTime()).toBeGreaterThan(Date.now() + 10 * DAY);
    expect(
      (await call(ADMIN, 'cases', 'setHoliday', { date: '2026-13-45x', kind: 'holiday', name: '坏日期' })).field,
    ).toBe('date');
  });

  it('records a failed subscribe message as an incident without touching the case, and retries it', async () => {
    process.env.UNION_TPL_CASE_STATUS = 'not-a-console-template'; // misconfigured: WeChat answers 40037
    const submitted = await call(MIGRANT, 'cases', 'submit', { type: 'appeal', form: appeal });
    expect(submitted.ok).toBe(true);
    const id = submitted.data._id;
    expect(submitted.data).toMatchObject({ status: 'submitted', version: 1 });

    expect((await call(TOWN, 'cases', 'incidents', {})).code).toBe('FORBIDDEN');
    const incidents = await call(ADMIN, 'cases', 'incidents', {});
    const incident = incidents.data.items.find((i: { caseId: string }) => i.caseId === id);
    // An unknown template is not retried: one attempt, then an incident for the administrator.
    expect(incident).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('40037') });

    process.env.UNION_TPL_CASE_STATUS = '';
    const sentBefore = cloud
      .outbox({ openid: MIGRANT })
      .filter((m) => String((m as { page?: string }).page).includes(id)).length;
    const retried = await call(ADMIN, 'cases', 'retryIncident', { incidentId: incident._id });
    expect(retried.data).toMatchObject({ status: 'sent', attempts: 2 });
    expect(
      cloud.outbox({ openid: MIGRANT }).filter((m) => String((m as { page?: string }).page).includes(id)).length,
    ).toBe(sentBefore + 1);
    expect((await call(ADMIN, 'cases', 'retryIncident', { incidentId: incident._id })).code).toBe(
      'PRECONDITION_FAILED',
    );
  });
});
