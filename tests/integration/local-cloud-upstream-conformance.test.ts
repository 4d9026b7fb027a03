/**
 * The local cloud against CloudBase's own public SDK test suites: cases ported from TencentCloudBase/node-sdk
 * (test/database/index.test.ts, test/database/unit/{advanced-operator,command,aggregation,document,
 * transaction}.test.ts, test/storage/getDownloadUrls.test.ts) and TencentCloudBase/cloudbase-js-sdk
 * (test/web/cases/database/*.js), with their data and their expected values, run through the real
 * @cloudbase/node-sdk against the local cloud. Where the local cloud is deliberately stricter than a case
 * (transactions: WeChat's rules), the case says so; what still differs is in local/cloud/DIFFERENCES.md.
 */
import { startTestCloud, type TestCloud } from '../support/cloud';

type AnyDb = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let cloud: TestCloud;
let db: AnyDb;
let _: AnyDb;
let $: AnyDb;
let seq = 0;

async function coll(data: object[] = [], prefix = 'up'): Promise<string> {
  const name = `${prefix}_${++seq}`;
  await db.createCollection(name);
  if (data.length) await db.collection(name).add(data);
  return name;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  db = cloud.sdkApp().database();
  _ = db.command;
  $ = _.aggregate;
});
afterAll(async () => cloud.close());

describe('node-sdk test/database/index.test.ts: findAndModify', () => {
  it('updateAndReturn with the same value reports updated: 1 (验证findAndModify 更新相同值)', async () => {
    const name = await coll([{ a: 1 }]);
    const res = await db.collection(name).where({ a: 1 }).updateAndReturn({ a: 1 });
    expect(res.updated).toBe(1);
  });

  it('updateAndReturn with no match reports updated: 0 and doc null (验证findAndModify 更新失败)', async () => {
    const name = await coll([{ a: 1 }]);
    const res = await db.collection(name).where({ a: -1 }).updateAndReturn({ a: 1 });
    expect(res.updated === 0 && res.doc === null).toBe(true);
  });

  it('updateAndReturn returns the updated document (验证findAndModify)', async () => {
    const name = await coll([{ a: 1 }, { a: 1 }]);
    const res = await db.collection(name).where({ a: 1 }).updateAndReturn({ a: 2 });
    expect(res.doc.a).toBe(2);
  });
});

describe('node-sdk test/database/unit/document.test.ts: set', () => {
  it('set on an existing document reports updated: 1, also when the content is the same', async () => {
    const name = await coll([{ category: 'Web', tags: ['JavaScript', 'C#'] }]);
    const { data } = await db.collection(name).limit(1).get();
    const docId = data[0]._id;
    let res = await db
      .collection(name)
      .doc(docId)
      .set({ data: { type: 'set' } });
    expect(res.updated).toBe(1);
    res = await db
      .collection(name)
      .doc(docId)
      .set({ data: { type: 'set' } });
    expect(res.updated).toBe(1);
    res = await db
      .collection(name)
      .doc(docId)
      .set({ data: { arr: [1, 2, 3], foo: 123 }, array: [0, 0, 0] });
    expect(res.updated).toBe(1);
    res = await db
      .collection(name)
      .doc(docId)
      .update({ data: { arr: _.push([4, 5, 6]), foo: _.inc(1) }, array: _.pop() });
    expect(res.updated).toBe(1);
  });

  it('set on a missing document upserts it (API - set data in empty document)', async () => {
    const name = await coll();
    const res = await db.collection(name).doc('123123123').set({ name: 'jude' });
    expect(res.upsertedId).toBeTruthy();
  });
});

describe('node-sdk test/database/unit/advanced-operator.test.ts', () => {
  const data = [
    { category: 'Web', tags: ['JavaScript', 'C#'], index: 0, tags2: [1, 2, 3] },
    { category: 'Web', tags: ['Go', 'C#'], index: 1, tags2: [1, 2, 3] },
    { category: 'luke', tags: ['Go'] },
    { category: 'Life', tags: ['Go', 'Python', 'JavaScript'], index: 2, tags2: [1, 2, 3] },
    { category: 'number', tags: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 3, tags2: [1, 2, 3] },
    { category: 'embedded', tags: [{ value: 1 }, { value: 7 }], index: 4, tags2: [1, 2, 3] },
  ];
  let name: string;
  beforeAll(async () => {
    name = await coll(data);
  });

  it('elemMatch(_.gt(2)) over plain values matches only the numbers (Element Match)', async () => {
    const { data: found } = await db
      .collection(name)
      .where({ tags: _.elemMatch(_.gt(2)) })
      .get();
    expect(found.map((d: { category: string }) => d.category)).toEqual(['number']);
  });

  it('elemMatch(_.neq("Go")) does not match an array holding only "Go" (Element Match neq)', async () => {
    const { data: found } = await db
      .collection(name)
      .where({ tags: _.elemMatch(_.neq('Go')) })
      .get();
    const onlyGo = found.some((d: { tags: unknown[] }) => d.tags.length === 1 && d.tags[0] === 'Go');
    expect(onlyGo).toBe(false);
  });

  it('elemMatch over embedded documents (Array of Embedded Documents)', async () => {
    const { data: found } = await db
      .collection(name)
      .where({ tags: _.elemMatch({ value: _.gt(0) }) })
      .get();
    expect(found[0].category).toBe('embedded');
  });

  it('size(2) counts arrays of two (size)', async () => {
    const { data: found } = await db
      .collection(name)
      .where({ tags: _.size(2) })
      .get();
    expect(found).toHaveLength(3);
  });

  it('jsonSchema in where and under nor (jsonSchema)', async () => {
    const all = await db
      .collection(name)
      .where(_.jsonSchema({ required: ['category'] }))
      .get();
    expect(all.data).toHaveLength(data.length);
    const none = await db
      .collection(name)
      .where(_.nor([_.jsonSchema({ required: ['category'] })]))
      .get();
    expect(none.data).toHaveLength(0);
  });
});

describe('node-sdk test/database/unit/command.test.ts: string operators', () => {
  const students = [
    { firstName: 'Yuanxin', lastName: 'Dong', birthday: '1999/12/12' },
    { firstName: 'Weijia', lastName: 'Wang', birthday: '1998/11/11' },
    { firstName: 'Chengxi', lastName: 'Li', birthday: '1997/10/10' },
  ];
  let name: string;
  beforeAll(async () => {
    name = await coll();
    for (const s of students) await db.collection(name).add(s);
  });
  const project = async (spec: object) =>
    (
      await db
        .collection(name)
        .aggregate()
        .sort({ birthday: -1 })
        .project({ _id: 0, ...spec })
        .end()
    ).data;

  it('indexOfBytes and indexOfCP', async () => {
    const expected = [{ aStrIndex: 2 }, { aStrIndex: 5 }, { aStrIndex: -1 }];
    expect(await project({ aStrIndex: $.indexOfBytes(['$firstName', 'a']) })).toEqual(expected);
    expect(await project({ aStrIndex: $.indexOfCP(['$firstName', 'a']) })).toEqual(expected);
  });

  it('substr and substrBytes with a length of -1 take the rest of the string', async () => {
    const expected = [
      { day: '12', month: '12', year: '1999' },
      { day: '11', month: '11', year: '1998' },
      { day: '10', month: '10', year: '1997' },
    ];
    expect(
      await project({
        year: $.substr(['$birthday', 0, 4]),
        month: $.substr(['$birthday', 5, 2]),
        day: $.substr(['$birthday', 8, -1]),
      }),
    ).toEqual(expected);
    expect(
      await project({
        year: $.substrBytes(['$birthday', 0, 4]),
        month: $.substrBytes(['$birthday', 5, 2]),
        day: $.substrBytes(['$birthday', 8, -1]),
      }),
    ).toEqual(expected);
  });

  it('split and strcasecmp', async () => {
    expect(await project({ birthday: $.split(['$birthday', '/']) })).toEqual([
      { birthday: ['1999', '12', '12'] },
      { birthday: ['1998', '11', '11'] },
      { birthday: ['1997', '10', '10'] },
    ]);
    expect(await project({ result: $.strcasecmp(['$firstName', '$lastName']) })).toEqual([
      { result: 1 },
      { result: 1 },
      { result: -1 },
    ]);
  });
});

describe('node-sdk test/database/unit/aggregation.test.ts: Date的各种操作符', () => {
  it('gives 2019-05-14 (1557826731686) its day, week and ISO week as CloudBase does', async () => {
    const date = new Date(1557826731686);
    const name = await coll([{ date }]);
    const { data } = await db
      .collection(name)
      .aggregate()
      .project({
        _id: 0,
        date: 1,
        dayOfWeek: $.dayOfWeek('$date'),
        dayOfYear: $.dayOfYear('$date'),
        dayOfMonth: $.dayOfMonth('$date'),
        year: $.year('$date'),
        month: $.month('$date'),
        week: $.week('$date'),
        isoDayOfWeek: $.isoDayOfWeek('$date'),
        isoWeek: $.isoWeek('$date'),
        isoWeekYear: $.isoWeekYear('$date'),
        dateFromParts: $.dateFromParts({ year: 2017, month: 2, day: 8, hour: 12, timezone: 'America/New_York' }),
      })
      .end();
    expect(data[0]).toEqual({
      date,
      year: 2019,
      month: 5,
      dayOfMonth: 14,
      dayOfYear: 134,
      dayOfWeek: 3,
      week: 19,
      isoDayOfWeek: 2,
      isoWeek: 20,
      isoWeekYear: 2019,
      dateFromParts: new Date('2017-02-08T17:00:00.000Z'),
    });
  });
});

describe('node-sdk test/database/unit/validate.test.ts and MongoDB update rules', () => {
  it('refuses a field name starting with $ in a document', async () => {
    const name = await coll();
    await expect(db.collection(name).add({ $where: 'x' })).rejects.toBeTruthy();
    await expect(db.collection(name).add({ profile: { $set: 1 } })).rejects.toBeTruthy();
    expect((await db.collection(name).count()).total).toBe(0);
  });

  it('refuses an update that treats an array as an object', async () => {
    const name = await coll([{ k: 'x', list: [1, 2, 3] }]);
    await expect(db.collection(name).where({ k: 'x' }).update({ 'list.name': 'a' })).rejects.toBeTruthy();
    const { data } = await db.collection(name).where({ k: 'x' }).get();
    expect(data[0].list).toEqual([1, 2, 3]);
  });
});

describe('node-sdk test/database/unit/transaction.test.ts, as WeChat cloud development allows it', () => {
  it('reads and writes documents by id and adds documents inside a transaction (get, add, update, set)', async () => {
    const name = await coll();
    await db.collection(name).add({ _id: '1', category: 'Web', tags: ['JavaScript', 'C#'] });
    const result = await db.runTransaction(async (tx: AnyDb) => {
      const doc = await tx.collection(name).doc('1').get();
      expect(doc.data).toMatchObject({ category: 'Web' });
      const added = await tx.collection(name).add({ _id: '5', category: 'Life' });
      expect(added.id).toBe('5');
      const updated = await tx.collection(name).doc('1').update({ category: 'web' });
      expect(updated.updated).toBe(1);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect((await db.collection(name).doc('1').get()).data[0].category).toBe('web');
  });

  it('refuses a where() query inside a transaction (WeChat: only doc() operations and add)', async () => {
    const name = await coll([{ name: 'a' }, { name: 'b' }]);
    const tx = await db.startTransaction();
    await expect(
      tx
        .collection(name)
        .where(_.or([{ name: 'a' }, { name: 'b' }]))
        .get(),
    ).rejects.toBeTruthy();
    // (node-sdk 3.17 sends where().count()/update()/remove() on a transaction's collection WITHOUT the transaction
    // id, so they run outside it — on CloudBase too; the domain's Transaction type offers doc() and add() only.)
    await tx.rollback();
  });

  it('reads from its snapshot: a document committed by someone else after the transaction began is not seen', async () => {
    const name = await coll();
    await db.collection(name).add({ _id: 'acc', balance: 100 });
    await db.collection(name).add({ _id: 'other', balance: 1 });
    const tx = await db.startTransaction();
    await tx.collection(name).doc('other').get(); // the snapshot starts with the transaction's first read
    await db.collection(name).doc('acc').update({ balance: 50 });
    const inside = await tx.collection(name).doc('acc').get();
    expect(inside.data.balance).toBe(100);
    await tx.rollback();
  });

  it('ends a transaction after 30 seconds: later operations and the commit fail', async () => {
    const name = await coll([{ _id: 'x', n: 1 }]);
    const service = (cloud.db as unknown as { service: { ageTransactions(ms: number): void } }).service;
    const tx = await db.startTransaction();
    await tx.collection(name).doc('x').update({ n: 2 });
    service.ageTransactions(30_001);
    await expect(tx.collection(name).doc('x').get()).rejects.toBeTruthy();
    await expect(tx.commit()).rejects.toBeTruthy();
    expect((await db.collection(name).doc('x').get()).data[0].n).toBe(1);
  });
});

describe('node-sdk test/storage/getDownloadUrls.test.ts: paths with non-ASCII and reserved characters', () => {
  it('serves temp URLs of such paths (encoded once: a double-encoded URL answers 403)', async () => {
    const app = cloud.sdkApp();
    for (const cloudPath of ['证明/工资条 2026.png', 'a+b/c#d?e&f=g.txt', 'dir/100%.txt']) {
      const body = Buffer.from(`file ${cloudPath}`);
      const { fileID } = await app.uploadFile({ cloudPath, fileContent: body });
      const { fileList } = await app.getTempFileURL({ fileList: [fileID] });
      expect(fileList[0].code).toBe('SUCCESS');
      const res = await fetch(fileList[0].tempFileURL);
      expect([cloudPath, res.status]).toEqual([cloudPath, 200]);
      expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
      const url = new URL(fileList[0].tempFileURL);
      const doubled = `${url.origin}${url.pathname.replace(/%/g, '%25')}${url.search}`;
      expect((await fetch(doubled)).status).toBe(403);
    }
  });
});
