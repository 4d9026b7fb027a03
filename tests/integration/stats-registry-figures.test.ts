/**
 * 组织建设 on the dashboards, through the `stats` function on the demo registry: units, unions, members, 建会率 and
 * 入会率 with their definitions, each equal to what the stored units and unions say for the city, a town and a
 * village (records sit at their town and village); the ranking of the towns adds up to the city; the yearly
 * statistics count the registry as it stood at the period's end.
 */
import ExcelJS from 'exceljs';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { seedRegistry } from '../../scripts/seed/registry';
import type { Dashboard, DashboardSection, Figure, FigureList, StatsExport } from '../../typings/stats';

jest.setTimeout(180_000);

interface Unit {
  townId: string;
  villageId: string | null;
  employees: number;
  unionId: string | null;
}
interface Union {
  townId: string;
  villageId: string | null;
  memberCount: number;
}

let cloud: TestCloud;
let units: Unit[];
let unions: Union[];

async function all<T>(name: string): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = (await cloud.sdkApp().database().collection(name).skip(skip).limit(1000).get()) as { data: T[] };
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

beforeAll(async () => {
  cloud = await startSeededCloud();
  await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
  units = await all<Unit>('units');
  unions = await all<Union>('unions');
});
afterAll(async () => cloud?.close());

async function section(openid: string, nodeId?: string): Promise<DashboardSection> {
  const res = await callAs<DashboardSection>(cloud, openid, 'stats', 'section', {
    section: 'registry',
    ...(nodeId ? { nodeId } : {}),
  });
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}
const figure = (s: DashboardSection, key: string): Figure =>
  s.groups.flatMap((g) => g.figures).find((f) => f.key === `registry.${key}`)!;

/** The figures as computed here from the stored records of a place. */
function expected(at: (r: { townId: string; villageId: string | null }) => boolean) {
  const u = units.filter(at);
  const should = u.filter((x) => x.employees >= 25);
  const shouldCovered = should.filter((x) => x.unionId);
  const covered = u.filter((x) => x.unionId);
  const members = unions.filter(at).reduce((n, x) => n + x.memberCount, 0);
  const workers = covered.reduce((n, x) => n + x.employees, 0);
  const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : null);
  return {
    units: u.length,
    units_should: should.length,
    units_should_covered: shouldCovered.length,
    founding_rate: pct(shouldCovered.length, should.length),
    units_covered: covered.length,
    unions: unions.filter(at).length,
    members,
    workers_covered: workers,
    membership_rate: pct(members, workers),
  };
}

describe('组织建设 figures', () => {
  it.each([
    ['the city', 'demo-admin', undefined, () => true],
    ['a town', 'demo-town-t15', undefined, (r: { townId: string }) => r.townId === 't15'],
    ['a village', 'demo-admin', 't15-v01', (r: { villageId: string | null }) => r.villageId === 't15-v01'],
  ])('%s: every figure equals the stored units and unions', async (_name, openid, nodeId, at) => {
    const s = await section(openid, nodeId);
    const want = expected(at);
    const got = Object.fromEntries(Object.keys(want).map((k) => [k, figure(s, k).value]));
    expect(got).toEqual(want);
    if (!nodeId) expect(want.units).toBeGreaterThan(0);
  });

  it('states the definitions of 建会率 and 入会率 and shows them as percentages', async () => {
    const s = await section('demo-admin');
    expect(figure(s, 'founding_rate')).toMatchObject({
      label: '建会率',
      unit: 'percent',
      hint: expect.stringMatching(/应建会单位中已建会（含联合工会覆盖）÷ 应建会单位（职工25人以上）/),
    });
    expect(figure(s, 'membership_rate')).toMatchObject({ label: '入会率', hint: '会员 ÷ 已建会单位职工' });
    expect(figure(s, 'founding_rate').text).toMatch(/^\d+(\.\d)?%$|^—$/);
  });

  it('ranks the towns; their counts add up to the city, the unit at the town itself included', async () => {
    const city = await section('demo-admin');
    expect(city.ranking?.rows.length).toBeGreaterThanOrEqual(16);
    const sum = city.ranking!.rows.reduce((n, r) => n + (r.values.units_should ?? 0), 0);
    expect(sum).toBe(figure(city, 'units_should').value);
    const town = await section('demo-town-t15');
    const villages = town.ranking!.rows.reduce((n, r) => n + (r.values.units_should ?? 0), 0);
    expect(villages).toBe(figure(town, 'units_should').value);
  });

  it.each([
    ['the city', 'demo-admin', 'city'],
    ['a town', 'demo-town-t15', 't15'],
    ['a village', 'demo-collector-t15-v01', 't15-v01'],
  ])(
    '%s: every count and sum opens the units or unions behind it, and they add up to it',
    async (_n, openid, nodeId) => {
      const dash = await callAs<Dashboard>(cloud, openid, 'stats', 'dashboard', {});
      if (!dash.ok) throw new Error(dash.message);
      expect(dash.data.node._id).toBe(nodeId);
      const registry = dash.data.sections.find((x) => x.key === 'registry')!;
      const all = registry.groups.flatMap((g) => g.figures);
      // Counts and sums open their records; rates (a quotient) have none.
      expect(all.filter((f) => f.hasList).map((f) => f.key.slice(9))).toEqual([
        'units',
        'units_should',
        'units_should_covered',
        'units_covered',
        'unions',
        'members',
        'workers_covered',
      ]);
      for (const f of all.filter((x) => x.hasList)) {
        const ids: string[] = [];
        let sum = 0;
        let summed = false;
        let total = -1;
        let cursor: string | undefined;
        for (let page = 0; page < 100; page += 1) {
          const res = await callAs<FigureList>(cloud, openid, 'stats', 'list', {
            figure: f.key,
            limit: 50,
            ...(cursor ? { cursor } : {}),
          });
          if (!res.ok) throw new Error(`${f.key}: ${res.code} ${res.message}`);
          expect(res.data.figure.text).toBe(f.text);
          expect(res.data.items).toEqual([]);
          total = res.data.total;
          for (const r of res.data.records) {
            ids.push(r._id);
            sum += r.value ?? 0;
            summed ||= r.value !== null;
            expect(r.url).toMatch(/^\/staff\/pages\/(unit|union)\/index\?id=/);
            // Nothing personal: no phone number, no officer.
            expect(JSON.stringify(r)).not.toMatch(/1\d{10}|主席|联系人/);
          }
          if (!res.data.nextCursor) break;
          cursor = res.data.nextCursor;
        }
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBe(total);
        // A count lists as many records as it says; a sum (会员, 已建会单位职工) lists what it adds up.
        if (summed) expect({ key: f.key, sum }).toEqual({ key: f.key, sum: f.value });
        else expect({ key: f.key, listed: ids.length }).toEqual({ key: f.key, listed: f.value });
      }
    },
  );

  it('shows a unit plainly: its name, kind, size, where, and whether it has a union', async () => {
    const res = await callAs<FigureList>(cloud, 'demo-town-t15', 'stats', 'list', { figure: 'registry.units' });
    if (!res.ok) throw new Error(res.message);
    const r = res.data.records[0];
    expect(r.title.length).toBeGreaterThan(1);
    expect(r.summary).toMatch(/职工\d+人.*(已建会|未建会)/);
    expect(r.place).toMatch(/^万家乡/);
    expect(r.valueText).toBe('');
  });

  it('refuses another town, a village asking for its town or the city, and a rate as a list', async () => {
    const other = await callAs(cloud, 'demo-town-t15', 'stats', 'section', { section: 'registry', nodeId: 't01' });
    expect(other).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    for (const [openid, nodeId] of [
      ['demo-town-t15', 't01'],
      ['demo-town-t15', 't01-v01'],
      ['demo-town-t15', 'city'],
      ['demo-collector-t15-v01', 't15'],
      ['demo-collector-t15-v01', 'city'],
      ['demo-collector-t15-v01', 't15-v02'],
      ['demo-migrant-1', 't15-v01'],
    ])
      expect(await callAs(cloud, openid, 'stats', 'list', { figure: 'registry.members', nodeId })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    for (const figureKey of ['registry.founding_rate', 'registry.membership_rate', 'registry.nothing'])
      expect(await callAs(cloud, 'demo-admin', 'stats', 'list', { figure: figureKey })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        field: 'figure',
      });
    // A cursor from another town's list gives nothing of it: the scope stays the caller's.
    const mine = await callAs<FigureList>(cloud, 'demo-town-t15', 'stats', 'list', {
      figure: 'registry.unions',
      cursor: 'zzzzzzzz',
    });
    if (!mine.ok) throw new Error(mine.message);
    expect(mine.data.records.every((r) => r.place.startsWith('万家乡'))).toBe(true);
  });

  it('the yearly statistics carry the registry as it stood on 30 September', async () => {
    const res = await callAs<StatsExport>(cloud, 'demo-town-t15', 'stats', 'export', { kind: 'yearly' });
    if (!res.ok) throw new Error(res.message);
    const body = Buffer.from(await (await fetch(res.data.url)).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('组织建设');
    expect(ws).toBeDefined();
    const header = (ws!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['单位', '应建会单位', '工会组织', '会员']));
  });
});
