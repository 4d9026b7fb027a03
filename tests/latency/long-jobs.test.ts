/**
 * Long jobs at CloudBase's latency (the `latency` jest project): the local cloud adds 15 ms to every database
 * request and 150 ms to every open-API call, and the job budget is cut to 1.5 s (`UNION_JOB_BUDGET_MS`), so
 * the overdue scan and a notice publication must work in bounded chunks, stop inside their budget, save a
 * cursor and finish on later runs — each case handled exactly once.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import { aidCalls, hardshipForm, hardshipRoundConfig, OPINION, recordVisit } from '../support/aid';
import { fakeIdNumber, fakeName } from '../../scripts/seed/people';

jest.setTimeout(240_000);

const LATENCY = { databaseMs: 15, openapiMs: 150 };
const BUDGET_MS = 1500;
const DAY = 86_400_000;
const ADMIN = 'demo-admin';
const form = {
  category: 'wage_arrears',
  facts: '在深圳某工地务工，老板拖欠工资，多次讨要未果。',
  employer: '深圳示例建筑有限公司',
  workCity: '深圳',
  contactPreference: 'phone',
  amountOwedFen: 300_000,
};

describe('long jobs at CloudBase latency', () => {
  let cloud: TestCloud;
  const { rid, aid, db } = aidCalls(() => cloud, 'latency');

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    delete process.env.UNION_JOB_BUDGET_MS;
    await cloud?.close();
  });

  it('scans 40 overdue cases in budget-bounded runs that resume from the saved cursor, escalating each once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const r = await callAs(cloud, `demo-migrant-${(i % 20) + 1}`, 'cases', 'submit', { type: 'appeal', form }, rid());
      expect(r.ok).toBe(true);
      ids.push(r.data._id);
    }
    process.env.UNION_CLOCK_OFFSET_MS = String(5 * DAY);
    process.env.UNION_JOB_BUDGET_MS = String(BUDGET_MS);
    cloud.setLatency(LATENCY);
    const runs: Array<{ ms: number; scanned: number; complete: boolean }> = [];
    for (let i = 0; i < 20; i += 1) {
      const started = Date.now();
      const out = (await cloud.fireTimer('scheduler', 'overdueScan')) as CallResult;
      runs.push({ ms: Date.now() - started, scanned: out.data.overdue.scanned, complete: out.data.overdue.complete });
      if (out.data.overdue.complete) break;
    }
    cloud.setLatency({ databaseMs: 0, openapiMs: 0 });
    // More than one run was needed, each stopped near its budget (a chunk in flight finishes), and they add up.
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.at(-1)?.complete).toBe(true);
    for (const r of runs) expect(r.ms).toBeLessThan(BUDGET_MS * 6);
    expect(runs.reduce((n, r) => n + r.scanned, 0)).toBe(40);
    const job = (await db().collection('jobs').doc('overdue-scan').get()).data[0];
    expect(job).toMatchObject({ cursor: null, done: true });
    for (const id of ids) {
      const history = (await db().collection('case_history').where({ caseId: id }).get()).data as Array<{
        action: string;
      }>;
      expect([id, history.filter((h) => h.action === 'escalate').length]).toEqual([id, 1]);
    }
  });

  it('publishes a notice of 12 cases across calls: the admin call stops inside its budget, the timer finishes it', async () => {
    delete process.env.UNION_JOB_BUDGET_MS;
    process.env.UNION_CLOCK_OFFSET_MS = '0';
    const round = (await aid(ADMIN, 'saveRound', { status: 'open', config: hardshipRoundConfig() })).data.roundId;
    await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 });
    const caseIds: string[] = [];
    for (let n = 4; n <= 15; n += 1) {
      const p = {
        openid: `demo-migrant-${n}`,
        name: fakeName(n - 1),
        idNumber: fakeIdNumber(n - 1),
        villageId: 't15-v01',
        householdSize: 3,
      };
      const mobile = `138000001${String(n).padStart(2, '0')}`;
      const r = await aid(
        p.openid,
        'submit',
        hardshipForm(round, p, {
          applicant: { name: p.name, idNumber: p.idNumber, mobile, type: 'worker', villageId: 't15-v01' },
        }),
        rid(),
      );
      expect([n, r.ok, r.code, r.field, r.message]).toEqual([n, true, undefined, undefined, undefined]);
      // The village approves after the home visit it requires; every approval takes an opinion.
      const cases = (openid: string, action: string, input?: unknown) => callAs(cloud, openid, 'cases', action, input);
      const before = await cases('demo-collector-t15-v01', 'get', { caseId: r.data.caseId });
      await recordVisit(cases, 'demo-collector-t15-v01', r.data.caseId, before.data.version);
      for (const who of ['demo-collector-t15-v01', 'demo-town-t15', ADMIN]) {
        const c = await callAs(cloud, who, 'cases', 'get', { caseId: r.data.caseId });
        const act = await callAs(cloud, who, 'cases', 'act', {
          caseId: r.data.caseId,
          action: 'approve',
          version: c.data.version,
          ...OPINION,
        });
        expect(act.ok).toBe(true);
      }
      caseIds.push(r.data.caseId);
    }
    process.env.UNION_JOB_BUDGET_MS = '300';
    cloud.setLatency(LATENCY);
    const published = await aid(ADMIN, 'publishNotice', { roundId: round, caseIds });
    expect(published.ok).toBe(true);
    const noticeId = published.data.noticeId as string;
    const first = (await db().collection('notices').doc(noticeId).get()).data[0];
    expect(first.status).toBe('publishing');
    const job = (await db().collection('jobs').doc(`publish:${noticeId}`).get()).data[0];
    expect(job.processed).toBeGreaterThan(0);
    expect(job.processed).toBeLessThan(12);
    for (let i = 0; i < 20; i += 1) {
      await cloud.fireTimer('aid', 'noticeExpiry');
      if ((await db().collection('notices').doc(noticeId).get()).data[0].status === 'active') break;
    }
    cloud.setLatency({ databaseMs: 0, openapiMs: 0 });
    const live = (await db().collection('notices').doc(noticeId).get()).data[0];
    expect(live.status).toBe('active');
    expect([...live.caseIds].sort()).toEqual([...caseIds].sort());
    for (const id of caseIds) {
      const history = (await db().collection('case_history').where({ caseId: id }).get()).data as Array<{
        action: string;
      }>;
      expect([id, history.filter((h) => h.action === 'publish').length]).toEqual([id, 1]);
    }
  });
});
