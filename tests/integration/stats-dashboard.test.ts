/**
 * The dashboards through the `stats` function on the demo data: every count figure equals the total of its list
 * (and the list's pages hold exactly that many cases), key figures equal a count made here from the stored cases,
 * a transition moves the figures, and scope holds — a town never sees another town, a village never the city.
 */
import ExcelJS from 'exceljs';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { seedCases } from '../../scripts/seed/cases';
import { seedAid } from '../../scripts/seed/aid';
import { backfillCreatedMonth } from '../../scripts/migrate/case-created-month';
import type { Dashboard, DashboardSection, Figure, FigureList } from '../../typings/stats';

jest.setTimeout(180_000);

interface StoredCase {
  _id: string;
  type: string;
  status: string;
  originNodeId: string;
  version: number;
  rating: { satisfied: boolean } | null;
  firstResponseMs?: number;
  createdAt: Date;
}

let cloud: TestCloud;
let stored: StoredCase[];

beforeAll(async () => {
  cloud = await startSeededCloud();
  await seedCases(cloud.sdkApp());
  await seedAid(cloud.sdkApp(), cloud.devKeys);
  stored = await allCases();
});
afterAll(async () => cloud?.close());

async function allCases(): Promise<StoredCase[]> {
  const out: StoredCase[] = [];
  const coll = cloud.sdkApp().database().collection('cases');
  for (let skip = 0; ; skip += 1000) {
    const { data } = (await coll.skip(skip).limit(1000).get()) as { data: StoredCase[] };
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

async function dashboard(openid: string, nodeId?: string): Promise<Dashboard> {
  const res = await callAs<Dashboard>(cloud, openid, 'stats', 'dashboard', nodeId ? { nodeId } : {});
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}

const figures = (d: Dashboard): Figure[] => d.sections.flatMap((s) => s.groups.flatMap((g) => g.figures));
const figure = (d: Dashboard, key: string) => figures(d).find((f) => f.key === key)!;

async function listAll(openid: string, nodeId: string, key: string): Promise<{ total: number; ids: string[] }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let total = -1;
  for (let page = 0; page < 50; page += 1) {
    const res = await callAs<FigureList>(cloud, openid, 'stats', 'list', {
      nodeId,
      figure: key,
      limit: 50,
      ...(cursor ? { cursor } : {}),
    });
    if (!res.ok) throw new Error(`${key}: ${res.code} ${res.message}`);
    total = res.data.total;
    ids.push(...res.data.items.map((i) => i._id));
    if (!res.data.nextCursor) break;
    cursor = res.data.nextCursor;
  }
  return { total, ids };
}

const inTown = (town: string) => (c: StoredCase) => c.originNodeId === town || c.originNodeId.startsWith(`${town}-`);

describe('dashboards agree with their lists and the stored cases', () => {
  it.each([
    ['the city', 'demo-admin', 'city'],
    ['a town', 'demo-town-t15', 't15'],
    ['a village', 'demo-collector-t15-v01', 't15-v01'],
  ])('every count figure of %s equals its list, page by page', async (_who, openid, nodeId) => {
    const d = await dashboard(openid);
    expect(d.node._id).toBe(nodeId);
    const counted = figures(d).filter((f) => f.hasList);
    expect(counted.length).toBeGreaterThan(20);
    for (const f of counted) {
      const { total, ids } = await listAll(openid, nodeId, f.key);
      expect({ key: f.key, total, listed: ids.length, unique: new Set(ids).size }).toEqual({
        key: f.key,
        total: f.value,
        listed: f.value,
        unique: f.value,
      });
    }
  });

  it('counts what is stored: appeals and consultations of the city and of 万家乡', async () => {
    const city = await dashboard('demo-admin');
    const town = await dashboard('demo-town-t15');
    const appeals = stored.filter((c) => c.type === 'appeal');
    const consultations = stored.filter((c) => c.type === 'consultation');
    expect(appeals.length).toBeGreaterThan(0);
    expect(figure(city, 'appeals.received').value).toBe(appeals.length);
    expect(figure(city, 'consultations.received').value).toBe(consultations.length);
    expect(figure(town, 'appeals.received').value).toBe(appeals.filter(inTown('t15')).length);
    const closed = appeals.filter((c) => ['closed', 'rated'].includes(c.status));
    expect(figure(city, 'appeals.closed').value).toBe(closed.length);
    const rated = appeals.filter((c) => c.rating);
    const satisfied = rated.filter((c) => c.rating!.satisfied).length;
    expect(figure(city, 'appeals.satisfaction').value).toBe(
      rated.length ? Math.round((1000 * satisfied) / rated.length) / 10 : null,
    );
    const answered = consultations.filter((c) => typeof c.firstResponseMs === 'number');
    expect(answered.length).toBeGreaterThan(0);
    const avgHours = answered.reduce((s, c) => s + c.firstResponseMs!, 0) / answered.length / 3600_000;
    expect(figure(city, 'consultations.response_hours').value).toBeCloseTo(avgHours, 6);
    // The city's ranking of towns adds up to the city's own figure.
    expect(city.sections.find((s) => s.key === 'appeals')).toMatchObject({ hasDetail: true, ranking: null });
    const res = await callAs<DashboardSection>(cloud, 'demo-admin', 'stats', 'section', { section: 'appeals' });
    if (!res.ok) throw new Error(res.message);
    const ranking = res.data.ranking!;
    expect(ranking.rows.filter((r) => /^t\d\d$/.test(r.nodeId))).toHaveLength(16);
    expect(ranking.rows.reduce((s, r) => s + (r.values.received ?? 0), 0)).toBe(appeals.length);
    // Twelve months of trend, the current month last, adding up to this year's cases at most.
    const trend = res.data.trends[0];
    expect(trend.months).toHaveLength(12);
    expect(trend.months.every((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m))).toBe(true);
    expect(trend.values.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(appeals.length);
  });

  it('counts each month of a trend exactly (China month of filing), for the city and a town', async () => {
    const chinaMonthOf = (at: Date) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const closed = (c: StoredCase) => ['closed', 'rated'].includes(c.status);
    for (const [openid, keep] of [
      ['demo-admin', () => true],
      ['demo-town-t15', inTown('t15')],
    ] as const) {
      const res = await callAs<DashboardSection>(cloud, openid, 'stats', 'section', { section: 'appeals' });
      if (!res.ok) throw new Error(res.message);
      const appeals = stored.filter((c) => c.type === 'appeal' && keep(c));
      for (const [key, pick] of [
        ['appeals.received', () => true],
        ['appeals.closed', closed],
      ] as const) {
        const trend = res.data.trends.find((t) => t.key === key)!;
        const expected = trend.months.map(
          (m) => appeals.filter((c) => pick(c) && chinaMonthOf(c.createdAt) === m).length,
        );
        expect({ openid, key, values: trend.values }).toEqual({ openid, key, values: expected });
      }
      expect(res.data.trends[0].values.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
  });

  it('counts a case stored before filing wrote its month once the migration has run', async () => {
    const db = cloud.sdkApp().database();
    const model = stored.find((c) => c.type === 'consultation' && inTown('t15')(c))!;
    const { data } = await db.collection('cases').doc(model._id).get();
    const { _id: _ignored, createdMonth: _month, ...rest } = (data as Record<string, unknown>[])[0];
    const at = new Date();
    await db
      .collection('cases')
      .add({ ...rest, _id: 'old-case-without-month', createdAt: at, createdKey: `x|${at.getTime()}` });
    const thisMonth = async () => {
      const res = await callAs<DashboardSection>(cloud, 'demo-town-t15', 'stats', 'section', {
        section: 'consultations',
      });
      if (!res.ok) throw new Error(res.message);
      const values = res.data.trends[0].values;
      return values[values.length - 1];
    };
    const before = await thisMonth();
    expect(await backfillCreatedMonth(cloud.sdkApp())).toBe(1);
    expect(await thisMonth()).toBe(before + 1);
    expect(await backfillCreatedMonth(cloud.sdkApp())).toBe(0);
    await db.collection('cases').doc('old-case-without-month').remove();
  });

  it('shows aid by programme and by round, amounts in yuan', async () => {
    const city = await dashboard('demo-admin');
    const aid = city.sections.find((s) => s.key === 'aid')!;
    const applications = stored.filter((c) => c.type === 'student_aid' || c.type === 'hardship_aid');
    const applied =
      (figure(city, 'aid.student_aid_applied').value ?? 0) + (figure(city, 'aid.hardship_aid_applied').value ?? 0);
    expect(applied).toBe(applications.length);
    expect(aid.groups.length).toBeGreaterThan(2); // the programmes, then one group per round
    const paidAmount = figure(city, 'aid.student_aid_paid_amount');
    expect(paidAmount.unit).toBe('money');
    expect(paidAmount.text).toMatch(/元$/);
  });

  it('moves with a transition: an accepted appeal counts as accepted and as a first response', async () => {
    const before = await dashboard('demo-town-t15');
    const waiting = stored.find((c) => c.type === 'appeal' && c.status === 'submitted' && inTown('t15')(c))!;
    expect(waiting).toBeDefined();
    const staff = waiting.originNodeId.includes('-v') ? 'demo-collector-t15-v01' : 'demo-town-t15';
    const res = await callAs(cloud, staff, 'cases', 'act', {
      caseId: waiting._id,
      action: 'accept',
      version: waiting.version,
    });
    expect(res).toMatchObject({ ok: true });
    const after = await dashboard('demo-town-t15');
    expect(figure(after, 'appeals.accepted').value).toBe((figure(before, 'appeals.accepted').value ?? 0) + 1);
    const { data } = await cloud.sdkApp().database().collection('cases').doc(waiting._id).get();
    expect((data as StoredCase[])[0].firstResponseMs).toBeGreaterThanOrEqual(0);
  });
});

describe('scope', () => {
  it('refuses a town asking for another town, and a village asking for its town or the city', async () => {
    expect(await callAs(cloud, 'demo-town-t15', 'stats', 'dashboard', { nodeId: 't14' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await callAs(cloud, 'demo-town-t15', 'stats', 'dashboard', { nodeId: 'city' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    for (const nodeId of ['city', 't15', 't15-v02'])
      expect(await callAs(cloud, 'demo-collector-t15-v01', 'stats', 'dashboard', { nodeId })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    expect(
      await callAs(cloud, 'demo-town-t15', 'stats', 'list', { nodeId: 't14', figure: 'appeals.received' }),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(
      await callAs(cloud, 'demo-collector-t15-v01', 'stats', 'section', { nodeId: 't15', section: 'appeals' }),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await callAs(cloud, 'demo-migrant-1', 'stats', 'dashboard', {})).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  it('lets the city and a town look down: a town its village, the city any town', async () => {
    const village = await dashboard('demo-town-t15', 't15-v01');
    expect(village.node.name).toBeTruthy();
    expect(village.home._id).toBe('t15');
    const town = await dashboard('demo-admin', 't14');
    expect(town.children.length).toBeGreaterThan(0);
    expect(figure(town, 'appeals.received').value).toBe(
      stored.filter((c) => c.type === 'appeal' && inTown('t14')(c)).length,
    );
  });

  it('has no list behind a rate, and no list for a figure that does not exist', async () => {
    for (const figureKey of ['appeals.closed_rate', 'appeals.nothing', 'nothing.received'])
      expect(await callAs(cloud, 'demo-admin', 'stats', 'list', { figure: figureKey })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        field: 'figure',
      });
  });
});

describe('exports', () => {
  async function workbook(url: string): Promise<ExcelJS.Workbook> {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    return wb;
  }

  it('exports the yearly statistics of the city: one row per town, totals equal the sum and the audit says so', async () => {
    const res = await callAs<{ url: string; fileName: string }>(cloud, 'demo-admin', 'stats', 'export', {
      kind: 'yearly',
      year: 2027,
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.fileName).toMatch(/工会统计年报2027.*\.xlsx$/);
    const wb = await workbook(res.data.url);
    const ws = wb.getWorksheet('诉求办理')!;
    const header = ws.getRow(1).values as unknown[];
    const col = header.indexOf('收到诉求');
    const rows = ws.getRows(2, ws.rowCount - 1)!;
    const towns = rows.filter((r) => r.getCell(1).value !== '合计');
    const total = rows.find((r) => r.getCell(1).value === '合计')!;
    expect(towns.filter((r) => !String(r.getCell(1).value).endsWith('本级'))).toHaveLength(16);
    const sum = towns.reduce((s, r) => s + Number(r.getCell(col).value), 0);
    expect(Number(total.getCell(col).value)).toBe(sum);
    // The period of 2027: from 1 Oct 2026 to 30 Sep 2027, China time.
    const from = Date.parse('2026-09-30T16:00:00Z');
    const to = Date.parse('2027-09-30T16:00:00Z');
    const inPeriod = stored.filter((c) => {
      const at = new Date(c.createdAt).getTime();
      return c.type === 'appeal' && at >= from && at < to;
    });
    expect(sum).toBe(inPeriod.length);
    expect(sum).toBeGreaterThan(0);
    const { data } = await cloud
      .sdkApp()
      .database()
      .collection('audit_log')
      .where({ action: 'stats.export', targetId: 'city' })
      .get();
    expect(data).toHaveLength(1);
  });

  it('exports a town dashboard with its figures, and refuses an export outside the scope', async () => {
    const res = await callAs<{ url: string }>(cloud, 'demo-town-t15', 'stats', 'export', { kind: 'dashboard' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const wb = await workbook(res.data.url);
    const ws = wb.getWorksheet('诉求办理')!;
    const received = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(2).value === '收到诉求')!;
    const d = await dashboard('demo-town-t15');
    expect(Number(received.getCell(3).value)).toBe(figure(d, 'appeals.received').value);
    for (const [openid, nodeId] of [
      ['demo-town-t15', 't14'],
      ['demo-collector-t15-v01', 'city'],
    ])
      expect(await callAs(cloud, openid, 'stats', 'export', { kind: 'yearly', nodeId })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
  });
});
