/**
 * `$match` + `$group { _id: null, … $sum }` — the shape the dashboards' sums and averages use — answers exactly what
 * the general pipeline answers (MongoDB's rules: only numbers are added, no match → no group), whether the local
 * cloud computes it in SQL or in mingo (a `$project` before the group forces the general path).
 */
import { startTestCloud, type TestCloud } from '../support/cloud';

jest.setTimeout(60_000);

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  const db = cloud.sdkApp().database();
  await db.createCollection('totals');
  await db.collection('totals').add([
    { kind: 'a', fen: 100, form: { amount: 5 } },
    { kind: 'a', fen: 250.5, form: { amount: 'x' } },
    { kind: 'a', fen: '300', form: {} },
    { kind: 'a', fen: null },
    { kind: 'b', fen: 7, form: { amount: 1 } },
  ]);
});
afterAll(async () => cloud?.close());

async function both(match: object) {
  const db = cloud.sdkApp().database();
  const group = { _id: null, n: { $sum: 1 }, total: { $sum: '$fen' }, amount: { $sum: '$form.amount' } };
  const fast = await db.collection('totals').aggregate().match(match).group(group).limit(1).end();
  const general = await db
    .collection('totals')
    .aggregate()
    .match(match)
    .project({ fen: 1, form: 1 })
    .group(group)
    .limit(1)
    .end();
  return { fast: fast.data, general: general.data };
}

test('sums numbers only and counts every match, as the general pipeline does', async () => {
  const { fast, general } = await both({ kind: 'a' });
  expect(fast).toEqual([{ _id: null, n: 4, total: 350.5, amount: 5 }]);
  expect(fast).toEqual(general);
});

test('no matching document gives no group at all', async () => {
  const { fast, general } = await both({ kind: 'z' });
  expect(fast).toEqual([]);
  expect(general).toEqual([]);
});

test('groups by one field the same way on both paths', async () => {
  const db = cloud.sdkApp().database();
  const group = { _id: '$kind', n: { $sum: 1 }, total: { $sum: '$fen' } };
  const sort = (rows: { _id: string }[]) => [...rows].sort((a, b) => a._id.localeCompare(b._id));
  const fast = await db.collection('totals').aggregate().match({}).group(group).limit(100).end();
  const general = await db
    .collection('totals')
    .aggregate()
    .match({})
    .project({ kind: 1, fen: 1 })
    .group(group)
    .limit(100)
    .end();
  expect(sort(fast.data)).toEqual([
    { _id: 'a', n: 4, total: 350.5 },
    { _id: 'b', n: 1, total: 7 },
  ]);
  expect(sort(fast.data)).toEqual(sort(general.data));
});
