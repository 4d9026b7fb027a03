/**
 * A declaration's side-effect hook that keeps failing: the transition is committed once and whole,
 * the hook is tried three times, then it becomes an incident the city administrator retries until it
 * succeeds — the case never changes again. The engine runs in this process (a test-only case type
 * whose hook fails on demand) with a real wx-server-sdk against the local cloud; the deployed `cases`
 * function lists the incident and refuses to "retry" a hook it does not know.
 */
import { registerCaseType } from '../../domain/cases/registry';
import { actOnCase, submitCase, HOOK_ATTEMPTS } from '../../domain/cases/service';
import { casesHandlers } from '../../domain/cases/handlers';
import type { CaseTypeDeclaration, TransitionEvent } from '../../domain/cases/declaration';
import type { HandlerContext, Database } from '../../domain/runtime/context';
import { createLogger } from '../../domain/runtime/log';
import { loadActor } from '../../domain/people/actor';
import { AppError } from '../../domain/runtime/errors';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import { z } from 'zod';

jest.setTimeout(120_000);

const APPLICANT = 'hook-test-applicant';
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';

/** The probe's hook: fails while `failuresLeft` > 0, else records its one effect per transition. */
const probe = { failuresLeft: 0, calls: 0, effects: [] as TransitionEvent[] };

const hookProbe: CaseTypeDeclaration<{ note: string }> = {
  type: 'hook_probe',
  title: '测试事项',
  formSchema: z.object({ note: z.string() }).strict(),
  categories: [{ value: 'probe', label: '测试' }],
  category: () => ({ value: 'probe', label: '测试' }),
  headline: () => '测试事项',
  display: { note: { label: '说明' } },
  texts: () => [],
  route: () => ({ nodeId: 't15-v01' }),
  initialState: 'waiting',
  states: {
    waiting: {
      label: '待受理',
      timeLimitDays: 3,
      actions: { accept: { by: ['village_collector'], to: 'accepted' } },
    },
    accepted: { label: '已受理', terminal: true, actions: {} },
  },
  async onTransition(event) {
    if (event.action !== 'accept') return;
    probe.calls += 1;
    if (probe.failuresLeft > 0) {
      probe.failuresLeft -= 1;
      throw new Error('payment file service unavailable');
    }
    if (!probe.effects.some((e) => e.caseId === event.caseId && e.seq === event.seq)) probe.effects.push(event);
  },
};
registerCaseType(hookProbe);

describe('a failing side-effect hook becomes an incident the administrator retries', () => {
  let cloud: TestCloud;
  let n = 0;
  const ctxAs = (openid: string): HandlerContext => {
    const wx = cloud.wxServer();
    return {
      cloud: wx,
      db: wx.database() as unknown as Database,
      identity: { openid, appid: 'wx-test', unionid: '', clientIp: '127.0.0.1', source: 'wx_client', timer: false },
      functionName: 'cases',
      requestId: `hook-${Date.now()}-${(n += 1)}`,
      now: () => new Date(),
      log: createLogger('cases-hook-test'),
    };
  };
  const db = () => cloud.sdkApp().database();
  const caseDoc = async (id: string) => (await db().collection('cases').doc(id).get()).data[0];
  const historyOf = async (id: string) =>
    (await db().collection('case_history').where({ caseId: id }).get()).data as { seq: number; action: string }[];
  const hookIncidents = async (id: string) =>
    (await db().collection('notifications').where({ caseId: id, kind: 'hook' }).get()).data as {
      _id: string;
      status: string;
      attempts: number;
      lastError: string;
      event: TransitionEvent;
    }[];

  const submitProbe = async () => {
    const ctx = ctxAs(APPLICANT);
    const actor = { openid: APPLICANT, personId: 'hook-person', staff: null };
    return submitCase(ctx, actor, { personId: 'hook-person', openid: APPLICANT, maskedName: '测*' }, 'hook_probe', {
      note: 'x',
    });
  };
  const accept = async (caseId: string) => {
    const ctx = ctxAs(COLLECTOR);
    return actOnCase(ctx, await loadActor(ctx), { caseId, action: 'accept', version: 1 });
  };

  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());
  beforeEach(() => {
    probe.failuresLeft = 0;
    probe.calls = 0;
    probe.effects = [];
  });

  it('rides out a transient failure within its retries: no incident, one effect', async () => {
    const id = await submitProbe();
    probe.failuresLeft = HOOK_ATTEMPTS - 1;
    await accept(id);
    expect(probe.calls).toBe(HOOK_ATTEMPTS);
    expect(probe.effects.map((e) => [e.caseId, e.action, e.seq])).toEqual([[id, 'accept', 2]]);
    expect(await hookIncidents(id)).toEqual([]);
  });

  it('records an incident after the retries, leaves the case whole, and the admin retry succeeds once', async () => {
    const id = await submitProbe();
    probe.failuresLeft = 100;
    const plan = await accept(id);
    expect(plan).toMatchObject({ from: 'waiting', to: 'accepted' });
    expect(probe.calls).toBe(HOOK_ATTEMPTS);
    expect(probe.effects).toEqual([]);

    // The transition committed exactly once and whole: state, version, one history entry per step.
    const committed = await caseDoc(id);
    expect(committed).toMatchObject({ status: 'accepted', version: 2, open: false });
    expect((await historyOf(id)).map((h) => [h.seq, h.action]).sort()).toEqual([
      [1, 'submit'],
      [2, 'accept'],
    ]);
    const [incident] = await hookIncidents(id);
    expect(incident).toMatchObject({
      status: 'failed',
      attempts: HOOK_ATTEMPTS,
      event: { caseId: id, type: 'hook_probe', action: 'accept', from: 'waiting', to: 'accepted', seq: 2 },
    });
    expect(incident.lastError).toBe('hook hook_probe.accept failed'); // no error text, no personal data

    // The administrator sees it through the deployed function, among the other incidents.
    const listed = (await callAs(cloud, ADMIN, 'cases', 'incidents', {})) as CallResult;
    expect(listed.data.items).toContainEqual(
      expect.objectContaining({ _id: incident._id, kind: 'hook', caseId: id, status: 'failed' }),
    );
    // The deployed function does not know this type: its retry must not pretend the hook ran.
    const blind = (await callAs(cloud, ADMIN, 'cases', 'retryIncident', { incidentId: incident._id })) as CallResult;
    expect(blind.data).toMatchObject({ status: 'failed', attempts: HOOK_ATTEMPTS + 1 });
    expect(blind.data.lastError).toContain('not available');

    // Only the city administrator may retry.
    await expect(casesHandlers.retryIncident({ incidentId: incident._id }, ctxAs(TOWN))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // A retry while the hook still fails stays an incident; the next one succeeds.
    probe.failuresLeft = 1;
    const stillFailing = await casesHandlers.retryIncident({ incidentId: incident._id }, ctxAs(ADMIN));
    expect(stillFailing).toMatchObject({ status: 'failed', attempts: HOOK_ATTEMPTS + 2 });
    expect(probe.effects).toEqual([]);
    const retried = await casesHandlers.retryIncident({ incidentId: incident._id }, ctxAs(ADMIN));
    expect(retried).toMatchObject({ status: 'sent', attempts: HOOK_ATTEMPTS + 3, lastError: '' });
    expect(probe.effects.map((e) => [e.caseId, e.action, e.seq])).toEqual([[id, 'accept', 2]]);
    const again = casesHandlers.retryIncident({ incidentId: incident._id }, ctxAs(ADMIN));
    await expect(again).rejects.toBeInstanceOf(AppError);
    await expect(again).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });

    // The case never moved again; the incident list no longer shows it; the retry is audited.
    expect(await caseDoc(id)).toMatchObject({ status: 'accepted', version: 2 });
    expect(await historyOf(id)).toHaveLength(2);
    const after = (await callAs(cloud, ADMIN, 'cases', 'incidents', {})) as CallResult;
    expect(after.data.items.map((i: { _id: string }) => i._id)).not.toContain(incident._id);
    const audits = (await db().collection('audit_log').where({ targetId: incident._id }).get()).data;
    // Three retries were made (the deployed function's, the failing one, the successful one).
    expect(audits.map((a: { action: string }) => a.action)).toEqual(Array(3).fill('incident.retry'));
  });

  it('runs the hook once when two administrators retry the same incident at once', async () => {
    const id = await submitProbe();
    probe.failuresLeft = HOOK_ATTEMPTS;
    await accept(id);
    const [incident] = await hookIncidents(id);
    probe.calls = 0;
    const results = await Promise.allSettled([
      casesHandlers.retryIncident({ incidentId: incident._id }, ctxAs(ADMIN)),
      casesHandlers.retryIncident({ incidentId: incident._id }, ctxAs(ADMIN)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(probe.calls).toBe(1);
    expect(probe.effects).toHaveLength(1);
  });
});
