/**
 * Reading an uploaded workbook for import, refusing what is not a plain table before anything is written:
 * not an xlsx file (an old .xls, a CSV renamed, a picture), too big, more than one table's worth of rows,
 * wrong headers, formulas, merged cells, or a sheet padded with empty rows. The first worksheet is read as
 * a stream (`sheet-reader.ts`), so a workbook of 185,560 people is read in seconds in a function's memory.
 */
import type { ImportKind } from '../../../typings/registry';
import { checkHeader } from './rows';
import { columnLetter } from './columns';
import type { RawCell } from './cells';
import { readSheet, type XlsxRow } from './sheet-reader';
import { entryString, zipEntries, type ZipEntry } from './zip';

/** Largest workbook accepted (bytes). The article's 185,560 people fit in about 10 MB. */
export const MAX_WORKBOOK_BYTES = 30 * 1024 * 1024;
/** Largest uncompressed worksheet (a guard against a zip bomb). */
export const MAX_SHEET_BYTES = 400 * 1024 * 1024;
/** Most data rows in one workbook. */
export const MAX_IMPORT_ROWS = 200_000;
/** Most empty rows tolerated between and after the data. */
export const MAX_EMPTY_ROWS = 1_000;

/** A workbook the import will not take, with the reason to show the person. */
export class WorkbookRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookRefused';
  }
}

/** A data row: its line in the sheet (as Excel numbers it) and its cells by header position. */
export interface SheetRow {
  line: number;
  cells: RawCell[];
}

export interface ReadResult {
  header: string[];
  rows: number;
  emptyRows: number;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** The zip entry of the first worksheet, from the workbook's own relationships. */
async function firstSheetEntry(buffer: Buffer, entries: ReadonlyMap<string, ZipEntry>): Promise<string> {
  const bookEntry = entries.get('xl/workbook.xml');
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  if (!bookEntry || !relsEntry)
    throw new WorkbookRefused('文件不是有效的 Excel 工作簿（xlsx），请用 Excel 另存为 .xlsx 后上传');
  const [book, rels] = await Promise.all([entryString(buffer, bookEntry), entryString(buffer, relsEntry)]);
  const sheet = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(book);
  if (!sheet) throw new WorkbookRefused('工作簿里没有工作表');
  const rel = new RegExp(`<Relationship\\b[^>]*\\bId="${sheet[1]}"[^>]*>`).exec(rels)?.[0] ?? '';
  const target = /\bTarget="([^"]+)"/.exec(rel)?.[1];
  if (!target) throw new WorkbookRefused('工作簿里没有工作表');
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

/** Refuse a sheet whose uncompressed size is beyond reason (a zip bomb, or millions of formatted rows). */
function checkSheetSize(entries: ReadonlyMap<string, ZipEntry>, name: string): void {
  const entry = entries.get(name);
  if (!entry) throw new WorkbookRefused('工作簿里没有工作表');
  if (entry.size > MAX_SHEET_BYTES)
    throw new WorkbookRefused('工作表过大（可能含有大量空行或格式），请只保留数据后另存为新文件再上传');
}

/**
 * Read the first worksheet of `buffer` as a table of `kind`: check the file and the header, then hand the
 * data rows to `onRows` in batches of `batch`. Throws {@link WorkbookRefused} with the reason for anything
 * that is not a clean table; `onRows` may have been called before a refusal (the caller discards).
 */
export async function readWorkbook(
  buffer: Buffer,
  kind: ImportKind,
  onRows: (rows: SheetRow[]) => Promise<void>,
  batch = 1000,
): Promise<ReadResult> {
  if (buffer.length === 0) throw new WorkbookRefused('文件是空的');
  if (buffer.length > MAX_WORKBOOK_BYTES)
    throw new WorkbookRefused(`文件超过 ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB，请分成几个文件上传`);
  if (buffer.subarray(0, 4).equals(OLE_MAGIC))
    throw new WorkbookRefused('这是旧版 Excel（.xls）文件，请用 Excel 另存为 .xlsx 后上传');
  if (buffer[0] !== 0x50 || buffer[1] !== 0x4b)
    throw new WorkbookRefused('文件不是 Excel 工作簿（xlsx）。如果是 CSV 或 WPS 文件，请用 Excel 另存为 .xlsx 后上传');
  let entries: Map<string, ZipEntry>;
  let entry: string;
  try {
    entries = zipEntries(buffer);
    entry = await firstSheetEntry(buffer, entries);
  } catch (error) {
    if (error instanceof WorkbookRefused) throw error;
    throw new WorkbookRefused('文件已损坏或不是 Excel 工作簿（xlsx），请重新导出后上传');
  }
  checkSheetSize(entries, entry);

  let header: string[] | null = null;
  let positions: Map<string, number> | null = null;
  let pending: SheetRow[] = [];
  let rows = 0;
  let emptyRows = 0;
  let lastLine = 0;
  let merged: string | null = null;
  // Failures of the caller's own writes are not the workbook's fault: they pass through unchanged.
  const passOn = new Set<unknown>();
  const hand = async (batchRows: SheetRow[]) => {
    try {
      await onRows(batchRows);
    } catch (error) {
      passOn.add(error);
      throw error;
    }
  };
  const onRow = async ({ line, cells: byColumn, formulas }: XlsxRow) => {
    if (formulas.length)
      throw new WorkbookRefused(
        `${columnLetter(formulas[0])}${line} 单元格是公式。导入只接受数值：请把公式复制后“选择性粘贴为数值”，再上传`,
      );
    if (!header) {
      if (line !== 1) throw new WorkbookRefused('第1行应为表头（请使用下载的模板，不要删除或移动表头）');
      const width = Math.max(0, ...byColumn.keys());
      header = Array.from({ length: width }, (_, i) => {
        const v = byColumn.get(i + 1) ?? null;
        return v === null || (typeof v === 'object' && !(v instanceof Date)) ? '' : String(v).trim();
      });
      const checked = checkHeader(kind, header);
      if (!checked.ok) throw new WorkbookRefused(checked.message);
      positions = checked.positions;
      lastLine = line;
      return;
    }
    emptyRows += Math.max(0, line - lastLine - 1);
    lastLine = line;
    const columns = header.length;
    const cells: RawCell[] = Array.from({ length: columns }, (_, i) => byColumn.get(i + 1) ?? null);
    if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) emptyRows += 1;
    else {
      rows += 1;
      if (rows > MAX_IMPORT_ROWS) throw new WorkbookRefused(`数据超过 ${MAX_IMPORT_ROWS} 行，请分成几个文件上传`);
      pending.push({ line, cells });
      if (pending.length >= batch) {
        await hand(pending);
        pending = [];
      }
    }
    if (emptyRows > MAX_EMPTY_ROWS)
      throw new WorkbookRefused(
        `表格中有大量空行（超过 ${MAX_EMPTY_ROWS} 行，最近在第 ${line} 行附近），请删除空行、只保留数据后另存为新文件再上传`,
      );
  };
  try {
    await readSheet(buffer, entries, entry, {
      row: onRow,
      merge: (ref) => {
        merged ??= ref;
      },
    });
  } catch (error) {
    if (error instanceof WorkbookRefused || passOn.has(error)) throw error;
    throw new WorkbookRefused('文件已损坏或不是 Excel 工作簿（xlsx），请重新导出后上传');
  }
  if (merged) throw new WorkbookRefused(`表格含有合并单元格（${merged}），请取消合并、每格只填一个值后重新上传`);
  if (!header || !positions) throw new WorkbookRefused('表格是空的：第1行应为表头');
  if (pending.length) await onRows(pending);
  if (rows === 0) throw new WorkbookRefused('表格里没有数据行');
  return { header, rows, emptyRows };
}
