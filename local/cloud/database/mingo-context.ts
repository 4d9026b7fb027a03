/**
 * mingo operators the local cloud answers as CloudBase (MongoDB) does where mingo 7 differs, found by running
 * CloudBase's own SDK test suites (tests/integration/local-cloud-upstream-conformance.test.ts):
 * - `$elemMatch` with field conditions matches documents in the array only, never plain values;
 * - `$indexOfCP` (missing in mingo);
 * - `$substr` / `$substrBytes` take a negative length as "to the end of the string";
 * - `$week`: weeks begin on Sunday, days before the year's first Sunday are week 0 (2019-05-14 is week 19);
 * - `$jsonSchema` with a validator for the keywords CloudBase's tests use (required, properties with
 *   bsonType/type, enum, minimum/maximum, minLength/maxLength).
 */
import { Context, Query as RootQuery, Aggregator as RootAggregator } from 'mingo';

// Subpath exports of mingo (the root tsconfig resolves modules the node10 way, which does not read `exports`).
/* eslint-disable @typescript-eslint/no-require-imports */
const { evalExpr } = require('mingo/core') as {
  evalExpr(obj: unknown, expr: unknown, options: unknown): unknown;
};
const { isObject, resolve } = require('mingo/util') as {
  isObject(v: unknown): boolean;
  resolve(obj: unknown, selector: string): unknown;
};
const { $substrBytes: mingoSubstrBytes } = require('mingo/operators/expression/string') as {
  $substrBytes(obj: unknown, expr: unknown, options: unknown): unknown;
};
// The base classes take the context they are given; the root ones merge mingo's defaults over it.
const BaseQuery = (require('mingo/query') as { Query: typeof RootQuery }).Query;
const BaseAggregator = (require('mingo/aggregator') as { Aggregator: typeof RootAggregator }).Aggregator;
const DEFAULT_OPS = {
  accumulator: require('mingo/operators/accumulator'),
  expression: require('mingo/operators/expression'),
  pipeline: require('mingo/operators/pipeline'),
  projection: require('mingo/operators/projection'),
  query: require('mingo/operators/query'),
  window: require('mingo/operators/window'),
} as Parameters<typeof Context.init>[0];
/* eslint-enable @typescript-eslint/no-require-imports */

type Obj = Record<string, unknown>;
type Opts = Record<string, unknown>;

function isOperatorKey(k: string): boolean {
  return k.startsWith('$') && k !== '$and' && k !== '$or' && k !== '$nor';
}

/** `$elemMatch`: operator conditions test each element; field conditions test embedded documents only. */
function $elemMatch(selector: string, criteria: Obj, options: Opts): (o: unknown) => boolean {
  const keys = Object.keys(criteria);
  const wrap = keys.length > 0 && keys.every(isOperatorKey);
  const q = new BaseQuery(wrap ? { v: criteria } : criteria, options as never);
  const matches = (el: unknown): boolean =>
    wrap ? q.test({ v: el }) : isObject(el) && !Array.isArray(el) && (keys.length === 0 || q.test(el as Obj));
  return (o) => {
    const value = resolve(o, selector);
    return Array.isArray(value) && value.some(matches);
  };
}

function evalArgs(obj: unknown, expr: unknown, options: Opts): unknown[] {
  return evalExpr(obj, expr, options) as unknown[];
}

/** `$indexOfCP`: index in code points of a substring, -1 when absent; null for a null string. */
function $indexOfCP(obj: unknown, expr: unknown, options: Opts): number | null {
  const [s, sub, start = 0, end] = evalArgs(obj, expr, options) as [unknown, unknown, number?, number?];
  if (s === null || s === undefined) return null;
  if (typeof s !== 'string' || typeof sub !== 'string') throw new Error('$indexOfCP expects strings');
  const cps = [...s];
  const needle = [...sub];
  const stop = Math.min(end ?? cps.length, cps.length);
  for (let i = start; i + needle.length <= stop; i += 1) if (needle.every((c, j) => cps[i + j] === c)) return i;
  return -1;
}

/** `$substrBytes` (and `$substr`, its alias): a negative length takes the rest of the string. */
function $substrBytes(obj: unknown, expr: unknown, options: Opts): unknown {
  const [s, index, count] = evalArgs(obj, expr, options) as [unknown, number, number];
  const bytes = typeof s === 'string' ? Buffer.byteLength(s, 'utf8') : 0;
  const length = typeof count === 'number' && count < 0 ? Math.max(0, bytes - index) : count;
  return mingoSubstrBytes({}, [s, index, length], options);
}

/** `$week` (UTC): 0–53, weeks from Sunday; days before the first Sunday of the year are week 0. */
function $week(obj: unknown, expr: unknown, options: Opts): number | null {
  const value = evalExpr(obj, expr, options);
  const d = value instanceof Date ? value : value === null || value === undefined ? null : new Date(String(value));
  if (!d) return null;
  const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((d.getTime() - jan1) / 86_400_000);
  return Math.floor((dayOfYear + new Date(jan1).getUTCDay()) / 7);
}

const BSON_TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  double: (v) => typeof v === 'number',
  int: (v) => Number.isInteger(v),
  long: (v) => Number.isInteger(v),
  bool: (v) => typeof v === 'boolean',
  boolean: (v) => typeof v === 'boolean',
  object: (v) => isObject(v) && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  integer: (v) => Number.isInteger(v),
};

/** A `$jsonSchema` validator for the common keywords. */
export function jsonSchemaValidator(schema: Obj): (doc: unknown) => boolean {
  const check = (s: Obj, v: unknown): boolean => {
    const types = [s.bsonType, s.type].flat().filter((t): t is string => typeof t === 'string');
    if (types.length && !types.some((t) => BSON_TYPES[t]?.(v))) return false;
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) return false;
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) return false;
      if (typeof s.maximum === 'number' && v > s.maximum) return false;
    }
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' && [...v].length < s.minLength) return false;
      if (typeof s.maxLength === 'number' && [...v].length > s.maxLength) return false;
    }
    if (isObject(v) && !Array.isArray(v)) {
      const o = v as Obj;
      if (Array.isArray(s.required) && !s.required.every((k) => typeof k === 'string' && k in o)) return false;
      const props = (s.properties ?? {}) as Record<string, Obj>;
      for (const [k, sub] of Object.entries(props)) if (k in o && !check(sub, o[k])) return false;
    }
    return true;
  };
  return (doc) => check(schema, doc);
}

/** mingo's operators with the ones above in their place (the first context given wins a name). */
export const CLOUDBASE_CONTEXT = Context.from(
  Context.init({
    query: { $elemMatch: $elemMatch as never },
    expression: {
      $indexOfCP: $indexOfCP as never,
      $substr: $substrBytes as never,
      $substrBytes: $substrBytes as never,
      $week: $week as never,
    },
  }),
  Context.init(DEFAULT_OPS),
);

/**
 * mingo options: no server-side JavaScript (`$where`, `$function`, `$accumulator`), as in CloudBase; the
 * operators above; a `$jsonSchema` validator.
 */
export const MINGO = { scriptEnabled: false, context: CLOUDBASE_CONTEXT, jsonSchemaValidator } as const;

/** mingo's Query with the local cloud's operators. */
export class Query extends BaseQuery {
  constructor(condition: Record<string, unknown>, options: Record<string, unknown> = MINGO) {
    super(condition as never, { ...MINGO, ...options, context: CLOUDBASE_CONTEXT } as never);
  }
}

/** mingo's Aggregator with the local cloud's operators. */
export class Aggregator extends BaseAggregator {
  constructor(pipeline: Array<Record<string, unknown>>, options: Record<string, unknown> = MINGO) {
    super(pipeline as never, { ...MINGO, ...options, context: CLOUDBASE_CONTEXT } as never);
  }
}
