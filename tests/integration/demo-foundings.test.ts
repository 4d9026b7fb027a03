/**
 * `npm start`'s demo has a founding (建会申报) at every step of `union_founding` (`scripts/seed/founding.ts`),
 * driven through the real functions: each case's history replays, step by step through the declaration, to the
 * state it is in, with a deadline where the step has a limit; town staff and the city see them on the 建会申报 board
 * and in their queues; the contact sees their own; the dashboards' 建会申请 tab counts them (one mechanism).
 */
import { seedRegistry } from '../../scripts/seed/registry';
import {
  DEMO_FOUNDINGS,
  DEMO_FOUNDING_STEPS,
  FOUNDING_CONTACT,
  FOUNDING_RECRUIT,
  seedFoundings,
} from '../../scripts/seed/founding';
import { foundingCaseType } from '../../domain/founding/types';
import type { CaseDoc, HistoryDoc } from '../../domain/cases/store';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import type { TestCloud } from '../support/cloud';

jest.setTimeout(600_000);

const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';

describe('demo foundings', () => {
  let cloud: TestCloud;
  let cases: CaseDoc[] = [];
  const call = (openid: string, fn: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, fn, action, input);
  const all = async <T>(name: string, where: object): Promise<T[]> =>
    (await cloud.sdkApp().database().collection(name).where(where).limit(1000).get()).data as T[];

  beforeAll(async () => {
    cloud = await startSeededCloud();
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
    const out = await seedFoundings(cloud.sdkApp(), cloud.devKeys);
    expect(out.foundings).toBe(DEMO_FOUNDINGS.length);
    cases = await all<CaseDoc>('cases', { type: 'union_founding' });
  });
  afterAll(async () => cloud?.close());

  it('has a founding at every step of the type, in several towns, marked as demo', () => {
    const declared = Object.keys(foundingCaseType.states).sort();
    expect([...DEMO_FOUNDING_STEPS].sort()).toEqual(declared);
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(declared));
    expect(new Set(cases.map((c) => c.nodeId)).size).toBeGreaterThanOrEqual(5);
    for (const c of cases) {
      const form = c.form as { unitName: string; reason: string };
      expect(form.unitName).toMatch(/示例/);
      expect(form.reason).toMatch(/演示数据/);
    }
  });

  it('replays each case’s history through the declaration to its state, with a deadline where the step has one', async () => {
    for (const c of cases) {
      const history = (await all<HistoryDoc>('case_history', { caseId: c._id })).sort((a, b) => a.seq - b.seq);
      expect(history[0]).toMatchObject({ seq: 1, action: 'submit', to: foundingCaseType.initialState });
      let state = foundingCaseType.initialState as string;
      let at = 0;
      for (const h of history.slice(1)) {
        expect(h.from).toBe(state);
        const decl = foundingCaseType.states[state as keyof typeof foundingCaseType.states];
        const action = (decl.actions as Record<string, { to: unknown }>)[h.action];
        expect(action).toBeDefined();
        const to = typeof action.to === 'function' ? (action.to as (x: CaseDoc) => string)(c) : action.to;
        expect(h.to).toBe(to);
        expect(new Date(h.at).getTime()).toBeGreaterThanOrEqual(at);
        at = new Date(h.at).getTime();
        state = h.to as string;
      }
      expect(state).toBe(c.status);
      expect(c.version).toBe(history.length);
      expect(at).toBeLessThanOrEqual(Date.now());
      const limit = (
        foundingCaseType.states[c.status as keyof typeof foundingCaseType.states] as { timeLimitDays?: number }
      ).timeLimitDays;
      if (limit) expect(c.dueAt).not.toBeNull();
      else expect(c.dueAt).toBeNull();
    }
  });

  it('puts the founded unions in the registry and counts their recruits', async () => {
    const registered = cases.filter((c) => ['legal_person', 'certified'].includes(c.status));
    for (const c of registered) {
      const [union] = await all<{ _id: string; memberCount: number; approval: { caseId: string } }>('unions', {
        _id: `founding-${c._id}`,
      });
      expect(union).toMatchObject({ approval: { caseId: c._id } });
      expect(union.memberCount).toBe((c.data as { members: number }).members);
      // the recruits joined through the membership flow: 预备会员 of the unit, moved into the new union
      const members = await all<{ status: string; history: { kind: string }[] }>('members', { unionId: union._id });
      expect(members).toHaveLength(union.memberCount);
      for (const m of members)
        expect([m.status, m.history.map((e) => e.kind)]).toEqual(['member', ['pending', 'moved']]);
    }
    const certified = cases.find((c) => c.status === 'certified')!;
    const reminders = await all<{ _id: string }>('founding_reminders', { caseId: certified._id });
    expect(reminders.map((r) => r._id).some((id) => id.includes(':cert:'))).toBe(true);
  });

  it('shows them to town staff and the city on the board and in their queues, and to the contact', async () => {
    const town = await call(TOWN, 'founding', 'board', {});
    expect(town.ok).toBe(true);
    const inTown = cases.filter((c) => c.nodeId === 't15');
    const open = inTown.filter((c) => c.open).length;
    expect(town.data.open).toBe(open);
    expect(town.data.foundedOnline).toBe(2);
    const byState = Object.fromEntries(
      (town.data.steps as { state: string; count: number }[]).map((s) => [s.state, s.count]),
    );
    expect(byState).toMatchObject({ town_review: 1, recruiting: 1, registering: 1, notice: 1 });
    const city = await call(ADMIN, 'founding', 'board', {});
    expect(city.data.open).toBe(cases.filter((c) => c.open).length);
    expect(city.data.overdue).toBeGreaterThanOrEqual(1);

    const queue = await call(TOWN, 'cases', 'queue', { type: 'union_founding', limit: 100 });
    expect(queue.ok).toBe(true);
    const statuses = (queue.data.items as { status: string }[]).map((i) => i.status);
    expect(statuses).toEqual(
      expect.arrayContaining(['town_review', 'candidates_review', 'result_review', 'registering', 'city_review']),
    );
    const cityQueue = await call(ADMIN, 'cases', 'queue', { type: 'union_founding', limit: 100 });
    expect((cityQueue.data.items as { status: string }[]).map((i) => i.status)).toContain('city_review');

    const mine = await call(FOUNDING_CONTACT, 'cases', 'mine', { type: 'union_founding' });
    expect(mine.data.items).toHaveLength(1);
    expect(mine.data.items[0]).toMatchObject({ status: 'recruiting' });
    const link = await call(FOUNDING_CONTACT, 'founding', 'joinLink', { caseId: mine.data.items[0]._id });
    expect(link.data.recruits).toBe(2);
    // the worker who joined through it follows their 入会申请, which waits in the town's queue
    const applied = await call(FOUNDING_RECRUIT, 'cases', 'mine', {});
    expect(applied.data.items).toEqual([expect.objectContaining({ type: 'member_join', status: 'review' })]);
    const joins = await call(TOWN, 'cases', 'queue', { type: 'member_join', limit: 100 });
    expect((joins.data.items as { _id: string }[]).map((i) => i._id)).toContain(applied.data.items[0]._id);
  });

  it('counts them on the dashboards’ 建会申请 tab, the city all of them and the town its own', async () => {
    type Section = { key: string; groups: { figures: { key: string; value: number }[] }[] };
    const figures = async (openid: string) => {
      const dash = await call(openid, 'stats', 'dashboard', {});
      expect(dash.ok).toBe(true);
      const section = (dash.data.sections as Section[]).find((s) => s.key === 'founding')!;
      const all = section.groups.flatMap((g) => g.figures);
      return (key: string) => all.find((f) => f.key === `founding.${key}`)!.value;
    };
    for (const [openid, scoped] of [
      [ADMIN, cases],
      [TOWN, cases.filter((c) => c.nodeId === 't15')],
    ] as const) {
      const fig = await figures(openid);
      expect(fig('received')).toBe(scoped.length);
      expect(fig('founded_online')).toBe(scoped.filter((c) => ['legal_person', 'certified'].includes(c.status)).length);
      for (const [key, stage] of Object.entries(foundingCaseType.stages!)) {
        const n = scoped.filter((c) => (stage.states as readonly string[]).includes(c.status)).length;
        expect({ key, n: fig(`step_${key}`) }).toEqual({ key, n });
      }
    }
  });
});
