/**
 * The result workbook of an import: the uploaded rows as they were, with 结果 (新增 / 已更新 / 无变化 / 未导入)
 * and 原因 columns, every refused cell filled red, and a summary sheet. A person corrects the 未导入 rows in
 * this very file and imports it again: the import ignores the two result columns, and unchanged rows write
 * nothing.
 */
import type ExcelJS from 'exceljs';
import { IMPORT_KIND_LABELS, type ImportCounts, type ImportKind } from '../../../typings/registry';
import { IMPORT_COLUMNS, columnLetter } from './columns';
import { cellText, type RawCell } from './cells';
import type { RowIssue } from './rows';
import { IGNORED_COLUMNS, RESULT_COLUMNS } from './rows';
import { FROZEN_HEADER, streamingWorkbook } from './template';

/** The column a result workbook of only the problem rows adds: the row's line in the uploaded file. */
export const LINE_COLUMN = '原行号';

export type RowOutcome = 'added' | 'updated' | 'unchanged' | 'refused';
export const OUTCOME_LABELS: Record<RowOutcome, string> = {
  added: '新增',
  updated: '已更新',
  unchanged: '无变化',
  refused: '未导入',
};

/** What happened to one row (no cell values: reasons name the column). */
export interface RowResult {
  line: number;
  outcome: RowOutcome;
  issues: RowIssue[];
  warnings: RowIssue[];
}

const BAD: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const WARN: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

/** `D12「身份证号」：校验位不正确`: the cell, its column, the message. */
export function describeIssue(issue: RowIssue, line: number, header: readonly string[]): string {
  if (!issue.column) return issue.message;
  const i = header.indexOf(issue.column);
  const ref = i >= 0 ? `${columnLetter(i + 1)}${line}` : '';
  return `${ref}「${issue.column}」：${issue.message}`;
}

/** The reasons of a row, in one cell. */
export function reasonText(result: RowResult, header: readonly string[]): string {
  const parts = [
    ...result.issues.map((i) => describeIssue(i, result.line, header)),
    ...result.warnings.map((w) => `提示 ${describeIssue(w, result.line, header)}`),
  ];
  return parts.join('；');
}

/** Cell content for the result sheet: text stays text (identifiers keep every digit), dates as dates. */
function outCell(cell: RawCell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (cell instanceof Date) return cell;
  if (typeof cell === 'object') return cellText(cell);
  return cell;
}

/**
 * Up to this many rows the result workbook holds every row; above it, only the rows refused or with a
 * warning (each with its line in the uploaded file), so the result of 185,560 clean rows is not a second copy.
 */
export const FULL_RESULT_ROWS = 20_000;

/**
 * Write the result workbook of `kind` from the rows and their results, in sheet order. `rows` yields each
 * row once with its result.
 */
export async function buildResultWorkbook(
  kind: ImportKind,
  header: readonly string[],
  rows: AsyncIterable<{ cells: RawCell[]; result: RowResult }>,
  counts: ImportCounts,
): Promise<Buffer> {
  const onlyProblems = counts.rows > FULL_RESULT_ROWS;
  const { workbook, done } = streamingWorkbook();
  const sheet = workbook.addWorksheet(`${IMPORT_KIND_LABELS[kind]}导入结果`, { views: FROZEN_HEADER });
  const dataHeader = header.filter((h) => !IGNORED_COLUMNS.includes(h.trim()));
  const keep = header.map((h, i) => ({ h, i })).filter(({ h }) => dataHeader.includes(h));
  const textColumns = new Set(
    IMPORT_COLUMNS[kind]
      .filter((c) => c.kind === 'text' || c.kind === 'digits' || c.kind === 'list')
      .map((c) => c.label),
  );
  sheet.columns = [
    ...keep.map(({ h }) => ({
      width: IMPORT_COLUMNS[kind].find((c) => c.label === h)?.width ?? 14,
      style: textColumns.has(h) ? { numFmt: '@' } : {},
    })),
    { width: 10 },
    { width: 60 },
  ];
  const headRow = sheet.addRow([...keep.map(({ h }) => h), ...RESULT_COLUMNS, ...(onlyProblems ? [LINE_COLUMN] : [])]);
  headRow.font = { bold: true };
  headRow.commit();
  for await (const { cells, result } of rows) {
    if (onlyProblems && !result.issues.length && !result.warnings.length) continue;
    const row = sheet.addRow([
      ...keep.map(({ i }) => outCell(cells[i] ?? null)),
      OUTCOME_LABELS[result.outcome],
      reasonText(result, dataHeader),
      ...(onlyProblems ? [result.line] : []),
    ]);
    keep.forEach(({ h }, j) => {
      if (result.issues.some((x) => x.column === h)) row.getCell(j + 1).fill = BAD;
      else if (result.warnings.some((x) => x.column === h)) row.getCell(j + 1).fill = WARN;
    });
    if (result.outcome === 'refused') row.getCell(keep.length + 1).fill = BAD;
    row.commit();
  }
  sheet.commit();
  const summary = workbook.addWorksheet('汇总');
  for (const line of [
    ['共读取', counts.rows],
    ['新增', counts.added],
    ['已更新', counts.updated],
    ['无变化', counts.unchanged],
    ['未导入', counts.refused],
    ['有提示', counts.warnings],
  ] as const) {
    summary.addRow([...line]).commit();
  }
  summary.addRow([]).commit();
  if (onlyProblems) {
    summary
      .addRow([`数据超过 ${FULL_RESULT_ROWS} 行：第一张表只列出未导入或有提示的行，“原行号”是它在上传文件中的行号。`])
      .commit();
  }
  summary.addRow(['改正“未导入”的行后，可把第一张表直接再导入一次；没有变化的行不会重复写入。']).commit();
  summary.commit();
  return done();
}
