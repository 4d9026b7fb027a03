/**
 * Reading import workbooks: every cell of a large sheet comes back exactly as written (Chinese text across
 * decompression chunk boundaries, shared and inline strings, rich text, entities, dates, numbers), and what
 * is not a clean table is refused with a message a person understands.
 */
import ExcelJS from 'exceljs';
import { readWorkbook, WorkbookRefused, type SheetRow } from '../../domain/registry/import/workbook';
import { IMPORT_COLUMNS } from '../../domain/registry/import/columns';
import { isDateFormat, unescapeXml } from '../../domain/registry/import/sheet-reader';
import { fakeIdNumber, fakeName } from '../../scripts/seed/people';

jest.setTimeout(60_000);

const HEADER = IMPORT_COLUMNS.migrants.map((c) => c.label);

async function book(
  rows: ExcelJS.CellValue[][],
  opts: { sharedStrings?: boolean; edit?: (s: ExcelJS.Worksheet) => void } = {},
) {
  if (opts.sharedStrings === false) {
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('stream');
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
    const sheet = wb.addWorksheet('x');
    sheet.addRow(HEADER).commit();
    for (const r of rows) sheet.addRow(r).commit();
    sheet.commit();
    await wb.commit();
    return Buffer.concat(chunks);
  }
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('x');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  opts.edit?.(sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const readAll = async (buffer: Buffer) => {
  const out: SheetRow[] = [];
  const result = await readWorkbook(buffer, 'migrants', async (rows) => void out.push(...rows));
  return { rows: out, result };
};

describe('reading an import workbook', () => {
  it.each([
    ['shared strings', true],
    ['inline strings', false],
  ])('returns every Chinese cell of 30,000 rows exactly (%s)', async (_label, shared) => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [
      fakeName(i),
      fakeIdNumber(i),
      null,
      '万家乡',
      `翠林山村${i % 7}组`,
      '深圳',
      '',
      '',
    ]);
    const { rows: read, result } = await readAll(await book(rows, { sharedStrings: shared }));
    expect(result.rows).toBe(30_000);
    expect(read.map((r) => [r.cells[0], r.cells[1], r.cells[4]])).toEqual(rows.map((r) => [r[0], r[1], r[4]]));
    expect(read[29_999].line).toBe(30_001);
  });

  it('reads rich text, entities, numbers, booleans and dates', async () => {
    const { rows } = await readAll(
      await book([
        [
          { richText: [{ text: '张' }, { text: '测试', font: { bold: true } }] },
          '4210',
          13800138000,
          '<万家乡> & "乡"',
          true,
          new Date(Date.UTC(2024, 4, 1)),
          1.5,
          null,
        ],
      ]),
    );
    expect(rows[0].cells).toEqual([
      '张测试',
      '4210',
      13800138000,
      '<万家乡> & "乡"',
      true,
      new Date(Date.UTC(2024, 4, 1)),
      1.5,
      null,
    ]);
  });

  it('skips blank rows but refuses a sheet padded with more than a thousand', async () => {
    const { rows, result } = await readAll(await book([['甲测', fakeIdNumber(1)], [], [], ['乙测', fakeIdNumber(2)]]));
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(result.emptyRows).toBe(2);
    const padded = await book([['甲测', fakeIdNumber(1)]], {
      edit: (s) => {
        for (let r = 3; r < 1_200; r += 1) s.getCell(`B${r}`).value = '';
        s.getCell('A1300').value = '末行';
      },
    });
    await expect(readAll(padded)).rejects.toThrow(/大量空行/);
  });

  it('refuses shared formulas naming the first cell', async () => {
    const buffer = await book([['甲测', fakeIdNumber(1)]], {
      edit: (s) => {
        s.getCell('G2').value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
        s.getCell('G3').value = { sharedFormula: 'G2', result: 2 } as ExcelJS.CellSharedFormulaValue;
        s.getCell('A3').value = '乙测';
      },
    });
    await expect(readAll(buffer)).rejects.toThrow('G2 单元格是公式');
  });

  it('refuses a file that is not an xlsx workbook, or has no data', async () => {
    await expect(readAll(Buffer.from('PK\u0003\u0004 broken zip'))).rejects.toThrow(/已损坏或不是 Excel 工作簿/);
    await expect(readAll(Buffer.alloc(0))).rejects.toThrow('文件是空的');
    await expect(readAll(await book([]))).rejects.toThrow('表格里没有数据行');
    await expect(readAll(Buffer.from('x'))).rejects.toBeInstanceOf(WorkbookRefused);
  });

  it('tells date formats from number formats, and resolves XML entities', () => {
    expect(isDateFormat('yyyy/m/d')).toBe(true);
    expect(isDateFormat('[$-804]yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('"元"#,##0')).toBe(false);
    expect(isDateFormat('@')).toBe(false);
    expect(unescapeXml('&lt;a&gt; &amp; &#x4E07;&#23478;')).toBe('<a> & 万家');
  });
});
