/**
 * The local database answers the dashboards' `$match` + `$group` from a declared index when the index holds every
 * field the pipeline reads (the group key, the summed field, the filter) — without parsing a document — and gives
 * exactly the rows the general pipeline gives, whatever kinds of values the key and the summed field hold.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseService } from '../../local/cloud/database';

let dir: string;
let svc: DatabaseService;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'covered-group-'));
  const decl = path.join(dir, 'collections');
  fs.mkdirSync(decl);
  const index = (name: string, keys: string[]) => ({ name, keys: keys.map((k) => [k, 1]), unique: false });
  fs.writeFileSync(
    path.join(decl, 'facts.json'),
    JSON.stringify({
      name: 'facts',
      description: 'test',
      personalData: false,
      indexes: [index('kind_node_amount', ['kind', 'node', 'amount'])],
      rules: { read: false, write: false },
    }),
  );
  svc = new DatabaseService({ file: path.join(dir, 'db.sqlite'), collectionsDir: decl });
});
afterEach(() => {
  svc.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function add(docs: object[]): void {
  const res = svc.handleSync('database.insertDocument', {
    collectionName: 'facts',
    data: docs.map((d) => JSON.stringify(d)),
  }) as { code?: string };
  expect(res.code).toBeUndefined();
}

function aggregate(stages: object[]): unknown[] {
  const res = svc.handleSync('database.aggregateDocuments', {
    collectionName: 'facts',
    stages: stages.map((st) => {
      const [stageKey, value] = Object.entries(st)[0];
      return { stageKey, stageValue: JSON.stringify(value) };
    }),
  }) as { data: { list: string[] } };
  return res.data.list.map((s) => JSON.parse(s) as unknown);
}

/** The same pipeline through the SQL path and through mingo (a `$project` first forces the general path). */
function both(match: object, group: object): { fast: unknown[]; general: unknown[] } {
  const byId = (rows: unknown[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const fast = aggregate([{ $match: match }, { $group: group }, { $limit: 1000 }]);
  const general = aggregate([
    { $match: match },
    { $project: { node: 1, amount: 1, kind: 1, other: 1 } },
    { $group: group },
    { $limit: 1000 },
  ]);
  return { fast: byId(fast), general: byId(general) };
}

test('groups by an indexed key and sums an indexed field exactly as the general pipeline does', () => {
  add([
    { kind: 'a', node: 'v1', amount: 100 },
    { kind: 'a', node: 'v1', amount: 2.5 },
    { kind: 'a', node: 'v2', amount: '300' },
    { kind: 'a', node: 'v2', amount: null },
    { kind: 'a', node: 7, amount: 1 },
    { kind: 'a', node: '7', amount: 1 },
    { kind: 'a', amount: 4 },
    { kind: 'a', node: null, amount: 5 },
    { kind: 'a', node: 'v3', amount: true },
    { kind: 'a', node: 'v3', amount: { $date: '2026-01-01T00:00:00Z' } },
    { kind: 'b', node: 'v1', amount: 1000 },
  ]);
  const group = { _id: '$node', n: { $sum: 1 }, total: { $sum: '$amount' } };
  const { fast, general } = both({ kind: 'a' }, group);
  expect(fast).toEqual(general);
  expect(fast).toEqual(
    expect.arrayContaining([
      { _id: 'v1', n: 2, total: 102.5 },
      { _id: 'v2', n: 2, total: 0 },
      { _id: 7, n: 1, total: 1 },
      { _id: '7', n: 1, total: 1 },
      { _id: null, n: 2, total: 9 },
      { _id: 'v3', n: 2, total: 0 },
    ]),
  );
  const total = both({ kind: 'a', node: { $in: ['v1', 'v2'] } }, { _id: null, n: { $sum: 1 }, t: { $sum: '$amount' } });
  expect(total.fast).toEqual([{ _id: null, n: 4, t: 102.5 }]);
  expect(total.fast).toEqual(total.general);
});

test('a key holding objects, booleans or dates is left to the general pipeline, with the same rows', () => {
  add([
    { kind: 'a', node: { town: 't1' }, amount: 1 },
    { kind: 'a', node: true, amount: 2 },
    { kind: 'a', node: { $date: '2026-01-01T00:00:00Z' }, amount: 3 },
    { kind: 'a', node: 'v1', amount: 4 },
  ]);
  const { fast, general } = both({ kind: 'a' }, { _id: '$node', n: { $sum: 1 }, total: { $sum: '$amount' } });
  expect(fast).toHaveLength(4);
  expect(fast).toEqual(general);
});
