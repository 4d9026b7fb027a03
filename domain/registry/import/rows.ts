/**
 * Checking one spreadsheet row against the kind's contract: each cell is converted for its column, the row
 * object goes through the same zod schema the mini-program's form and the function use (`typings/`), and
 * every problem comes back naming its column. Pure (the grid is passed in): the import's writing step adds
 * what needs the database (scope, duplicates, existing records).
 */
import type { z } from 'zod';
import {
  ArchiveFields,
  RegistryCreditCode,
  UnionFields,
  UnitFields,
  type ArchiveFieldsData,
  type ImportKind,
  type UnionFieldsData,
  type UnitFieldsData,
} from '../../../typings/registry';
import { ProfileFields } from '../../../typings/people';
import type { ProfileData } from '../../people/profile';
import { IMPORT_COLUMNS, columnOfPath, type ColumnDef } from './columns';
import { isEmptyCell, parseCell, type CellContext, type RawCell } from './cells';

/** A problem with a row: the column at fault (null for the whole row) and a Chinese message. */
export interface RowIssue {
  column: string | null;
  message: string;
}

/** A checked row of each kind: the contract's output plus the extras the import resolves itself. */
export interface CheckedRows {
  units: { fields: UnitFieldsData };
  unions: { fields: Omit<UnionFieldsData, 'parentUnionId'>; parent: string | null };
  workers: { profile: ProfileData; unitCreditCode: string | null };
  migrants: { profile: ProfileData; unitCreditCode: string | null };
  hardship: { fields: ArchiveFieldsData };
}

export type RowCheck<K extends ImportKind> =
  { ok: true; data: CheckedRows[K]; warnings: RowIssue[] } | { ok: false; issues: RowIssue[]; warnings: RowIssue[] };

/** Result-workbook columns a re-imported result file carries; ignored on import. */
export const RESULT_COLUMNS = ['结果', '原因'] as const;
/** Every column of a result workbook the import ignores (the problem-rows-only file adds `原行号`). */
export const IGNORED_COLUMNS: readonly string[] = [...RESULT_COLUMNS, '原行号'];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cursor = target;
  for (const p of parts.slice(0, -1)) {
    cursor[p] ??= {};
    cursor = cursor[p] as Record<string, unknown>;
  }
  cursor[parts[parts.length - 1]] = value;
}

const SCHEMAS: Record<ImportKind, z.ZodType> = {
  units: UnitFields,
  unions: UnionFields,
  workers: ProfileFields,
  migrants: ProfileFields,
  hardship: ArchiveFields,
};

/**
 * Check a row. `cells` holds the row's cells by column label. Warnings (a credit code whose check
 * character fails) do not refuse the row.
 */
export function checkRow<K extends ImportKind>(
  kind: K,
  cells: ReadonlyMap<string, RawCell>,
  ctx: Omit<CellContext, 'townId'>,
): RowCheck<K> {
  const issues: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const row: Record<string, unknown> = {};
  const extras: Record<string, unknown> = {};
  const cellCtx: CellContext = { ...ctx };
  for (const column of IMPORT_COLUMNS[kind]) {
    const cell = cells.get(column.label) ?? null;
    if (isEmptyCell(cell)) {
      if (column.required) issues.push({ column: column.label, message: '不能为空' });
      continue;
    }
    const parsed = parseCell(column, cell, cellCtx);
    if (!parsed.ok) {
      issues.push({ column: column.label, message: parsed.message });
      continue;
    }
    if (column.kind === 'town') cellCtx.townId = parsed.value as string;
    if (column.field.startsWith('_')) extras[column.field] = parsed.value;
    else setPath(row, column.field, parsed.value);
  }
  if (kind === 'workers' || kind === 'migrants') row.categories = [kind === 'workers' ? 'worker' : 'migrant'];
  const schema = SCHEMAS[kind];
  const result = schema.safeParse(row);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const column: ColumnDef | null = columnOfPath(kind, issue.path);
      // A field whose cell was already refused is not reported twice.
      if (column && issues.some((i) => i.column === column.label)) continue;
      issues.push({ column: column?.label ?? null, message: issue.message });
    }
  }
  const unitCode = extras._unitCreditCode as string | undefined;
  let checkedUnitCode: string | null = null;
  if (unitCode) {
    const code = RegistryCreditCode.safeParse(unitCode);
    if (!code.success)
      issues.push({ column: '单位统一社会信用代码', message: code.error.issues[0]?.message ?? '格式不正确' });
    else {
      checkedUnitCode = code.data.code;
      if (code.data.checkOverridden)
        warnings.push({ column: '单位统一社会信用代码', message: '校验位不符（早期代码可忽略）' });
    }
  }
  if (issues.length || !result.success) return { ok: false, issues, warnings };
  const data = result.data as Record<string, unknown>;
  for (const [field, label] of [
    ['creditCode', kind === 'unions' ? '工会统一社会信用代码' : '统一社会信用代码'],
    ['unitCreditCode', '单位统一社会信用代码'],
  ] as const) {
    const code = data[field] as { checkOverridden?: boolean } | undefined;
    if (code?.checkOverridden) warnings.push({ column: label, message: '校验位不符（早期代码可忽略，请核对）' });
  }
  const list = data.unitCreditCodes as Array<{ checkOverridden: boolean }> | undefined;
  if (list?.some((c) => c.checkOverridden))
    warnings.push({ column: '覆盖单位统一社会信用代码', message: '有代码校验位不符（早期代码可忽略，请核对）' });
  const out: Record<ImportKind, unknown> = {
    units: { fields: data },
    unions: { fields: data, parent: (extras._parent as string | undefined) ?? null },
    workers: { profile: data, unitCreditCode: checkedUnitCode },
    migrants: { profile: data, unitCreditCode: checkedUnitCode },
    hardship: { fields: data },
  };
  return { ok: true, data: out[kind] as CheckedRows[K], warnings };
}

/**
 * Check a workbook's header row against the kind's columns: every column present exactly once, nothing
 * unknown (the result workbook's own columns are allowed). Returns the position of each column, or a
 * message naming what is missing, unknown or repeated.
 */
export function checkHeader(
  kind: ImportKind,
  header: readonly string[],
): { ok: true; positions: Map<string, number> } | { ok: false; message: string } {
  const expected = IMPORT_COLUMNS[kind].map((c) => c.label);
  const positions = new Map<string, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.forEach((raw, i) => {
    const label = raw.trim();
    if (!label) return;
    if (positions.has(label)) repeated.push(label);
    else if (expected.includes(label)) positions.set(label, i);
    else if (!IGNORED_COLUMNS.includes(label)) unknown.push(label);
  });
  const missing = expected.filter((l) => !positions.has(l));
  const parts: string[] = [];
  if (missing.length) parts.push(`缺少列：${missing.join('、')}`);
  if (unknown.length) parts.push(`多出列：${unknown.slice(0, 5).join('、')}${unknown.length > 5 ? ' 等' : ''}`);
  if (repeated.length) parts.push(`重复的列：${repeated.join('、')}`);
  if (parts.length)
    return { ok: false, message: `表头与模板不一致（${parts.join('；')}）。请下载最新模板，按模板的表头填写。` };
  return { ok: true, positions };
}
