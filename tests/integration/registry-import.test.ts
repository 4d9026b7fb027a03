/**
 * Bulk import of units through the `registry` function and the real wx-server-sdk: the template, a workbook
 * with bad rows (each refused naming its row and column in the result workbook), the corrected result file
 * imported again (only what changed is written), and malformed workbooks refused with a clear message
 * before anything is written.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { IMPORT_COLUMNS } from '../../domain/registry/import/columns';
import {
  creditCode,
  importUntilDone,
  loadWorkbook,
  readSheet,
  rowOf,
  uploadBytesAs,
  workbookOf,
} from '../support/registry';

jest.setTimeout(180_000);

const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';
const ROOT = path.resolve(__dirname, '..', '..');

const unit = (n: number, extra: Record<string, string | number | null> = {}) =>
  rowOf('units', {
    单位名称: `万家示例${n}号有限公司`,
    统一社会信用代码: creditCode(n),
    单位类型: '企业',
    经济类型: '私营经济',
    所属行业: '制造业',
    职工人数: 40 + n,
    女职工人数: 10,
    单位地址: `万家乡示例路${n}号`,
    所在乡镇: '万家乡',
    '所在村（社区）': '翠林山村',
    ...extra,
  });

describe('registry import: units', () => {
  let cloud: TestCloud;
  const registry = (openid: string, action: string, input?: unknown) =>
    callAs(cloud, openid, 'registry', action, input);
  const unitCount = async () => (await cloud.sdkApp().database().collection('units').where({}).count()).total as number;
  const start = async (openid: string, body: Buffer, ext = 'xlsx') => {
    const fileID = await uploadBytesAs(cloud, openid, body, ext);
    const started = await registry(openid, 'startImport', { kind: 'units', fileID });
    expect(started.ok).toBe(true);
    return importUntilDone(cloud, openid, started.data.jobId);
  };

  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it('gives town staff a template with the import headers, drop-down values and instructions', async () => {
    const r = await registry(TOWN, 'importTemplate', { kind: 'units' });
    expect(r.ok).toBe(true);
    expect(r.data.fileName).toBe('单位导入模板.xlsx');
    const wb = await loadWorkbook(r.data.tempFileURL);
    const header = (wb.worksheets[0].getRow(1).values as string[]).slice(1);
    expect(header).toEqual(IMPORT_COLUMNS.units.map((c) => c.label));
    expect(wb.getWorksheet('选项')?.state).toBe('hidden');
    const guide = await readSheet(r.data.tempFileURL, 2);
    expect(guide[0]).toEqual(['列名', '是否必填', '填写说明', '可选值', '示例']);
    expect(guide.find((row) => row[0] === '单位类型')?.[3]).toContain('事业单位');
  });

  it('refuses the template to someone who is not staff', async () => {
    const r = await registry('demo-migrant-1', 'importTemplate', { kind: 'units' });
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('imports good rows, refuses bad ones naming row and column, and re-imports the corrected result file', async () => {
    const oldCode = `${creditCode(7).slice(0, 17)}${creditCode(7)[17] === '0' ? '1' : '0'}`;
    const body = await workbookOf('units', [
      unit(1),
      unit(2, { 统一社会信用代码: '9142108' }),
      unit(3, { 所在乡镇: '南海镇', '所在村（社区）': null }),
      unit(4, { 女职工人数: 500 }),
      unit(5, { 单位类型: '外企' }),
      unit(6),
      unit(7, { 统一社会信用代码: oldCode }),
      unit(8, { 统一社会信用代码: creditCode(1) }),
    ]);
    const before = await unitCount();
    const done = await start(TOWN, body);
    expect(done.data).toMatchObject({
      status: 'done',
      counts: { rows: 8, added: 3, updated: 0, unchanged: 0, refused: 5, warnings: 1 },
      resultReady: true,
    });
    expect(done.data.summary).toBe('共 8 行：导入 3 条（新增 3、更新 0），无变化 0 条，未导入 5 条');
    expect(await unitCount()).toBe(before + 3);

    const result = await registry(TOWN, 'importResult', { jobId: done.data.jobId });
    expect(result.ok).toBe(true);
    const rows = await readSheet(result.data.tempFileURL);
    const header = rows[0];
    expect(header.slice(-2)).toEqual(['结果', '原因']);
    const reason = (line: number) => rows[line - 1][header.length - 1];
    const outcome = (line: number) => rows[line - 1][header.length - 2];
    expect(outcome(2)).toBe('新增');
    expect(reason(3)).toBe('B3「统一社会信用代码」：统一社会信用代码应为18位');
    expect(reason(4)).toBe('I4「所在乡镇」：不在您的辖区，不能导入');
    expect(reason(5)).toBe('G5「女职工人数」：女职工人数不能多于职工人数');
    expect(reason(6)).toMatch(/^C6「单位类型」：只能是：企业、事业单位/);
    expect(outcome(8)).toBe('新增');
    expect(reason(8)).toMatch(/^提示 B8「统一社会信用代码」：校验位不符/);
    expect(reason(9)).toBe('B9「统一社会信用代码」：与第 2 行的统一社会信用代码重复');
    // The refused cells are filled red in the result workbook.
    const wb = await loadWorkbook(result.data.tempFileURL);
    const fill = wb.worksheets[0].getCell('B3').fill as ExcelJS.FillPattern;
    expect(fill.fgColor?.argb).toBe('FFFFC7CE');

    // Correct two rows in the result file itself and import it again: only those are written.
    const sheet = wb.worksheets[0];
    sheet.getCell('B3').value = creditCode(2);
    sheet.getCell('G5').value = 20;
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    const again = await start(TOWN, fixed);
    expect(again.data.counts).toMatchObject({ rows: 8, added: 2, updated: 0, unchanged: 3, refused: 3 });
    expect(await unitCount()).toBe(before + 5);

    // A changed cell is an update, the rest unchanged.
    sheet.getCell('F2').value = 99;
    const changed = await start(TOWN, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(changed.data.counts).toMatchObject({ added: 0, updated: 1, unchanged: 4, refused: 3 });
    const list = await registry(TOWN, 'listUnits', { q: creditCode(1) });
    expect(list.data.units[0]).toMatchObject({ employees: 99, version: 1, place: '万家乡 · 翠林山村' });
  });

  it('keeps a collector to their own village', async () => {
    const body = await workbookOf('units', [unit(20), unit(21, { '所在村（社区）': null })]);
    const done = await start(COLLECTOR, body);
    expect(done.data.counts).toMatchObject({ added: 1, refused: 1 });
    const rows = await readSheet(
      (await registry(COLLECTOR, 'importResult', { jobId: done.data.jobId })).data.tempFileURL,
    );
    expect(rows[2][rows[0].length - 1]).toBe('I3「所在乡镇」：不在您的辖区，不能导入');
  });

  describe('malformed workbooks are refused before anything is written', () => {
    const refusedWith = async (body: Buffer, message: RegExp, ext = 'xlsx') => {
      const before = await unitCount();
      const done = await start(TOWN, body, ext);
      expect(done.data).toMatchObject({ status: 'refused', resultReady: false });
      expect(done.data.refusal).toMatch(message);
      expect(done.data.summary).toMatch(message);
      expect(await unitCount()).toBe(before);
      const staged = await cloud
        .sdkApp()
        .database()
        .collection('import_chunks')
        .where({ jobId: done.data.jobId })
        .count();
      expect(staged.total).toBe(0);
    };

    it('a file that is not xlsx', async () => {
      await refusedWith(Buffer.from('\x89PNG not a workbook'), /不是 Excel 工作簿/, 'png');
      await refusedWith(Buffer.from('单位名称,统一社会信用代码\n示例,1\n'), /不是 Excel 工作簿/);
      await refusedWith(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), /旧版 Excel（\.xls）/);
    });

    it('wrong headers', async () => {
      const header = IMPORT_COLUMNS.units.map((c) => c.label).filter((l) => l !== '单位类型');
      await refusedWith(
        await workbookOf('units', [unit(30)], { header: [...header, '备注栏'] }),
        /缺少列：单位类型；多出列：备注栏/,
      );
    });

    it('formulas', async () => {
      const row = unit(31);
      row[5] = { formula: '10*4' };
      await refusedWith(await workbookOf('units', [row]), /F2 单元格是公式/);
    });

    it('merged cells', async () => {
      await refusedWith(
        await workbookOf('units', [unit(32), unit(33)], { edit: (s) => s.mergeCells('H2:H3') }),
        /合并单元格（H2:H3）/,
      );
    });

    it('a sheet padded with empty rows', async () => {
      const body = await workbookOf('units', [unit(34)], {
        edit: (s) => {
          for (let r = 3; r < 60_000; r += 1) s.getCell(`A${r}`).numFmt = '@';
          s.getCell('A60000').value = '尾部';
        },
      });
      await refusedWith(body, /大量空行/);
    });
  });
});

describe('registry import from the command line', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it('imports a workbook through the same job code, writes the result workbook and prints refused rows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-cli-'));
    const file = path.join(dir, '单位.xlsx');
    fs.writeFileSync(file, await workbookOf('units', [unit(101), unit(102, { 职工人数: 'many' })]));
    const env = {
      ...process.env,
      CLOUD_ADMIN_URL: cloud.adminUrl,
      CLOUD_ENV_ID: cloud.envId,
      CLOUD_DATA_DIR: cloud.dataDir,
    };
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/import-registry.ts', 'units', file, '--node', 't15'],
      {
        cwd: ROOT,
        env,
      },
    ).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(stdout).toContain('单位导入（local');
    expect(stdout).toContain('共 2 行：导入 1 条（新增 1、更新 0），无变化 0 条，未导入 1 条');
    expect(stdout).toContain('第 3 行：F3「职工人数」：应填整数');
    expect(fs.existsSync(path.join(dir, '单位-结果.xlsx'))).toBe(true);
    const list = await callAs(cloud, TOWN, 'registry', 'listUnits', { q: creditCode(101) });
    expect(list.data.units[0]).toMatchObject({ name: '万家示例101号有限公司' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the settings a real environment needs and writes nothing without them', async () => {
    const env = { ...process.env, CLOUDBASE_ENV_ID: '', TENCENTCLOUD_SECRETID: '', TENCENTCLOUD_SECRETKEY: '' };
    const failed = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/import-registry.ts', 'units', 'x.xlsx', '--cloud'],
      {
        cwd: ROOT,
        env,
      },
    ).then(
      () => null,
      (e: { stderr: string; code: number }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/--cloud needs CLOUDBASE_ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY/);
  });
});
