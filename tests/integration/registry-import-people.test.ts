/**
 * Importing people and hardship households: de-duplication through the ID number's blind index (in the
 * file and against what is stored), identifiers encrypted as they are written, a re-import that writes
 * only what changed, an import interrupted half-way that resumes without duplicates, cancelling, and a
 * job that survives a restart of the local cloud (the timer picks it up).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestCloud } from '../support/cloud';
import { startTestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import {
  creditCode,
  importUntilDone,
  inProcessContext,
  readSheet,
  rowOf,
  uploadBytesAs,
  workbookOf,
} from '../support/registry';
import { makeIdNumber } from '../../domain/security/validators';
import { seedRegistry } from '../../scripts/seed/registry';
import { seedPeople } from '../../scripts/seed/people';
import { buildGrid } from '../../domain/grid/data';
import { DEMO_UNIT } from '../../scripts/seed/reference-samples';
import { advanceImport, createImportJob, getJob, IMPORT_CHUNKS } from '../../domain/registry/import/job';
import { applyChunk } from '../../domain/registry/import/apply';
import { checkHeader } from '../../domain/registry/import/rows';
import { townIndex } from '../../domain/registry/import/cells';
import { gridIndex } from '../../domain/grid/cache';
import { decryptField } from '../../domain/security/crypto';

jest.setTimeout(240_000);

/** Advance an import with slices of `budgetMs` until `until` holds (a slice may end before taking any work). */
async function advanceUntil(
  ctx: Parameters<typeof advanceImport>[0],
  jobId: string,
  budgetMs: number,
  until: (job: NonNullable<Awaited<ReturnType<typeof getJob>>>) => boolean,
) {
  for (let i = 0; i < 50; i += 1) {
    const job = await advanceImport(ctx, jobId, budgetMs);
    if (job && until(job)) return job;
  }
  throw new Error('the import did not get there');
}

const TOWN = 'demo-town-t15';
const ID = (n: number) =>
  makeIdNumber(
    '421087',
    `19${70 + (n % 25)}${String((n % 12) + 1).padStart(2, '0')}${String((n % 27) + 1).padStart(2, '0')}`,
    600 + (n % 300),
  );
const NAMES = ['赵测试', '钱测试', '孙测试', '李测试', '周测试', '吴测试', '郑测试', '王测试'];
const migrant = (n: number, extra: Record<string, string | number | null> = {}) =>
  rowOf('migrants', {
    姓名: NAMES[n % NAMES.length],
    身份证号: ID(n),
    手机号: `170${String(10_000_000 + n).slice(-8)}`,
    户籍乡镇: '万家乡',
    '户籍村（社区）': n % 2 ? '翠林山村' : null,
    务工城市: '深圳',
    ...extra,
  });

describe('registry import: people and hardship households', () => {
  let cloud: TestCloud;
  const registry = (openid: string, action: string, input?: unknown) =>
    callAs(cloud, openid, 'registry', action, input);
  const db = () => cloud.sdkApp().database();
  const start = async (kind: string, body: Buffer, openid = TOWN) => {
    const fileID = await uploadBytesAs(cloud, openid, body);
    const started = await registry(openid, 'startImport', { kind, fileID });
    expect(started.ok).toBe(true);
    return importUntilDone(cloud, openid, started.data.jobId);
  };
  const villageOf = (n: number) => (n % 2 ? '翠林山村' : (buildGrid().find((g) => g._id === 't15-v02')?.name ?? ''));

  beforeAll(async () => {
    cloud = await startSeededCloud();
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
  });
  afterAll(async () => cloud?.close());

  it('imports migrant workers with identifiers encrypted, refuses repeats and numeric IDs, and re-imports unchanged', async () => {
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => migrant(i + 1, { '户籍村（社区）': villageOf(i + 1) })),
      migrant(3, { '户籍村（社区）': villageOf(3) }),
      migrant(40, { 身份证号: Number(ID(40)) }),
      migrant(41, { 户籍乡镇: '南海镇', '户籍村（社区）': buildGrid().find((g) => g._id === 't02-v01')?.name ?? '' }),
      migrant(42, { '户籍村（社区）': villageOf(42), 单位统一社会信用代码: creditCode(9999) }),
    ];
    const done = await start('migrants', await workbookOf('migrants', rows));
    expect(done.data.counts).toMatchObject({ rows: 16, added: 13, refused: 3, warnings: 1 });
    const result = await readSheet((await registry(TOWN, 'importResult', { jobId: done.data.jobId })).data.tempFileURL);
    const reason = (line: number) => result[line - 1][result[0].length - 1];
    expect(reason(14)).toBe('B14「身份证号」：与第 4 行的身份证号重复');
    expect(reason(15)).toMatch(/^B15「身份证号」：被 Excel 存成了数字/);
    expect(reason(16)).toBe('E16「户籍村（社区）」：不在您的辖区，不能导入');
    expect(reason(17)).toMatch(/^提示 H17「单位统一社会信用代码」：该单位尚未登记/);
    // Stored encrypted: no ID or phone in clear, the blind index finds the person.
    const stored = JSON.stringify(
      (await db().collection('people').where({ importJobId: done.data.jobId }).limit(100).get()).data,
    );
    expect(stored).not.toContain(ID(1));
    expect(stored).not.toContain('17010000001');
    const found = await callAs(cloud, TOWN, 'people', 'searchPeople', { idNumber: ID(1) });
    expect(found.data.people[0]).toMatchObject({ categories: ['migrant'], workCity: '深圳', claimed: false });
    // The same file again writes nothing.
    const again = await start('migrants', await workbookOf('migrants', rows));
    expect(again.data.counts).toMatchObject({ added: 0, updated: 0, unchanged: 13, refused: 3 });
  });

  it('links a worker to a registered unit, and keeps a person the import cannot rename', async () => {
    const done = await start(
      'workers',
      await workbookOf('workers', [
        rowOf('workers', {
          姓名: NAMES[1],
          身份证号: ID(1),
          户籍乡镇: '万家乡',
          '户籍村（社区）': villageOf(1),
          单位统一社会信用代码: DEMO_UNIT.creditCode,
        }),
        rowOf('workers', { 姓名: '别的名字', 身份证号: ID(2), 户籍乡镇: '万家乡', '户籍村（社区）': villageOf(2) }),
      ]),
    );
    expect(done.data.counts).toMatchObject({ updated: 1, refused: 1 });
    const person = (await db().collection('people').where({ importJobId: done.data.jobId }).get()).data[0] as {
      categories: string[];
      employer: string;
      unitId: string;
    };
    expect(person).toMatchObject({ categories: ['migrant', 'worker'], employer: DEMO_UNIT.name });
    expect(person.unitId).toBe('unit-0001');
  });

  it('opens hardship files from a workbook, one per household', async () => {
    const row = (n: number, extra: Record<string, string | number | null> = {}) =>
      rowOf('hardship', {
        姓名: NAMES[n % NAMES.length],
        身份证号: ID(200 + n),
        困难类别: '深度困难',
        主要致困原因: '本人患病',
        家庭人口: 3,
        '家庭年收入（元）': '18000.5',
        户籍乡镇: '万家乡',
        '户籍村（社区）': '翠林山村',
        ...extra,
      });
    const done = await start(
      'hardship',
      await workbookOf('hardship', [row(1), row(2, { '家庭年收入（元）': '1.234' }), row(1)]),
    );
    expect(done.data.counts).toMatchObject({ added: 1, refused: 2 });
    const list = await registry(TOWN, 'listArchive', { q: ID(201) });
    expect(list.data.files[0]).toMatchObject({
      annualIncomeFen: 1_800_050,
      category: 'deep',
      fileNo: expect.stringMatching(/^KN/),
    });
  });

  it('resumes an import interrupted half-way through a chunk without duplicates', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) =>
      migrant(1000 + i, { '户籍村（社区）': '翠林山村', 身份证号: makeIdNumber('421087', '19880808', 0) }),
    );
    // 2,500 distinct people (sequence numbers would repeat: vary the birth date too).
    rows.forEach((r, i) => {
      r[1] = makeIdNumber(
        '421087',
        `198${i % 10}0${(i % 9) + 1}${String((i % 28) + 1).padStart(2, '0')}`,
        Math.floor(i / 10) % 1000,
      );
    });
    const fileID = await uploadBytesAs(cloud, TOWN, await workbookOf('migrants', rows));
    const ctx = inProcessContext(cloud, TOWN);
    const staff = (await db().collection('staff').where({ openid: TOWN }).get()).data[0] as {
      _id: string;
      role: 'town_staff';
      gridNodeId: string;
      gridPath: string[];
      name: string;
    };
    const job = await createImportJob(
      ctx,
      { kind: 'migrants', fileID },
      {
        openid: TOWN,
        staffId: staff._id,
        role: staff.role,
        gridNodeId: staff.gridNodeId,
        gridPath: staff.gridPath,
        name: staff.name,
      },
    );
    // Short slices until the workbook is read and staged (the budget is spent before any chunk is written).
    await advanceUntil(ctx, job._id, 10, (j) => j.status !== 'queued' && j.status !== 'reading');
    const mid = await getJob(ctx, job._id);
    expect(mid).toMatchObject({ status: 'writing', chunks: 3, cursor: 0 });
    // A slice that was writing chunk 1 and died: 600 of its rows are in the database, nothing is recorded.
    const staged = (await ctx.db.collection(IMPORT_CHUNKS).where({ jobId: job._id, n: 1 }).get()).data[0];
    const { decodeRowsForTest } = await import('../../domain/registry/import/job');
    const grid = await gridIndex(ctx.db);
    const header = checkHeader('migrants', mid!.header);
    if (!header.ok) throw new Error('header');
    await applyChunk('migrants', decodeRowsForTest(staged.rows).slice(0, 600), {
      ctx,
      jobId: job._id,
      actor: mid!.by,
      grid,
      townsByName: townIndex(grid),
      positions: header.positions,
    });
    // The next slices finish the job: chunk 1 again (its first 600 rows report what they did the first time).
    for (let i = 0; i < 10 && (await getJob(ctx, job._id))!.active; i += 1) await advanceImport(ctx, job._id, 60_000);
    const done = await getJob(ctx, job._id);
    expect(done).toMatchObject({ status: 'done', counts: { rows: 2500, added: 2500, refused: 0, unchanged: 0 } });
    expect((await db().collection('people').where({ importJobId: job._id }).count()).total).toBe(2500);
    expect((await db().collection(IMPORT_CHUNKS).where({ jobId: job._id }).count()).total).toBe(0);
    // Staged rows were encrypted while they lived.
    expect(staged.rows).toMatch(/^v1:/);
    expect(decryptField(staged.rows)).toContain(rows[1000][1] as string);
  });

  it('cancels an import: rows written so far stay, the rest are not written, staged rows are deleted', async () => {
    const rows = Array.from({ length: 4100 }, (_, i) =>
      migrant(5000 + i, {
        '户籍村（社区）': '翠林山村',
        身份证号: makeIdNumber(
          '421087',
          `197${i % 10}0${(i % 9) + 1}${String((i % 28) + 1).padStart(2, '0')}`,
          300 + (Math.floor(i / 10) % 600),
        ),
      }),
    );
    const fileID = await uploadBytesAs(cloud, TOWN, await workbookOf('migrants', rows));
    const ctx = inProcessContext(cloud, TOWN);
    const staff = (await db().collection('staff').where({ openid: TOWN }).get()).data[0] as {
      _id: string;
      gridPath: string[];
      name: string;
    };
    const job = await createImportJob(
      ctx,
      { kind: 'migrants', fileID },
      {
        openid: TOWN,
        staffId: staff._id,
        role: 'town_staff',
        gridNodeId: 't15',
        gridPath: staff.gridPath,
        name: staff.name,
      },
    );
    await advanceUntil(ctx, job._id, 10, (j) => j.status === 'writing');
    // A slice that takes one batch of chunks (three at once) before its budget is spent.
    const written = (await advanceUntil(ctx, job._id, 200, (j) => j.cursor > 0)).cursor;
    const cancelled = await registry(TOWN, 'cancelImport', { jobId: job._id });
    expect(cancelled.data).toMatchObject({
      status: 'cancelled',
      cancellable: false,
      summary: expect.stringContaining('已取消'),
    });
    expect(await registry(TOWN, 'cancelImport', { jobId: job._id })).toMatchObject({
      ok: false,
      code: 'PRECONDITION_FAILED',
    });
    const polled = await registry(TOWN, 'importStatus', { jobId: job._id });
    expect(polled.data.status).toBe('cancelled');
    // The chunks written before the cancel stay (three are written at once); nothing after.
    expect(written).toBeLessThan(5);
    expect((await db().collection('people').where({ importJobId: job._id }).count()).total).toBe(written * 1000);
    expect((await db().collection(IMPORT_CHUNKS).where({ jobId: job._id }).count()).total).toBe(0);
    // Another town's staff cannot see or cancel it.
    expect(await registry('demo-town-t01', 'importStatus', { jobId: job._id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('refuses a workbook the caller did not upload', async () => {
    const fileID = await uploadBytesAs(cloud, 'demo-town-t01', await workbookOf('migrants', [migrant(1)]));
    expect(await registry(TOWN, 'startImport', { kind: 'migrants', fileID })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'fileID',
    });
  });
});

describe('an import job survives a restart of the local cloud', () => {
  it('is finished by the timer after the cloud comes back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-restart-'));
    let cloud = await startTestCloud({ dataDir });
    try {
      const app = cloud.sdkApp();
      await app.database().collection('grid_nodes').add(buildGrid());
      await seedPeople(app, { keys: cloud.devKeys });
      const rows = Array.from({ length: 1500 }, (_, i) =>
        migrant(i, {
          '户籍村（社区）': '翠林山村',
          身份证号: makeIdNumber(
            '421087',
            `196${i % 10}0${(i % 9) + 1}${String((i % 28) + 1).padStart(2, '0')}`,
            100 + (Math.floor(i / 10) % 800),
          ),
        }),
      );
      const fileID = await uploadBytesAs(cloud, TOWN, await workbookOf('migrants', rows));
      const ctx = inProcessContext(cloud, TOWN);
      const staff = (await app.database().collection('staff').where({ openid: TOWN }).get()).data[0] as {
        _id: string;
        gridPath: string[];
        name: string;
      };
      const job = await createImportJob(
        ctx,
        { kind: 'migrants', fileID },
        {
          openid: TOWN,
          staffId: staff._id,
          role: 'town_staff',
          gridNodeId: 't15',
          gridPath: staff.gridPath,
          name: staff.name,
        },
      );
      await advanceUntil(ctx, job._id, 10, (j) => j.status === 'writing');
      await cloud.close();
      cloud = await startTestCloud({ dataDir });
      const fired = (await cloud.fireTimer('registry', 'importJobs')) as { ok: boolean; data: { advanced: number } };
      expect(fired).toMatchObject({ ok: true, data: { advanced: 1 } });
      const after = await getJob(inProcessContext(cloud, TOWN), job._id);
      expect(after).toMatchObject({ status: 'done', counts: { added: 1500 } });
    } finally {
      await cloud.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
