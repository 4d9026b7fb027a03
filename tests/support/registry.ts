/**
 * Helpers for registry tests: workbooks built like a person fills the template (exceljs, text cells), uploads
 * as the mini-program does (own prefix, `/wx/uploadFile`), result workbooks read back, and an in-process
 * handler context on the real wx-server-sdk for driving import jobs step by step (as a crash would leave them).
 */
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../domain/registry/import/columns';
import type { ImportKind } from '../../typings/registry';
import type { HandlerContext } from '../../domain/runtime/context';
import type { Database } from '../../domain/runtime/db';
import { createLogger } from '../../domain/runtime/log';
import type { TestCloud } from './cloud';
import { callAs } from './people';
import { creditCheckChar } from '../../domain/security/validators';

export type Cell = string | number | Date | null | { formula: string };

/** A workbook with the kind's template header (or `header`) and `rows` of cells in header order. */
export async function workbookOf(
  kind: ImportKind,
  rows: Cell[][],
  opts: { header?: string[]; edit?: (sheet: ExcelJS.Worksheet) => void } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('数据');
  sheet.addRow(opts.header ?? IMPORT_COLUMNS[kind].map((c) => c.label));
  for (const r of rows) sheet.addRow(r as ExcelJS.CellValue[]);
  opts.edit?.(sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A row of `kind` from values by header label (missing labels empty). */
export function rowOf(kind: ImportKind, values: Record<string, Cell>): Cell[] {
  return IMPORT_COLUMNS[kind].map((c) => values[c.label] ?? null);
}

/** Upload bytes as `openid` under their own prefix (as `wx.cloud.uploadFile` does); returns the fileID. */
export async function uploadBytesAs(cloud: TestCloud, openid: string, body: Buffer, ext = 'xlsx'): Promise<string> {
  const path = await callAs(cloud, openid, 'cases', 'uploadPath', { ext });
  if (!path.ok) throw new Error(`uploadPath failed: ${path.code}`);
  const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(path.data.cloudPath)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid },
    body,
  });
  const { fileID } = (await res.json()) as { fileID?: string };
  if (!fileID) throw new Error(`upload failed (${res.status})`);
  return fileID;
}

/** Download a temp URL and read its first sheet as rows of text (header first). */
export async function readSheet(url: string, sheetIndex = 0): Promise<string[][]> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`download failed (${res.status})`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = wb.worksheets[sheetIndex];
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) cells.push(row.getCell(c).text ?? '');
    out.push(cells);
  });
  return out;
}

/** Download a temp URL as an exceljs workbook. */
export async function loadWorkbook(url: string): Promise<ExcelJS.Workbook> {
  const res = await fetch(url);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return wb;
}

/**
 * A handler context in this process on a real wx-server-sdk instance connected to `cloud`, acting as
 * `openid` (for code that reads the caller), with the cloud's field keys.
 */
export function inProcessContext(cloud: TestCloud, openid = ''): HandlerContext {
  process.env.UNION_DATA_KEY = cloud.devKeys.dataKey;
  process.env.UNION_INDEX_KEY = cloud.devKeys.indexKey;
  const wx = cloud.wxServer();
  return {
    cloud: wx as unknown as HandlerContext['cloud'],
    db: wx.database() as unknown as Database,
    identity: { openid, appid: '', unionid: '', clientIp: '127.0.0.1', source: 'test', timer: false },
    functionName: 'registry',
    now: () => new Date(),
    log: createLogger('registry-test'),
  };
}

/** Wait until an import job is no longer running, polling `importStatus` as the page does. */
export async function importUntilDone(cloud: TestCloud, openid: string, jobId: string, max = 60) {
  for (let i = 0; i < max; i += 1) {
    const r = await callAs(cloud, openid, 'registry', 'importStatus', { jobId });
    if (!r.ok) return r;
    if (!['queued', 'reading', 'writing', 'finishing'].includes(r.data.status)) return r;
  }
  throw new Error('import did not finish');
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid unified social credit code for test unit number `n` (area 421087, GB 32100 check character). */
export function creditCode(n: number, prefix = '91421087MA4'): string {
  let body = '';
  for (let x = n, i = 0; i < 17 - prefix.length; i += 1, x = Math.floor(x / 31)) body = CREDIT_CHARS[x % 31] + body;
  const first17 = prefix + body;
  return first17 + creditCheckChar(first17);
}
