/**
 * Reading an uploaded workbook for import, refusing what is not a plain table before anything is written:
 * not an xlsx file (an old .xls, a CSV renamed, a picture), too big, more than one table's worth of rows,
 * wrong headers, formulas, merged cells, or a sheet padded with empty rows. The first worksheet is read as
 * a stream (exceljs), so a workbook of 185,560 people is read in seconds in a function's memory.
 */
import { Readable } from 'stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { ImportKind } from '../../../typings/registry';
import { checkHeader } from './rows';
import { columnLetter } from './columns';
import type { RawCell } from './cells';

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
async function firstSheetEntry(zip: JSZip): Promise<string> {
  const book = await zip.file('xl/workbook.xml')?.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
  if (!book || !rels) throw new WorkbookRefused('文件不是有效的 Excel 工作簿（xlsx），请用 Excel 另存为 .xlsx 后上传');
  const sheet = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(book);
  if (!sheet) throw new WorkbookRefused('工作簿里没有工作表');
  const rel = new RegExp(`<Relationship\\b[^>]*\\bId="${sheet[1]}"[^>]*>`).exec(rels)?.[0] ?? '';
  const target = /\bTarget="([^"]+)"/.exec(rel)?.[1];
  if (!target) throw new WorkbookRefused('工作簿里没有工作表');
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

/**
 * Look through the first sheet's XML (streamed, never whole in memory) for merged cells; refuse a sheet
 * whose uncompressed size is beyond reason.
 */
async function checkSheetXml(zip: JSZip, entry: string): Promise<void> {
  const file = zip.file(entry);
  if (!file) throw new WorkbookRefused('工作簿里没有工作表');
  const size = (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  if (size > MAX_SHEET_BYTES)
    throw new WorkbookRefused('工作表过大（可能含有大量空行或格式），请只保留数据后另存为新文件再上传');
  let tail = '';
  let merged: string | null = null;
  await new Promise<void>((resolve, reject) => {
    const stream = file.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('utf8');
      const m = /<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"/.exec(text);
      if (m && !merged) merged = m[1];
      tail = text.slice(-200);
    });
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  if (merged) throw new WorkbookRefused(`表格含有合并单元格（${merged}），请取消合并、每格只填一个值后重新上传`);
}

/** A cell as exceljs reads it, reduced to a {@link RawCell}; a formula is refused naming the cell. */
function rawCell(value: ExcelJS.CellValue, line: number, col: number): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      throw new WorkbookRefused(
        `${columnLetter(col)}${line} 单元格是公式。导入只接受数值：请把公式复制后“选择性粘贴为数值”，再上传`,
      );
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return { error: String(value.error) };
  }
  return String(value);
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
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    throw new WorkbookRefused('文件已损坏或不是 Excel 工作簿（xlsx），请重新导出后上传');
  }
  await checkSheetXml(zip, await firstSheetEntry(zip));

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let header: string[] | null = null;
  let positions: Map<string, number> | null = null;
  let pending: SheetRow[] = [];
  let rows = 0;
  let emptyRows = 0;
  let lastLine = 0;
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
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const line = row.number;
        const values = (row.values as ExcelJS.CellValue[]) ?? [];
        if (!header) {
          if (line !== 1) throw new WorkbookRefused('第1行应为表头（请使用下载的模板，不要删除或移动表头）');
          header = [];
          for (let c = 1; c < values.length; c += 1) {
            const v = rawCell(values[c], line, c);
            header.push(v === null ? '' : typeof v === 'object' && !(v instanceof Date) ? '' : String(v).trim());
          }
          const checked = checkHeader(kind, header);
          if (!checked.ok) throw new WorkbookRefused(checked.message);
          positions = checked.positions;
          lastLine = line;
          continue;
        }
        emptyRows += Math.max(0, line - lastLine - 1);
        lastLine = line;
        const cells: RawCell[] = header.map((_, i) => rawCell(values[i + 1], line, i + 1));
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
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof WorkbookRefused || passOn.has(error)) throw error;
    throw new WorkbookRefused('文件已损坏或不是 Excel 工作簿（xlsx），请重新导出后上传');
  }
  if (!header || !positions) throw new WorkbookRefused('表格是空的：第1行应为表头');
  if (pending.length) await onRows(pending);
  if (rows === 0) throw new WorkbookRefused('表格里没有数据行');
  return { header, rows, emptyRows };
}
