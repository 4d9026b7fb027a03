/**
 * Hooks a case type declares (`domain/cases/type-hooks.ts`), through the deployed functions on the seeded local
 * cloud: a person's "my data" lists what each type holds about them (their appeal as they see it; no ids), the
 * dashboards' figures are counts of the declared states in a scope (checked against the cases themselves), and a
 * deletion runs each declared erasure once although two aid types share it.
 */
import '../../domain/catalog-data';
import { caseTypes, findCaseType } from '../../domain/cases/registry';
import { allFigures, dataHooksOf, figuresOf } from '../../domain/cases/type-hooks';
import type { HandlerContext, Database } from '../../domain/runtime/context';
import { createLogger } from '../../domain/runtime/log';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';

jest.setTimeout(120_000);

const WORKER = 'demo-migrant-1';

describe('hooks a case type declares', () => {
  let cloud: TestCloud;
  const ctx = (): HandlerContext => {
    const wx = cloud.wxServer();
    return {
      cloud: wx,
      db: wx.database() as unknown as Database,
      identity: { openid: '', appid: '', unionid: '', clientIp: '', source: 'timer', timer: true },
      functionName: 'cases',
      requestId: `hooks-${Math.random()}`,
      now: () => new Date(),
      log: createLogger('hooks-test'),
    };
  };

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

  it('computes the declared figures as counts of the declared states in a scope', async () => {
    const appeal = findCaseType('appeal');
    const figures = await figuresOf(ctx(), appeal!, { townId: 't15' });
    const db = cloud.sdkApp().database();
    const _ = db.command;
    const count = async (states?: string[]) =>
      (
        await db
          .collection('cases')
          .where({ type: 'appeal', townId: 't15', ...(states ? { status: _.in(states) } : {}) })
          .count()
      ).total;
    expect(figures.find((f) => f.key === 'filed')).toMatchObject({ label: '诉求件数', value: await count() });
    expect(figures.find((f) => f.key === 'in_progress')?.value).toBe(
      await count(['submitted', 'handling', 'info_requested', 'replied']),
    );
    expect((await count()) > 0).toBe(true);
    const everywhere = await allFigures(ctx());
    expect(new Set(everywhere.map((f) => f.type))).toEqual(
      new Set(
        caseTypes()
          .filter((d) => d.counts?.length)
          .map((d) => d.type),
      ),
    );
    const paidAmount = everywhere.find((f) => f.type === 'student_aid' && f.key === 'paid_amount');
    expect(paidAmount?.format).toBe('money');
  });

  it('shares one erasure between the aid programmes, so a deletion runs it once', () => {
    const hooks = caseTypes()
      .map((d) => dataHooksOf(d).erasure)
      .filter(Boolean);
    expect(hooks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(hooks).size).toBe(1);
  });
});
