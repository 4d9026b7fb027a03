/**
 * Scenario: town staff of 万家乡 go from the workbench to 基础信息 → 表格导入, download the unit template, fill it
 * in with two good rows and two bad ones, choose the workbook and watch the import; download the result
 * workbook (each bad cell named by row and column), correct the two rows in it and import it again — only
 * the corrected rows are written; the new units are in the registry list. Real pages, real functions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  openAs,
  screenshot,
  startPreviewCloud,
  stepper,
  visibleText,
  type BrowserSession,
  type PreviewCloud,
} from './support/harness';
import { creditCheckChar } from '../../domain/security/validators';

const TOWN_STAFF = 'demo-town-t15';

let cloud: PreviewCloud | undefined;
let session: BrowserSession | undefined;
let dir = '';

beforeAll(async () => {
  [cloud, session] = await Promise.all([startPreviewCloud(), launchBrowser()]);
  // Opened documents (the preview opens an xlsx in a new window): close them, the page under test stays.
  session.context.on('page', (p) => void p.close().catch(() => undefined));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-e2e-'));
});

afterAll(async () => {
  await session?.close();
  await cloud?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const code = (n: number) => {
  const first17 = `91421087MA4E2E${String(n).padStart(3, '0')}`;
  return first17 + creditCheckChar(first17);
};

/** The workbook the page downloads after `tap` (the preview fetches the file's temporary URL). */
async function downloaded(page: Page, path: RegExp, tap: () => Promise<void>): Promise<ExcelJS.Workbook> {
  const response = page.waitForResponse(
    (r) => path.test(new URL(r.url()).pathname) && r.status() === 200 && r.request().method() === 'GET',
    {
      timeout: 30_000,
    },
  );
  await tap();
  const wb = new ExcelJS.Workbook();
  // The same signed temporary URL the page fetched, fetched again here (the browser's copy is a blob).
  const res = await fetch((await response).url());
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  return wb;
}

test('import: template, a workbook with bad rows, the result workbook corrected and imported again', async () => {
  const page = session!.page;
  const step = stepper(() => page, 'registry-import');

  const frame = await step('town staff open 基础信息 from the workbench, then 表格导入', async () => {
    const f = await openAs(page, cloud!.url, TOWN_STAFF, '/staff/pages/home/index');
    await f.getByText('基础信息').first().click();
    await visibleText(f, '万家乡示例茶叶专业合作社').waitFor({ timeout: 20_000 });
    await f.getByRole('button', { name: '从表格导入' }).click();
    await visibleText(f, '1. 选择导入内容').waitFor();
    return f;
  });

  const template = await step('they download the unit template', async () =>
    downloaded(page, /\/storage\/registry-templates\/units\.xlsx$/, () =>
      frame.getByRole('button', { name: '下载导入模板' }).click(),
    ),
  );
  const header = (template.worksheets[0].getRow(1).values as string[]).slice(1);
  expect(header.slice(0, 3)).toEqual(['单位名称', '统一社会信用代码', '单位类型']);

  const file = path.join(dir, '万家乡单位.xlsx');
  await step('they fill the template in: two good rows, a wrong women count, a short credit code', async () => {
    const sheet = template.worksheets[0];
    const row = (n: number, over: Record<number, string | number>) => {
      const values: Record<number, string | number> = {
        1: `万家示例E2E${n}号厂`,
        2: code(n),
        3: '企业',
        4: '私营经济',
        5: '制造业',
        6: 30,
        7: 10,
        8: `万家乡示例路${n}号`,
        9: '万家乡',
        10: '翠林山村',
        ...over,
      };
      sheet.addRow(Array.from({ length: header.length }, (_, i) => values[i + 1] ?? null));
    };
    row(1, {});
    row(2, { 7: 45 });
    row(3, { 2: '9142108' });
    row(4, {});
    await template.xlsx.writeFile(file);
  });

  await step('they choose the workbook and the import runs to the end', async () => {
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await frame.getByRole('button', { name: '选择表格并导入' }).click();
    // Choosing a file from a chat is a privacy API: the first time, WeChat asks for the agreement.
    await frame.getByRole('button', { name: '同意并继续' }).click();
    await (await chooser).setFiles(file);
    await visibleText(frame, '共 4 行：导入 2 条（新增 2、更新 0），无变化 0 条，未导入 2 条').waitFor({
      timeout: 60_000,
    });
    await visibleText(frame, '已完成').waitFor();
  });
  await screenshot(page, 'registry-import-01-bad-rows');

  const result = await step('they download the result workbook: each bad row names its cell', async () =>
    downloaded(page, /\/storage\/registry-imports\/.+\/result\.xlsx$/, () =>
      frame.getByRole('button', { name: '下载结果表' }).click(),
    ),
  );
  const sheet = result.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  expect(sheet.getRow(1).getCell(width).text).toBe('原因');
  expect(sheet.getRow(3).getCell(width - 1).text).toBe('未导入');
  expect(sheet.getRow(3).getCell(width).text).toBe('G3「女职工人数」：女职工人数不能多于职工人数');
  expect(sheet.getRow(4).getCell(width).text).toBe('B4「统一社会信用代码」：统一社会信用代码应为18位');
  expect(sheet.getRow(2).getCell(width - 1).text).toBe('新增');

  const fixed = path.join(dir, '万家乡单位-改正.xlsx');
  await step('they correct the two cells in the result workbook and import it again', async () => {
    sheet.getCell('G3').value = 12;
    sheet.getCell('B4').value = code(3);
    await result.xlsx.writeFile(fixed);
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await frame.getByRole('button', { name: '选择表格并导入' }).click();
    await (await chooser).setFiles(fixed);
    await visibleText(frame, '共 4 行：导入 2 条（新增 2、更新 0），无变化 2 条，未导入 0 条').waitFor({
      timeout: 60_000,
    });
  });
  await screenshot(page, 'registry-import-02-corrected');

  await step('the new units are in the registry list', async () => {
    await frame.evaluate('wx.navigateBack()');
    await frame.getByRole('textbox', { name: '查找', exact: true }).filter({ visible: true }).fill('E2E3');
    await frame.getByRole('button', { name: '查找', exact: true }).filter({ visible: true }).click();
    await visibleText(frame, '万家示例E2E3号厂').waitFor({ timeout: 20_000 });
    await visibleText(frame, '共 1 条').waitFor();
  });
  await screenshot(page, 'registry-import-03-listed');
});
