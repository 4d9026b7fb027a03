/**
 * Hooks a case type declares (`domain/cases/type-hooks.ts`), through the deployed functions on the seeded local
 * cloud: a person's "my data" lists what each type holds about them (their appeal as they see it; no ids), every
 * count a type declares is a dashboard figure of the `stats` function (checked against the cases themselves), and a
 * deletion runs each declared erasure once although two aid types share it.
 */
import '../../domain/catalog-data';
import { caseTypes, findCaseType } from '../../domain/cases/registry';
import { PROGRAMMES } from '../../typings/aid';
import { dataHooksOf } from '../../domain/cases/type-hooks';
import { shownCounts } from '../../domain/stats/type-counts';
import type { Dashboard } from '../../typings/stats';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';

jest.setTimeout(120_000);

const WORKER = 'demo-migrant-1';

describe('hooks a case type declares', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it('lists in my data what each type holds about me, in words', async () => {
    const filed = await callAs(
      cloud,
      WORKER,
      'cases',
      'submit',
      {
        type: 'appeal',
        form: {
          category: 'wage_arrears',
          facts: '工地拖欠两个月工资，多次讨要未果。',
          employer: '示例建筑劳务公司',
          workCity: '深圳',
          contactPreference: 'phone',
          attachments: [],
        },
      },
      'hooks-test-submit',
    );
    expect(filed).toMatchObject({ ok: true });
    const mine = await callAs(cloud, WORKER, 'people', 'viewMyData', {});
    expect(mine.ok).toBe(true);
    const held = mine.data.held as { title: string; lines: { label: string; value: string }[] }[];
    const appeal = held.find((s) => s.lines.some((l) => l.value === '工地拖欠两个月工资，多次讨要未果。'));
    expect(appeal?.title).toBe('诉求 · 欠薪 · 示例建筑劳务公司');
    expect(appeal?.lines.map((l) => l.label)).toEqual(
      expect.arrayContaining(['提交时间', '当前状态', '事实经过', '用人单位']),
    );
    expect(appeal?.lines.find((l) => l.label === '当前状态')?.value).toBe('待受理');
    // Labelled values only: no case id, no openid, no field names.
    expect(JSON.stringify(held)).not.toContain(filed.data._id);
    expect(JSON.stringify(held)).not.toMatch(/openid|personId|wage_arrears|demo-migrant/);
  });

  it('shows every count a type declares on the dashboards, counted where the cases arose, as the stored cases say', async () => {
    await import('../../domain/stats/catalog');
    const declared = caseTypes().flatMap((d) => (d.counts ?? []).map((c) => `${d.type}.${c.key}`));
    expect(declared).toEqual(expect.arrayContaining(['appeal.received', 'student_aid.paid_amount']));
    // One mechanism: each declared count is a dashboard figure (none computed elsewhere, none left out).
    expect(declared.filter((k) => !shownCounts().has(k))).toEqual([]);

    const res = await callAs<Dashboard>(cloud, 'demo-town-t15', 'stats', 'dashboard', {});
    if (!res.ok) throw new Error(res.message);
    const figure = (key: string) =>
      res.data.sections.flatMap((sec) => sec.groups.flatMap((g) => g.figures)).find((f) => f.key === key);
    const db = cloud.sdkApp().database();
    const { data } = (await db.collection('cases').where({ type: 'appeal' }).limit(1000).get()) as {
      data: { status: string; originNodeId: string; townId: string | null }[];
    };
    // Scoped by where the case arose (its origin village or town), whichever node handles it now.
    const mine = data.filter((c) => c.originNodeId === 't15' || c.originNodeId.startsWith('t15-'));
    expect(mine.length).toBeGreaterThan(0);
    for (const c of findCaseType('appeal')!.counts!) {
      if (c.where) continue; // depends on the moment or the rating: compared with its list in stats-dashboard.test.ts
      const expected = mine.filter((x) => !c.states || c.states.includes(x.status)).length;
      expect({ key: c.key, value: figure(`appeals.${c.key}`)?.value }).toEqual({ key: c.key, value: expected });
    }
  });

  it('shares one erasure between the aid programmes (and one between joining and transfer), so a deletion runs it once', () => {
    const erasureOf = (types: readonly string[]) =>
      caseTypes()
        .filter((d) => types.includes(d.type))
        .map((d) => dataHooksOf(d).erasure);
    const aid = erasureOf(PROGRAMMES);
    expect(aid.length).toBeGreaterThanOrEqual(2);
    expect(aid.every(Boolean)).toBe(true);
    expect(new Set(aid).size).toBe(1);
    const membership = erasureOf(['member_join', 'member_transfer']);
    expect(membership).toHaveLength(2);
    expect(membership.every(Boolean)).toBe(true);
    expect(new Set(membership).size).toBe(1);
    // Every other type that erases has its own hook: the distinct hooks are what a deletion runs.
    expect(
      new Set(
        caseTypes()
          .map((d) => dataHooksOf(d).erasure)
          .filter(Boolean),
      ).size,
    ).toBeGreaterThan(2);
  });
});
