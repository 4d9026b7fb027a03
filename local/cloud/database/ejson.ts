/**
 * Value codecs of the local database.
 *
 * - Wire (what the SDKs post): canonical Extended JSON (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":"…"}}`,
 *   `{"$regularExpression":…}`) plus CloudBase's own `{"$tcb_server_date":{"offset":n}}` (db.serverDate()).
 * - Stored (SQLite `doc` column) and answered (list items the SDK runs through `EJSON.parse`): plain JSON where a
 *   Date is `{"$date": <epoch ms>}` (relaxed EJSON, orderable by json_extract), non-finite numbers are
 *   `{"$numberDouble":"NaN"}` and a RegExp is `{"$regularExpression":{pattern,options}}`.
 */

/** A JSON-compatible plain object. */
export type Doc = Record<string, unknown>;

const JS_FLAGS = new Set(['i', 'm', 's', 'u', 'g', 'y']);

function toRegExp(pattern: unknown, options: unknown): RegExp {
  const flags = [...new Set(String(options ?? '').split(''))].filter((f) => JS_FLAGS.has(f) && f !== 'g' && f !== 'y');
  return new RegExp(String(pattern ?? ''), flags.join(''));
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v);
  if (s === 'Infinity' || s === '+Infinity') return Infinity;
  if (s === '-Infinity') return -Infinity;
  if (s === 'NaN') return NaN;
  return Number(s);
}

function dateOf(v: unknown): Date {
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string') return new Date(Date.parse(v));
  if (v && typeof v === 'object' && '$numberLong' in (v as Doc)) return new Date(Number((v as Doc).$numberLong));
  return new Date(NaN);
}

/**
 * Decode a wire value (already JSON.parse'd) into JS values: numbers, Dates, RegExps; `db.serverDate()` becomes the
 * server's current time plus its offset (ms).
 */
export function decodeWire(v: unknown, now: number = Date.now()): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => decodeWire(x, now));
  const o = v as Doc;
  const keys = Object.keys(o);
  if (keys.length >= 1 && keys[0].charCodeAt(0) === 36 /* $ */) {
    const k = keys[0];
    if (keys.length === 1) {
      switch (k) {
        case '$numberInt':
        case '$numberDouble':
        case '$numberLong':
        case '$numberDecimal':
          return toNumber(o[k]);
        case '$date':
          return dateOf(o[k]);
        case '$regularExpression': {
          const r = o[k] as Doc;
          return toRegExp(r?.pattern, r?.options);
        }
        case '$tcb_server_date': {
          const offset = toNumber(decodeWire((o[k] as Doc)?.offset ?? 0, now));
          return new Date(now + (Number.isFinite(offset) ? offset : 0));
        }
        case '$oid':
          return String(o[k]);
        case '$undefined':
          return null;
        case '$symbol':
          return String(o[k]);
        default:
          break;
      }
    }
  }
  const out: Doc = {};
  for (const key of keys) out[key] = decodeWire(o[key], now);
  return out;
}

/** Parse one EJSON text from the wire. */
export function parseWire(text: unknown, now?: number): unknown {
  if (typeof text !== 'string') return decodeWire(text, now);
  if (text === '') return undefined;
  return decodeWire(JSON.parse(text), now);
}

/** JS value → stored/answered JSON-safe value (Dates as `{"$date": ms}`). */
export function toStored(v: unknown): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? v : { $numberDouble: String(v) };
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      return Number(v);
    default:
      break;
  }
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : toStored(x)));
  if (v instanceof Date) return { $date: v.getTime() };
  if (v instanceof RegExp) return { $regularExpression: { pattern: v.source, options: v.flags } };
  const out: Doc = {};
  for (const key of Object.keys(v as Doc)) {
    const x = toStored((v as Doc)[key]);
    if (x !== undefined) out[key] = x;
  }
  return out;
}

/** Serialise a document to its stored text. */
export function stringifyStored(doc: unknown): string {
  return JSON.stringify(toStored(doc));
}

function reviveStored(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object') v[i] = reviveStored(x);
    }
    return v;
  }
  const o = v as Doc;
  if ('$date' in o && typeof o.$date === 'number' && Object.keys(o).length === 1) return new Date(o.$date);
  if ('$numberDouble' in o && Object.keys(o).length === 1) return toNumber(o.$numberDouble);
  if ('$regularExpression' in o && Object.keys(o).length === 1) {
    const r = o.$regularExpression as Doc;
    return toRegExp(r?.pattern, r?.options);
  }
  for (const key in o) {
    const x = o[key];
    if (x !== null && typeof x === 'object') o[key] = reviveStored(x);
  }
  return o;
}

/** Parse a stored document text back into JS values (Dates revived). */
export function parseStored(text: string): Doc {
  const raw = JSON.parse(text) as Doc;
  return text.indexOf('"$') === -1 ? raw : (reviveStored(raw) as Doc);
}
