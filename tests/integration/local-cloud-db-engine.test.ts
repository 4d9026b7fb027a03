/**
 * The local database's storage engine below the SDK: query planning stays correct when its shape information is
 * missing or saturated, and a store written by an older format is repaired at open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseService } from '../../local/cloud/database';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-db-engine-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Plain JSON is valid (relaxed) Extended JSON for documents without Dates. */
const ejson = (v: object) => JSON.stringify(v);

function add(svc: DatabaseService, coll: string, docs: object[]): void {
  const res = svc.handleSync('database.insertDocument', { collectionName: coll, data: docs.map(ejson) }) as {
    code?: string;
  };
  expect(res.code).toBeUndefined();
}

test('shape information lost or from an older format is rebuilt from the documents at open', () => {
  const file = path.join(dir, 'db.sqlite');
  let svc = new DatabaseService({ file });
  svc.ensureCollection('c');
  add(svc, 'c', [
    { _id: 'a', v: 2 },
    { _id: 'b', v: '1' },
    { _id: 'c', v: 1 },
    { _id: 'd', tags: ['x'] },
  ]);
  svc.close();
  const raw = new Database(file);
  raw.exec(`DELETE FROM _paths; DELETE FROM _meta;`);
  raw.close();
  svc = new DatabaseService({ file });
  expect(svc.find('c', {}, { sort: { v: 1 } }).map((d) => (d as { _id: string })._id)).toEqual(['d', 'c', 'a', 'b']);
  expect(
    svc
      .find('c', { v: { $lt: 5 } })
      .map((d) => (d as { _id: string })._id)
      .sort(),
  ).toEqual(['a', 'c']);
  expect(svc.find('c', { tags: 'x' }).map((d) => (d as { _id: string })._id)).toEqual(['d']);
  svc.close();
});

test('past the tracked-path limit, untracked paths are answered by mingo and stay correct', () => {
  const svc = new DatabaseService({ file: path.join(dir, 'db.sqlite') });
  svc.ensureCollection('m');
  const wide: Record<string, number> = {};
  for (let i = 0; i < 20_050; i++) wide[`k${i}`] = i;
  add(svc, 'm', [{ _id: 'wide', n: 1, map: wide }]);
  add(svc, 'm', [
    { _id: 'late1', later: ['a', 'b'], n: 2 },
    { _id: 'late2', later: 'a', n: 3 },
  ]);
  expect(svc.explain('m', { later: 'a' }).exact).toBe(false);
  expect(
    svc
      .find('m', { later: 'a' })
      .map((d) => (d as { _id: string })._id)
      .sort(),
  ).toEqual(['late1', 'late2']);
  // a path tracked before the limit keeps exact SQL
  expect(svc.explain('m', { n: 2 }).exact).toBe(true);
  expect(svc.find('m', { n: { $gte: 2 } }, { sort: { n: -1 } }).map((d) => (d as { _id: string })._id)).toEqual([
    'late2',
    'late1',
  ]);
  svc.close();
});

test('an unknown action and a bad request answer in the SDK error shape without throwing', () => {
  const svc = new DatabaseService({ file: ':memory:' });
  expect(svc.handleSync('database.nope', {})).toMatchObject({ code: 'INVALID_ACTION', requestId: expect.any(String) });
  svc.ensureCollection('x');
  expect(svc.handleSync('database.getDocument', { collectionName: 'x', query: '{not json' })).toMatchObject({
    code: 'DATABASE_REQUEST_FAILED',
  });
  expect(svc.handleSync('database.commitTransaction', { transactionId: 'missing' })).toMatchObject({
    code: 'DATABASE_TRANSACTION_FAIL',
  });
  svc.close();
});

/** Deterministic pseudo-random numbers for the differential test. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

test('SQL-answered queries agree with mingo on random filters and sorts over mixed types (indexed and not)', () => {
  const svc = new DatabaseService({ file: ':memory:' });
  svc.engine.setIndexes('idx', [
    { name: 'b', keys: [['b', 1]] },
    { name: 'cd', keys: [['c.d', -1]] },
  ]);
  svc.ensureCollection('plain');
  const r = rng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const values = [0, 1, 2, 2.5, -3, 10, 'a', 'b', 'B', '10', '', true, false, null, new Date(1000), new Date(5000)];
  const docs: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 300; i++) {
    const d: Record<string, unknown> = { _id: `id${String(i).padStart(3, '0')}` };
    if (r() < 0.85) d.a = pick(values);
    if (r() < 0.85) d.b = pick(values);
    if (r() < 0.7) d.c = r() < 0.9 ? { d: pick(values) } : pick(values);
    if (r() < 0.8) d.e = r() < 0.5 ? [pick(values), pick(values)] : pick(values);
    docs.push(d);
  }
  for (const coll of ['idx', 'plain']) {
    const data = docs.map((d) => JSON.stringify(d, (_k, v) => (v instanceof Date ? { $date: v.getTime() } : v)));
    for (let i = 0; i < data.length; i += 100) {
      expect(
        svc.handleSync('database.insertDocument', { collectionName: coll, data: data.slice(i, i + 100) }),
      ).not.toHaveProperty('code');
    }
  }
  const fields = ['a', 'b', 'c.d', 'c', 'e'];
  const ops = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists'];
  const leaf = (): Record<string, unknown> => {
    const f = pick(fields);
    const op = pick(ops);
    if (op === '$in' || op === '$nin') return { [f]: { [op]: [pick(values), pick(values)] } };
    if (op === '$exists') return { [f]: { $exists: r() < 0.5 } };
    if (r() < 0.2) return { [f]: pick(values) };
    return { [f]: { [op]: pick(values) } };
  };
  const filter = (depth = 0): Record<string, unknown> => {
    const k = r();
    if (depth < 2 && k < 0.15) return { $or: [filter(depth + 1), filter(depth + 1)] };
    if (depth < 2 && k < 0.25) return { $and: [filter(depth + 1), filter(depth + 1)] };
    if (depth < 2 && k < 0.3) return { $nor: [filter(depth + 1)] };
    if (k < 0.4) {
      const f = pick(['a', 'b']);
      return { [f]: { $not: { $gt: pick(values) } } };
    }
    return leaf();
  };
  const { Query } = jest.requireActual<typeof import('mingo')>('mingo');
  const reference = svc.find('plain', {}, { limit: 1000 }) as Array<Record<string, unknown>>;
  let exactCount = 0;
  for (let n = 0; n < 250; n++) {
    const f = filter();
    const sortKey = pick(['a', 'b', 'c.d', '_id']);
    const dir = pick([1, -1] as const);
    const sort = sortKey === '_id' ? { _id: dir } : { [sortKey]: dir, _id: 1 as const };
    const expected = new Query(f)
      .find(reference)
      .sort(sort)
      .all()
      .map((d) => (d as { _id: string })._id);
    for (const coll of ['idx', 'plain']) {
      if (svc.explain(coll, f, sort).exact) exactCount++;
      const got = svc.find(coll, f, { sort, limit: 1000 }).map((d) => (d as { _id: string })._id);
      try {
        expect(got).toEqual(expected);
        expect(svc.engine.countWhere(svc.engine.coll(coll), f)).toBe(expected.length);
      } catch (err) {
        throw new Error(`${coll} ${JSON.stringify(f)} sort ${JSON.stringify(sort)}: ${(err as Error).message}`);
      }
    }
  }
  expect(exactCount).toBeGreaterThan(100);
  svc.close();
});
