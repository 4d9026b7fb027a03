/**
 * Filter → SQL translation.
 *
 * Every MongoDB filter is translated into a SQL condition that is a SUPERSET of its matches (conditions that cannot
 * be expressed are dropped, i.e. treated as TRUE), plus a flag `exact` saying the SQL condition is the filter
 * itself. When not exact, the caller re-checks each candidate with mingo. Conditions on an indexed path use the
 * collection's generated index columns (`t_*` = MongoDB type-order rank, `v_*` = orderable value), so SQLite's
 * planner answers them from the index; other paths use inline json_extract expressions (still evaluated in C).
 *
 * A path along which some document ever held an array (tracked per collection, like MongoDB's multikey flag) is
 * never translated: array-element matching is left to mingo.
 */

/** MongoDB's comparison/sort order of types, as ranks. */
export const RANK = { nullish: 1, number: 3, string: 4, object: 5, array: 6, bool: 9, date: 10 } as const;

/** Kinds of values a path has held in some document (bitmask), tracked per collection on every write. */
export const KIND = { null: 1, bool: 2, number: 4, string: 8, date: 16, object: 32, array: 64, other: 128 } as const;
export const ALL_KINDS = 255;

/** What the translator needs to know about the collection. */
export interface PathInfo {
  /** Kinds of values ever stored at this exact path (0 = never present). */
  kindsOf(path: string): number;
  /** Generated index columns for an indexed path that is not multikey, else null. */
  indexCols(path: string): { t: string; v: string } | null;
  /** True when a document ever had an array at this path or at one of its prefixes. */
  hasArrayAlong(path: string): boolean;
}

export interface SqlCond {
  /** null = TRUE (no restriction). */
  sql: string | null;
  params: unknown[];
  exact: boolean;
}

const TRUE_EXACT: SqlCond = { sql: null, params: [], exact: true };
const TRUE_INEXACT: SqlCond = { sql: null, params: [], exact: false };

/** JSON path literal for SQLite (`$."a"."b"`), or null when a segment cannot be quoted. */
export function jsonPath(path: string, suffix = ''): string | null {
  const segs = path.split('.');
  if (segs.some((s) => s === '' || s.includes('"') || s.includes("'"))) return null;
  return `'$${segs.map((s) => `."${s}"`).join('')}${suffix}'`;
}

/** Inline SQL expressions of the type rank and value of `path` (same definitions as the generated columns). */
export function rankExpr(p: string): string {
  const d = p.slice(0, -1) + `."$date"'`;
  return (
    `(CASE json_type(doc,${p}) WHEN 'integer' THEN 3 WHEN 'real' THEN 3 WHEN 'text' THEN 4 WHEN 'true' THEN 9 ` +
    `WHEN 'false' THEN 9 WHEN 'array' THEN 6 WHEN 'object' THEN (CASE WHEN json_type(doc,${d}) IN ('integer','real') ` +
    `THEN 10 ELSE 5 END) ELSE 1 END)`
  );
}
export function valueExpr(p: string): string {
  const d = p.slice(0, -1) + `."$date"'`;
  return (
    `(CASE json_type(doc,${p}) WHEN 'object' THEN json_extract(doc,${d}) WHEN 'array' THEN NULL ` +
    `WHEN 'true' THEN 1 WHEN 'false' THEN 0 ELSE coalesce(json_extract(doc,${p}),0) END)`
  );
}

type Scalar = { rank: number; value: unknown } | null;

/** Scalars the translator can compare: number, string, boolean, Date, null. */
function scalarOf(v: unknown): Scalar {
  if (v === null) return { rank: RANK.nullish, value: 0 };
  if (typeof v === 'number') return Number.isFinite(v) ? { rank: RANK.number, value: v } : null;
  if (typeof v === 'string') return { rank: RANK.string, value: v };
  if (typeof v === 'boolean') return { rank: RANK.bool, value: v ? 1 : 0 };
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? { rank: RANK.date, value: v.getTime() } : null;
  return null;
}

function and(parts: SqlCond[]): SqlCond {
  const sqls = parts.filter((p) => p.sql !== null);
  return {
    sql: sqls.length ? sqls.map((p) => `(${p.sql})`).join(' AND ') : null,
    params: sqls.flatMap((p) => p.params),
    exact: parts.every((p) => p.exact),
  };
}

function or(parts: SqlCond[]): SqlCond {
  if (parts.length === 0) return { sql: '0', params: [], exact: true };
  if (parts.some((p) => p.sql === null)) return { sql: null, params: [], exact: parts.every((p) => p.exact) && false };
  return {
    sql: parts.map((p) => `(${p.sql})`).join(' OR '),
    params: parts.flatMap((p) => p.params),
    exact: parts.every((p) => p.exact),
  };
}

function not(c: SqlCond): SqlCond {
  if (!c.exact) return TRUE_INEXACT;
  if (c.sql === null) return { sql: '0', params: [], exact: true };
  return { sql: `(${c.sql}) IS NOT 1`, params: c.params, exact: true };
}

const CMP: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/** Condition on `_id` (the `id` column: text or number, never arrays). */
function idCond(op: string, s: NonNullable<Scalar>): SqlCond | null {
  if (s.rank === RANK.string || s.rank === RANK.number) {
    const typeTest = s.rank === RANK.string ? `typeof(id)='text'` : `typeof(id) IN ('integer','real')`;
    if (op === '$eq') return { sql: `id = ?`, params: [s.value], exact: true };
    const c = CMP[op];
    if (c) return { sql: `${typeTest} AND id ${c} ?`, params: [s.value], exact: true };
  }
  if (op === '$eq' && s.rank === RANK.nullish) return { sql: '0', params: [], exact: true };
  return null;
}

/** One comparison on a path, or null when it cannot be expressed exactly. */
function cmpCond(info: PathInfo, path: string, op: string, operand: unknown): SqlCond | null {
  const s = scalarOf(operand);
  if (!s) return null;
  if (path === '_id') return idCond(op, s);
  const cols = info.indexCols(path);
  if (cols) {
    if (op === '$eq') return { sql: `${cols.t} = ${s.rank} AND ${cols.v} = ?`, params: [s.value], exact: true };
    const c = CMP[op];
    if (!c || s.rank === RANK.nullish || s.rank === RANK.bool) return null;
    return { sql: `${cols.t} = ${s.rank} AND ${cols.v} ${c} ?`, params: [s.value], exact: true };
  }
  const p = jsonPath(path);
  if (!p) return null;
  const d = jsonPath(path, '."$date"');
  const kinds = info.kindsOf(path);
  // The json_type check is only needed when the path ever held values of another kind that SQLite could confuse.
  const only = (allowed: number): boolean => (kinds & ~(allowed | KIND.null)) === 0;
  const c = op === '$eq' ? '=' : CMP[op];
  if (!c) return null;
  switch (s.rank) {
    case RANK.nullish:
      return op === '$eq' ? { sql: `coalesce(json_type(doc,${p}),'null') = 'null'`, params: [], exact: true } : null;
    case RANK.bool:
      return op === '$eq'
        ? { sql: `json_type(doc,${p}) = '${s.value ? 'true' : 'false'}'`, params: [], exact: true }
        : null;
    case RANK.string:
      return {
        sql: `json_extract(doc,${p}) ${c} ?${only(KIND.string) ? '' : ` AND json_type(doc,${p}) = 'text'`}`,
        params: [s.value],
        exact: true,
      };
    case RANK.number:
      return {
        sql: `json_extract(doc,${p}) ${c} ?${only(KIND.number) ? '' : ` AND json_type(doc,${p}) IN ('integer','real')`}`,
        params: [s.value],
        exact: true,
      };
    case RANK.date:
      return { sql: `json_extract(doc,${d}) ${c} ?`, params: [s.value], exact: true };
    default:
      return null;
  }
}

function inCond(info: PathInfo, path: string, values: unknown): SqlCond | null {
  if (!Array.isArray(values)) return null;
  const cols = path === '_id' ? null : info.indexCols(path);
  if (cols) {
    // Group by type so SQLite can use IN on the index.
    const byRank = new Map<number, unknown[]>();
    for (const v of values) {
      const s = scalarOf(v);
      if (!s) return null;
      const list = byRank.get(s.rank) ?? [];
      list.push(s.value);
      byRank.set(s.rank, list);
    }
    if (byRank.size === 0) return { sql: '0', params: [], exact: true };
    const parts: SqlCond[] = [...byRank].map(([rank, vals]) => ({
      sql: `${cols.t} = ${rank} AND ${cols.v} IN (${vals.map(() => '?').join(',')})`,
      params: vals,
      exact: true,
    }));
    return or(parts);
  }
  if (path === '_id' && values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
    if (values.length === 0) return { sql: '0', params: [], exact: true };
    return { sql: `id IN (${values.map(() => '?').join(',')})`, params: values, exact: true };
  }
  const parts: SqlCond[] = [];
  for (const v of values) {
    const c = cmpCond(info, path, '$eq', v);
    if (!c) return null;
    parts.push(c);
  }
  return or(parts);
}

/** Conditions of one field: `{ path: value }` or `{ path: { $op: … } }`. */
function fieldCond(info: PathInfo, path: string, value: unknown): SqlCond {
  if (path !== '_id' && info.hasArrayAlong(path)) return TRUE_INEXACT;
  const isOps =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((k) => k.startsWith('$'));
  if (!isOps) return cmpCond(info, path, '$eq', value) ?? TRUE_INEXACT;
  const ops = value as Record<string, unknown>;
  const parts: SqlCond[] = [];
  for (const [op, operand] of Object.entries(ops)) {
    let c: SqlCond | null = null;
    switch (op) {
      case '$eq':
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        c = cmpCond(info, path, op, operand);
        break;
      case '$ne': {
        const e = cmpCond(info, path, '$eq', operand);
        c = e ? not(e) : null;
        break;
      }
      case '$in':
        c = inCond(info, path, operand);
        break;
      case '$nin': {
        const e = inCond(info, path, operand);
        c = e ? not(e) : null;
        break;
      }
      case '$exists': {
        if (path === '_id') c = { sql: operand ? '1' : '0', params: [], exact: true };
        else {
          const p = jsonPath(path);
          if (p) c = { sql: `json_type(doc,${p}) IS ${operand ? 'NOT ' : ''}NULL`, params: [], exact: true };
        }
        break;
      }
      case '$not': {
        if (operand instanceof RegExp) break;
        const inner = fieldCond(info, path, operand);
        c = inner.exact ? not(inner) : null;
        break;
      }
      default:
        break;
    }
    parts.push(c ?? TRUE_INEXACT);
  }
  return and(parts);
}

/** Translate a whole filter document. */
export function translateFilter(info: PathInfo, filter: unknown): SqlCond {
  if (filter === undefined || filter === null) return TRUE_EXACT;
  if (typeof filter !== 'object' || Array.isArray(filter)) return TRUE_INEXACT;
  const parts: SqlCond[] = [];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value)) {
        parts.push(TRUE_INEXACT);
        continue;
      }
      const subs = value.map((f) => translateFilter(info, f));
      if (key === '$and') parts.push(and(subs));
      else if (key === '$or') parts.push(or(subs));
      else parts.push(not(or(subs)));
    } else if (key.startsWith('$')) {
      parts.push(TRUE_INEXACT);
    } else {
      parts.push(fieldCond(info, key, value));
    }
  }
  return and(parts);
}

/**
 * Paths whose MongoDB type rank the filter fixes for every match: a top-level (or `$and`) equality or
 * comparison with a non-null scalar (comparisons match only their own type). Sorting such an indexed path
 * needs no rank term, and leaving it out lets SQLite walk the index in order after a range (keyset cursors)
 * instead of sorting: SQLite does not drop equality-bound expression columns from an ORDER BY by itself.
 */
export function pinnedRanks(filter: unknown, out = new Map<string, number>()): Map<string, number> {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) return out;
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) pinnedRanks(sub, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    const isOps =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !(value instanceof Date) &&
      !(value instanceof RegExp);
    const operands = isOps
      ? Object.entries(value as Record<string, unknown>)
          .filter(([op]) => op === '$eq' || op in CMP)
          .map(([, v]) => v)
      : [value];
    for (const operand of operands) {
      const s = scalarOf(operand);
      if (s && s.rank !== RANK.nullish) out.set(key, s.rank);
    }
  }
  return out;
}

/** ORDER BY for a sort spec, or null when some key cannot be ordered exactly in SQL. */
export function translateSort(
  info: PathInfo,
  sort: Array<[string, 1 | -1]>,
  pinned: ReadonlyMap<string, number> = new Map(),
): string | null {
  if (sort.length === 0) return '';
  const terms: string[] = [];
  for (const [path, dir] of sort) {
    const d = dir === -1 ? ' DESC' : '';
    if (path === '_id') {
      terms.push(`id${d}`);
      continue;
    }
    const kinds = info.kindsOf(path);
    if (info.hasArrayAlong(path) || kinds & KIND.object) return null;
    const cols = info.indexCols(path);
    if (cols) {
      if (pinned.has(path)) terms.push(`${cols.v}${d}`);
      else terms.push(`${cols.t}${d}`, `${cols.v}${d}`);
      continue;
    }
    const p = jsonPath(path);
    if (!p) return null;
    // One kind only (plus null/missing, which SQLite and MongoDB both sort first): sort by the value itself.
    const rest = kinds & ~KIND.null;
    if (rest === 0) continue;
    if (rest === KIND.number || rest === KIND.string) terms.push(`json_extract(doc,${p})${d}`);
    else if (rest === KIND.date) terms.push(`json_extract(doc,${p.slice(0, -1)}."$date"')${d}`);
    else terms.push(`${rankExpr(p)}${d}`, `${valueExpr(p)}${d}`);
  }
  return terms.length ? ` ORDER BY ${terms.join(', ')}` : '';
}
