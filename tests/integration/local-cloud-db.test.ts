/**
 * Conformance of the local cloud's database with CloudBase, driven through the real SDKs
 * (@cloudbase/node-sdk 3.17.2 and wx-server-sdk 4.0.2) over HTTP against `startLocalCloud`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { DatabaseService } from '../../local/cloud/database';

type AnyDb = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let cloud: TestCloud;
let dataDir: string;
let declDir: string;
let db: AnyDb; // @cloudbase/node-sdk database
let wdb: AnyDb; // wx-server-sdk database
let _: AnyDb; // command
let seq = 0;

/** A fresh collection per test, so tests don't see each other's data. */
async function coll(prefix = 't'): Promise<string> {
  const name = `${prefix}_${++seq}`;
  await db.createCollection(name);
  return name;
}

function service(c: TestCloud = cloud): DatabaseService {
  return (c.db as unknown as { service: DatabaseService }).service;
}

async function start(): Promise<TestCloud> {
  const c = await startTestCloud({ dataDir, collectionsDir: declDir });
  db = c.sdkApp().database();
  const wx = c.wxServer() as AnyDb;
  wx.init({ env: c.envId });
  wdb = wx.database();
  _ = db.command;
  return c;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-db-test-'));
  declDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-db-decl-'));
  fs.writeFileSync(
    path.join(declDir, 'people.json'),
    JSON.stringify({
      name: 'people',
      indexes: [
        {
          name: 'status_created',
          keys: [
            ['status', 1],
            ['createdAt', -1],
          ],
          unique: false,
        },
        { name: 'score', keys: [['score', 1]], unique: false },
        { name: 'phone_hash', keys: [['phoneHash', 1]], unique: true },
        { name: 'grid', keys: [['grid.town', 1]], unique: false },
      ],
    }),
  );
  cloud = await start();
});

afterAll(async () => {
  await cloud.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(declDir, { recursive: true, force: true });
});

describe('documents', () => {
  test('add single and array; generated _id is 32 hex chars; doc().get returns it', async () => {
    const c = await coll();
    const one = await db.collection(c).add({ name: 'a', n: 1 });
    expect(one.id).toMatch(/^[0-9a-f]{32}$/);
    const many = await db.collection(c).add([{ name: 'b' }, { name: 'c', _id: 'fixed-id' }]);
    expect(many.ids).toHaveLength(2);
    expect(many.ids[1]).toBe('fixed-id');
    const got = await db.collection(c).doc(one.id).get();
    expect(got.data).toEqual([{ _id: one.id, name: 'a', n: 1 }]);
    const wxGot = await wdb.collection(c).doc('fixed-id').get();
    expect(wxGot.data).toEqual({ _id: 'fixed-id', name: 'c' });
    const wxAdd = await wdb.collection(c).add({ data: { name: 'd' } });
    expect(wxAdd._id).toMatch(/^[0-9a-f]{32}$/);
  });

  test('doc().get of a missing document: empty with node-sdk, error with wx-server-sdk', async () => {
    const c = await coll();
    expect((await db.collection(c).doc('missing').get()).data).toEqual([]);
    await expect(wdb.collection(c).doc('missing').get()).rejects.toMatchObject({
      errMsg: expect.stringContaining('does not exist'),
    });
  });

  test('Date values round-trip as Dates; serverDate() (with offset) is the server clock', async () => {
    const c = await coll();
    const when = new Date('2024-02-29T12:34:56.789Z');
    const before = Date.now();
    const { id } = await db
      .collection(c)
      .add({ when, at: db.serverDate(), later: db.serverDate({ offset: 60_000 }), nested: { d: when } });
    const after = Date.now();
    const doc = (await db.collection(c).doc(id).get()).data[0];
    expect(doc.when).toBeInstanceOf(Date);
    expect(doc.when.getTime()).toBe(when.getTime());
    expect(doc.nested.d.getTime()).toBe(when.getTime());
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(doc.at.getTime()).toBeLessThanOrEqual(after);
    expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);
    // a Date in a query, and serverDate in an update
    const found = await db
      .collection(c)
      .where({ when: _.gte(new Date('2024-01-01')) })
      .get();
    expect(found.data).toHaveLength(1);
    await wdb
      .collection(c)
      .doc(id)
      .update({ data: { touchedAt: wdb.serverDate() } });
    const touched = (await wdb.collection(c).doc(id).get()).data.touchedAt;
    expect(touched).toBeInstanceOf(Date);
  });

  test('adding to a collection that was never created fails as in CloudBase', async () => {
    await expect(db.collection('never_created').add({ a: 1 })).rejects.toMatchObject({
      code: 'DATABASE_COLLECTION_NOT_EXIST',
    });
    await expect(wdb.collection('never_created').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 });
    await expect(wdb.collection('never_created').where({}).get()).rejects.toMatchObject({ errCode: -502005 });
  });

  test('createCollection creates once; creating it again fails', async () => {
    const name = `created_${Date.now()}`;
    await expect(wdb.createCollection(name)).resolves.toMatchObject({ errMsg: 'createCollection:ok' });
    await expect(wdb.collection(name).add({ data: { a: 1 } })).resolves.toHaveProperty('_id');
    await expect(db.createCollection(name)).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' });
    await expect(wdb.createCollection(name)).rejects.toMatchObject({ errMsg: expect.stringContaining('Table exist') });
  });

  test('duplicate _id is refused with the SDK error shape', async () => {
    const c = await coll();
    await db.collection(c).add({ _id: 'same', v: 1 });
    await expect(db.collection(c).add({ _id: 'same', v: 2 })).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
    });
    await expect(wdb.collection(c).add({ data: { _id: 'same', v: 3 } })).rejects.toMatchObject({
      errCode: -501001,
      errMsg: expect.stringContaining('duplicate key'),
    });
    // an array add is all-or-nothing
    await expect(db.collection(c).add([{ _id: 'new1' }, { _id: 'same' }])).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
    });
    expect((await db.collection(c).count()).total).toBe(1);
  });
});

describe('queries', () => {
  let c: string;
  beforeAll(async () => {
    c = await coll('q');
    await db.collection(c).add([
      {
        _id: 'a',
        name: 'Alice',
        age: 30,
        city: { name: 'Hefei', zone: 'east' },
        tags: ['x', 'y'],
        items: [
          { k: 1, q: 5 },
          { k: 2, q: 1 },
        ],
        nick: null,
      },
      { _id: 'b', name: 'bob', age: 25, city: { name: 'Wuhu', zone: 'south' }, tags: ['y'], items: [{ k: 3, q: 2 }] },
      { _id: 'c', name: 'Carol', age: 35, city: { name: 'Hefei', zone: 'west' }, tags: [], extra: true },
      { _id: 'd', name: 'dave', age: '40', city: { name: 'Anqing', zone: 'east' }, tags: ['x', 'z', 'y'] },
    ]);
  });
  const ids = async (q: AnyDb): Promise<string[]> =>
    ((await q.get()).data as Array<{ _id: string }>).map((d) => d._id).sort();
  const where = (f: object) => db.collection(c).where(f);

  test('eq / neq / gt / gte / lt / lte (numbers do not match strings)', async () => {
    expect(await ids(where({ age: 30 }))).toEqual(['a']);
    expect(await ids(where({ age: _.eq(25) }))).toEqual(['b']);
    expect(await ids(where({ age: _.neq(30) }))).toEqual(['b', 'c', 'd']);
    expect(await ids(where({ age: _.gt(25) }))).toEqual(['a', 'c']);
    expect(await ids(where({ age: _.gte(25) }))).toEqual(['a', 'b', 'c']);
    expect(await ids(where({ age: _.lt(35) }))).toEqual(['a', 'b']);
    expect(await ids(where({ age: _.lte(35).and(_.gt(25)) }))).toEqual(['a', 'c']);
    expect(await ids(where({ age: _.gt('3') }))).toEqual(['d']);
  });

  test('in / nin / exists', async () => {
    expect(await ids(where({ name: _.in(['bob', 'dave', 'zed']) }))).toEqual(['b', 'd']);
    expect(await ids(where({ name: _.nin(['bob', 'dave']) }))).toEqual(['a', 'c']);
    expect(await ids(where({ extra: _.exists(true) }))).toEqual(['c']);
    expect(await ids(where({ extra: _.exists(false) }))).toEqual(['a', 'b', 'd']);
    expect(await ids(where({ nick: null }))).toEqual(['a', 'b', 'c', 'd']);
    expect(await ids(where({ nick: _.exists(true) }))).toEqual(['a']);
  });

  test('size / all / elemMatch and array element matching', async () => {
    expect(await ids(where({ tags: _.size(2) }))).toEqual(['a']);
    expect(await ids(where({ tags: _.all(['x', 'y']) }))).toEqual(['a', 'd']);
    expect(await ids(where({ items: _.elemMatch({ k: _.gte(2), q: _.lt(3) }) }))).toEqual(['a', 'b']);
    expect(await ids(where({ tags: 'z' }))).toEqual(['d']);
    expect(await ids(where({ 'items.k': 3 }))).toEqual(['b']);
    expect(await ids(where({ 'tags.0': 'x' }))).toEqual(['a', 'd']);
  });

  test('and / or / nor / not, field-level and top-level', async () => {
    expect(await ids(where(_.or([{ age: 25 }, { name: 'Carol' }])))).toEqual(['b', 'c']);
    expect(await ids(where(_.and([{ age: _.gt(20) }, { 'city.zone': 'east' }])))).toEqual(['a']);
    expect(await ids(where(_.nor([{ age: 25 }, { name: 'Carol' }])))).toEqual(['a', 'd']);
    expect(await ids(where({ age: _.gt(26).or(_.lt(26)) }))).toEqual(['a', 'b', 'c']);
    expect(await ids(where({ age: _.not(_.gt(26)) }))).toEqual(['b', 'd']);
    expect(await ids(where({ name: _.nor([_.eq('bob'), _.eq('dave')]) }))).toEqual(['a', 'c']);
  });

  test('db.RegExp and JS RegExp', async () => {
    expect(await ids(where({ name: db.RegExp({ regexp: '^[a-c]', options: 'i' }) }))).toEqual(['a', 'b', 'c']);
    expect(await ids(where({ name: /^d/ }))).toEqual(['d']);
    expect(await ids(wdb.collection(c).where({ name: wdb.RegExp({ regexp: 'o', options: '' }) }))).toEqual(['b', 'c']);
  });

  test('nested objects are matched by their fields; dotted paths', async () => {
    expect(await ids(where({ city: { name: 'Hefei' } }))).toEqual(['a', 'c']);
    expect(await ids(where({ city: { name: 'Hefei', zone: 'west' } }))).toEqual(['c']);
    expect(await ids(where({ 'city.zone': 'east' }))).toEqual(['a', 'd']);
    expect(await ids(where({ city: { zone: _.in(['south', 'west']) } }))).toEqual(['b', 'c']);
  });

  test('orderBy / skip / limit / field', async () => {
    const res = await db
      .collection(c)
      .where({ age: _.gt(0) })
      .orderBy('age', 'desc')
      .skip(1)
      .limit(1)
      .field({ name: true })
      .get();
    expect(res.data).toEqual([{ _id: 'a', name: 'Alice' }]);
    const byTwo = await db.collection(c).orderBy('city.name', 'asc').orderBy('age', 'desc').get();
    expect(byTwo.data.map((d: { _id: string }) => d._id)).toEqual(['d', 'c', 'a', 'b']);
    const wx = await wdb
      .collection(c)
      .where({ tags: 'y' })
      .orderBy('name', 'asc')
      .field({ tags: false, items: false, city: false })
      .get();
    expect(wx.data).toEqual([
      { _id: 'a', name: 'Alice', age: 30, nick: null },
      { _id: 'b', name: 'bob', age: 25 },
      { _id: 'd', name: 'dave', age: '40' },
    ]);
  });

  test('count', async () => {
    expect((await db.collection(c).where({ 'city.name': 'Hefei' }).count()).total).toBe(2);
    expect((await wdb.collection(c).count()).total).toBe(4);
    expect((await wdb.collection(c).where({ tags: 'y' }).count()).total).toBe(3);
  });

  test('mixed value types compare within their type and sort in MongoDB type order', async () => {
    const m = await coll('mixed');
    await db
      .collection(m)
      .add([
        { _id: 'num', v: 5 },
        { _id: 'str', v: '5' },
        { _id: 'bool', v: true },
        { _id: 'nul', v: null },
        { _id: 'missing' },
        { _id: 'date', v: new Date(5) },
        { _id: 'one', v: 1 },
      ]);
    const get = async (f: object) => ids(db.collection(m).where(f));
    expect(await get({ v: _.gt(1) })).toEqual(['num']);
    expect(await get({ v: _.lt('9') })).toEqual(['str']);
    expect(await get({ v: 1 })).toEqual(['one']);
    expect(await get({ v: true })).toEqual(['bool']);
    expect(await get({ v: _.gte(new Date(0)) })).toEqual(['date']);
    expect(await get({ v: _.neq(5) })).toEqual(['bool', 'date', 'missing', 'nul', 'one', 'str']);
    const order = async () =>
      ((await db.collection(m).orderBy('v', 'asc').get()).data as Array<{ _id: string }>).map((d) => d._id);
    const asc = await order();
    expect(asc.slice(0, 2).sort()).toEqual(['missing', 'nul']);
    expect(asc.slice(2)).toEqual(['one', 'num', 'str', 'bool', 'date']);
    // once the field also holds an object the sort is done by mingo: same order
    await db.collection(m).add({ _id: 'obj', v: { a: 1 } });
    const asc2 = await order();
    expect(asc2.slice(2)).toEqual(['one', 'num', 'str', 'obj', 'bool', 'date']);
  });

  test('doc().field() projection and _id queries', async () => {
    const got = await db.collection(c).doc('a').field({ name: true, 'city.zone': true }).get();
    expect(got.data).toEqual([{ _id: 'a', name: 'Alice', city: { zone: 'east' } }]);
    expect(await ids(where({ _id: _.in(['a', 'c', 'zz']) }))).toEqual(['a', 'c']);
    expect(await ids(where({ _id: _.gt('b') }))).toEqual(['c', 'd']);
  });

  test('server SDK default limit 100 and maximum 1000', async () => {
    const big = await coll('big');
    const docs = Array.from({ length: 1100 }, (_v, i) => ({ i }));
    await db.collection(big).add(docs);
    expect((await db.collection(big).get()).data).toHaveLength(100);
    expect((await db.collection(big).limit(5000).get()).data).toHaveLength(1000);
    const page = await wdb.collection(big).orderBy('i', 'desc').skip(10).limit(3).get();
    expect(page.data.map((d: { i: number }) => d.i)).toEqual([1089, 1088, 1087]);
  });
});

describe('updates', () => {
  test('doc update merges nested objects; set replaces and creates when missing; remove', async () => {
    const c = await coll();
    const { id } = await db.collection(c).add({ a: 1, o: { x: 1, y: 2 } });
    const up = await wdb
      .collection(c)
      .doc(id)
      .update({ data: { b: 2, o: { y: 3 } } });
    expect(up.stats.updated).toBe(1);
    expect((await wdb.collection(c).doc(id).get()).data).toEqual({ _id: id, a: 1, b: 2, o: { x: 1, y: 3 } });
    const set = await wdb
      .collection(c)
      .doc(id)
      .set({ data: { only: true } });
    expect(set.stats).toEqual({ updated: 1, created: 0 });
    expect((await wdb.collection(c).doc(id).get()).data).toEqual({ _id: id, only: true });
    const created = await wdb
      .collection(c)
      .doc('brand-new')
      .set({ data: { z: 1 } });
    expect(created).toMatchObject({ _id: 'brand-new', stats: { updated: 0, created: 1 } });
    expect((await wdb.collection(c).doc('brand-new').get()).data).toEqual({ _id: 'brand-new', z: 1 });
    const missing = await wdb
      .collection(c)
      .doc('nope')
      .update({ data: { a: 1 } });
    expect(missing.stats.updated).toBe(0);
    const rm = await wdb.collection(c).doc('brand-new').remove();
    expect(rm.stats.removed).toBe(1);
    expect((await db.collection(c).count()).total).toBe(1);
  });

  test('where().update / remove touch every match with correct counts', async () => {
    const c = await coll();
    await db.collection(c).add(Array.from({ length: 10 }, (_v, i) => ({ i, even: i % 2 === 0, n: 0 })));
    const up = await wdb
      .collection(c)
      .where({ even: true })
      .update({ data: { n: _.inc(5) } });
    expect(up.stats.updated).toBe(5);
    expect((await db.collection(c).where({ n: 5 }).count()).total).toBe(5);
    const same = await db.collection(c).where({ even: true }).update({ n: 5 });
    expect(same.updated).toBe(0);
    const rm = await wdb
      .collection(c)
      .where({ i: _.gte(7) })
      .remove();
    expect(rm.stats.removed).toBe(3);
    expect((await db.collection(c).count()).total).toBe(7);
  });

  test('update commands: set, remove, inc, mul, min, max, rename', async () => {
    const c = await coll();
    const { id } = await db
      .collection(c)
      .add({ o: { a: 1, b: 2 }, gone: 1, n: 10, m: 3, lo: 5, hi: 5, old: 'v', d: new Date(1000) });
    await db
      .collection(c)
      .doc(id)
      .update({
        o: _.set({ c: 3 }),
        gone: _.remove(),
        n: _.inc(-2.5),
        m: _.mul(4),
        lo: _.min(2),
        hi: _.max(9),
        old: _.rename('renamed'),
        d: _.max(new Date(5000)),
      });
    const doc = (await db.collection(c).doc(id).get()).data[0];
    expect(doc).toEqual({ _id: id, o: { c: 3 }, n: 7.5, m: 12, lo: 2, hi: 9, renamed: 'v', d: new Date(5000) });
  });

  test('array update commands: push (each, position, slice, sort), pop, shift, unshift, pull, pullAll, addToSet', async () => {
    const c = await coll();
    const { id } = await db
      .collection(c)
      .add({ a: [1, 2], b: [5, 1, 4], c: [1, 2, 3], d: [1, 2, 3], e: [1, 2, 3, 2], f: [1, 2, 1, 3], g: ['x'], h: [] });
    await db
      .collection(c)
      .doc(id)
      .update({
        a: _.push([3, 4]),
        b: _.push({ each: [3, 0], sort: 1, slice: 4 }),
        c: _.pop(),
        d: _.shift(),
        e: _.pull(2),
        f: _.pullAll([1, 3]),
        g: _.addToSet('x'),
        h: _.unshift(['z']),
      });
    let doc = (await db.collection(c).doc(id).get()).data[0];
    expect(doc).toMatchObject({
      a: [1, 2, 3, 4],
      b: [0, 1, 3, 4],
      c: [1, 2],
      d: [2, 3],
      e: [1, 3],
      f: [2],
      g: ['x'],
      h: ['z'],
    });
    await db
      .collection(c)
      .doc(id)
      .update({
        a: _.push({ each: [0], position: 1 }),
        g: _.addToSet({ each: ['x', 'y'] }),
        h: _.unshift(['a', 'b']),
        e: _.pull(_.gt(2)),
      });
    doc = (await db.collection(c).doc(id).get()).data[0];
    expect(doc).toMatchObject({ a: [1, 0, 2, 3, 4], g: ['x', 'y'], h: ['a', 'b', 'z'], e: [1] });
  });
});

describe('aggregation', () => {
  test('match, project, addFields, group (sum/avg/min/max/push/addToSet), sort, skip, limit, count, unwind, lookup, sample', async () => {
    const orders = await coll('orders');
    const users = await coll('users');
    await db.collection(users).add([
      { _id: 'u1', name: 'Ann' },
      { _id: 'u2', name: 'Ben' },
    ]);
    await db.collection(orders).add([
      { user: 'u1', fen: 100, items: ['a', 'b'], status: 'paid' },
      { user: 'u1', fen: 300, items: ['b'], status: 'paid' },
      { user: 'u2', fen: 50, items: ['c'], status: 'paid' },
      { user: 'u2', fen: 999, items: [], status: 'void' },
    ]);
    const $ = db.command.aggregate;
    const grouped = await db
      .collection(orders)
      .aggregate()
      .match({ status: 'paid' })
      .group({
        _id: '$user',
        total: $.sum('$fen'),
        avg: $.avg('$fen'),
        min: $.min('$fen'),
        max: $.max('$fen'),
        n: $.sum(1),
        all: $.push('$fen'),
        kinds: $.addToSet('$status'),
      })
      .sort({ total: -1 })
      .end();
    expect(grouped.data).toEqual([
      { _id: 'u1', total: 400, avg: 200, min: 100, max: 300, n: 2, all: [100, 300], kinds: ['paid'] },
      { _id: 'u2', total: 50, avg: 50, min: 50, max: 50, n: 1, all: [50], kinds: ['paid'] },
    ]);
    const projected = await wdb
      .collection(orders)
      .aggregate()
      .match({ fen: _.gte(100) })
      .addFields({ yuan: $.divide(['$fen', 100]) })
      .project({ _id: 0, user: 1, yuan: 1 })
      .sort({ yuan: 1 })
      .skip(1)
      .limit(1)
      .end();
    expect(projected.list).toEqual([{ user: 'u1', yuan: 3 }]);
    const counted = await db.collection(orders).aggregate().match({ status: 'paid' }).count('n').end();
    expect(counted.data).toEqual([{ n: 3 }]);
    const unwound = await db
      .collection(orders)
      .aggregate()
      .unwind('$items')
      .group({ _id: '$items', n: $.sum(1) })
      .sort({ _id: 1 })
      .end();
    expect(unwound.data).toEqual([
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
      { _id: 'c', n: 1 },
    ]);
    const joined = await db
      .collection(orders)
      .aggregate()
      .match({ fen: 50 })
      .lookup({ from: users, localField: 'user', foreignField: '_id', as: 'who' })
      .project({ _id: 0, fen: 1, who: 1 })
      .end();
    expect(joined.data).toEqual([{ fen: 50, who: [{ _id: 'u2', name: 'Ben' }] }]);
    const sampled = await db.collection(orders).aggregate().sample({ size: 2 }).end();
    expect(sampled.data).toHaveLength(2);
  });
});

describe('transactions and concurrency', () => {
  test('50 parallel inc on one document lose nothing', async () => {
    const c = await coll();
    const { id } = await db.collection(c).add({ n: 0 });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        wdb
          .collection(c)
          .doc(id)
          .update({ data: { n: _.inc(1) } }),
      ),
    );
    expect((await db.collection(c).doc(id).get()).data[0].n).toBe(50);
  });

  test('runTransaction commits atomically and returns the callback result', async () => {
    const c = await coll();
    await db.collection(c).add([
      { _id: 'from', fen: 1000 },
      { _id: 'to', fen: 0 },
    ]);
    const result = await wdb.runTransaction(async (t: AnyDb) => {
      const from = (await t.collection(c).doc('from').get()).data;
      await t
        .collection(c)
        .doc('from')
        .update({ data: { fen: from.fen - 300 } });
      await t
        .collection(c)
        .doc('to')
        .update({ data: { fen: _.inc(300) } });
      await t.collection(c).add({ data: { _id: 'log1', fen: 300 } });
      // read-your-writes inside the transaction
      expect((await t.collection(c).doc('from').get()).data.fen).toBe(700);
      return 'done';
    });
    expect(result).toBe('done');
    const all = (await db.collection(c).orderBy('_id', 'asc').get()).data;
    expect(all).toEqual([
      { _id: 'from', fen: 700 },
      { _id: 'log1', fen: 300 },
      { _id: 'to', fen: 300 },
    ]);
  });

  test('rollback leaves nothing; writes are invisible outside until commit', async () => {
    const c = await coll();
    await db.collection(c).add({ _id: 'acct', fen: 10 });
    const t = await wdb.startTransaction();
    await t
      .collection(c)
      .doc('acct')
      .update({ data: { fen: 99 } });
    await t.collection(c).add({ data: { _id: 'tmp' } });
    expect((await db.collection(c).doc('acct').get()).data[0].fen).toBe(10);
    expect((await db.collection(c).count()).total).toBe(1);
    await t.rollback();
    expect((await db.collection(c).doc('acct').get()).data[0].fen).toBe(10);
    expect((await db.collection(c).count()).total).toBe(1);

    // a callback that throws rolls back too, and the error reaches the caller
    await expect(
      wdb.runTransaction(async (tx: AnyDb) => {
        await tx
          .collection(c)
          .doc('acct')
          .update({ data: { fen: 0 } });
        throw new Error('insufficient');
      }),
    ).rejects.toThrow('insufficient');
    expect((await db.collection(c).doc('acct').get()).data[0].fen).toBe(10);

    // explicit rollback with a reason
    await expect(
      wdb.runTransaction(async (tx: AnyDb) => {
        await tx
          .collection(c)
          .doc('acct')
          .update({ data: { fen: 1 } });
        await tx.rollback('nope');
      }),
    ).rejects.toBe('nope');
    expect((await db.collection(c).doc('acct').get()).data[0].fen).toBe(10);
  });

  test('a conflicting commit is refused with DATABASE_TRANSACTION_CONFLICT', async () => {
    const c = await coll();
    await db.collection(c).add({ _id: 'k', n: 1 });
    const t = await db.startTransaction();
    const seen = (await t.collection(c).doc('k').get()).data;
    await db.collection(c).doc('k').update({ n: 5 });
    await t
      .collection(c)
      .doc('k')
      .update({ n: seen.n + 1 });
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' });
    expect((await db.collection(c).doc('k').get()).data[0].n).toBe(5);
  });

  test('concurrent runTransactions on one document are retried and lose nothing', async () => {
    const c = await coll();
    await db.collection(c).add({ _id: 'ctr', n: 0 });
    let attempts = 0;
    const bump = () =>
      wdb.runTransaction(async (t: AnyDb) => {
        attempts++;
        const cur = (await t.collection(c).doc('ctr').get()).data;
        await new Promise((r) => setTimeout(r, 5));
        await t
          .collection(c)
          .doc('ctr')
          .update({ data: { n: cur.n + 1 } });
      }, 10);
    await Promise.all(Array.from({ length: 4 }, bump));
    expect((await db.collection(c).doc('ctr').get()).data[0].n).toBe(4);
    expect(attempts).toBeGreaterThan(4);
  });
});

describe('indexes', () => {
  test('declared collections exist with real SQLite indexes; indexed filters and sorts do not scan', async () => {
    const svc = service();
    expect(svc.listCollections().map((x) => x.name)).toContain('people');
    await db.collection('people').add(
      Array.from({ length: 300 }, (_v, i) => ({
        status: i % 3 === 0 ? 'open' : 'closed',
        createdAt: new Date(Date.UTC(2024, 0, 1) + i * 3600_000),
        score: i,
        phoneHash: `h${i}`,
        grid: { town: `t${i % 5}` },
        free: i % 7,
      })),
    );
    const eq = svc.explain('people', { status: 'open' }, { createdAt: -1 });
    expect(eq.exact).toBe(true);
    expect(eq.plan.join('\n')).toMatch(/SEARCH .* USING INDEX ix_c_people_status_created/);
    expect(eq.plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    const range = svc.explain('people', { score: { $gte: 10, $lt: 20 } });
    expect(range.plan.join('\n')).toMatch(/USING INDEX ix_c_people_score/);
    const nested = svc.explain('people', { 'grid.town': { $in: ['t1', 't2'] } });
    expect(nested.plan.join('\n')).toMatch(/USING INDEX ix_c_people_grid/);
    const unindexed = svc.explain('people', { free: 3 });
    expect(unindexed.plan.join('\n')).toMatch(/SCAN/);

    const page = await db.collection('people').where({ status: 'open' }).orderBy('createdAt', 'desc').limit(3).get();
    expect(page.data.map((d: { score: number }) => d.score)).toEqual([297, 294, 291]);
    expect(
      (
        await db
          .collection('people')
          .where({ score: _.gte(10).and(_.lt(20)) })
          .count()
      ).total,
    ).toBe(10);
    expect(
      (
        await db
          .collection('people')
          .where({ grid: { town: 't1' } })
          .count()
      ).total,
    ).toBe(60);
  });

  test('unique indexes are enforced with the duplicate-key error', async () => {
    await db.collection('people').add({ phoneHash: 'dup-1' });
    await expect(db.collection('people').add({ phoneHash: 'dup-1' })).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
      message: expect.stringContaining('phone_hash'),
    });
    const { id } = await db.collection('people').add({ phoneHash: 'dup-2' });
    await expect(
      wdb
        .collection('people')
        .doc(id)
        .update({ data: { phoneHash: 'dup-1' } }),
    ).rejects.toMatchObject({
      errMsg: expect.stringContaining('duplicate key'),
    });
  });

  test('indexed fields keep MongoDB type order (numbers < strings < dates) and still match array elements', async () => {
    const c = 'people';
    await db.collection(c).add([
      { phoneHash: 'mix1', score: 'ten' },
      { phoneHash: 'mix2', score: new Date(0) },
      { phoneHash: 'mix3', score: -1 },
    ]);
    const asc = await db
      .collection(c)
      .where({ phoneHash: _.in(['mix1', 'mix2', 'mix3']) })
      .orderBy('score', 'asc')
      .get();
    expect(asc.data.map((d: { phoneHash: string }) => d.phoneHash)).toEqual(['mix3', 'mix1', 'mix2']);
    expect(
      (
        await db
          .collection(c)
          .where({ score: _.gt(-5).and(_.lt(0)) })
          .get()
      ).data.map((d: { phoneHash: string }) => d.phoneHash),
    ).toEqual(['mix3']);
    // once an indexed field holds an array, element matching still works (the index falls back, like multikey)
    const openBefore = (await db.collection(c).where({ status: 'open' }).count()).total;
    await db.collection(c).add({ phoneHash: 'arr', status: ['open', 'vip'] });
    expect(
      (await db.collection(c).where({ status: 'vip' }).get()).data.map((d: { phoneHash: string }) => d.phoneHash),
    ).toEqual(['arr']);
    expect((await db.collection(c).where({ status: 'open' }).count()).total).toBe(openBefore + 1);
  });
});

describe('persistence', () => {
  test('data, collections and indexes survive a restart of the local cloud', async () => {
    const c = await coll('persist');
    await db.collection(c).add({ _id: 'keep', when: new Date(42), n: 1 });
    await cloud.close();
    cloud = await start();
    expect((await db.collection(c).doc('keep').get()).data).toEqual([{ _id: 'keep', when: new Date(42), n: 1 }]);
    await expect(db.collection('people').add({ phoneHash: 'dup-1' })).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
    });
    expect(service().explain('people', { score: 5 }).plan.join('\n')).toMatch(/USING INDEX/);
  });
});
