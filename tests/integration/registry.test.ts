/**
 * The registry through the `registry` function and the real wx-server-sdk: units (one per credit code, a
 * failing check character kept with a warning), unions covering units, the hardship archive (one file per
 * household, exit with a reason and ten years' retention, the yearly ≥ 30% re-check sample, flags), scope
 * (collectors their village, town staff their town, the city all; outside it NOT_FOUND) and exports
 * (masked unless the role may see full values; audited).
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { creditCode, readSheet } from '../support/registry';
import { makeIdNumber } from '../../domain/security/validators';
import { seedRegistry } from '../../scripts/seed/registry';

jest.setTimeout(180_000);

const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const OTHER_TOWN = 'demo-town-t01';
const COLLECTOR = 'demo-collector-t15-v01';

const unitFields = (n: number, extra: Record<string, unknown> = {}) => ({
  name: `翠林示例${n}号厂`,
  creditCode: creditCode(500 + n),
  type: 'enterprise',
  economicType: 'private',
  industry: 'C',
  employees: 30,
  womenEmployees: 12,
  address: '万家乡示例路',
  townId: 't15',
  villageId: 't15-v01',
  contactName: '赵示例',
  contactPhone: '17000009999',
  ...extra,
});

const archiveFields = (n: number, extra: Record<string, unknown> = {}) => ({
  name: `钱测${'一二三四五六七八九'[(n - 1) % 9]}`,
  idNumber: makeIdNumber('421087', `19700${(n % 9) + 1}15`, 300 + n),
  phone: '17000008888',
  category: 'relative',
  cause: 'illness_self',
  householdSize: 3,
  annualIncomeFen: 2_400_000,
  villageId: 't15-v01',
  ...extra,
});

describe('registry', () => {
  let cloud: TestCloud;
  const registry = (openid: string, action: string, input?: unknown, requestId?: string) =>
    callAs(cloud, openid, 'registry', action, input, requestId);

  beforeAll(async () => {
    cloud = await startSeededCloud();
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
  });
  afterAll(async () => cloud?.close());

  describe('units', () => {
    it('registers a unit in scope, masks the contact phone, and finds it by name or code', async () => {
      const r = await registry(COLLECTOR, 'saveUnit', { fields: unitFields(1) });
      expect(r.ok).toBe(true);
      expect(r.data).toMatchObject({
        name: '翠林示例1号厂',
        place: '万家乡 · 翠林山村',
        contactPhone: '170****9999',
        creditCodeWarning: false,
        summary: '企业 · 私营经济 · 制造业 · 职工30人（女12）',
        demo: false,
        version: 0,
      });
      const byName = await registry('demo-migrant-1', 'findUnits', { q: '翠林示例1号' });
      expect(byName.data.units).toEqual([
        { unitId: r.data.unitId, name: '翠林示例1号厂', place: '万家乡 · 翠林山村', unionName: null },
      ]);
      const byCode = await registry(TOWN, 'listUnits', { q: creditCode(501).toLowerCase() });
      expect(byCode.data.total).toBe(1);
    });

    it('keeps one unit per credit code and names the holder', async () => {
      const r = await registry(TOWN, 'saveUnit', { fields: unitFields(2, { creditCode: creditCode(501) }) });
      expect(r).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'fields.creditCode' });
      expect(r.message).toContain('翠林示例1号厂');
    });

    it('accepts an old code whose check character fails, with a warning', async () => {
      const good = creditCode(503);
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const r = await registry(TOWN, 'saveUnit', { fields: unitFields(3, { creditCode: bad }) });
      expect(r.ok).toBe(true);
      expect(r.data.creditCodeWarning).toBe(true);
    });

    it("refuses a unit outside the caller's scope, and a wrong village, naming the field", async () => {
      expect(await registry(COLLECTOR, 'saveUnit', { fields: unitFields(4, { villageId: 't15-v02' }) })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
        field: 'fields.villageId',
      });
      expect(await registry(TOWN, 'saveUnit', { fields: unitFields(4, { villageId: 't01-v01' }) })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        field: 'fields.villageId',
      });
      expect(await registry(TOWN, 'saveUnit', { fields: unitFields(4, { womenEmployees: 31 }) })).toMatchObject({
        ok: false,
        field: 'fields.womenEmployees',
      });
    });

    it('answers NOT_FOUND for a unit of another town, and a stale version with CONFLICT', async () => {
      const list = await registry(TOWN, 'listUnits', { q: '翠林示例1号厂' });
      const unit = list.data.units[0];
      expect(await registry(OTHER_TOWN, 'unit', { unitId: unit.unitId })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      const ok = await registry(TOWN, 'saveUnit', {
        unitId: unit.unitId,
        version: 0,
        fields: unitFields(1, { employees: 35 }),
      });
      expect(ok.data.version).toBe(1);
      const stale = await registry(TOWN, 'saveUnit', { unitId: unit.unitId, version: 0, fields: unitFields(1) });
      expect(stale).toMatchObject({ ok: false, code: 'CONFLICT' });
    });

    it('lists by node: the city sees every town, a town its own', async () => {
      const city = await registry(ADMIN, 'listUnits', {});
      const town = await registry(TOWN, 'listUnits', {});
      expect(city.data.total).toBeGreaterThan(town.data.total);
      expect(town.data.units.every((u: { townId: string }) => u.townId === 't15')).toBe(true);
      expect(await registry(TOWN, 'listUnits', { nodeId: 't01' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      const village = await registry(ADMIN, 'listUnits', { nodeId: 't15-v01' });
      expect(village.data.units.every((u: { villageId: string }) => u.villageId === 't15-v01')).toBe(true);
    });
  });

  describe('unions', () => {
    it('registers an enterprise union covering one unit; the unit shows it; another union cannot take it', async () => {
      const unit = (await registry(TOWN, 'listUnits', { q: '翠林示例1号厂' })).data.units[0];
      const union = await registry(TOWN, 'saveUnion', {
        fields: {
          name: '翠林示例1号厂工会委员会',
          type: 'enterprise',
          unitCreditCodes: [unit.creditCode],
          foundedOn: '2024-03-01',
          memberCount: 28,
          townId: 't15',
          villageId: 't15-v01',
          chairman: { name: '孙示例', termStart: '2024-03-01', termEnd: '2029-02-28' },
          committee: [{ name: '周示例', post: 'vice_chairman', termStart: '2024-03-01', termEnd: '2029-02-28' }],
        },
      });
      expect(union.ok).toBe(true);
      expect(union.data).toMatchObject({
        units: [{ name: '翠林示例1号厂' }],
        parentName: expect.stringContaining('万家乡工会联合会'),
        chairman: { name: '孙示例', post: '主席', term: '2024-03-01 至 2029-02-28', expired: false },
        certificateState: '未办理法人资格登记',
      });
      expect((await registry(TOWN, 'unit', { unitId: unit.unitId })).data.unionName).toBe('翠林示例1号厂工会委员会');
      const again = await registry(TOWN, 'saveUnion', {
        fields: {
          name: '另一个联合工会',
          type: 'joint',
          unitCreditCodes: [unit.creditCode],
          foundedOn: '2024-01-01',
          memberCount: 5,
          townId: 't15',
        },
      });
      expect(again).toMatchObject({ ok: false, field: 'fields.unitCreditCodes.0' });
    });

    it('refuses an enterprise union without exactly one unit, and a parent below itself', async () => {
      expect(
        await registry(TOWN, 'saveUnion', {
          fields: {
            name: '没有单位的工会',
            type: 'enterprise',
            foundedOn: '2024-01-01',
            memberCount: 5,
            townId: 't15',
          },
        }),
      ).toMatchObject({ ok: false, field: 'fields.unitCreditCodes' });
      const fed = (await registry(TOWN, 'listUnions', { type: 'town_federation' })).data.unions[0];
      const child = (await registry(TOWN, 'listUnions', { q: '翠林示例1号厂工会' })).data.unions[0];
      const loop = await registry(TOWN, 'saveUnion', {
        unionId: fed.unionId,
        version: fed.version,
        fields: {
          name: fed.name,
          type: 'town_federation',
          parentUnionId: child.unionId,
          foundedOn: fed.foundedOn,
          memberCount: 1,
          townId: 't15',
        },
      });
      expect(loop).toMatchObject({ ok: false, field: 'fields.parentUnionId' });
    });
  });

  describe('the hardship archive', () => {
    let fileId = '';
    it('opens one file per household, masked in lists, in full for town staff (audited)', async () => {
      const r = await registry(COLLECTOR, 'saveArchiveFile', {
        fields: archiveFields(1, {
          family: [{ name: '钱小测', relation: 'child', idNumber: makeIdNumber('421087', '20100101', 401) }],
        }),
      });
      expect(r.ok).toBe(true);
      fileId = r.data.fileId;
      expect(r.data).toMatchObject({
        name: '钱*一',
        idNumber: expect.stringMatching(/^4210\*{10}\d{4}$/),
        phone: '170****8888',
        keeper: '万家乡（本人单位未建工会）',
        flags: ['never_helped'],
        status: 'active',
        fileNo: expect.stringMatching(/^KN\d{4}-15-[0-9A-Z]{6}$/),
      });
      const again = await registry(TOWN, 'saveArchiveFile', { fields: archiveFields(1) });
      expect(again).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'fields.idNumber' });
      const child = await registry(TOWN, 'saveArchiveFile', {
        fields: archiveFields(2, { idNumber: makeIdNumber('421087', '20100101', 401), name: '钱小测' }),
      });
      expect(child).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'fields.idNumber' });
      expect(await registry(COLLECTOR, 'archiveFile', { fileId, unmask: true })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      const full = await registry(TOWN, 'archiveFile', { fileId, unmask: true });
      expect(full.data).toMatchObject({ name: '钱测一', masked: false, phone: '17000008888' });
      const audit = await cloud
        .sdkApp()
        .database()
        .collection('audit_log')
        .where({ action: 'archive.viewUnmasked', targetId: fileId })
        .count();
      expect(audit.total).toBe(1);
      expect(await registry(OTHER_TOWN, 'archiveFile', { fileId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    });

    it('records help (the never-helped flag goes) without counting it as a change of the household', async () => {
      const before = (await registry(TOWN, 'archiveFile', { fileId })).data;
      const r = await registry(COLLECTOR, 'recordHelp', {
        fileId,
        kind: 'visit',
        amountFen: 50_000,
        on: '2026-01-20',
        note: '春节慰问',
      });
      expect(r.data.flags).toEqual([]);
      expect(r.data.help[0]).toEqual({ on: '2026-01-20', kind: '走访慰问', amount: '500.00元', note: '春节慰问' });
      expect(r.data.lastChangedAt).toBe(before.lastChangedAt);
    });

    it("draws at least 30% of a town's active files for the yearly re-check, once", async () => {
      const first = await registry(TOWN, 'startRecheck', { year: 2026 });
      expect(first.ok).toBe(true);
      expect(first.data.sampleSize).toBe(Math.ceil(first.data.total * 0.3));
      expect(first.data.total).toBeGreaterThan(0);
      const second = await registry(TOWN, 'startRecheck', { year: 2026 });
      expect(second.data.files.map((f: { fileId: string }) => f.fileId)).toEqual(
        first.data.files.map((f: { fileId: string }) => f.fileId),
      );
      expect(await registry(COLLECTOR, 'startRecheck', { year: 2026 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      const sampled = first.data.files[0].fileId;
      const visit = await registry(TOWN, 'recordRecheck', {
        fileId: sampled,
        year: 2026,
        outcome: 'unchanged',
        note: '入户核实，情况属实',
      });
      expect(visit.ok).toBe(true);
      const after = await registry(TOWN, 'recheck', { year: 2026 });
      expect(after.data.visited).toBe(1);
      const notSampled = (await registry(TOWN, 'listArchive', { limit: 100 })).data.files.find(
        (f: { fileId: string }) => !first.data.files.some((s: { fileId: string }) => s.fileId === f.fileId),
      );
      if (notSampled) {
        expect(
          await registry(TOWN, 'recordRecheck', {
            fileId: notSampled.fileId,
            year: 2026,
            outcome: 'unchanged',
            note: '走访',
          }),
        ).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
      }
    });

    it('exits a file with a reason and keeps it ten years', async () => {
      const file = (await registry(TOWN, 'archiveFile', { fileId })).data;
      expect(
        await registry(COLLECTOR, 'exitArchiveFile', {
          fileId,
          version: file.version,
          reason: 'recovered',
          note: '已就业',
        }),
      ).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      const r = await registry(TOWN, 'exitArchiveFile', {
        fileId,
        version: file.version,
        reason: 'recovered',
        note: '子女就业，家庭收入稳定',
      });
      expect(r.data).toMatchObject({ status: 'exited', exit: { reason: '根本脱困' } });
      const years = new Date(r.data.exit.retainUntil).getUTCFullYear() - new Date(r.data.exit.at).getUTCFullYear();
      expect(years).toBe(10);
      // Exited: the person can be in a new file again.
      const reopened = await registry(TOWN, 'saveArchiveFile', { fields: archiveFields(1) });
      expect(reopened.ok).toBe(true);
    });

    it('lists files flagged unchanged for a year or never helped', async () => {
      const never = await registry(TOWN, 'listArchive', { flag: 'never_helped', limit: 100 });
      expect(never.data.files.every((f: { flags: string[] }) => f.flags.includes('never_helped'))).toBe(true);
      const unchanged = await registry(ADMIN, 'listArchive', { flag: 'unchanged_year', limit: 100 });
      expect(unchanged.data.total).toBeGreaterThan(0);
      expect(unchanged.data.files[0].flagLabels).toContain('一年未改');
    });
  });

  describe('export', () => {
    it("exports a town's units masked for a collector and in full for town staff, audited, within scope", async () => {
      const masked = await registry(COLLECTOR, 'exportList', { list: 'units' });
      expect(masked).toMatchObject({ ok: true });
      expect(masked.data).toMatchObject({ masked: true, fileName: expect.stringContaining('（脱敏）') });
      const rows = await readSheet(masked.data.tempFileURL);
      expect(rows[0][0]).toBe('单位名称');
      expect(rows.slice(1).every((r) => r[9] === '翠林山村')).toBe(true);
      expect(rows.slice(1).some((r) => /^170\*{4}\d{4}$/.test(r[12]))).toBe(true);
      expect(await registry(COLLECTOR, 'exportList', { list: 'units', unmask: true })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      const full = await registry(TOWN, 'exportList', { list: 'hardship', unmask: true });
      const archive = await readSheet(full.data.tempFileURL);
      expect(archive.slice(1).some((r) => /^\d{17}[\dX]$/.test(r[2]))).toBe(true);
      expect(archive.slice(1).every((r) => r[8] === '万家乡')).toBe(true);
      const audits = await cloud
        .sdkApp()
        .database()
        .collection('audit_log')
        .where({ action: 'registry.export' })
        .count();
      expect(audits.total).toBe(2);
      expect(await registry(TOWN, 'exportList', { list: 'migrants', nodeId: 't01' })).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    });
  });
});
