/**
 * Storage engine of the local database: one SQLite table per collection (`id`, `doc` JSON text, `v` version),
 * real SQLite indexes for declared indexes (generated columns over json_extract, in MongoDB type order), filters
 * translated to SQL (see translate.ts) and re-checked with mingo when the translation is not exact.
 *
 * All methods are synchronous: better-sqlite3 is synchronous and Node runs one request's work at a time, so
 * every request is atomic with respect to the others.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { Aggregator, MINGO, Query } from './mingo-context';
import type { update as UpdateFn } from 'mingo';
import { parseStored, stringifyStored, type Doc } from './ejson';
import { alreadyExists, DbError, duplicateKey, invalidParam, notExist } from './errors';
import {
  ALL_KINDS,
  KIND,
  RANK,
  jsonPath,
  rankExpr,
  translateFilter,
  translateSort,
  pinnedRanks,
  valueExpr,
  type PathInfo,
} from './translate';

/** A declared index: `{ "name", "keys": [["field", 1]], "unique": bool }`. */
export interface IndexSpec {
  name: string;
  keys: Array<[string, 1 | -1]>;
  unique?: boolean;
}

/** A collection declaration file (`database/collections/<name>.json`). */
export interface CollectionDeclaration {
  name: string;
  indexes?: IndexSpec[];
}

/** Query options of `find`. */
export interface FindOptions {
  sort?: Array<[string, 1 | -1]>;
  skip?: number;
  /** Undefined = no limit. */
  limit?: number;
  projection?: Doc;
}

/** One result row: the stored text (answered to the SDK as-is) and, when already parsed, the document. */
export interface Row {
  text: string;
  doc?: Doc;
}

type Stmt = Database.Statement;

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function tableName(coll: string): string {
  return /^[A-Za-z0-9_]+$/.test(coll) ? `c_${coll}` : `c_${Buffer.from(coll).toString('hex')}`;
}

export { MINGO };

/** Version of the index key expressions; indexes stored with another version are rebuilt. */
const INDEX_FORMAT = 2;

function indexName(c: { tbl: string }, idx: string): string {
  return `ix_${c.tbl.slice(1, -1)}_${idx}`;
}

/** CloudBase-like document id: 32 hex chars. */
export function newDocId(): string {
  return crypto.randomBytes(16).toString('hex');
}

const KIND_NAMES: Array<[string, number]> = Object.entries(KIND);
/** One `$sum` of a `$group` answered in SQL: the value it adds per document (SQL), or null for `$sum: 1`. */
interface Accumulator {
  key: string;
  value: string | null;
}

/** Version of the shape information in `_paths`; another version is rebuilt from the documents at open. */
const SHAPE_FORMAT = 2;
/** Beyond this many tracked paths, new paths are "unknown": queries on them are checked by mingo (correct, slower). */
const MAX_TRACKED_PATHS = 20_000;

function kindOf(x: unknown): number {
  if (x === null) return KIND.null;
  switch (typeof x) {
    case 'string':
      return KIND.string;
    case 'number':
      return KIND.number;
    case 'boolean':
      return KIND.bool;
    case 'object':
      if (Array.isArray(x)) return KIND.array;
      if (x instanceof Date) return KIND.date;
      if (x instanceof RegExp) return KIND.other;
      return KIND.object;
    default:
      return KIND.other;
  }
}

/** Per-collection state. */
export class Collection implements PathInfo {
  readonly tbl: string;
  /** Paths that ever held an array (MongoDB's multikey notion, for every path). */
  readonly arrayPaths = new Set<string>();
  /** Kinds of values (KIND bitmask) each path ever held. */
  readonly kinds = new Map<string, number>();
  /** Too many distinct paths: paths not tracked are treated as holding anything. */
  saturated = false;
  /** Declared index columns by path. */
  readonly indexed = new Map<string, { t: string; v: string }>();
  /** Declared index by its SQLite index name (for duplicate-key messages). */
  readonly indexBySqlName = new Map<string, IndexSpec>();
  private readonly cache = new Map<string, Stmt>();
  readonly insertStmt: Stmt;
  readonly updateStmt: Stmt;
  readonly deleteStmt: Stmt;
  readonly getStmt: Stmt;
  readonly versionStmt: Stmt;

  constructor(
    readonly engine: Engine,
    readonly name: string,
    tbl: string,
  ) {
    this.tbl = quote(tbl);
    const db = engine.db;
    this.insertStmt = db.prepare(`INSERT INTO ${this.tbl} (id, doc, v) VALUES (?, ?, ?)`);
    this.updateStmt = db.prepare(`UPDATE ${this.tbl} SET doc = ?, v = ? WHERE id = ?`);
    this.deleteStmt = db.prepare(`DELETE FROM ${this.tbl} WHERE id = ?`);
    this.getStmt = db.prepare(`SELECT doc, v FROM ${this.tbl} WHERE id = ?`);
    this.versionStmt = db.prepare(`SELECT v FROM ${this.tbl} WHERE id = ?`).pluck();
  }

  /** A cached prepared statement. */
  stmt(sql: string): Stmt {
    let s = this.cache.get(sql);
    if (!s) {
      if (this.cache.size > 300) this.cache.clear();
      s = this.engine.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  hasArrayAlong(p: string): boolean {
    if (this.saturated && !this.kinds.has(p)) return true;
    if (this.arrayPaths.size === 0) return false;
    let i = p.indexOf('.');
    while (i !== -1) {
      if (this.arrayPaths.has(p.slice(0, i))) return true;
      i = p.indexOf('.', i + 1);
    }
    return this.arrayPaths.has(p);
  }

  kindsOf(p: string): number {
    return this.saturated && !this.kinds.has(p) ? ALL_KINDS : (this.kinds.get(p) ?? 0);
  }

  indexCols(p: string): { t: string; v: string } | null {
    const c = this.indexed.get(p);
    return c && !this.hasArrayAlong(p) ? c : null;
  }

  /** Record a newly seen kind of value at a path (persisted, so it survives restarts). */
  addKind(p: string, bit: number): void {
    if (!this.kinds.has(p) && this.kinds.size >= MAX_TRACKED_PATHS) {
      // Paths not tracked from now on are "unknown" (anything may be there); tracked ones stay exact.
      if (!this.saturated) this.engine.addPathStmt.run(this.name, '', 'saturated');
      this.saturated = true;
      return;
    }
    this.kinds.set(p, (this.kinds.get(p) ?? 0) | bit);
    if (bit === KIND.array) this.arrayPaths.add(p);
    const name = KIND_NAMES.find(([, b]) => b === bit)?.[0] ?? 'other';
    this.engine.addPathStmt.run(this.name, p, name);
  }

  /** Record the shape (kinds of values by path) of a document about to be written. */
  noteShape(doc: Doc, prefix = ''): void {
    for (const key in doc) {
      const x = doc[key];
      const p = prefix ? `${prefix}.${key}` : key;
      const bit = kindOf(x);
      const cur = this.kinds.get(p);
      if (cur === undefined || (cur & bit) === 0) this.addKind(p, bit);
      if (bit === KIND.object) this.noteShape(x as Doc, p);
    }
  }
}

/** Map SQLite constraint errors to CloudBase's duplicate-key error; rethrow anything else. */
function mapWriteError(c: Collection, err: unknown): never {
  const e = err as { code?: string; message?: string };
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) {
    const msg = String(e.message);
    const named = /index '([^']+)'/.exec(msg);
    if (!named && /\.id$/.test(msg.trim())) throw duplicateKey(c.name, '_id_', '{ _id }');
    const spec = named ? c.indexBySqlName.get(named[1]) : undefined;
    if (spec) throw duplicateKey(c.name, spec.name, `{ ${spec.keys.map((k) => k[0]).join(', ')} }`);
    throw duplicateKey(c.name, 'unknown', '{ }');
  }
  throw err;
}

/** The SQLite-backed document store. */
export class Engine {
  readonly db: Database.Database;
  private readonly colls = new Map<string, Collection>();
  readonly addPathStmt: Stmt;
  private seq: number;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Checkpoint the WAL every 16,384 pages (64 MB) rather than SQLite's 1,000: a bulk write (an import's batches
    // of 500 people touch a page of each of seven indexes per person) otherwise copies the same index pages back
    // into the database file, and syncs it, after nearly every batch. The WAL file is cut back to 64 MB after.
    this.db.pragma('wal_autocheckpoint = 16384');
    this.db.pragma('journal_size_limit = 67108864');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, tbl TEXT NOT NULL UNIQUE, created INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS _indexes (coll TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (coll, name));
      CREATE TABLE IF NOT EXISTS _paths (coll TEXT NOT NULL, path TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (coll, path, kind));
      CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.addPathStmt = this.db.prepare(`INSERT OR IGNORE INTO _paths (coll, path, kind) VALUES (?, ?, ?)`);
    // Versions only need to grow: start above anything a previous run can have written.
    this.seq = Date.now() * 1000;
    const rows = this.db.prepare(`SELECT name, tbl FROM _collections`).all() as Array<{ name: string; tbl: string }>;
    const shapeFormat = this.db.prepare(`SELECT value FROM _meta WHERE key = 'shapeFormat'`).pluck().get();
    if (shapeFormat !== String(SHAPE_FORMAT)) this.db.prepare(`DELETE FROM _paths`).run();
    for (const r of rows) {
      const c = this.load(r.name, r.tbl);
      if (shapeFormat !== String(SHAPE_FORMAT)) this.tx(() => this.rebuildShape(c));
    }
    this.db.prepare(`INSERT OR REPLACE INTO _meta (key, value) VALUES ('shapeFormat', ?)`).run(String(SHAPE_FORMAT));
  }

  /** Recompute a collection's shape information from its documents. */
  private rebuildShape(c: Collection): void {
    c.kinds.clear();
    c.arrayPaths.clear();
    c.saturated = false;
    this.db.prepare(`DELETE FROM _paths WHERE coll = ?`).run(c.name);
    for (const text of c.stmt(`SELECT doc FROM ${c.tbl}`).pluck().all() as string[]) c.noteShape(parseStored(text));
  }

  /** Next document version (monotonic). */
  nextVersion(): number {
    return ++this.seq;
  }

  /** The version of the last write (a transaction's snapshot is "every write up to here"). */
  currentVersion(): number {
    return this.seq;
  }

  /**
   * Pre-images of documents written while a transaction is open (`null` when none is): per document, in write
   * order, the version of the write and the stored text before it (null: it did not exist). A transaction reads
   * a document changed after its start from here, i.e. from its snapshot.
   */
  snapshotLog: Map<string, Array<{ v: number; before: string | null }>> | null = null;

  private logPreImage(c: Collection, id: unknown, v: number, before: string | null): void {
    if (!this.snapshotLog) return;
    const k = `${c.name}\u0000${typeof id}\u0000${String(id)}`;
    const list = this.snapshotLog.get(k) ?? [];
    list.push({ v, before });
    this.snapshotLog.set(k, list);
  }

  private load(name: string, tbl: string): Collection {
    const c = new Collection(this, name, tbl);
    const paths = this.db.prepare(`SELECT path, kind FROM _paths WHERE coll = ?`).all(name) as Array<{
      path: string;
      kind: string;
    }>;
    for (const p of paths) {
      if (p.kind === 'saturated') {
        c.saturated = true;
        continue;
      }
      const bit = (KIND as Record<string, number>)[p.kind] ?? KIND.other;
      c.kinds.set(p.path, (c.kinds.get(p.path) ?? 0) | bit);
      if (bit === KIND.array) c.arrayPaths.add(p.path);
    }
    const specs = this.db.prepare(`SELECT spec FROM _indexes WHERE coll = ?`).pluck().all(name) as string[];
    for (const s of specs) this.registerIndex(c, JSON.parse(s) as IndexSpec);
    this.colls.set(name, c);
    return c;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  has(name: string): boolean {
    return this.colls.has(name);
  }

  /** The collection, or DATABASE_COLLECTION_NOT_EXIST. */
  coll(name: unknown): Collection {
    const c = typeof name === 'string' ? this.colls.get(name) : undefined;
    if (!c) throw notExist(String(name));
    return c;
  }

  names(): string[] {
    return [...this.colls.keys()].sort();
  }

  count(name: string): number {
    const c = this.coll(name);
    return c.stmt(`SELECT count(*) FROM ${c.tbl}`).pluck().get() as number;
  }

  /** createCollection: fails when it exists (as CloudBase does). */
  createCollection(name: unknown): Collection {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_\-.]{1,128}$/.test(name) || name.startsWith('_')) {
      throw invalidParam(`invalid collection name: ${String(name)}`);
    }
    if (this.colls.has(name)) throw alreadyExists(name);
    return this.ensureCollection(name);
  }

  ensureCollection(name: string): Collection {
    const existing = this.colls.get(name);
    if (existing) return existing;
    const tbl = tableName(name);
    this.db.transaction(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${quote(tbl)} (id PRIMARY KEY, doc TEXT NOT NULL, v INTEGER NOT NULL)`);
      this.db.prepare(`INSERT INTO _collections (name, tbl, created) VALUES (?, ?, ?)`).run(name, tbl, Date.now());
    })();
    return this.load(name, tbl);
  }

  /** Create (or refresh) collections and their indexes from `database/collections/*.json`. */
  applyDeclarations(dir: string): void {
    if (!fs.existsSync(dir)) return;
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      let decl: CollectionDeclaration;
      try {
        decl = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CollectionDeclaration;
      } catch (err) {
        console.warn(`[local-db] skipping ${file}: ${(err as Error).message}`);
        continue;
      }
      if (!decl || typeof decl.name !== 'string') continue;
      this.setIndexes(decl.name, decl.indexes ?? []);
    }
  }

  /** Make the collection's SQLite indexes exactly the given ones. */
  setIndexes(name: string, specs: IndexSpec[]): void {
    const c = this.ensureCollection(name);
    const current = new Map(
      (
        this.db.prepare(`SELECT name, spec FROM _indexes WHERE coll = ?`).all(name) as Array<{
          name: string;
          spec: string;
        }>
      ).map((r) => [r.name, r.spec]),
    );
    const wanted = new Map(
      specs.map((s) => [
        s.name,
        JSON.stringify({ name: s.name, keys: s.keys, unique: !!s.unique, format: INDEX_FORMAT }),
      ]),
    );
    for (const [idx, spec] of current) {
      if (wanted.get(idx) !== spec) {
        this.db.exec(`DROP INDEX IF EXISTS ${quote(indexName(c, idx))}`);
        this.db.prepare(`DELETE FROM _indexes WHERE coll = ? AND name = ?`).run(name, idx);
        current.delete(idx);
      }
    }
    for (const [idx, specText] of wanted) {
      if (current.has(idx)) continue;
      const spec = JSON.parse(specText) as IndexSpec;
      try {
        this.db.transaction(() => {
          const cols = this.registerIndex(c, spec);
          this.db.exec(
            `CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quote(indexName(c, idx))} ON ${c.tbl} (${cols.join(', ')})`,
          );
          this.db.prepare(`INSERT INTO _indexes (coll, name, spec) VALUES (?, ?, ?)`).run(name, idx, specText);
        })();
      } catch (err) {
        console.warn(`[local-db] index ${name}.${idx} not created: ${(err as Error).message}`);
      }
    }
    // Rebuild the in-memory map from what exists now.
    c.indexed.clear();
    c.indexBySqlName.clear();
    for (const s of this.db.prepare(`SELECT spec FROM _indexes WHERE coll = ?`).pluck().all(name) as string[]) {
      this.registerIndex(c, JSON.parse(s) as IndexSpec);
    }
  }

  /**
   * Register an index's key expressions (MongoDB type rank + orderable value per field, the same expressions the
   * translator emits, so SQLite matches them and can answer counts from the index alone); returns the column list.
   */
  private registerIndex(c: Collection, spec: IndexSpec): string[] {
    const cols: string[] = [];
    for (const [field, dir] of spec.keys) {
      const d = dir === -1 ? ' DESC' : '';
      if (field === '_id') {
        cols.push(`id${d}`);
        continue;
      }
      const p = jsonPath(field);
      if (!p) throw new Error(`unsupported index field ${field}`);
      const t = rankExpr(p);
      const v = valueExpr(p);
      c.indexed.set(field, { t, v });
      cols.push(`${t}${d}`, `${v}${d}`);
    }
    c.indexBySqlName.set(indexName(c, spec.name), spec);
    return cols;
  }

  // ---------------------------------------------------------------- reads

  getById(c: Collection, id: unknown): { doc: string; v: number } | undefined {
    return c.getStmt.get(id) as { doc: string; v: number } | undefined;
  }

  /** Rows matching a filter, sorted/skipped/limited, as stored texts. */
  find(c: Collection, filter: unknown, opts: FindOptions = {}): Row[] {
    const skip = Math.max(0, opts.skip ?? 0);
    const limit = opts.limit === undefined ? Infinity : Math.max(0, opts.limit);
    if (limit === 0) return [];
    const sort = opts.sort ?? [];
    const cond = translateFilter(c, filter);
    const where = cond.sql ? ` WHERE ${cond.sql}` : '';
    const order = translateSort(c, sort, pinnedRanks(filter));
    let rows: Row[];
    if (order !== null && cond.exact) {
      const sql = `SELECT doc FROM ${c.tbl}${where}${order} LIMIT ? OFFSET ?`;
      const texts = c
        .stmt(sql)
        .pluck()
        .all(...cond.params, limit === Infinity ? -1 : limit, skip) as string[];
      rows = texts.map((text) => ({ text }));
    } else if (order !== null) {
      const q = new Query(filter as Doc, MINGO);
      rows = [];
      let skipped = 0;
      for (const text of c
        .stmt(`SELECT doc FROM ${c.tbl}${where}${order}`)
        .pluck()
        .iterate(...cond.params) as Iterable<string>) {
        const doc = parseStored(text);
        if (!q.test(doc)) continue;
        if (skipped < skip) {
          skipped++;
          continue;
        }
        rows.push({ text, doc });
        if (rows.length >= limit) break;
      }
    } else {
      const q = cond.exact ? null : new Query(filter as Doc, MINGO);
      let docs: Doc[] = [];
      for (const text of c
        .stmt(`SELECT doc FROM ${c.tbl}${where}`)
        .pluck()
        .iterate(...cond.params) as Iterable<string>) {
        const doc = parseStored(text);
        if (!q || q.test(doc)) docs.push(doc);
      }
      docs = sortDocs(docs, sort);
      rows = docs
        .slice(skip, limit === Infinity ? undefined : skip + limit)
        .map((doc) => ({ text: stringifyStored(doc), doc }));
    }
    if (opts.projection && Object.keys(opts.projection).length > 0) {
      rows = project(rows, opts.projection);
    }
    return rows;
  }

  /**
   * How a query runs: the SQL, whether it is exact (no mingo re-check) and SQLite's EXPLAIN QUERY PLAN lines
   * (e.g. `SEARCH c_x USING INDEX ix_c_x_status (t_…=? AND v_…=?)` vs `SCAN c_x`).
   */
  explain(
    c: Collection,
    filter: unknown,
    sort: Array<[string, 1 | -1]> = [],
    limit = 20,
  ): { sql: string; exact: boolean; plan: string[] } {
    const cond = translateFilter(c, filter);
    const where = cond.sql ? ` WHERE ${cond.sql}` : '';
    const order = translateSort(c, sort, pinnedRanks(filter)) ?? '';
    const sql = `SELECT doc FROM ${c.tbl}${where}${order} LIMIT ${limit}`;
    const plan = (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...cond.params) as Array<{ detail: string }>).map(
      (r) => r.detail,
    );
    return { sql, exact: cond.exact, plan };
  }

  /** Number of documents matching a filter. */
  countWhere(c: Collection, filter: unknown): number {
    const cond = translateFilter(c, filter);
    const where = cond.sql ? ` WHERE ${cond.sql}` : '';
    if (cond.exact)
      return c
        .stmt(`SELECT count(*) FROM ${c.tbl}${where}`)
        .pluck()
        .get(...cond.params) as number;
    const q = new Query(filter as Doc, MINGO);
    let n = 0;
    for (const text of c
      .stmt(`SELECT doc FROM ${c.tbl}${where}`)
      .pluck()
      .iterate(...cond.params) as Iterable<string>) {
      if (q.test(parseStored(text))) n++;
    }
    return n;
  }

  /**
   * `$match` + `$group: { _id: null | '$path', k: { $sum: 1 | '$path' } … }` (then at most `$limit`s), answered by SQL
   * when the match translates exactly — as MongoDB answers it without handing documents over: no document is parsed.
   * `$sum` adds numbers only (other values count as 0, as in MongoDB); no matching document → no group. A group key or
   * a summed path that a declared index holds is read from the index's own key expressions (type rank + value), so
   * with the match on the same index SQLite answers from the index alone (a covered query, as MongoDB's planner does
   * for an index holding every field the pipeline reads).
   */
  private groupTotals(c: Collection, pipeline: Doc[]): Doc[] | null {
    const [m, g, ...rest] = pipeline;
    if (!m || !('$match' in m) || !g || !('$group' in g) || rest.some((st) => !('$limit' in st))) return null;
    const spec = g.$group as Record<string, unknown>;
    if (!spec) return null;
    // Group by nothing, or by one scalar field (`_id: '$originNodeId'`).
    let keyPath: string | null = null;
    if (spec._id !== null) {
      const by = spec._id;
      if (typeof by !== 'string' || !/^\$[A-Za-z0-9_.]+$/.test(by) || c.hasArrayAlong(by.slice(1))) return null;
      keyPath = by.slice(1);
      if (!jsonPath(keyPath)) return null;
    }
    // Each accumulator: its value per document (null for a count) and its aggregate over a group.
    const cols: Accumulator[] = [{ key: '__n', value: null }];
    for (const [key, acc] of Object.entries(spec)) {
      if (key === '_id') continue;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) || !acc || typeof acc !== 'object') return null;
      const ops = Object.keys(acc);
      const x = (acc as Record<string, unknown>).$sum;
      if (ops.length !== 1 || ops[0] !== '$sum') return null;
      if (x === 1) cols.push({ key, value: null });
      else if (typeof x === 'string' && /^\$[A-Za-z0-9_.]+$/.test(x) && !c.hasArrayAlong(x.slice(1))) {
        const ix = c.indexCols(x.slice(1));
        const p = jsonPath(x.slice(1));
        if (!p) return null;
        cols.push({
          key,
          value: ix
            ? `CASE WHEN ${ix.t} = ${RANK.number} THEN ${ix.v} END`
            : `CASE WHEN json_type(doc,${p}) IN ('integer','real') THEN json_extract(doc,${p}) END`,
        });
      } else return null;
    }
    const cond = translateFilter(c, m.$match);
    if (!cond.exact) return null;
    const where = cond.sql ? ` WHERE ${cond.sql}` : '';
    if (!keyPath) {
      const select = cols
        .map((a) => `${a.value ? `coalesce(sum(${a.value}),0)` : 'count(*)'} AS "${a.key}"`)
        .join(', ');
      const row = c.stmt(`SELECT ${select} FROM ${c.tbl}${where}`).get(...cond.params) as Record<string, number>;
      if (!row.__n) return [];
      const out: Doc = { _id: null };
      for (const a of cols.slice(1)) out[a.key] = row[a.key];
      return [out];
    }
    const rows = this.groupedRows(c, keyPath, cols, where, cond.params);
    if (!rows) return null;
    const limit = Math.min(...rest.map((st) => Number(st.$limit)), Number.MAX_SAFE_INTEGER);
    return rows.slice(0, limit).map((row) => {
      const out: Doc = { _id: row.__id ?? null };
      for (const a of cols.slice(1)) out[a.key] = row[a.key];
      return out;
    });
  }

  /**
   * Rows grouped by the key path (`__id`), or null when some key is not a string, a number or missing (objects, dates
   * and booleans are left to mingo's exact grouping). An indexed key is grouped by the index's rank and value, over
   * the matching rows selected first (a materialised step): SQLite reads those from a covering index, which it does
   * not do for a `GROUP BY` over indexed expressions directly.
   */
  private groupedRows(
    c: Collection,
    keyPath: string,
    cols: Accumulator[],
    where: string,
    params: unknown[],
  ): Record<string, unknown>[] | null {
    const ix = c.indexCols(keyPath);
    if (ix) {
      const values = cols.map((a, i) => (a.value ? `, ${a.value} AS "__v${i}"` : '')).join('');
      const totals = cols
        .map((a, i) => `${a.value ? `coalesce(sum("__v${i}"),0)` : 'count(*)'} AS "${a.key}"`)
        .join(', ');
      const rows = c
        .stmt(
          `WITH m AS MATERIALIZED (SELECT ${ix.t} AS "__t", ${ix.v} AS "__id"${values} FROM ${c.tbl}${where}) ` +
            `SELECT "__t", "__id", ${totals} FROM m GROUP BY 1, 2`,
        )
        .all(...params) as Record<string, unknown>[];
      const scalar: number[] = [RANK.nullish, RANK.number, RANK.string];
      if (rows.some((r) => !scalar.includes(Number(r.__t)))) return null;
      return rows.map((r) => (r.__t === RANK.nullish ? { ...r, __id: null } : r));
    }
    const key = jsonPath(keyPath) as string;
    const kinds = `SELECT count(*) FROM ${c.tbl}${where}${where ? ' AND' : ' WHERE'} json_type(doc,${key}) NOT IN ('text','integer','real','null')`;
    if (
      c
        .stmt(kinds)
        .pluck()
        .get(...params)
    )
      return null;
    const select = cols.map((a) => `${a.value ? `coalesce(sum(${a.value}),0)` : 'count(*)'} AS "${a.key}"`).join(', ');
    return c
      .stmt(`SELECT json_extract(doc,${key}) AS "__id", ${select} FROM ${c.tbl}${where} GROUP BY 1`)
      .all(...params) as Record<string, unknown>[];
  }

  /** Run an aggregation pipeline (mingo), answering a leading $match from SQL. */
  aggregate(c: Collection, pipeline: Doc[]): Doc[] {
    const totals = this.groupTotals(c, pipeline);
    if (totals) return totals;
    let docs: Doc[];
    let rest = pipeline;
    const first = pipeline[0];
    if (first && '$match' in first) {
      docs = this.find(c, first.$match).map((r) => r.doc ?? parseStored(r.text));
      rest = pipeline.slice(1);
    } else {
      docs = this.all(c);
    }
    const agg = new Aggregator(rest, {
      ...MINGO,
      collectionResolver: (name: string) => (this.colls.has(name) ? this.all(this.colls.get(name) as Collection) : []),
    });
    return agg.run(docs) as Doc[];
  }

  private all(c: Collection): Doc[] {
    return (c.stmt(`SELECT doc FROM ${c.tbl}`).pluck().all() as string[]).map(parseStored);
  }

  // ---------------------------------------------------------------- writes (call inside a SQLite transaction)

  /** Insert a document (its `_id` set); duplicate `_id` or unique key → DATABASE_DUPLICATE_WRITE. */
  insert(c: Collection, doc: Doc): void {
    c.noteShape(doc);
    const v = this.nextVersion();
    try {
      c.insertStmt.run(doc._id, stringifyStored(doc), v);
    } catch (err) {
      mapWriteError(c, err);
    }
    this.logPreImage(c, doc._id, v, null);
  }

  /** Replace the stored document with this id. */
  replace(c: Collection, doc: Doc): void {
    c.noteShape(doc);
    const before = this.snapshotLog ? (this.getById(c, doc._id)?.doc ?? null) : null;
    const v = this.nextVersion();
    try {
      c.updateStmt.run(stringifyStored(doc), v, doc._id);
    } catch (err) {
      mapWriteError(c, err);
    }
    this.logPreImage(c, doc._id, v, before);
  }

  /** Delete every document matching a filter the translator expresses exactly; null when it cannot. */
  removeWhereExact(c: Collection, filter: unknown): number | null {
    // While a transaction is open every removal keeps its pre-image (one document at a time).
    if (this.snapshotLog) return null;
    const cond = translateFilter(c, filter);
    if (!cond.exact) return null;
    return c.stmt(`DELETE FROM ${c.tbl}${cond.sql ? ` WHERE ${cond.sql}` : ''}`).run(...cond.params).changes;
  }

  remove(c: Collection, id: unknown): number {
    const before = this.snapshotLog ? (this.getById(c, id)?.doc ?? null) : null;
    const changes = c.deleteStmt.run(id).changes;
    if (changes && before !== null) this.logPreImage(c, id, this.nextVersion(), before);
    return changes;
  }

  private runner?: Database.Transaction<(fn: () => unknown) => unknown>;

  /** Run `fn` in one SQLite transaction (nested calls become savepoints). */
  tx<T>(fn: () => T): T {
    this.runner ??= this.db.transaction((f: () => unknown) => f());
    return this.runner(fn) as T;
  }
}

/**
 * mingo's updater entry point: unlike the default entry's `update`, it does not rebuild a context holding every
 * operator on each call (3× faster per document update); it loads the query/expression operators it needs itself.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mingoUpdate = (require('mingo/updater') as { update: typeof UpdateFn }).update;

/** Sort documents with MongoDB semantics (mingo). */
export function sortDocs(docs: Doc[], sort: Array<[string, 1 | -1]>): Doc[] {
  if (sort.length === 0 || docs.length < 2) return docs;
  const spec: Record<string, 1 | -1> = {};
  for (const [k, d] of sort) spec[k] = d;
  return new Aggregator([{ $sort: spec }], MINGO).run(docs) as Doc[];
}

function project(rows: Row[], projection: Doc): Row[] {
  const q = new Query({}, MINGO);
  return rows.map((r) => {
    const doc = r.doc ?? parseStored(r.text);
    const out = q.find([doc], projection).all()[0] as Doc;
    return { text: stringifyStored(out), doc: out };
  });
}

/** A plain object (not an array, Date, RegExp or binary). */
function isPlain(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * MongoDB refuses field names starting with `$` in stored documents (the operators use them); `path` names
 * the offending field. Values are checked all the way down, arrays included.
 */
export function assertFieldNames(v: unknown, path = ''): void {
  if (Array.isArray(v)) return v.forEach((x, i) => assertFieldNames(x, `${path}.${i}`));
  if (!isPlain(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const at = path ? `${path}.${k}` : k;
    if (k.startsWith('$'))
      throw new DbError('DATABASE_REQUEST_FAILED', `field name ${at} must not start with $ (reserved for operators)`);
    assertFieldNames(x, at);
  }
}

/**
 * An update path that would treat an array as an object (`list.name` where `list` holds an array) fails in
 * MongoDB ("Cannot create field 'name' in element"); numeric segments index arrays, `$`/`$[]` are positional.
 */
function assertPathFits(doc: Doc, path: string): void {
  let cur: unknown = doc;
  const parts = path.split('.');
  for (let i = 0; i < parts.length - 1; i += 1) {
    const part = parts[i];
    if (part === '$' || part.startsWith('$[')) return;
    cur = Array.isArray(cur) ? cur[Number(part)] : isPlain(cur) ? cur[part] : undefined;
    const next = parts[i + 1];
    if (Array.isArray(cur) && !/^\d+$/.test(next) && next !== '$' && !next.startsWith('$['))
      throw new DbError(
        'DATABASE_REQUEST_FAILED',
        `Cannot create field '${next}' in element {${parts.slice(0, i + 1).join('.')}: [...]}: it holds an array`,
      );
    if (cur === undefined || cur === null) return;
  }
}

/**
 * Apply a MongoDB update (operators) to a copy of `doc`; returns the new document and whether it changed.
 * `_id` cannot change; field names may not start with `$`; a path cannot treat an array as an object.
 */
export function applyUpdate(doc: Doc, spec: Doc): { doc: Doc; changed: boolean } {
  const keys = Object.keys(spec);
  const ops = keys.length > 0 && keys.every((k) => k.startsWith('$')) ? spec : { $set: spec };
  for (const [op, fields] of Object.entries(ops)) {
    if (fields && typeof fields === 'object') {
      for (const f of Object.keys(fields as Doc)) {
        if (f === '_id' || f.startsWith('_id.')) throw invalidParam('不能更新_id的值');
        if (op === '$rename' && (fields as Doc)[f] === '_id') throw invalidParam('不能更新_id的值');
        if (f.split('.').some((part) => part.startsWith('$') && part !== '$' && !part.startsWith('$[')))
          throw new DbError(
            'DATABASE_REQUEST_FAILED',
            `field name ${f} must not start with $ (reserved for operators)`,
          );
        assertPathFits(doc, f);
        if (op === '$set' || op === '$setOnInsert') assertFieldNames((fields as Doc)[f], f);
      }
    }
  }
  // CloudBase's `_.addToSet({ each: [...] })` arrives as `{ each: [...] }` (the server reads it as `$each`).
  const addToSet = ops.$addToSet as Doc | undefined;
  if (addToSet && typeof addToSet === 'object') {
    for (const [f, v] of Object.entries(addToSet)) {
      if (
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.keys(v).length === 1 &&
        Array.isArray((v as Doc).each)
      ) {
        addToSet[f] = { $each: (v as Doc).each };
      }
    }
  }
  const copy = parseStored(stringifyStored(doc));
  const changed = mingoUpdate(copy, ops as Parameters<typeof mingoUpdate>[1], undefined, undefined, {
    cloneMode: 'deep',
  });
  return { doc: copy, changed: changed.length > 0 };
}
