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
