/**
 * From a spreadsheet cell to a field value, per column kind. Cells come from the workbook reader already
 * reduced to {@link RawCell} (text, number, boolean, date or a cell error); formulas never get this far (the
 * workbook is refused). Messages are plain Chinese and never repeat the cell's content.
 */
import type { GridNode } from '../../../typings/grid';
import { yuanToFen } from '../../security/validators';
import type { ColumnDef } from './columns';

/** A cell as the reader hands it on. */
export type RawCell = string | number | boolean | Date | { error: string } | null;

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): CellResult => ({ ok: true, value });
const bad = (message: string): CellResult => ({ ok: false, message });

/** True for an empty cell (nothing, or only spaces). */
export function isEmptyCell(cell: RawCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell's content as text, the way a person reads it (dates as `YYYY-MM-DD`). */
export function cellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'object') return cell.error;
  return String(cell).trim();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` from a date cell, an Excel serial day number, or text `YYYY-M-D` / `YYYY/M/D` / `YYYY.M.D`. */
function toDate(cell: RawCell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') {
    // An unformatted date: Excel's serial day number (1900 system), in a plausible range (1954–2064).
    if (!Number.isInteger(cell) || cell < 20_000 || cell > 60_000) return null;
    return new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000).toISOString().slice(0, 10);
  }
  if (typeof cell !== 'string') return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cell.trim());
  return m ? `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}` : null;
}

/** What the row's other cells tell a cell (the town a village belongs to). */
export interface CellContext {
  grid: ReadonlyMap<string, GridNode>;
  townsByName: ReadonlyMap<string, GridNode>;
  /** The town the row's town column resolved to, if any. */
  townId?: string;
}

/** Towns by name (and id) for the town column. */
export function townIndex(grid: ReadonlyMap<string, GridNode>): Map<string, GridNode> {
  const out = new Map<string, GridNode>();
  for (const n of grid.values()) {
    if (n.level !== 'town') continue;
    out.set(n.name, n);
    out.set(n._id, n);
  }
  return out;
}

/** Convert one non-empty cell for `column`. */
export function parseCell(column: ColumnDef, cell: RawCell, ctx: CellContext): CellResult {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Date))
    return bad(`单元格是错误值（${cell.error}）`);
  switch (column.kind) {
    case 'text':
      if (cell instanceof Date) return bad('应填文字，不是日期');
      if (typeof cell === 'boolean') return bad('应填文字');
      if (typeof cell === 'number' && !Number.isSafeInteger(cell) && !Number.isFinite(cell)) return bad('应填文字');
      return ok(String(cell).trim());
    case 'digits':
      if (typeof cell === 'number') {
        // Excel keeps 15 significant digits: an 18-digit number has already lost its last digits.
        if (!Number.isSafeInteger(cell) || cell >= 1e15)
          return bad('被 Excel 存成了数字，末几位已变成0；请把这一列设为“文本”格式后重新填写');
        return ok(String(cell));
      }
      if (typeof cell !== 'string') return bad('应填数字文本');
      return ok(cell.trim());
    case 'int': {
      const n =
        typeof cell === 'number' ? cell : typeof cell === 'string' && /^\s*\d+\s*$/.test(cell) ? Number(cell) : NaN;
      if (!Number.isSafeInteger(n)) return bad('应填整数');
      return ok(n);
    }
    case 'yuan': {
      const text =
        typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cell.trim().replace(/,/g, '') : '';
      const fen = yuanToFen(text);
      return fen.ok ? ok(fen.value) : bad(fen.message === '金额过大' ? '金额过大' : '应填金额（元），最多两位小数');
    }
    case 'date': {
      const d = toDate(cell);
      return d ? ok(d) : bad('应填日期，格式 YYYY-MM-DD');
    }
    case 'choice': {
      const text = cellText(cell);
      const entry = Object.entries(column.choices ?? {}).find(([key, label]) => label === text || key === text);
      return entry ? ok(entry[0]) : bad(`只能是：${Object.values(column.choices ?? {}).join('、')}`);
    }
    case 'list':
      return ok(
        cellText(cell)
          .split(/[、,，;；\s]+/)
          .filter(Boolean),
      );
    case 'town': {
      const town = ctx.townsByName.get(cellText(cell));
      return town ? ok(town._id) : bad('没有这个乡镇，请填写乡镇（街道）全称');
    }
    case 'village': {
      if (!ctx.townId) return bad('请先填写正确的乡镇');
      const text = cellText(cell);
      for (const n of ctx.grid.values()) {
        if (n.level === 'village' && n.parentId === ctx.townId && (n.name === text || n._id === text)) return ok(n._id);
      }
      return bad('所填乡镇下没有这个村（社区）');
    }
  }
}
