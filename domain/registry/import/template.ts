/**
 * The import template of a kind: the first sheet carries exactly the headers the import checks (each with
 * a note saying what to fill in and whether it is required), text format on identifier columns so Excel
 * keeps every digit, and drop-down lists for columns with fixed values; a second sheet explains each
 * column with an example. Also the list export, which writes the same columns so an export can be corrected
 * and imported again.
 */
import { PassThrough } from 'stream';
import ExcelJS from 'exceljs';
import { IMPORT_KIND_LABELS, type ImportKind } from '../../../typings/registry';
import { IMPORT_COLUMNS, columnLetter, type ColumnDef } from './columns';
import { MAX_IMPORT_ROWS } from './workbook';

const TEXT_KINDS = ['text', 'digits', 'list'];
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDECEA' } };

/** Style the header row and columns of a sheet for `columns` (widths, text format, notes). */
export function layoutColumns(sheet: ExcelJS.Worksheet, columns: readonly ColumnDef[], notes = true): void {
  sheet.columns = columns.map((c) => ({
    header: c.label,
    key: c.field,
    width: c.width ?? 14,
    style: TEXT_KINDS.includes(c.kind) ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    if (c.required) cell.fill = HEADER_FILL;
    if (notes) cell.note = `${c.required ? '必填' : '选填'}：${c.hint}`;
  });
}

/** The header row stays in view while scrolling. */
export const FROZEN_HEADER: Partial<ExcelJS.WorksheetView>[] = [{ state: 'frozen', ySplit: 1 }];

/** exceljs keeps range validations (`C2:C9999`) on the sheet; its typings omit the property. */
const validations = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;

/** The template workbook of `kind`. */
export async function buildTemplate(kind: ImportKind): Promise<Buffer> {
  const columns = IMPORT_COLUMNS[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '智慧工会';
  const sheet = workbook.addWorksheet(IMPORT_KIND_LABELS[kind], { views: FROZEN_HEADER });
  layoutColumns(sheet, columns);
  const options = workbook.addWorksheet('选项', { state: 'hidden' });
  let optionColumn = 0;
  columns.forEach((c, i) => {
    if (!c.choices) return;
    optionColumn += 1;
    const labels = Object.values(c.choices);
    labels.forEach((label, r) => (options.getCell(r + 1, optionColumn).value = label));
    const letter = columnLetter(optionColumn);
    const target = columnLetter(i + 1);
    validations(sheet).add(`${target}2:${target}${MAX_IMPORT_ROWS + 1}`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`选项!$${letter}$1:$${letter}$${labels.length}`],
      showErrorMessage: true,
      errorTitle: c.label,
      error: `请从下拉列表中选择${c.label}`,
    });
  });
  const guide = workbook.addWorksheet('填写说明');
  guide.columns = [
    { header: '列名', width: 24 },
    { header: '是否必填', width: 10 },
    { header: '填写说明', width: 48 },
    { header: '可选值', width: 48 },
    { header: '示例', width: 26 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const c of columns) {
    guide.addRow([
      c.label,
      c.required ? '必填' : '选填',
      c.hint,
      c.choices ? Object.values(c.choices).join('、') : '',
      c.example,
    ]);
  }
  guide.addRow([]);
  for (const line of [
    `在第一张表“${IMPORT_KIND_LABELS[kind]}”中从第2行起每行填写一条；不要修改、删除或移动表头。`,
    '不要合并单元格，不要使用公式（请粘贴为数值），不要在数据下方留大量空行。',
    '身份证号、手机号、统一社会信用代码等列已设为“文本”格式，请直接粘贴，不要改成数字格式。',
    '导入后可下载结果表：每行有“结果”和“原因”两列，改正“未导入”的行后可直接把结果表再导入一次；没有变化的行不会重复写入。',
  ]) {
    guide.addRow([line]).getCell(1).font = { color: { argb: 'FF555555' } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A streaming workbook writer into memory: rows are committed as they are added, so a sheet of 185,560
 * rows never sits in memory as cell objects.
 */
export function streamingWorkbook(): { workbook: ExcelJS.stream.xlsx.WorkbookWriter; done: () => Promise<Buffer> } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  return {
    workbook,
    done: async () => {
      await workbook.commit();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}
