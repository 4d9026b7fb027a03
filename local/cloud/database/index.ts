/**
 * The local cloud's document database: answers the CloudBase admin-API `database.*` actions that
 * `wx-server-sdk` 4.0.2 and `@cloudbase/node-sdk` 3.17.2 post, with CloudBase (MongoDB) semantics, over SQLite.
 *
 * Wire format: request fields `query`, `data`, `order`, `projection`, `stages[].stageValue` are canonical EJSON
 * strings; answered documents are EJSON strings the SDK parses (`data.list`). Errors are answered as
 * `{ code, message, requestId }` (HTTP 200), which the SDKs surface as in production (wx-server-sdk: errCode/errMsg).
 *
 * Transactions (`startTransaction` / `commitTransaction` / `abortTransaction`): optimistic. A transaction's reads
 * record each document's version; its writes are buffered (read-your-writes inside the transaction) and applied at
 * commit in one SQLite transaction after checking that no document it read or wrote changed meanwhile; otherwise
 * the commit answers DATABASE_TRANSACTION_CONFLICT, which `runTransaction` retries. Rollback discards the buffer.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { Query } from './mingo-context';
import { parseStored, parseWire, stringifyStored, type Doc } from './ejson';
import {
  applyUpdate,
  assertFieldNames,
  Engine,
  MINGO,
  newDocId,
  sortDocs,
  type Collection,
  type FindOptions,
} from './engine';
import { DbError, duplicateKey, invalidParam, txConflict, txNotFound } from './errors';

export { DbError } from './errors';

/** Options of the database service. */
export interface DatabaseServiceOptions {
  /** SQLite file path, or ':memory:'. */
  file: string;
  /** `database/collections` folder of JSON declarations (collections + indexes). */
  collectionsDir?: string;
}

/** Server SDK defaults: limit 100 when none is given, never more than 1000. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

interface TxWrite {
  c: Collection;
  id: unknown;
  doc: Doc | null;
}
interface Tx {
  id: string;
  started: number;
  /** The engine version when it began: it reads documents as they were then (its snapshot). */
  startV: number;
  reads: Map<string, { c: Collection; id: unknown; v: number }>;
  writes: Map<string, TxWrite>;
}

/** CloudBase ends a transaction 30 seconds after it began: later operations and the commit fail. */
const TX_MAX_AGE_MS = 30_000;

/** WeChat cloud development: a transaction holds single-document operations (`doc()`) and `add` only. */
function docOnly(filter: Doc): void {
  if (idOnly(filter) === undefined)
    throw new DbError(
      'DATABASE_REQUEST_FAILED',
      'a transaction supports only single-document operations (collection.doc) and add, not where() queries',
    );
}

const keyOf = (c: Collection, id: unknown): string => `${c.name}\u0000${typeof id}\u0000${String(id)}`;

let reqCounter = 0;
const reqPrefix = crypto.randomBytes(6).toString('hex');
function requestId(): string {
  return `${reqPrefix}${(++reqCounter).toString(16).padStart(12, '0')}`;
}

function asNumber(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function asDoc(v: unknown, what: string): Doc {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalidParam(`${what} must be an object`);
  return v as Doc;
}

/** `order` as the SDK sends it: `{field: 1|-1}` or `[{field: dir}]` or `[{field, direction}]`. */
function parseOrder(v: unknown): Array<[string, 1 | -1]> {
  if (v === undefined || v === null || v === '') return [];
  const dir = (d: unknown): 1 | -1 => (d === -1 || d === 'desc' || d === '-1' ? -1 : 1);
  const out: Array<[string, 1 | -1]> = [];
  const items = Array.isArray(v) ? v : [v];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Doc;
    if (typeof o.field === 'string' && 'direction' in o) out.push([o.field, dir(o.direction)]);
    else for (const [k, d] of Object.entries(o)) out.push([k, dir(d)]);
  }
  return out;
}

/** A `{_id: scalar}` filter → the id, else undefined. */
function idOnly(filter: Doc): string | number | undefined {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id') return undefined;
  const id = filter._id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function checkId(id: unknown): string | number {
  if (typeof id === 'string' && id.length > 0) return id;
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  throw invalidParam('_id must be a non-empty string or a number');
}

/** The database service the local cloud routes `database.*` admin actions to. */
export class DatabaseService {
  readonly engine: Engine;
  private readonly txs = new Map<string, Tx>();

  constructor(opts: DatabaseServiceOptions) {
    this.engine = new Engine(opts.file);
    if (opts.collectionsDir) this.engine.applyDeclarations(opts.collectionsDir);
  }

  /**
   * Handle one admin-API database action with the request body exactly as the SDK posts it; resolves with the JSON
   * body the SDK expects (success or `{code, message, requestId}` error).
   */
  async handle(action: string, params: Record<string, unknown>): Promise<unknown> {
    return this.handleSync(action, params);
  }

  /** Synchronous core of `handle` (one request = one atomic unit of work). */
  handleSync(action: string, params: Record<string, unknown>): unknown {
    const rid = requestId();
    try {
      const body = this.dispatch(action, params ?? {});
      return { ...body, requestId: rid };
    } catch (err) {
      if (err instanceof DbError) return { code: err.code, message: err.message, requestId: rid };
      const e = err as Error;
      return {
        code: 'DATABASE_REQUEST_FAILED',
        message: `[FailedOperation] ${e?.message ?? String(err)}`,
        requestId: rid,
      };
    }
  }

  private dispatch(action: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (action) {
      case 'database.addCollection':
        this.engine.createCollection(p.collectionName);
        return {};
      case 'database.insertDocument':
        return { data: { insertedIds: this.insert(p) } };
      case 'database.getDocument':
        return { data: this.get(p) };
      case 'database.calculateDocument':
        return { data: { total: this.countDocs(p) } };
      case 'database.modifyDocument':
        return { data: this.modify(p) };
      case 'database.modifyAndReturnDoc':
        return { data: this.modifyAndReturn(p) };
      case 'database.removeDocument':
        return { data: { deleted: this.removeDocs(p) } };
      case 'database.aggregateDocuments':
        return { data: { list: this.aggregate(p) } };
      case 'database.startTransaction':
        return { transactionId: this.startTx() };
      case 'database.commitTransaction':
        this.commitTx(p.transactionId);
        return {};
      case 'database.abortTransaction':
        this.abortTx(p.transactionId);
        return {};
      default:
        throw new DbError('INVALID_ACTION', `local cloud database does not support action "${action}"`);
    }
  }

  // ---------------------------------------------------------------- actions

  private insert(p: Record<string, unknown>): unknown[] {
    const c = this.engine.coll(p.collectionName);
    const items = Array.isArray(p.data) ? p.data : [p.data];
    if (items.length === 0) throw invalidParam('data must not be empty');
    const now = Date.now();
    const docs = items.map((item) => {
      const raw = asDoc(parseWire(item, now), 'data');
      assertFieldNames(raw);
      const id = raw._id === undefined ? newDocId() : checkId(raw._id);
      const { _id: _ignored, ...rest } = raw;
      return { _id: id, ...rest } as Doc;
    });
    const tx = this.txOf(p.transactionId);
    if (tx) {
      for (const doc of docs) {
        if (this.txRead(tx, c, doc._id) !== null) throw duplicateKey(c.name, '_id_', '{ _id }');
        tx.writes.set(keyOf(c, doc._id), { c, id: doc._id, doc });
      }
    } else {
      this.engine.tx(() => {
        for (const doc of docs) this.engine.insert(c, doc);
      });
    }
    return docs.map((d) => d._id);
  }

  private findOptions(p: Record<string, unknown>): FindOptions {
    const rawLimit = asNumber(p.limit);
    const limit = rawLimit === undefined || rawLimit <= 0 ? DEFAULT_LIMIT : Math.min(Math.floor(rawLimit), MAX_LIMIT);
    const skip = Math.max(0, Math.floor(asNumber(p.offset) ?? 0));
    const projection = p.projection ? asDoc(parseWire(p.projection), 'projection') : undefined;
    return { sort: parseOrder(parseWire(p.order)), skip, limit, projection };
  }

  private get(p: Record<string, unknown>): { list: string[]; limit: number; offset: number } {
    const c = this.engine.coll(p.collectionName);
    const filter = asDoc(parseWire(p.query), 'query');
    const opts = this.findOptions(p);
    const tx = this.txOf(p.transactionId);
    let list: string[];
    if (tx) {
      docOnly(filter);
      list = this.txFind(tx, c, filter, opts).map((d) => stringifyStored(d));
    } else {
      const id = idOnly(filter);
      if (id !== undefined && !opts.projection) {
        const row = opts.skip ? undefined : this.engine.getById(c, id);
        list = row ? [row.doc] : [];
      } else {
        list = this.engine.find(c, filter, opts).map((r) => r.text);
      }
    }
    return { list, limit: opts.limit ?? DEFAULT_LIMIT, offset: opts.skip ?? 0 };
  }

  private countDocs(p: Record<string, unknown>): number {
    const c = this.engine.coll(p.collectionName);
    const filter = asDoc(parseWire(p.query), 'query');
    const tx = this.txOf(p.transactionId);
    if (tx) {
      docOnly(filter);
      return this.txFind(tx, c, filter, {}).length;
    }
    return this.engine.countWhere(c, filter);
  }

  /** Documents a write targets, with their parsed content. */
  private targets(c: Collection, filter: Doc, multi: boolean): Doc[] {
    const id = idOnly(filter);
    if (id !== undefined) {
      const row = this.engine.getById(c, id);
      return row ? [parseStored(row.doc)] : [];
    }
    return this.engine.find(c, filter, multi ? {} : { limit: 1 }).map((r) => r.doc ?? parseStored(r.text));
  }

  private modify(p: Record<string, unknown>): { updated: number; matched: number; upsert_id: unknown } {
    const c = this.engine.coll(p.collectionName);
    const now = Date.now();
    const filter = asDoc(parseWire(p.query, now), 'query');
    const data = asDoc(parseWire(p.data, now), 'data');
    const multi = p.multi === true || p.multi === 'true';
    const merge = !(p.merge === false || p.merge === 'false');
    const upsert = p.upsert === true || p.upsert === 'true';
    if (!merge && Object.keys(data).some((k) => k.startsWith('$'))) {
      throw new DbError('DATABASE_REQUEST_FAILED', 'update operator complicit');
    }
    if (!merge) assertFieldNames(data);
    const tx = this.txOf(p.transactionId);
    if (tx) docOnly(filter);
    const run = (): { updated: number; matched: number; upsert_id: unknown } => {
      const docs = tx ? this.txFind(tx, c, filter, multi ? {} : { limit: 1 }) : this.targets(c, filter, multi);
      let updated = 0;
      for (const old of docs) {
        let next: Doc;
        let changed: boolean;
        if (merge) {
          ({ doc: next, changed } = applyUpdate(old, data));
        } else {
          const { _id: _drop, ...rest } = data;
          next = { _id: old._id, ...rest };
          changed = stringifyStored(next) !== stringifyStored(old);
          // CloudBase reports a set() of a document as updated, also with the content it already had.
          if (!changed) updated++;
        }
        if (!changed) continue;
        updated++;
        if (tx) tx.writes.set(keyOf(c, old._id), { c, id: old._id, doc: next });
        else this.engine.replace(c, next);
      }
      if (docs.length === 0 && upsert) {
        const id = filter._id === undefined ? newDocId() : checkId(filter._id);
        let doc: Doc;
        if (merge) {
          const base: Doc = { _id: id };
          for (const [k, v] of Object.entries(filter))
            if (!k.startsWith('$') && !k.includes('.') && (v === null || typeof v !== 'object')) base[k] = v;
          doc = applyUpdate(base, data).doc;
        } else {
          const { _id: _drop, ...rest } = data;
          doc = { _id: id, ...rest };
        }
        if (tx) {
          if (this.txRead(tx, c, id) !== null) throw duplicateKey(c.name, '_id_', '{ _id }');
          tx.writes.set(keyOf(c, id), { c, id, doc });
        } else this.engine.insert(c, doc);
        return { updated: 0, matched: 0, upsert_id: id };
      }
      return { updated, matched: docs.length, upsert_id: null };
    };
    return tx ? run() : this.engine.tx(run);
  }

  private modifyAndReturn(p: Record<string, unknown>): { updated: number; doc: string | null } {
    const c = this.engine.coll(p.collectionName);
    const now = Date.now();
    const filter = asDoc(parseWire(p.query, now), 'query');
    const data = asDoc(parseWire(p.data, now), 'data');
    const tx = this.txOf(p.transactionId);
    if (tx) docOnly(filter);
    const run = (): { updated: number; doc: string | null } => {
      const docs = tx ? this.txFind(tx, c, filter, { limit: 1 }) : this.targets(c, filter, false);
      if (docs.length === 0) return { updated: 0, doc: null };
      const { doc, changed } = applyUpdate(docs[0], data);
      if (changed) {
        if (tx) tx.writes.set(keyOf(c, doc._id), { c, id: doc._id, doc });
        else this.engine.replace(c, doc);
      }
      // CloudBase (findAndModify) reports the matched document as updated, also when nothing changed.
      return { updated: 1, doc: stringifyStored(doc) };
    };
    return tx ? run() : this.engine.tx(run);
  }

  private removeDocs(p: Record<string, unknown>): number {
    const c = this.engine.coll(p.collectionName);
    const filter = asDoc(parseWire(p.query), 'query');
    const multi = p.multi === true || p.multi === 'true';
    const tx = this.txOf(p.transactionId);
    if (tx) {
      docOnly(filter);
      const docs = this.txFind(tx, c, filter, multi ? {} : { limit: 1 });
      for (const d of docs) tx.writes.set(keyOf(c, d._id), { c, id: d._id, doc: null });
      return docs.length;
    }
    return this.engine.tx(() => {
      const id = idOnly(filter);
      if (id !== undefined) return this.engine.remove(c, id);
      if (multi) {
        const n = this.engine.removeWhereExact(c, filter);
        if (n !== null) return n;
      }
      let n = 0;
      for (const d of this.targets(c, filter, multi)) n += this.engine.remove(c, d._id);
      return n;
    });
  }

  private aggregate(p: Record<string, unknown>): string[] {
    const c = this.engine.coll(p.collectionName);
    const stages = Array.isArray(p.stages) ? p.stages : [];
    const now = Date.now();
    const pipeline = stages.map((s) => {
      const st = s as { stageKey?: unknown; stageValue?: unknown };
      if (typeof st.stageKey !== 'string') throw invalidParam('invalid aggregation stage');
      return { [st.stageKey]: parseWire(st.stageValue, now) } as Doc;
    });
    return this.engine.aggregate(c, pipeline).map((d) => stringifyStored(d));
  }

  // ---------------------------------------------------------------- transactions

  private startTx(): string {
    const now = Date.now();
    for (const [id, tx] of this.txs) if (now - tx.started > TX_MAX_AGE_MS) this.endTx(id);
    this.pruneSnapshots();
    const id = crypto.randomBytes(16).toString('hex');
    this.engine.snapshotLog ??= new Map();
    this.txs.set(id, { id, started: now, startV: this.engine.currentVersion(), reads: new Map(), writes: new Map() });
    return id;
  }

  private txOf(id: unknown): Tx | undefined {
    if (id === undefined || id === null || id === '') return undefined;
    const tx = this.txs.get(String(id));
    if (!tx) throw txNotFound(String(id));
    if (Date.now() - tx.started > TX_MAX_AGE_MS) {
      this.endTx(tx.id);
      throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${tx.id} ran past its 30 s limit and was aborted`);
    }
    return tx;
  }

  /** Forget a transaction; with none left open, stop keeping pre-images. */
  private endTx(id: string): void {
    this.txs.delete(id);
    if (this.txs.size === 0) this.engine.snapshotLog = null;
  }

  /** Drop pre-images no open transaction can need (written before the oldest one began). */
  private pruneSnapshots(): void {
    const log = this.engine.snapshotLog;
    if (!log) return;
    const oldest = Math.min(...[...this.txs.values()].map((t) => t.startV));
    for (const [k, list] of log) {
      const keep = list.filter((e) => e.v > oldest);
      if (keep.length) log.set(k, keep);
      else log.delete(k);
    }
  }

  /** Tests: make every open transaction `ms` older (to reach the 30 s limit without waiting). */
  ageTransactions(ms: number): void {
    for (const tx of this.txs.values()) tx.started -= ms;
  }

  /** A document as this transaction sees it (its own writes first); records the version read. */
  private txRead(tx: Tx, c: Collection, id: unknown): Doc | null {
    const k = keyOf(c, id);
    const w = tx.writes.get(k);
    if (w) return w.doc ? parseStored(stringifyStored(w.doc)) : null;
    const row = this.engine.getById(c, id);
    let text = row?.doc ?? null;
    let v = row?.v ?? 0;
    if (!row || row.v > tx.startV) {
      // Changed (or removed) since the transaction began: read it from the snapshot. Its version is recorded as
      // unseen, so writing it conflicts at commit.
      const earliest = this.engine.snapshotLog?.get(k)?.find((e) => e.v > tx.startV);
      if (earliest) {
        text = earliest.before;
        v = -1;
      }
    }
    if (!tx.reads.has(k)) tx.reads.set(k, { c, id, v });
    return text === null ? null : parseStored(text);
  }

  /** Query as the transaction sees the collection: committed documents overlaid with its buffered writes. */
  private txFind(tx: Tx, c: Collection, filter: Doc, opts: FindOptions): Doc[] {
    const id = idOnly(filter);
    let docs: Doc[];
    if (id !== undefined) {
      const d = this.txRead(tx, c, id);
      docs = d ? [d] : [];
    } else {
      const byKey = new Map<string, Doc>();
      for (const r of this.engine.find(c, filter)) {
        const d = r.doc ?? parseStored(r.text);
        const k = keyOf(c, d._id);
        if (tx.writes.has(k)) continue;
        if (!tx.reads.has(k))
          tx.reads.set(k, { c, id: d._id, v: (c.versionStmt.get(d._id) as number | undefined) ?? 0 });
        byKey.set(k, d);
      }
      const q = new Query(filter, MINGO);
      for (const [k, w] of tx.writes) {
        if (w.c === c && w.doc && q.test(w.doc)) byKey.set(k, parseStored(stringifyStored(w.doc)));
      }
      docs = [...byKey.values()];
    }
    docs = sortDocs(docs, opts.sort ?? []);
    const skip = opts.skip ?? 0;
    docs = docs.slice(skip, opts.limit === undefined ? undefined : skip + opts.limit);
    if (opts.projection && Object.keys(opts.projection).length) {
      const pq = new Query({}, MINGO);
      docs = docs.map((d) => pq.find([d], opts.projection).all()[0] as Doc);
    }
    return docs;
  }

  private commitTx(id: unknown): void {
    const tx = this.txOf(id);
    if (!tx) throw invalidParam('transactionId is required');
    this.endTx(tx.id);
    this.engine.tx(() => {
      for (const r of tx.reads.values()) {
        const v = (r.c.versionStmt.get(r.id) as number | undefined) ?? 0;
        if (v !== r.v) throw txConflict();
      }
      for (const w of tx.writes.values()) {
        const exists = w.c.versionStmt.get(w.id) !== undefined;
        if (w.doc === null) {
          if (exists) this.engine.remove(w.c, w.id);
        } else if (exists) this.engine.replace(w.c, w.doc);
        else this.engine.insert(w.c, w.doc);
      }
    });
  }

  private abortTx(id: unknown): void {
    const tx = this.txs.get(String(id));
    if (tx) this.endTx(tx.id);
  }

  // ---------------------------------------------------------------- plain helpers (dev panel, seed, tests)

  /** Collections with their document counts. */
  listCollections(): { name: string; count: number }[] {
    return this.engine.names().map((name) => ({ name, count: this.engine.count(name) }));
  }

  /** Plain-JS query (Dates as Date objects); throws DbError when the collection does not exist. */
  find(
    collection: string,
    filter: object = {},
    opts: { limit?: number; skip?: number; sort?: Record<string, 1 | -1> } = {},
  ): object[] {
    const c = this.engine.coll(collection);
    return this.engine
      .find(c, filter, {
        limit: opts.limit,
        skip: opts.skip,
        sort: Object.entries(opts.sort ?? {}) as Array<[string, 1 | -1]>,
      })
      .map((r) => r.doc ?? parseStored(r.text));
  }

  /** The SQL and SQLite query plan a filter (+ sort) runs with — proof that indexed fields are not scanned. */
  explain(
    collection: string,
    filter: object = {},
    sort: Record<string, 1 | -1> = {},
  ): { sql: string; exact: boolean; plan: string[] } {
    return this.engine.explain(this.engine.coll(collection), filter, Object.entries(sort) as Array<[string, 1 | -1]>);
  }

  /** Create a collection if missing (seed scripts). */
  ensureCollection(name: string): void {
    this.engine.ensureCollection(name);
  }

  close(): void {
    this.txs.clear();
    this.engine.close();
  }
}

/** What `local/cloud/database-contract.ts` (the server) opens the database with. */
export interface LocalCloudDatabaseOptions {
  dataDir: string;
  collectionsDir: string;
  envId: string;
}

/** File name of the SQLite store inside the local cloud's data directory. */
export const DATABASE_FILE = 'database.sqlite';

/**
 * Factory the local cloud server uses (see `local/cloud/database-contract.ts`): opens `<dataDir>/database.sqlite`
 * and adapts the plain helpers to the server's contract (collection names; `find(name, {limit, skip})`).
 */
export function createDatabaseService(opts: LocalCloudDatabaseOptions): {
  service: DatabaseService;
  handle(action: string, params: Record<string, unknown>): Promise<unknown>;
  listCollections(): string[];
  find(collection: string, opts?: { limit?: number; skip?: number }): unknown[];
  close(): void;
} {
  const service = new DatabaseService({
    file: path.join(opts.dataDir, DATABASE_FILE),
    collectionsDir: opts.collectionsDir,
  });
  return {
    service,
    handle: (action, params) => service.handle(action, params),
    listCollections: () => service.listCollections().map((c) => c.name),
    find: (collection, o = {}) => (service.engine.has(collection) ? service.find(collection, {}, o) : []),
    close: () => service.close(),
  };
}
