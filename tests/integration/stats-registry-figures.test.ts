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
import type { Dashboard, DashboardSection, Figure, StatsExport } from '../../typings/stats';

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

  it('refuses another town, and a registry figure has no case list behind it', async () => {
    const other = await callAs(cloud, 'demo-town-t15', 'stats', 'section', { section: 'registry', nodeId: 't01' });
    expect(other).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const list = await callAs(cloud, 'demo-admin', 'stats', 'list', { figure: 'registry.units' });
    expect(list).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const dash = await callAs<Dashboard>(cloud, 'demo-admin', 'stats', 'dashboard', {});
    if (!dash.ok) throw new Error(dash.message);
    const registry = dash.data.sections.find((x) => x.key === 'registry')!;
    expect(registry.groups.flatMap((g) => g.figures).every((f) => !f.hasList)).toBe(true);
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
